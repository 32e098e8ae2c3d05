import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import {
  ADMIN_ROLES,
  CATEGORY_BY_CODE,
  ITEM_BY_CODE,
  PROVIDER_STATUS_LABELS,
  type CategoryCode,
  type DirectoryChange,
  type ProviderStatus,
} from '@qi/shared'
import { fetchDirectoryHistory } from '../../../api/directory'
import { EmptyView, ErrorView, LoadingView } from '../../../components/StatusView'
import { useRemote } from '../../../hooks/useRemote'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useMe } from '../../../hooks/useMe'
import { directoryReadOnly } from '../../components/DirectoryFields'
import './index.scss'

const at = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })

/** A changed value in words: statuses and catalogue codes by their labels, lists joined, records counted. */
function shown(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）'
  if (field === 'status') return PROVIDER_STATUS_LABELS[v as ProviderStatus] ?? String(v)
  if (field === 'categories' || field === 'fields')
    return (v as CategoryCode[]).map((c) => CATEGORY_BY_CODE[c]?.shortName ?? c).join('、') || '（空）'
  if (field === 'items') return (v as string[]).map((c) => ITEM_BY_CODE.get(c)?.item.name ?? c).join('、') || '（空）'
  if (field === 'qualifications')
    return (v as { name: string; validTo: string }[]).map((q) => `${q.name}（至 ${q.validTo}）`).join('、') || '（空）'
  if (field === 'integrity') return `${(v as unknown[]).length} 条记录`
  if (field === 'titleEvidence') return (v as { name: string }).name
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/** 修改历史: who changed an institution or an expert, when, and what (append-only). */
export default function DirectoryHistoryPage() {
  const { params } = useRouter()
  const kind = params.kind === 'expert' ? 'expert' : 'institution'
  const id = params.id ?? ''
  const me = useMe()
  const remote = useRemote<DirectoryChange[]>(() => fetchDirectoryHistory(kind, id, { toast: false }), [kind, id])
  const readOnly = readOnlyGate(me, ADMIN_ROLES, directoryReadOnly(kind === 'expert' ? 'experts' : 'institutions'))
  if (readOnly) return readOnly
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
  if (remote.state.status === 'loading') return <LoadingView />
  const list = remote.state.data
  if (!list.length) return <EmptyView title="还没有修改记录" />
  return (
    <View className="history">
      {list.map((c) => (
        <View key={c.version} className="history__entry" data-version={c.version}>
          <Text className="history__head">
            第 {c.version} 版 · {c.action === 'create' ? '登记' : '修改'} · {c.by} · {at(c.at)}
          </Text>
          {c.changes.map((ch) => (
            <View key={ch.field} className="history__change">
              <Text className="history__label">{ch.label}</Text>
              {c.action === 'create' ? (
                <Text className="history__value">{shown(ch.field, ch.to)}</Text>
              ) : (
                <Text className="history__value">
                  {shown(ch.field, ch.from)} → {shown(ch.field, ch.to)}
                </Text>
              )}
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
