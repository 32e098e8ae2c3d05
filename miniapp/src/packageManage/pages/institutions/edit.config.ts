export default definePageConfig({ navigationBarTitleText: '编辑机构' })
