import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { NeedActionSchema, type Match } from '@qi/shared'
import { ApiError, actOnNeed, fetchNeed, messageOf, showMessage } from '../../../api'
import { Field, Section } from '../../../components/Field'
import { fieldErrors, type FieldErrors } from '../../../components/formErrors'
import { MatchCard } from '../../../components/staff/MatchCard'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { useRemote } from '../../../hooks/useRemote'
import { useSubmission } from '../../../hooks/useSubmission'
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
  const remote = useRemote(async () => {
    const [need, matches] = await Promise.all([fetchNeed(id, { toast: false }), fetchMatches(id, { toast: false })])
    return { need, matches }
  }, [id])
  const [picked, setPicked] = useState<string[]>([])
  const [notes, setNotes] = useState<Record<string, string>>({})
  const [period, setPeriod] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const submission = useSubmission()

  if (remote.state.status === 'loading') return <LoadingView text="正在匹配服务机构和专家…" />
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={remote.reload} />
  const { need, matches } = remote.state.data
  const byId = new Map(matches.map((m) => [matchId(m), m]))

  const toggle = (m: Match) => setPicked((p) => (p.includes(matchId(m)) ? p.filter((x) => x !== matchId(m)) : [...p, matchId(m)]))

  const submit = () =>
    submission.run(async () => {
      const body = {
        action: 'dispatch' as const,
        version: need.version,
        assignees: picked.map((pid) => {
          const m = byId.get(pid)!
          const note = notes[pid]?.trim() || undefined
          return m.kind === 'institution' ? { institutionId: pid, note } : { expertId: pid, note }
        }),
        period: period.trim() || undefined,
      }
      const parsed = NeedActionSchema.safeParse(body)
      if (!parsed.success) {
        const found = fieldErrors(parsed.error.issues)
        setErrors(found)
        return showMessage(found.assignees ?? found.period ?? '请按提示修改')
      }
      try {
        await actOnNeed(need.id, parsed.data, { toast: false })
        showMessage(picked.length > 1 ? `已派单给 ${picked.length} 家（联合攻关）` : '已派单')
        void Taro.navigateBack()
      } catch (e) {
        if (e instanceof ApiError && e.issues.length) setErrors(fieldErrors(e.issues))
        showMessage(messageOf(e))
        if (e instanceof ApiError && e.status === 409) void remote.reload()
      }
    })

  return (
    <View className="dispatch">
      <View className="dispatch__head">
        <Text className="dispatch__title">{need.title}</Text>
        <Text className="dispatch__note">
          {need.number} · 按类别与服务项目覆盖、资质有效期、地域、在办任务量、历史按时率与满意率排序。可多选组建联合攻关项目组。
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
                onChange={(v) => setNotes((n) => ({ ...n, [pid]: v }))}
              />
            </Field>
          ))}
          <Field label="服务周期" name="period" error={errors.period} hint="技术服务项目及服务周期（DB46 附录 B），可选">
            <Input placeholder="如：2026-12-01 至 2026-12-20" value={period} maxLength={100} onChange={setPeriod} />
          </Field>
        </Section>
      ) : null}

      <View className="dispatch__bar">
        {errors.assignees ? <Text className="dispatch__error">{errors.assignees}</Text> : null}
        <Button block type="primary" disabled={!picked.length || submission.busy} loading={submission.busy} onClick={() => void submit()}>
          {picked.length ? `派单（已选 ${picked.length}）` : '请选择服务机构或专家'}
        </Button>
      </View>
    </View>
  )
}
