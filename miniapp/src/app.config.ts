import { PRELOAD_RULE } from './pageFilesMeta'
import { TAB_BAR_LIST } from './tabBar'

/** Pages of the enterprise journey after its first screens (the tabs and a category), each its own subpackage. */
const JOURNEY_PAGES = [
  'item',
  'need-form',
  'need-detail',
  'station',
  'map',
  'scan',
  'rating',
  // 一次一评: the one-time rating link's page (no sign-in).
  'rate-link',
  'complaint',
  'complaints',
  'knowledge',
  'profile',
  'notifications',
  // 隐私保护指引 and 用户协议.
  'privacy',
]

// Pages, tab bar and subpackages. The main package holds the enterprise's first
// screens (the tabs and a category, ≤ 600 KB: tests/build/weapp.test.ts); the
// rest of the journey and the staff pages are subpackages, loaded when opened.
// Tab bar colours repeat $color-text-secondary and $color-primary of theme.scss.
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/needs/index', 'pages/me/index', 'pages/category/index'],
  // From the home page, the next steps of the journey are fetched ahead of the tap (WeChat; H5: preloadRule.h5.ts).
  preloadRule: PRELOAD_RULE as Record<string, { network: 'all' | 'wifi'; packages: string[] }>,
  subPackages: [
    // The rest of the enterprise journey: one subpackage per page, rooted at the page's own folder, so
    // every URL (printed QR codes, subscription cards, links) stays what it was.
    ...JOURNEY_PAGES.map((page) => ({ root: `pages/${page}`, pages: ['index'] })),
    {
      root: 'packageManage',
      pages: [
        'pages/stations/index',
        'pages/stations/edit',
        'pages/complaints/index',
        'pages/complaints/detail',
        'pages/time-limits/index',
        'pages/calendar/index',
        'pages/institutions/index',
        'pages/institutions/edit',
        'pages/experts/index',
        'pages/experts/edit',
        'pages/directory-history/index',
        // 动态评价: figures, evidence, thresholds and proposals for managers and supervisors.
        'pages/evaluation/index',
        'pages/evaluation/subject',
        'pages/evaluation/thresholds',
        'pages/evaluation/proposals',
        'pages/staff/index',
        'pages/staff/invite',
        'pages/staff/edit',
        'pages/staff-audit/index',
      ],
    },
    // 效能评估: figures and charts for managers, supervisors and specialists.
    { root: 'packageStats', pages: ['pages/overview/index'] },
    {
      // The public directories of 服务大厅 (机构名录、专家库).
      root: 'packageDirectory',
      pages: ['pages/index/index', 'pages/institution/index'],
    },
    {
      root: 'packageStaff',
      pages: [
        'pages/inbox/index',
        'pages/need/index',
        'pages/dispatch/index',
        'pages/intake/index',
        'pages/tasks/index',
        'pages/task/index',
        'pages/messages/index',
      ],
    },
    // 档案管理: archive search, a need's archive (一项一档), an enterprise's dossier (一企一档), the half-year summary.
    { root: 'packageArchive', pages: ['pages/search/index', 'pages/need/index', 'pages/enterprise/index'] },
    // The improvement loop (持续改进): follow-ups of bad ratings (回访) and rectifications (整改).
    {
      root: 'packageImprove',
      pages: ['pages/follow-ups/index', 'pages/follow-up/index', 'pages/rectifications/index', 'pages/rectification/index'],
    },
    // Accounts: binding an invitation's code (anyone signed in), an enterprise's members.
    { root: 'packageAccount', pages: ['pages/bind/index', 'pages/members/index'] },
  ],
  // Components are injected as a page uses them, not all at launch (WeChat's code-quality check asks for it).
  lazyCodeLoading: 'requiredComponents',
  // WeChat's privacy flow: phone, location, camera and album wait for the user's consent (privacy.ts).
  __usePrivacyCheck__: true,
  // The service map asks for the phone's location (WeChat requires both declarations).
  permission: { 'scope.userLocation': { desc: '用于查找离您最近的质量服务站点' } },
  requiredPrivateInfos: ['getLocation'],
  window: {
    // Also draws Taro's title bar with back/home on H5 (shown only for 'default').
    navigationStyle: 'default',
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#1f66d6',
    navigationBarTitleText: '质量基础设施一站式服务',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6fa',
  },
  // H5: pages appear at once, without Taro's slide (50 ms wait, then 300 ms): a slow phone paints
  // less and the form can be filled as soon as it shows, not once it has slid into place.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  tabBar: {
    color: '#5e6a7d',
    selectedColor: '#1f66d6',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: TAB_BAR_LIST,
  },
})
