export default definePageConfig({
  navigationBarTitleText: '动态评价',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
