import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { EVALUATION_SUBJECT_KINDS, RANKING_SORTS, type EvaluationSubjectKind, type RankingSort } from '@qi/shared'
import { EmptyView } from '../../../components/StatusView'
import { useMe } from '../../../hooks/useMe'
import { useRemotePage } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import {
  EVALUATION_FIGURE_LABELS,
  EVALUATION_SUBJECT_KIND_LABELS,
  PROPOSAL_KIND_LABELS,
  PROVIDER_STATUS_LABELS,
  formatRate,
} from '../../../labels'
import { evaluationProposalsPage, evaluationSubjectPage, evaluationThresholdsPage } from '../../../links'
import { pageGate } from '../../../components/PageGate'
import { STATUS_TAG_COLORS } from '../../statusTags'
import { fetchEvaluations } from '../../evaluationApi'
import './index.scss'

const SORT_LABELS: Record<RankingSort, string> = {
  satisfaction: EVALUATION_FIGURE_LABELS.satisfaction,
  onTime: EVALUATION_FIGURE_LABELS.onTime,
  completion: EVALUATION_FIGURE_LABELS.completion,
  served: EVALUATION_FIGURE_LABELS.served,
}

/** 动态评价排行: institutions, experts or specialists over the window in force, best first by the chosen figure. */
export default function EvaluationRankingPage() {
  const { params } = useRouter()
  const signedIn = useSignedIn()
  const me = useMe()
  const initial = EVALUATION_SUBJECT_KINDS.find((k) => k === params.kind) ?? 'institution'
  const [kind, setKind] = useState<EvaluationSubjectKind>(initial)
  const [sort, setSort] = useState<RankingSort>('satisfaction')
  const remote = useRemotePage(() => fetchEvaluations(kind, sort), [kind, sort])
  const gate = pageGate(signedIn, remote, { className: 'ranking', what: '动态评价' })
  const manages = me.status === 'ready' && me.me.roles.includes('manager')

  return (
    <View className="ranking">
      <View className="ranking__head">
        <Text className="ranking__title">动态评价</Text>
        <Text className="ranking__note">
          按服务量、完成率、按时率（对照接单和答复期限，按工作日）、满意率（附录 C 评价表）、有效投诉和拒单评价服务机构、专家和服务专员。
        </Text>
        <View className="ranking__links">
          <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: evaluationProposalsPage('pending') })}>
            评价建议
          </Button>
          <Button size="small" fill="outline" onClick={() => void Taro.navigateTo({ url: evaluationThresholdsPage })}>
            {manages ? '设置阈值' : '查看阈值'}
          </Button>
        </View>
      </View>
      <View className="ranking__chips" data-field="kind">
        {EVALUATION_SUBJECT_KINDS.map((k) => (
          <Button key={k} size="small" type={k === kind ? 'primary' : 'default'} onClick={() => setKind(k)}>
            {EVALUATION_SUBJECT_KIND_LABELS[k]}
          </Button>
        ))}
      </View>
      <View className="ranking__chips" data-field="sort">
        <Text className="ranking__chips-label">排序</Text>
        {RANKING_SORTS.map((s) => (
          <Button
            key={s}
            size="small"
            fill={s === sort ? 'solid' : 'outline'}
            type={s === sort ? 'primary' : 'default'}
            onClick={() => setSort(s)}
          >
            {SORT_LABELS[s]}
          </Button>
        ))}
      </View>
      {gate ??
        (remote.state.status === 'ready' ? (
          <>
            <Text className="ranking__window">
              评价周期：近 {remote.state.data.window.months} 个月（{remote.state.data.window.from} 至 {remote.state.data.window.to}）
            </Text>
            {remote.state.data.items.length === 0 ? (
              <EmptyView title={`还没有${EVALUATION_SUBJECT_KIND_LABELS[kind]}`} />
            ) : (
              remote.state.data.items.map((s, i) => (
                <View
                  key={s.id}
                  className="ranking__card"
                  data-subject={s.id}
                  onClick={() => void Taro.navigateTo({ url: evaluationSubjectPage(s.kind, s.id) })}
                >
                  <View className="ranking__card-head">
                    <Text className="ranking__rank">{i + 1}</Text>
                    <Text className="ranking__name">{s.name}</Text>
                    {s.status ? (
                      <Tag className="ranking__status" {...STATUS_TAG_COLORS[s.status]} round>
                        {PROVIDER_STATUS_LABELS[s.status]}
                      </Tag>
                    ) : null}
                  </View>
                  <View className="ranking__figures">
                    <Text>服务 {s.figures.served}</Text>
                    <Text>完成率 {formatRate(s.figures.completion)}</Text>
                    <Text>按时率 {formatRate(s.figures.onTime)}</Text>
                    <Text>满意率 {formatRate(s.figures.satisfaction)}</Text>
                    <Text>有效投诉 {s.figures.complaints}</Text>
                    {s.figures.declines !== null ? <Text>拒单 {s.figures.declines}</Text> : null}
                  </View>
                  {s.level ? <Text className="ranking__level">触及{PROPOSAL_KIND_LABELS[s.level]}阈值</Text> : null}
                </View>
              ))
            )}
          </>
        ) : null)}
    </View>
  )
}
