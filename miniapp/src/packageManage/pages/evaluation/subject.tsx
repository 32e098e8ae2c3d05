import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Tag } from '@nutui/nutui-react-taro'
import {
  EVALUATION_FIGURES,
  EVALUATION_SUBJECT_KINDS,
  thresholdsVersionText,
  type EvaluationFigure,
  type EvaluationFigures,
  type EvaluationSubjectKind,
} from '@qi/shared'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { useRemote, useRemotePage } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import {
  EVALUATION_FIGURE_HINTS,
  EVALUATION_FIGURE_LABELS,
  EVALUATION_SUBJECT_KIND_LABELS,
  PROPOSAL_KIND_LABELS,
  PROPOSAL_STATE_LABELS,
  PROVIDER_STATUS_LABELS,
  formatDateTime,
  formatRate,
} from '../../../labels'
import { archiveNeedPage, evaluationProposalsPage } from '../../../links'
import { STATUS_TAG_COLORS } from '../../statusTags'
import { fetchEvaluation, fetchEvidence } from '../../evaluationApi'
import './subject.scss'

/** A figure as the card shows it. */
function figureValue(f: EvaluationFigures, figure: EvaluationFigure): string {
  switch (figure) {
    case 'served':
      return `${f.served} 项`
    case 'complaints':
      return `${f.complaints} 件`
    case 'declines':
      return f.declines === null ? '不适用' : `${f.declines} 次`
    default:
      return formatRate(f[figure])
  }
}

/** 评价详情: one institution's, expert's or specialist's figures, the evidence behind each, and its proposals. */
export default function EvaluationSubjectPage() {
  const signedIn = useSignedIn()
  const { params } = useRouter()
  const kind = EVALUATION_SUBJECT_KINDS.find((k) => k === params.kind) ?? 'institution'
  const id = params.id ?? ''
  if (!signedIn)
    return (
      <View className="evaluation">
        <SignInPrompt what="评价详情" />
      </View>
    )
  return <SubjectView kind={kind} id={id} />
}

function SubjectView({ kind, id }: { kind: EvaluationSubjectKind; id: string }) {
  const remote = useRemotePage(() => fetchEvaluation(kind, id), [kind, id])
  const [figure, setFigure] = useState<EvaluationFigure>('onTime')
  if (remote.state.status === 'loading') return <LoadingView />
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
  const s = remote.state.data

  return (
    <View className="evaluation" data-subject={s.id}>
      <View className="evaluation__hero">
        <Text className="evaluation__kind">{EVALUATION_SUBJECT_KIND_LABELS[s.kind]}</Text>
        <Text className="evaluation__name">{s.name}</Text>
        <View className="evaluation__hero-meta">
          {s.status ? (
            <Tag {...STATUS_TAG_COLORS[s.status]} round>
              {PROVIDER_STATUS_LABELS[s.status]}
            </Tag>
          ) : null}
          <Text>
            评价周期：近 {s.window.months} 个月（{s.window.from} 至 {s.window.to}）· {thresholdsVersionText(s.thresholdsVersion)}
          </Text>
        </View>
      </View>

      {s.findings.length ? (
        <View className="evaluation__findings">
          {s.findings.map((f) => (
            <Text key={f} className="evaluation__finding">
              {f}
            </Text>
          ))}
        </View>
      ) : null}

      <View className="evaluation__grid">
        {EVALUATION_FIGURES.map((f) => (
          <View
            key={f}
            className={`evaluation__figure${f === figure ? ' evaluation__figure--active' : ''}`}
            data-figure={f}
            onClick={() => setFigure(f)}
          >
            <Text className="evaluation__figure-label">{EVALUATION_FIGURE_LABELS[f]}</Text>
            <Text className="evaluation__figure-value">{figureValue(s.figures, f)}</Text>
          </View>
        ))}
      </View>

      <Evidence kind={kind} id={id} figure={figure} />

      {s.kind !== 'specialist' ? (
        <View className="evaluation__card">
          <View className="evaluation__card-head">
            <Text className="evaluation__card-title">评价建议与决定</Text>
            <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: evaluationProposalsPage() })}>
              全部建议
            </Button>
          </View>
          {s.proposals.length === 0 ? (
            <Text className="evaluation__muted">暂无评价建议</Text>
          ) : (
            s.proposals.map((p) => (
              <View key={p.id} className="evaluation__proposal" data-proposal={p.id}>
                <Text className="evaluation__proposal-title">
                  {PROPOSAL_KIND_LABELS[p.kind]} · {PROPOSAL_STATE_LABELS[p.state]}
                </Text>
                <Text className="evaluation__muted">
                  {formatDateTime(p.createdAt)} 生成：{PROVIDER_STATUS_LABELS[p.fromStatus]} → {PROVIDER_STATUS_LABELS[p.toStatus]}
                </Text>
                {p.reason ? (
                  <Text className="evaluation__muted">
                    {p.decidedBy} {p.decidedAt ? formatDateTime(p.decidedAt) : ''} 决定理由：{p.reason}
                  </Text>
                ) : null}
              </View>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}

/** The needs, tasks and complaints behind the chosen figure. */
function Evidence({ kind, id, figure }: { kind: EvaluationSubjectKind; id: string; figure: EvaluationFigure }) {
  const remote = useRemote(() => fetchEvidence(kind, id, figure), [kind, id, figure])
  return (
    <View className="evaluation__card" data-evidence={figure}>
      <Text className="evaluation__card-title">{EVALUATION_FIGURE_LABELS[figure]}的依据</Text>
      <Text className="evaluation__muted">{EVALUATION_FIGURE_HINTS[figure]}</Text>
      {remote.state.status === 'loading' ? (
        <LoadingView />
      ) : remote.state.status === 'error' ? (
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      ) : remote.state.data.items.length === 0 ? (
        <EmptyView title="评价周期内没有计入的记录" />
      ) : (
        remote.state.data.items.map((e) => (
          <View
            key={`${e.taskId ?? e.complaintId ?? e.needId}`}
            className="evaluation__evidence"
            data-met={e.met ? 'yes' : 'no'}
            // The need's whole record (一项一档): its tasks, rating and complaints, desensitised for supervisors.
            onClick={e.needId ? () => void Taro.navigateTo({ url: archiveNeedPage(e.needId!) }) : undefined}
          >
            <View className="evaluation__card-head">
              <Text className="evaluation__evidence-title">{e.needNumber ? `${e.needNumber} ${e.needTitle}` : '未关联需求的投诉'}</Text>
              <Text className={e.met ? 'evaluation__met' : 'evaluation__unmet'}>{e.met ? '计入达标' : '未达标'}</Text>
            </View>
            <Text className="evaluation__muted">
              {e.on} · {e.detail}
            </Text>
            {e.needId ? <Text className="evaluation__evidence-link">查看需求档案 ›</Text> : null}
          </View>
        ))
      )}
    </View>
  )
}
