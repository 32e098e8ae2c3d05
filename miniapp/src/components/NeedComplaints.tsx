// 相关投诉 on a need's page: the complaints about this need the viewer may
// see (the enterprise its own, managers and supervisors all), each opening
// its own page. Nothing is shown while there are none.
import Taro from '@tarojs/taro'
import { fetchNeedComplaints } from '../api'
import { useRemote } from '../hooks/useRemote'
import { ComplaintCard } from './ComplaintCard'
import { Section } from './Field'

export function NeedComplaints({ needId, scope, link }: { needId: string; scope: 'mine' | 'all'; link: (id: string) => string }) {
  const remote = useRemote(() => fetchNeedComplaints(needId, scope, { toast: false }), [needId, scope])
  if (remote.state.status !== 'ready' || remote.state.data.items.length === 0) return null
  const items = remote.state.data.items
  return (
    <Section title={`相关投诉（${items.length}）`} className="need-complaints">
      {items.map((c) => (
        <ComplaintCard key={c.id} complaint={c} onTap={() => void Taro.navigateTo({ url: link(c.id) })} />
      ))}
    </Section>
  )
}
