export default definePageConfig({
  navigationBarTitleText: '放假安排',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
