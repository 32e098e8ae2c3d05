export default definePageConfig({
  navigationBarTitleText: '整改',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
