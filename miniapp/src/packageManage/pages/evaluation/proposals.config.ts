export default definePageConfig({
  navigationBarTitleText: '评价建议',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
