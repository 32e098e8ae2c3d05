export default definePageConfig({
  navigationBarTitleText: '评价阈值',
})
