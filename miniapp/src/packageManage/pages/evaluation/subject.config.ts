export default definePageConfig({
  navigationBarTitleText: '评价详情',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
