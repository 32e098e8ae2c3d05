import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { toErrorIssues, type ErrorIssue } from '@qi/shared'
import type { z } from 'zod'
import { ApiError, messageOf, showMessage } from '../../api'
import { errorsByPath, errorUnder, type FieldErrors } from '../../components/formErrors'

/** What an edit page of the directory (institution, expert) reads, writes and where it goes. */
export interface DirectoryEditorSpec<R extends { id: string; name: string; version: number }, D, C, U> {
  empty: D
  /** The bar's title while registering a new one. */
  newTitle: string
  fetch: (id: string) => Promise<R>
  draftOf: (record: R) => D
  createSchema: z.ZodType<C>
  updateSchema: z.ZodType<U>
  create: (body: C) => Promise<R>
  update: (id: string, body: U) => Promise<R>
  /** The toast after registering. */
  createdMessage: string
  /** Where registering leads: the new record's edit page. */
  editPage: (id: string) => string
}

/**
 * The record being edited (none when registering), its draft, and the save:
 * checked against the shared schema first (an edit carries the version read),
 * the messages kept by path; a 409 (changed meanwhile) reloads the record.
 */
export function useDirectoryEditor<R extends { id: string; name: string; version: number }, D, C, U>(
  id: string | null,
  spec: DirectoryEditorSpec<R, D, C, U>,
) {
  const [current, setCurrent] = useState<R | null>(null)
  const [draft, setDraft] = useState<D>(spec.empty)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [loadError, setLoadError] = useState('')
  const [saving, setSaving] = useState(false)

  const load = useCallback(async () => {
    if (!id) return
    try {
      const record = await spec.fetch(id)
      setCurrent(record)
      setDraft(spec.draftOf(record))
      setLoadError('')
      void Taro.setNavigationBarTitle({ title: record.name })
    } catch (e) {
      setLoadError(messageOf(e))
    }
  }, [id, spec])

  useEffect(() => {
    if (id) void load()
    else void Taro.setNavigationBarTitle({ title: spec.newTitle })
  }, [id, load, spec])

  const set = <K extends keyof D>(k: K, v: D[K]) => setDraft((d) => ({ ...d, [k]: v }))

  const invalid = (error: z.ZodError, onInvalid?: (issues: ErrorIssue[]) => void) => {
    const issues = toErrorIssues(error.issues)
    setErrors(errorsByPath(issues))
    showMessage(issues[0]?.message ?? '请按提示修改')
    onInvalid?.(issues)
  }

  const persist = async (write: () => Promise<void>) => {
    setErrors({})
    setSaving(true)
    try {
      await write()
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(errorsByPath(e.issues))
        if (e.status === 409 && current) void load()
      }
    } finally {
      setSaving(false)
    }
  }

  /** Saves the body built from the draft; `onInvalid` sees the issues the page's check found. */
  const save = async (body: object, onInvalid?: (issues: ErrorIssue[]) => void) => {
    if (current) {
      const parsed = spec.updateSchema.safeParse({ ...body, version: current.version })
      if (!parsed.success) return invalid(parsed.error, onInvalid)
      await persist(async () => {
        const saved = await spec.update(current.id, parsed.data)
        setCurrent(saved)
        setDraft(spec.draftOf(saved))
        showMessage('已保存')
      })
    } else {
      const parsed = spec.createSchema.safeParse(body)
      if (!parsed.success) return invalid(parsed.error, onInvalid)
      await persist(async () => {
        const saved = await spec.create(parsed.data)
        showMessage(spec.createdMessage)
        await Taro.redirectTo({ url: spec.editPage(saved.id) })
      })
    }
  }

  return {
    current,
    draft,
    setDraft,
    set,
    loadError,
    load,
    saving,
    save,
    /** The message for exactly this path. */
    err: (path: string) => errors[path],
    /** The message for this path or anything under it. */
    under: (path: string) => errorUnder(errors, path),
  }
}
