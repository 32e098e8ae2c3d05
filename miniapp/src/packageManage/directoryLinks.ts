// Links of the directory pages managers keep.
export const editInstitutionPage = (id?: string) => `/packageManage/pages/institutions/edit${id ? `?id=${id}` : ''}`
export const editExpertPage = (id?: string) => `/packageManage/pages/experts/edit${id ? `?id=${id}` : ''}`
export const historyPage = (kind: 'institution' | 'expert', id: string) =>
  `/packageManage/pages/directory-history/index?kind=${kind}&id=${id}`
export const MANAGE_INSTITUTIONS_PAGE = '/packageManage/pages/institutions/index'
export const MANAGE_EXPERTS_PAGE = '/packageManage/pages/experts/index'

/** Tag colours of a provider's status: blue in good standing, amber on warning, red when suspended or exited. */
export const STATUS_TAG_COLORS = {
  active: { background: '#e8f0fc', color: '#1f66d6' },
  warned: { background: '#fff4e5', color: '#b5651d' },
  suspended: { background: '#fdecec', color: '#d93a3a' },
  exited: { background: '#fdecec', color: '#d93a3a' },
} as const
