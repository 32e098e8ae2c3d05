export default definePageConfig({
  navigationBarTitleText: '效能评估',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
