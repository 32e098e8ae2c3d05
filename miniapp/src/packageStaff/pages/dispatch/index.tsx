import { useState, type Dispatch, type SetStateAction } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { NEED_STATE_LABELS, NEED_TRANSITIONS, NeedActionSchema, SERVICE_STAFF_ROLES, type Match, type NeedDetail } from '@qi/shared'
import { ApiError, actOnNeed, fetchNeed, messageOf, showMessage } from '../../../api'
import { Field, Section } from '../../../components/Field'
import { MatchCard } from '../../../components/staff/MatchCard'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { useRemote } from '../../../hooks/useRemote'
import { useMe } from '../../../hooks/useMe'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useForm } from '../../../hooks/useForm'
import { finishOn, go, staffNeedPage } from '../../../links'
import { fetchMatches } from '../../api'
import './index.scss'

const matchId = (m: Match) => (m.institutionId ?? m.expertId)!

/**
 * 派单: the providers ranked for the need (精准匹配, with reasons); pick one,
 * or several for a joint team (联合攻关), with a note each and the service period.
 */
export default function DispatchPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const me = useMe()
  const remote = useRemote(async () => {
    const [need, matches] = await Promise.all([fetchNeed(id, { toast: false }), fetchMatches(id, { toast: false })])
    return { need, matches }
  }, [id])
  // Held here: the choice outlives a reload of the matches.
  const choice = useState<Choice>({ picked: [], notes: {}, period: '' })
  // Matching and dispatch are the service staff's: anyone else reaching this page by its URL is told so.
  const readOnly = readOnlyGate(me, SERVICE_STAFF_ROLES, {
    description: '派单由负责该需求的服务专员办理；您的身份可以在需求页查看办理进度。',
    actionText: '查看需求',
    onAction: () => go(staffNeedPage(id)),
  })
  if (readOnly) return readOnly
  if (remote.state.status === 'loading') return <LoadingView text="正在匹配服务机构和专家…" />
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={remote.reload} />
  return <DispatchForm {...remote.state.data} state={choice} onStale={() => void remote.reload()} />
}

interface Choice {
  picked: string[]
  notes: Record<string, string>
  period: string
}

function DispatchForm(props: {
  need: NeedDetail
  matches: Match[]
  state: [Choice, Dispatch<SetStateAction<Choice>>]
  onStale: () => void
}) {
  const { need, matches, onStale } = props
  const byId = new Map(matches.map((m) => [matchId(m), m]))
  const values = props.state[0]
  const form = useForm({
    state: props.state,
    schema: NeedActionSchema,
    body: (v) => ({
      action: 'dispatch' as const,
      version: need.version,
      assignees: v.picked.map((pid) => {
        const m = byId.get(pid)!
        const note = v.notes[pid]?.trim() || undefined
        return m.kind === 'institution' ? { institutionId: pid, note } : { expertId: pid, note }
      }),
      period: v.period.trim() || undefined,
    }),
    order: ['assignees', 'period'],
    // The messages stay until the next attempt.
    onEdit: 'keep',
    send: async (body) => {
      await actOnNeed(need.id, body, { toast: false })
      showMessage(picked.length > 1 ? `已派单给 ${picked.length} 家（联合攻关）` : '已派单')
      finishOn(staffNeedPage(need.id))
    },
    onFailure: (e) => {
      showMessage(messageOf(e))
      if (e instanceof ApiError && e.status === 409) onStale()
    },
  })
  const { errors } = form
  const { picked, notes, period } = values
  // Why a dispatch cannot be sent now (the state, or who owns the need), shown under a disabled button.
  const refusal = need.allowedActions.includes('dispatch')
    ? null
    : NEED_TRANSITIONS.dispatch.from.includes(need.state)
      ? '只有负责该需求的服务专员可以派单'
      : `需求${NEED_STATE_LABELS[need.state]}，${need.state === 'submitted' ? '受理后才能派单' : '不能派单'}`

  const toggle = (m: Match) =>
    form.update((v) => ({
      ...v,
      picked: v.picked.includes(matchId(m)) ? v.picked.filter((x) => x !== matchId(m)) : [...v.picked, matchId(m)],
    }))

  return (
    <View className="dispatch">
      <View className="dispatch__head">
        <Text className="dispatch__title">{need.title}</Text>
        <Text className="dispatch__note">
          {need.number} · 按类别与服务项目覆盖、资质有效期、地域、在办任务量、动态评价的按时率与满意率排序。可多选组建联合攻关项目组。
        </Text>
      </View>

      {matches.length === 0 ? (
        <EmptyView title="没有匹配的服务机构或专家" description="可由服务中心自主服务，或调整需求的服务类别。" />
      ) : (
        matches.map((m) => <MatchCard key={matchId(m)} match={m} picked={picked.includes(matchId(m))} onToggle={() => toggle(m)} />)
      )}

      {picked.length ? (
        <Section title={picked.length > 1 ? `联合攻关项目组（${picked.length}）` : '派单说明'}>
          {picked.map((pid) => (
            <Field key={pid} label={`给“${byId.get(pid)?.name}”的说明`} name={`note-${pid}`}>
              <Input
                placeholder="如：请 2 个工作日内联系企业（可选）"
                value={notes[pid] ?? ''}
                maxLength={500}
                onChange={(v) => form.update((d) => ({ ...d, notes: { ...d.notes, [pid]: v } }))}
              />
            </Field>
          ))}
          <Field label="服务周期" name="period" error={errors.period} hint="技术服务项目及服务周期（DB46 附录 B），可选">
            <Input
              placeholder="如：2026-12-01 至 2026-12-20"
              value={period}
              maxLength={100}
              onChange={(v) => form.update((d) => ({ ...d, period: v }))}
            />
          </Field>
        </Section>
      ) : null}

      <View className="dispatch__bar">
        {errors.assignees ? <Text className="dispatch__error">{errors.assignees}</Text> : null}
        {refusal ? <Text className="dispatch__reason">{refusal}</Text> : null}
        <Button
          block
          type="primary"
          disabled={!!refusal || !picked.length || form.busy}
          loading={form.busy}
          onClick={() => void form.submit()}
        >
          {refusal ? '不能派单' : picked.length ? `派单（已选 ${picked.length}）` : '请选择服务机构或专家'}
        </Button>
      </View>
    </View>
  )
}
