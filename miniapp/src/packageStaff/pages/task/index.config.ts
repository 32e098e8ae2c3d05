export default definePageConfig({
  navigationBarTitleText: '服务任务',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
