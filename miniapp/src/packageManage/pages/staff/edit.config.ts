export default definePageConfig({ navigationBarTitleText: '修改员工账号' })
