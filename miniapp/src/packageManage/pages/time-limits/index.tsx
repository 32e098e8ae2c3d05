import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, InputNumber } from '@nutui/nutui-react-taro'
import { TIME_LIMIT_FIELDS, TimeLimitsUpdateSchema, type TimeLimits, type TimeLimitsView } from '@qi/shared'
import { ApiError, fetchTimeLimits, messageOf, saveTimeLimits, showMessage } from '../../../api'
import type { FieldErrors } from '../../../components/formErrors'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { useMe } from '../../../hooks/useMe'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { useForm, type Issues } from '../../../hooks/useForm'
import { invalidateTimeLimits } from '../../../hooks/useTimeLimits'
import { formatDateTime } from '../../../labels'
import './index.scss'

type LimitKey = keyof TimeLimits
/** The limits in the order TIME_LIMIT_FIELDS lists them. */
const KEYS = Object.keys(TIME_LIMIT_FIELDS) as LimitKey[]

/** What the form holds: the limits as typed, and the version they were loaded at (sent back on save). */
interface Draft {
  version: number
  limits: TimeLimits
}

const draftOf = (view: TimeLimitsView): Draft => ({ version: view.version, limits: { ...view.limits } })
const sameLimits = (a: TimeLimits, b: TimeLimits) => KEYS.every((k) => a[k] === b[k])
const isDirty = (draft: Draft, view: TimeLimitsView) => draft.version !== view.version || !sameLimits(draft.limits, view.limits)

/** Messages by limit, from the shared schema's issues on the page or the server's 400 (path ['limits', key] or 'limits.key'). */
function errorsOf(issues: Issues): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    const path = typeof issue.path === 'string' ? issue.path.split('.') : issue.path.map(String)
    const key = path[0] === 'limits' && path[1] && (KEYS as string[]).includes(path[1]) ? path[1] : '_form'
    out[key] ??= issue.message
  }
  return out
}

const CONFLICT_MESSAGE = '办理时限已被他人修改，已刷新为最新设置'

/** 办理时限: the working-day limits in force; managers change them, supervisors and specialists look on. */
export default function TimeLimitsPage() {
  const signedIn = useSignedIn()
  if (!signedIn)
    return (
      <View className="time-limits">
        <SignInPrompt what="办理时限" />
      </View>
    )
  return <TimeLimitsForm />
}

function TimeLimitsForm() {
  const remote = useRemote(() => fetchTimeLimits({ toast: false }), [])
  const me = useMe()
  const [draft, setDraft] = useState<Draft | null>(null)
  // What stops a save as a whole (a conflict, the network): shown above the buttons.
  const [formError, setFormError] = useState('')
  // Coming back or pulling down refreshes what is shown; unsaved edits stay.
  usePageRefresh(remote.refresh)

  const view = remote.state.status === 'ready' ? remote.state.data : null
  const shown = useRef<TimeLimitsView | null>(null)
  // The next view replaces the form even with unsaved edits (after someone else's change).
  const replaceNext = useRef(false)
  useEffect(() => {
    if (!view) return
    const before = shown.current
    shown.current = view
    const replace = replaceNext.current
    replaceNext.current = false
    // Unsaved edits keep their version too: saving them over a newer change is refused (409).
    setDraft((d) => (replace || !d || !before || !isDirty(d, before) ? draftOf(view) : d))
  }, [view])

  // The limits are checked as typed; the server's messages stay until their limit is changed.
  const form = useForm({
    state: [draft, setDraft],
    schema: TimeLimitsUpdateSchema,
    body: (d) => (d ? { version: d.version, limits: d.limits } : null),
    order: KEYS,
    errorsOf,
    onEdit: 'live',
    send: async (body) => {
      setFormError('')
      const saved = await saveTimeLimits(body, { toast: false })
      invalidateTimeLimits()
      replaceNext.current = true
      remote.set(saved)
      showMessage('已保存')
    },
    onFailure: async (e, byField) => {
      if (e instanceof ApiError && e.status === 409) {
        // Someone saved first: show the limits as they now stand.
        replaceNext.current = true
        showMessage(CONFLICT_MESSAGE)
        setFormError(CONFLICT_MESSAGE)
        await remote.refresh()
        return
      }
      if (byField) {
        showMessage(KEYS.map((k) => byField[k]).find(Boolean) ?? messageOf(e))
        return
      }
      // Offline or the server failed: keep what was typed, say why, and let them save again.
      setFormError(messageOf(e))
      showMessage(messageOf(e))
    },
  })

  if (remote.state.status === 'loading')
    return (
      <View className="time-limits">
        <LoadingView />
      </View>
    )
  if (remote.state.status === 'error') {
    return (
      <View className="time-limits">
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      </View>
    )
  }
  if (!view || !draft)
    return (
      <View className="time-limits">
        <LoadingView />
      </View>
    )

  // Only managers change the limits (the API refuses others): offer nothing until we know who this is.
  const edits = me.status === 'ready' && me.me.roles.includes('manager')
  const dirty = isDirty(draft, view)
  const errors = form.errors

  const change = (key: LimitKey, value: number) => {
    form.update((d) => (d ? { ...d, limits: { ...d.limits, [key]: value } } : d), key)
    setFormError('')
  }

  const restoreDefaults = () => {
    form.update((d) => (d ? { ...d, limits: { ...view.defaults } } : d))
    form.setErrors({})
    setFormError('')
    showMessage('已填入默认时限，保存后生效')
  }

  return (
    <View className="time-limits" data-version={view.version}>
      <View className="time-limits__head">
        <Text className="time-limits__title">办理时限</Text>
        <Text className="time-limits__note">
          时限按工作日计算。修改后，之后提交的需求、派出的任务和收到的投诉按新时限计算；已经给出的期限不变。“到期提醒”修改后立即生效。
        </Text>
      </View>

      <View className="time-limits__card">
        {KEYS.map((key) => {
          const field = TIME_LIMIT_FIELDS[key]
          const value = draft.limits[key]
          const fallback = view.defaults[key]
          const error = errors[key]
          return (
            <View key={key} className={`time-limits__row${error ? ' time-limits__row--invalid' : ''}`} data-limit={key}>
              <View className="time-limits__main">
                <View className="time-limits__label">
                  <Text className="time-limits__name">{field.label}</Text>
                  <Text className="time-limits__hint">{field.hint}</Text>
                </View>
                <View className="time-limits__value">
                  {edits ? (
                    <LimitInput min={field.min} max={field.max} value={value} onChange={(v) => change(key, v)} />
                  ) : (
                    <Text className="time-limits__days">{value}</Text>
                  )}
                  <Text className="time-limits__unit">个工作日</Text>
                </View>
              </View>
              {value !== fallback ? <Text className="time-limits__default">默认 {fallback}</Text> : null}
              {error ? <Text className="time-limits__error">{error}</Text> : null}
            </View>
          )
        })}
      </View>

      <Text className="time-limits__meta">
        {view.updatedAt
          ? `最近修改：${[view.updatedBy, formatDateTime(view.updatedAt)].filter(Boolean).join(' · ')}`
          : '尚未修改，使用默认时限'}
      </Text>

      {edits ? (
        <View className="time-limits__bar">
          {formError ? <Text className="time-limits__form-error">{formError}</Text> : null}
          {dirty ? <Text className="time-limits__dirty">有未保存的修改</Text> : null}
          <View className="time-limits__buttons">
            <Button fill="outline" disabled={form.busy} onClick={restoreDefaults}>
              恢复默认
            </Button>
            <Button type="primary" loading={form.busy} disabled={!dirty} onClick={() => void form.submit()}>
              保存
            </Button>
          </View>
        </View>
      ) : me.status === 'ready' ? (
        <Text className="time-limits__readonly">办理时限由运营管理人员设置，这里可以查看当前时限。</Text>
      ) : null}
    </View>
  )
}

/**
 * NutUI's stepper within [min, max]. A number typed outside the range is kept
 * (and shown) so the page can say what is allowed, instead of the stepper
 * silently clamping it: its bounds widen to the value.
 */
function LimitInput({ min, max, value, onChange }: { min: number; max: number; value: number; onChange: (value: number) => void }) {
  const finite = Number.isFinite(value)
  return (
    <InputNumber
      className="time-limits__stepper"
      type="number"
      min={finite ? Math.min(min, value) : min}
      max={finite ? Math.max(max, value) : max}
      value={value}
      onChange={(v) => onChange(Number(v))}
      onOverlimit={(e) => {
        // Typing past a bound: NutUI calls this instead of onChange. A tap on a disabled +/- is not typing.
        const typed = (e as { target?: { value?: unknown } } | undefined)?.target?.value
        if (typeof typed === 'string' && typed.trim() !== '') onChange(Number(typed))
      }}
    />
  )
}
