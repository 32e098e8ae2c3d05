import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Tag } from '@nutui/nutui-react-taro'
import { CATEGORY_BY_CODE, SATISFACTION_LABELS, type EnterpriseDossier, type SatisfactionLevel } from '@qi/shared'
import { Fact, Section } from '../../../components/Field'
import { PdfDownload } from '../../../components/PdfDownload'
import { pageGate } from '../../../components/PageGate'
import { EmptyView } from '../../../components/StatusView'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { formatDateTime, NEED_STATE_LABELS, NEED_STATE_TAG } from '../../../labels'
import { archiveNeedPage } from '../../../links'
import { dossierPdf, fetchDossier } from '../../api'
import '../need/index.scss'
import './index.scss'

const SCALE_LABELS: Record<string, string> = { micro: '微型', small: '小型', medium: '中型', large: '大型' }

/** 一企一档: an enterprise's details and all its needs, newest first, with results and reports; and its PDF. */
export default function DossierPage() {
  const signedIn = useSignedIn()
  const id = useRouter().params.id ?? ''
  const remote = useRemote(() => fetchDossier(id), [id, signedIn])
  usePageRefresh(remote.refresh)
  const gate = pageGate(signedIn, remote, { className: 'need-archive', what: '企业档案' })
  if (gate || remote.state.status !== 'ready') return gate
  return <Dossier d={remote.state.data} />
}

function Dossier({ d }: { d: EnterpriseDossier }) {
  const e = d.enterprise
  return (
    <View className="need-archive dossier">
      <View className="need-archive__head">
        <Text className="need-archive__title">{e.name}</Text>
        <Text className="need-archive__note">共 {d.needs.length} 项需求，按时间由近及远</Text>
        {d.desensitised ? <Text className="need-archive__note">专家姓名已脱敏</Text> : null}
        <View className="need-archive__download">
          <PdfDownload path={dossierPdf(e.id)} fileName={`企业档案-${e.name}.pdf`} />
        </View>
      </View>
      <Section title="企业信息">
        <Fact label="统一社会信用代码">{e.creditCode ?? '—'}</Fact>
        <Fact label="所在地区">{e.region || '—'}</Fact>
        <Fact label="地址">{e.address || '—'}</Fact>
        <Fact label="所属行业">{e.industry || '—'}</Fact>
        <Fact label="企业规模">{e.scale ? (SCALE_LABELS[e.scale] ?? e.scale) : '—'}</Fact>
      </Section>
      <Section title="服务需求">
        {d.needs.length === 0 ? <EmptyView title="暂无需求" /> : null}
        {d.needs.map((n) => (
          <View
            key={n.id}
            className="need-archive__item dossier__need"
            data-need={n.number}
            onClick={() => void Taro.navigateTo({ url: archiveNeedPage(n.id) })}
          >
            <View className="need-archive__item-head">
              <Text className="need-archive__item-title">{n.title}</Text>
              <Tag type={NEED_STATE_TAG[n.state]} round>
                {NEED_STATE_LABELS[n.state]}
              </Tag>
            </View>
            <Text className="need-archive__meta">
              {n.number} · {n.categories.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')} · 提交 {n.submittedOn}
              {n.closedAt ? ` · 归档 ${formatDateTime(n.closedAt)}` : ''}
            </Text>
            {n.result ? <Text className="need-archive__text">办理结果：{n.result}</Text> : null}
            {n.reports.map((r, i) => (
              <Text key={i} className="need-archive__text">
                服务报告（{r.provider}）：{r.result ?? '—'}
                {r.files.length ? `；附件 ${r.files.join('、')}` : ''}
              </Text>
            ))}
            {n.rating ? (
              <Text className="need-archive__text">
                评价：总体{SATISFACTION_LABELS[n.rating.overall as SatisfactionLevel] ?? n.rating.overall}，问题
                {n.rating.resolved ? '已' : '未'}解决
              </Text>
            ) : null}
          </View>
        ))}
      </Section>
    </View>
  )
}
