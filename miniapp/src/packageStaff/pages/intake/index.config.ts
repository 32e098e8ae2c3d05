export default definePageConfig({
  navigationBarTitleText: '窗口登记',
})
