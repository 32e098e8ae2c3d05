export default definePageConfig({
  navigationBarTitleText: '需求登记',
})
