export default definePageConfig({
  navigationBarTitleText: '账号变更记录',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
