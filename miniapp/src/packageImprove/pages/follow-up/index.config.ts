export default definePageConfig({
  navigationBarTitleText: '回访详情',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
