// Links of the public directories (服务大厅 → 机构名录、专家库).
const q = (params: Record<string, string | undefined>) => {
  const s = Object.entries(params)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('&')
  return s ? `?${s}` : ''
}
export const directoryPage = (opts: { tab?: 'institutions' | 'experts'; category?: string; item?: string } = {}) =>
  `/packageDirectory/pages/index/index${q(opts)}`
export const institutionPage = (id: string) => `/packageDirectory/pages/institution/index${q({ id })}`
