// The archive calls (一项一档, 一企一档, 档案检索, 复查), over the shared contract.
import {
  apiPath,
  ARCHIVE_PATHS,
  type ArchivePage,
  type ArchiveReview,
  type ArchiveReviewInput,
  type ArchiveSearchQuery,
  type EnterpriseDossier,
  type NeedArchive,
} from '@qi/shared'
import { api } from '../api/client'

/** A query string from the set fields (no URLSearchParams in the weapp runtime). */
export function queryString(q: Record<string, string | number | undefined | null>): string {
  return Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
}

export const searchArchives = (q: Partial<ArchiveSearchQuery>, cursor?: string | null) =>
  api.get<ArchivePage>(`${ARCHIVE_PATHS.search}?${queryString({ ...q, cursor: cursor ?? undefined })}`, { toast: false })

export const fetchNeedArchive = (id: string) => api.get<NeedArchive>(apiPath(ARCHIVE_PATHS.need, { id }), { toast: false })

export const fetchDossier = (id: string) => api.get<EnterpriseDossier>(apiPath(ARCHIVE_PATHS.enterprise, { id }), { toast: false })

export const reviewArchive = (id: string, body: ArchiveReviewInput) =>
  api.post<ArchiveReview>(apiPath(ARCHIVE_PATHS.needReviews, { id }), body, { toast: false })

export const needArchivePdf = (id: string) => apiPath(ARCHIVE_PATHS.needPdf, { id })
export const dossierPdf = (id: string) => apiPath(ARCHIVE_PATHS.enterprisePdf, { id })
export const halfYearPdf = (from: string, to: string) => `${ARCHIVE_PATHS.halfYearPdf}?${queryString({ from, to })}`
