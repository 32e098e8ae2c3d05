import { Text } from '@tarojs/components'
import { fetchStation } from '../api/stations'
import { useRemote } from '../hooks/useRemote'
import { Fact } from './Field'

/** 受理站点: the station a need was raised at, by name (nothing for a need raised online). */
export function StationFact({ stationId }: { stationId: string | null }) {
  const station = useRemote(async () => (stationId ? fetchStation(stationId, { toast: false }) : null), [stationId])
  if (!stationId) return null
  const { state } = station
  return (
    <Fact label="受理站点">
      <Text data-station-name={state.status === 'ready' ? state.data?.name : undefined}>
        {state.status === 'ready' ? state.data?.name : state.status === 'error' ? '服务站点' : '…'}
      </Text>
    </Fact>
  )
}
