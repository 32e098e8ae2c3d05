export default definePageConfig({
  navigationBarTitleText: '投诉处理',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
