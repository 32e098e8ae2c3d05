// The tab bar's pages, declared once: app.config.ts shows them, and the link
// module opens them with switchTab (WeChat refuses navigateTo to a tab page).
// Plain data without imports: Taro reads app.config.ts at build time.
export const TAB_BAR_LIST = [
  {
    pagePath: 'pages/home/index',
    text: '服务大厅',
    iconPath: 'assets/tabbar/home.png',
    selectedIconPath: 'assets/tabbar/home-active.png',
  },
  {
    pagePath: 'pages/needs/index',
    text: '我的需求',
    iconPath: 'assets/tabbar/needs.png',
    selectedIconPath: 'assets/tabbar/needs-active.png',
  },
  {
    pagePath: 'pages/me/index',
    text: '我的',
    iconPath: 'assets/tabbar/me.png',
    selectedIconPath: 'assets/tabbar/me-active.png',
  },
]
