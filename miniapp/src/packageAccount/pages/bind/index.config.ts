export default definePageConfig({ navigationBarTitleText: '绑定邀请码' })
