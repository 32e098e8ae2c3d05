// Messages of a failed validation, by field: the first message for each
// top-level field, whether the issues came from the shared zod schema on the
// page or from the server's 400 (`issues: [{ path: 'items.0', message }]`).
export type FieldErrors = Partial<Record<string, string>>

export function fieldErrors(issues: readonly { path: readonly PropertyKey[] | string; message: string }[]): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    const first = typeof issue.path === 'string' ? issue.path.split('.')[0] : issue.path[0]
    const key = first === undefined || first === '' ? '_form' : String(first)
    out[key] ??= issue.message
  }
  return out
}

/** The first field (in the page's order) that has a message. */
export function firstInvalid(errors: FieldErrors, order: readonly string[]): string | null {
  return order.find((k) => errors[k]) ?? (errors._form ? '_form' : null)
}

/**
 * Messages by full path ('location.lat', 'holidays.0.from'), for forms with
 * lists: the first message for each path, in the issues' order.
 */
export function errorsByPath(issues: readonly { path: readonly PropertyKey[] | string; message: string }[]): FieldErrors {
  const out: FieldErrors = {}
  for (const i of issues) out[typeof i.path === 'string' ? i.path : i.path.map(String).join('.')] ??= i.message
  return out
}

/** The message for a path or anything under it ('holidays.0' covers 'holidays.0.from'). */
export const errorUnder = (errors: FieldErrors, path: string): string | undefined =>
  Object.entries(errors).find(([k, v]) => v && (k === path || k.startsWith(`${path}.`)))?.[1]
