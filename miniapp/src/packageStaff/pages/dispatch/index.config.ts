export default definePageConfig({
  navigationBarTitleText: '派单 · 精准匹配',
})
