export default definePageConfig({
  navigationBarTitleText: '我的需求',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
