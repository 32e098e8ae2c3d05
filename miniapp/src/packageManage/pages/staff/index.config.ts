export default definePageConfig({
  navigationBarTitleText: '员工账号',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
