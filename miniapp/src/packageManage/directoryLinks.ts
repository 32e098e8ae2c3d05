// Links of the directory pages managers keep.
export const editInstitutionPage = (id?: string) => `/packageManage/pages/institutions/edit${id ? `?id=${id}` : ''}`
export const editExpertPage = (id?: string) => `/packageManage/pages/experts/edit${id ? `?id=${id}` : ''}`
export const historyPage = (kind: 'institution' | 'expert', id: string) =>
  `/packageManage/pages/directory-history/index?kind=${kind}&id=${id}`
export const MANAGE_INSTITUTIONS_PAGE = '/packageManage/pages/institutions/index'
export const MANAGE_EXPERTS_PAGE = '/packageManage/pages/experts/index'
