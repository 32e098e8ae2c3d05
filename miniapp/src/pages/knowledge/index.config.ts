export default definePageConfig({
  navigationBarTitleText: '质量讲堂',
})
