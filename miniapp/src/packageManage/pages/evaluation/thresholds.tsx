import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import {
  EvaluationSettingsUpdateSchema,
  THRESHOLD_LEVELS,
  type EvaluationSettingsView,
  type EvaluationThresholds,
  type ThresholdLevelValues,
} from '@qi/shared'
import { ApiError, messageOf, showMessage } from '../../../api'
import { Field } from '../../../components/Field'
import type { FieldErrors } from '../../../components/formErrors'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { useForm, type Issues } from '../../../hooks/useForm'
import { useMe } from '../../../hooks/useMe'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { PROPOSAL_KIND_LABELS, THRESHOLD_FIELD_LABELS, formatDateTime } from '../../../labels'
import { fetchEvaluationSettings, saveEvaluationSettings } from '../../evaluationApi'
import './thresholds.scss'

type LevelField = keyof ThresholdLevelValues
const LEVEL_FIELDS = Object.keys(THRESHOLD_FIELD_LABELS) as LevelField[]
/** Every field's key in page order: windowMonths, minSample, then warn.completionBelow … exit.declinesAtLeast. */
const ORDER = ['windowMonths', 'minSample', ...THRESHOLD_LEVELS.flatMap((l) => LEVEL_FIELDS.map((f) => `${l}.${f}`))]

/** What is typed: every number as text (so a cleared box can say what it needs), at the version loaded. */
type Draft = { version: number; values: Record<string, string> }

const draftOf = (v: EvaluationSettingsView): Draft => {
  const t = v.thresholds
  const values: Record<string, string> = { windowMonths: String(t.windowMonths), minSample: String(t.minSample) }
  for (const l of THRESHOLD_LEVELS) for (const f of LEVEL_FIELDS) values[`${l}.${f}`] = String(t[l][f])
  return { version: v.version, values }
}
const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? Number.NaN : Number(s))
const thresholdsOf = (d: Draft): EvaluationThresholds => {
  const level = (l: string) => Object.fromEntries(LEVEL_FIELDS.map((f) => [f, num(d.values[`${l}.${f}`])])) as ThresholdLevelValues
  return {
    windowMonths: num(d.values.windowMonths),
    minSample: num(d.values.minSample),
    warn: level('warn'),
    suspend: level('suspend'),
    exit: level('exit'),
  }
}

/** Messages by field key from the schema's or the server's issues (path thresholds.<level>.<field>). */
function errorsOf(issues: Issues): FieldErrors {
  const out: FieldErrors = {}
  for (const i of issues) {
    const path = typeof i.path === 'string' ? i.path.split('.') : i.path.map(String)
    const key = path[0] === 'thresholds' ? path.slice(1).join('.') : '_form'
    out[ORDER.includes(key) ? key : '_form'] ??= i.message
  }
  return out
}

/** 评价阈值: the window and the thresholds that turn figures into proposals; managers change them, supervisors look on. */
export default function EvaluationThresholdsPage() {
  const signedIn = useSignedIn()
  if (!signedIn)
    return (
      <View className="thresholds">
        <SignInPrompt what="评价阈值" />
      </View>
    )
  return <ThresholdsForm />
}

function ThresholdsForm() {
  const remote = useRemote(() => fetchEvaluationSettings(), [])
  const me = useMe()
  const [draft, setDraft] = useState<Draft | null>(null)
  const [formError, setFormError] = useState('')
  const view = remote.state.status === 'ready' ? remote.state.data : null
  useEffect(() => {
    if (view) setDraft(draftOf(view))
  }, [view])

  const form = useForm({
    state: [draft, setDraft],
    schema: EvaluationSettingsUpdateSchema,
    body: (d) => (d ? { version: d.version, thresholds: thresholdsOf(d) } : null),
    order: ORDER,
    errorsOf,
    onEdit: 'follow',
    send: async (body) => {
      setFormError('')
      remote.set(await saveEvaluationSettings(body))
      showMessage('已保存，之后的评价和建议按新阈值')
    },
    onFailure: async (e, byField) => {
      if (e instanceof ApiError && e.status === 409) {
        setFormError('评价阈值已被他人修改，已刷新为最新设置')
        await remote.reload()
        return
      }
      const message = byField ? (ORDER.map((k) => byField[k]).find(Boolean) ?? byField._form ?? messageOf(e)) : messageOf(e)
      setFormError(message)
      showMessage(message)
    },
  })

  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
  if (!view || !draft) return <LoadingView />
  // Only managers change thresholds: nothing editable until we know who this is, and never for supervisors.
  const edits = me.status === 'ready' && me.me.roles.includes('manager')
  const errors = form.errors
  const set = (key: string, value: string) => form.update((d) => (d ? { ...d, values: { ...d.values, [key]: value } } : d), key)
  const value = (key: string) =>
    edits ? (
      <Input type="number" value={draft.values[key] ?? ''} onChange={(v: string) => set(key, v)} />
    ) : (
      <Text className="thresholds__value">{draft.values[key]}</Text>
    )

  return (
    <View className="thresholds" data-version={view.version}>
      <View className="thresholds__head">
        <Text className="thresholds__title">评价阈值</Text>
        <Text className="thresholds__note">
          比率低于下限、件数达到上限即触及该级阈值；填 0
          表示不按此项判断。比率只在样本数不少于“最少样本数”时判断。触及阈值的机构和专家由系统生成预警、暂停派单或淘汰退出建议，指标恢复后生成恢复建议，均由运营管理人员决定。
        </Text>
      </View>
      <View className="thresholds__card">
        <Field name="windowMonths" label="评价周期（月）" hint="按最近多少个月的服务评价" error={errors.windowMonths}>
          {value('windowMonths')}
        </Field>
        <Field name="minSample" label="最少样本数" hint="任务、需求或评价少于此数时不按比率判断" error={errors.minSample}>
          {value('minSample')}
        </Field>
      </View>
      {THRESHOLD_LEVELS.map((l) => (
        <View key={l} className="thresholds__card" data-level={l}>
          <Text className="thresholds__level">{PROPOSAL_KIND_LABELS[l]}</Text>
          {LEVEL_FIELDS.map((f) => (
            <Field key={f} name={`${l}.${f}`} label={THRESHOLD_FIELD_LABELS[f]} error={errors[`${l}.${f}`]}>
              {value(`${l}.${f}`)}
            </Field>
          ))}
        </View>
      ))}
      <Text className="thresholds__meta">
        {view.updatedAt
          ? `第 ${view.version} 版 · 最近修改：${[view.updatedBy, formatDateTime(view.updatedAt)].filter(Boolean).join(' · ')}`
          : '尚未修改，使用默认阈值'}
      </Text>
      {edits ? (
        <View className="thresholds__bar">
          {formError ? <Text className="thresholds__error">{formError}</Text> : null}
          <View className="thresholds__buttons">
            <Button
              fill="outline"
              disabled={form.busy}
              onClick={() => setDraft((d) => (d ? { ...draftOf({ ...view, thresholds: view.defaults }), version: d.version } : d))}
            >
              恢复默认
            </Button>
            <Button type="primary" loading={form.busy} onClick={() => void form.submit()}>
              保存
            </Button>
          </View>
        </View>
      ) : me.status === 'ready' ? (
        <Text className="thresholds__readonly">评价阈值由运营管理人员设置，这里可以查看当前阈值。</Text>
      ) : null}
    </View>
  )
}
