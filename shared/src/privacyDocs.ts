// The documents a user agrees to (隐私保护指引, 用户协议), by version. The text
// is in the mini-program (pages/privacy); a change to it gets a new version
// here, and everyone is asked again. No zod: the sign-in of the main package
// sends a consent given before signing in with these.

export const PRIVACY_DOCUMENT_KINDS = ['privacy', 'terms'] as const;
export type PrivacyDocumentKind = (typeof PRIVACY_DOCUMENT_KINDS)[number];

export const PRIVACY_DOCUMENTS = {
  privacy: { version: '2026-12-01', title: '隐私保护指引' },
  terms: { version: '2026-12-01', title: '用户协议' },
} as const satisfies Record<PrivacyDocumentKind, { version: string; title: string }>;

/** Where a consent was given: the mini-program's privacy popup, or the H5 app's consent before a first submission. */
export const CONSENT_CHANNELS = ['weapp', 'h5'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export const PRIVACY_PATHS = {
  /** GET: the documents in force and the caller's consent; POST: agree to them; DELETE: withdraw. */
  consent: '/api/privacy/consent',
} as const;
