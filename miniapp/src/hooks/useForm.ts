import { useEffect, useState, type Dispatch, type SetStateAction } from 'react'
import Taro from '@tarojs/taro'
import { ApiError, messageOf, showMessage } from '../api'
import { fieldErrors, firstInvalid, type FieldErrors } from '../components/formErrors'
import { useSubmission } from './useSubmission'

export type Issues = readonly { path: readonly PropertyKey[] | string; message: string }[]

/** What a shared zod schema offers a form: `safeParse` (typed structurally, so the pages need not import zod). */
export interface FormSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Issues } }
}

export interface FormOptions<V, T> {
  /** The values as typed: a page's `useState`, or `useStoredState` for a draft kept across visits. */
  state: [V, Dispatch<SetStateAction<V>>]
  /** The shared schema the body must pass before it is sent (the server checks it again). */
  schema: FormSchema<T>
  /** The request body the values stand for (trimmed, empty optional fields left out). */
  body: (values: V) => unknown
  /** The fields in page order: the first one with a message is the one named (and scrolled to). */
  order?: readonly string[]
  /** Scroll to the first field to fix (`data-field` of <Field>). */
  scroll?: boolean
  /** Messages by field from a schema's issues or a 400's `issues`; by top-level field unless given. */
  errorsOf?: (issues: Issues) => FieldErrors
  /**
   * What typing does to the messages shown: `clear` them (the default), `keep` them until
   * the next submit, `follow` (after the first attempt, messages follow the typing), or
   * `live` (the values are checked from the start; messages of the server stay until
   * their field is edited).
   */
  onEdit?: 'clear' | 'keep' | 'follow' | 'live'
  /** The values did not pass: by default says the first message (and scrolls when asked). */
  onInvalid?: (errors: FieldErrors) => void
  /** Sends the checked body. Answering field errors shows them (a form whose check is the caller's). */
  send: (body: T) => Promise<FieldErrors | null | void>
  /**
   * `send` failed. A 400's issues are already the form's messages (`errors`); by default
   * the failure's message is shown.
   */
  onFailure?: (e: unknown, errors: FieldErrors | null) => void | Promise<void>
}

/**
 * One form over a shared schema: the values, the messages by field, and a
 * submit that checks the values with the schema, sends them once (a second
 * tap while sending is ignored; `busy` disables the button) and turns a
 * 400's issues into the fields' messages.
 */
export function useForm<V, T>(options: FormOptions<V, T>) {
  const { schema, order, onEdit = 'clear' } = options
  const [current, setCurrent] = options.state
  const [shownErrors, setErrors] = useState<FieldErrors>({})
  const [attempted, setAttempted] = useState(false)
  const submission = useSubmission()
  const errorsOf = options.errorsOf ?? fieldErrors

  const body = options.body(current)
  const check = (): { ok: true; data: T } | { ok: false; errors: FieldErrors } => {
    const r = schema.safeParse(body)
    return r.success ? { ok: true, data: r.data } : { ok: false, errors: errorsOf(r.error.issues) }
  }
  const live = onEdit === 'live' ? check() : null

  // After the first attempt, messages follow the typing.
  useEffect(() => {
    if (onEdit !== 'follow' || !attempted) return
    const r = check()
    setErrors(r.ok ? {} : r.errors)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- check reads the body, which is made from the values
  }, [current, attempted, onEdit])

  /** Changes the values; `clears` names the one field whose message goes (else as `onEdit` says). */
  const update = (change: (v: V) => V, clears?: string) => {
    setCurrent(change)
    if (clears !== undefined) setErrors(({ [clears]: _, ...rest }) => rest)
    else if (onEdit === 'clear') setErrors({})
  }

  const invalid =
    options.onInvalid ??
    ((found: FieldErrors) => {
      const first = firstInvalid(found, order ?? Object.keys(found))
      showMessage((first && found[first]) || '请按提示修改')
      if (options.scroll && first && first !== '_form')
        void Taro.pageScrollTo({ selector: `[data-field="${first}"]`, duration: 200 }).catch(() => undefined)
    })

  const submit = () =>
    submission.run(async () => {
      setAttempted(true)
      const r = check()
      if (!r.ok) {
        if (onEdit !== 'live') setErrors(r.errors)
        invalid(r.errors)
        return
      }
      setErrors({})
      try {
        const found = await options.send(r.data)
        if (found) setErrors(found)
      } catch (e) {
        const server = e instanceof ApiError && e.issues.length ? errorsOf(e.issues) : null
        if (server) setErrors(server)
        if (options.onFailure) await options.onFailure(e, server)
        else showMessage(messageOf(e))
      }
    })

  /** A fresh start: no messages, and none until the next attempt. */
  const reset = () => {
    setErrors({})
    setAttempted(false)
  }

  const errors: FieldErrors = live && !live.ok ? { ...shownErrors, ...live.errors } : shownErrors
  return {
    values: current,
    update,
    errors,
    setErrors,
    busy: submission.busy,
    submit,
    reset,
    /** The values pass the schema (checked each render only in `live` mode). */
    valid: live ? live.ok : undefined,
  }
}
