export default definePageConfig({
  navigationBarTitleText: '办理时限',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
