import { useCallback, useEffect, useMemo, useState } from 'react'
import { Map, ScrollView, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Tag } from '@nutui/nutui-react-taro'
import { CATEGORIES, formatDistance, nearbyStations, STATION_KIND_LABELS, type CategoryCode, type LatLng, type Station } from '@qi/shared'
import { fetchStations } from '../../api/stations'
import { OpenState } from '../../components/OpenState'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useRemote } from '../../hooks/useRemote'
import { stationPage } from '../../links'
import markerIcon from '../../assets/map/marker.png'
import './index.scss'
import { usePrivacyConsent } from '../../components/PrivacyPopup'

/**
 * The marker image as WeChat's map takes it: a file path (not a data URL, which
 * is what the build inlines a small PNG as), so it is written to the user data
 * folder once.
 */
let markerPath: string | null = null
function markerIconPath(): string {
  if (markerPath !== null) return markerPath
  const inlined = /^data:image\/png;base64,(.+)$/.exec(String(markerIcon))
  if (!inlined) return (markerPath = String(markerIcon))
  try {
    const path = `${Taro.env.USER_DATA_PATH}/station-marker.png`
    Taro.getFileSystemManager().writeFileSync(path, inlined[1]!, 'base64')
    markerPath = path
  } catch {
    markerPath = '' // WeChat's default marker
  }
  return markerPath
}

type Where = { status: 'locating' } | { status: 'found'; at: LatLng } | { status: 'unknown' }

/** 服务地图: stations nearest first from the phone, filtered by category, open now or not. */
export default function MapPage() {
  const stations = useRemote(() => fetchStations({}, { toast: false }), [])
  const [where, setWhere] = useState<Where>({ status: 'locating' })
  const [category, setCategory] = useState<CategoryCode | null>(null)

  // weapp: the location waits for consent (WeChat's privacy flow).
  const privacy = usePrivacyConsent()
  const locate = useCallback(async () => {
    setWhere({ status: 'locating' })
    try {
      // The map speaks GCJ-02; a browser gives only WGS-84 (a few hundred metres apart: fine for sorting).
      const r = await Taro.getLocation({ type: process.env.TARO_ENV === 'h5' ? 'wgs84' : 'gcj02' })
      setWhere({ status: 'found', at: { lat: r.latitude, lng: r.longitude } })
    } catch {
      setWhere({ status: 'unknown' })
    }
  }, [])

  useEffect(() => {
    void locate()
  }, [locate])

  usePullDownRefresh(async () => {
    await Promise.all([stations.refresh(), locate()])
    Taro.stopPullDownRefresh()
  })

  const from = where.status === 'found' ? where.at : null
  const all = stations.state.status === 'ready' ? stations.state.data : null
  const shown = useMemo(() => (all ? nearbyStations(all, { from, category }) : []), [all, from, category])

  if (stations.state.status === 'error') return <ErrorView message={stations.state.message} onRetry={() => void stations.reload()} />
  if (stations.state.status === 'loading') return <LoadingView />

  const open = (s: Station) => void Taro.navigateTo({ url: stationPage(s.code) })

  return (
    <View className="map">
      {privacy.popup}
      {process.env.TARO_ENV === 'weapp' && shown.length > 0 ? (
        <Map
          className="map__map"
          latitude={from?.lat ?? shown[0]!.location.lat}
          longitude={from?.lng ?? shown[0]!.location.lng}
          scale={from ? 11 : 8}
          showLocation
          markers={shown.map((s, i) => ({
            id: i,
            latitude: s.location.lat,
            longitude: s.location.lng,
            title: s.name,
            width: 28,
            height: 36,
            iconPath: markerIconPath(),
            callout: {
              content: s.name,
              display: 'BYCLICK',
              padding: 8,
              borderRadius: 8,
              color: '#1c2433',
              fontSize: 12,
              bgColor: '#ffffff',
              textAlign: 'center',
              anchorX: 0,
              anchorY: 0,
              borderWidth: 0,
              borderColor: '#ffffff',
            },
          }))}
          onCalloutTap={(e) => {
            const s = shown[Number((e.detail as { markerId?: number }).markerId)]
            if (s) open(s)
          }}
          onError={() => undefined}
        />
      ) : null}

      <ScrollView scrollX className="map__filters">
        <View className="map__filter-row">
          {[{ code: null, shortName: '全部' }, ...CATEGORIES].map((c) => (
            <Tag
              key={c.code ?? 'all'}
              className="map__filter"
              round
              {...(category === c.code ? { type: 'primary' as const } : { background: '#e8f0fc', color: '#1f66d6' })}
              onClick={() => setCategory(c.code)}
            >
              {c.shortName}
            </Tag>
          ))}
        </View>
      </ScrollView>

      <View className="map__where">
        {where.status === 'locating' ? (
          <Text>正在获取您的位置…</Text>
        ) : where.status === 'found' ? (
          <Text>按距离由近及远排列</Text>
        ) : (
          <Text>
            未能获取您的位置，按站点顺序排列。
            <Text className="map__link" onClick={() => void locate()}>
              重新定位
            </Text>
          </Text>
        )}
      </View>

      {shown.length === 0 ? (
        <EmptyView title="附近没有提供该类服务的站点" description="可选择其他服务类别，或到服务中心办理。" />
      ) : (
        shown.map((s) => {
          return (
            <View key={s.id} className="map__station" onClick={() => open(s)}>
              <View className="map__station-head">
                <Text className="map__name">{s.name}</Text>
                {s.distanceKm !== null ? <Text className="map__distance">{formatDistance(s.distanceKm)}</Text> : null}
              </View>
              <View className="map__tags">
                <Tag background="#e8f0fc" color="#1f66d6" round>
                  {STATION_KIND_LABELS[s.kind]}
                </Tag>
                <OpenState hours={s.hours} className="map__hours" />
              </View>
              <Text className="map__address">{s.address}</Text>
            </View>
          )
        })
      )}
    </View>
  )
}
