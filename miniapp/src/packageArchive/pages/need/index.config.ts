export default definePageConfig({
  navigationBarTitleText: '需求档案',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
