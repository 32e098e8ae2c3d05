export default definePageConfig({
  navigationBarTitleText: '服务项目',
  enableShareAppMessage: true,
})
