// The need form's draft (DB46 Annex B, the fields the enterprise fills in):
// what the page keeps in storage, and the request body it turns into.
import { CATEGORY_CODES, ITEM_BY_CODE, type CategoryCode, type CreateNeedInput } from '@qi/shared'
import { restoreAttachments, uploadedAttachments, type AttachmentDraft } from '../../components/AttachmentPicker'
import { itemsWithin } from '../../components/NeedFields'

export const NEED_DRAFT_KEY = 'qi.needDraft'

export interface NeedDraft {
  title: string
  description: string
  categories: CategoryCode[]
  items: string[]
  applicant: string
  contactName: string
  contactPhone: string
  /** '' when the enterprise names no deadline (then 5 working days). */
  desiredReplyBy: string
  attachments: AttachmentDraft[]
  /** Raised from a station's page after scanning its code. */
  stationId?: string
  /** This submission's Idempotency-Key: made at the first tap on 提交, reused on every retry. */
  submitKey?: string
}

export const emptyDraft = (): NeedDraft => ({
  title: '',
  description: '',
  categories: [],
  items: [],
  applicant: '',
  contactName: '',
  contactPhone: '',
  desiredReplyBy: '',
  attachments: [],
})

/** A stored draft, or null when it is not one (older shape, tampered). */
export function restoreDraft(stored: unknown): NeedDraft | null {
  if (typeof stored !== 'object' || stored === null) return null
  const d = { ...emptyDraft(), ...(stored as Partial<NeedDraft>) }
  if (!Array.isArray(d.categories) || !Array.isArray(d.items) || !Array.isArray(d.attachments)) return null
  return {
    ...d,
    categories: d.categories.filter((c): c is CategoryCode => (CATEGORY_CODES as readonly string[]).includes(c)),
    items: d.items.filter((i) => ITEM_BY_CODE.has(i)),
    attachments: restoreAttachments(d.attachments),
  }
}

/** True when the user has typed or picked anything. */
export const draftHasContent = (d: NeedDraft): boolean =>
  Boolean(d.title || d.description || d.categories.length || d.items.length || d.contactPhone || d.attachments.length)

/** The body of POST /api/needs: trimmed, empty optional fields left out. */
export function draftToBody(d: NeedDraft): CreateNeedInput {
  const opt = (s: string) => (s.trim() === '' ? undefined : s.trim())
  const attachments = uploadedAttachments(d.attachments)
  const body: Record<string, unknown> = {
    title: d.title.trim(),
    description: d.description.trim(),
    categories: d.categories,
    items: d.items.length ? d.items : undefined,
    applicant: opt(d.applicant),
    contactName: d.contactName.trim(),
    contactPhone: d.contactPhone.trim(),
    desiredReplyBy: opt(d.desiredReplyBy),
    attachments: attachments.length ? attachments : undefined,
    stationId: d.stationId,
    channel: d.stationId ? 'station_qr' : undefined,
  }
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k]
  return body as CreateNeedInput
}

/** Selecting categories keeps only the items that still belong to one of them. */
export function withCategories(d: NeedDraft, categories: CategoryCode[]): NeedDraft {
  return { ...d, categories, items: itemsWithin(categories, d.items) }
}

/**
 * Opening the form: "申请此服务" adds its category and item to the draft; the
 * station follows how the form was opened (a station's "在此提交需求" sets
 * it, any other way clears it, so a later need is not filed at that station).
 */
export function prefill(d: NeedDraft, pre: { category?: string; item?: string; stationId?: string }): NeedDraft {
  let next = d
  const hit = pre.item ? ITEM_BY_CODE.get(pre.item) : undefined
  const category = hit?.category ?? (CATEGORY_CODES as readonly string[]).find((c) => c === pre.category)
  if (category && !next.categories.includes(category as CategoryCode)) {
    next = { ...next, categories: [...next.categories, category as CategoryCode] }
  }
  if (hit && !next.items.includes(pre.item!)) next = { ...next, items: [...next.items, pre.item!] }
  if (pre.stationId !== next.stationId) next = { ...next, stationId: pre.stationId }
  return next
}
