export default definePageConfig({ navigationBarTitleText: '修改历史' })
