export default definePageConfig({
  navigationBarTitleText: '机构名录',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
