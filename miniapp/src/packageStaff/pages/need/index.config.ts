export default definePageConfig({
  navigationBarTitleText: '需求办理',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
