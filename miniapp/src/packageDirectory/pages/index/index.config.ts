export default definePageConfig({ navigationBarTitleText: '机构名录与专家库' })
