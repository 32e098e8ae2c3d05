/** Tag colours of a provider's status: blue in good standing, amber on warning, red when suspended or exited. */
export const STATUS_TAG_COLORS = {
  active: { background: '#e8f0fc', color: '#1f66d6' },
  warned: { background: '#fff4e5', color: '#b5651d' },
  suspended: { background: '#fdecec', color: '#d93a3a' },
  exited: { background: '#fdecec', color: '#d93a3a' },
} as const
