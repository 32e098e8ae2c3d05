export default definePageConfig({
  navigationBarTitleText: '工作消息',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
