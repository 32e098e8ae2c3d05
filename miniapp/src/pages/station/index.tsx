import { useEffect, useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter, useShareAppMessage } from '@tarojs/taro'
import { Button, Cell, CellGroup, Input, Step, Steps, Tag } from '@nutui/nutui-react-taro'
import {
  decodeScene,
  describeHours,
  openingState,
  ITEM_BY_CODE,
  STATION_KIND_LABELS,
  stationCategories,
  CATEGORY_BY_CODE,
  type Checkin,
  type Station,
  type StationCheckin,
} from '@qi/shared'
import { showMessage, type Me } from '../../api'
import { checkInAt, fetchMyCheckin, fetchStation, fetchStationCheckins, fetchStationNeeds } from '../../api/stations'
import { NeedCard } from '../../components/NeedList'
import { OpenState } from '../../components/OpenState'
import { ContactShare } from '../../components/ContactShare'
import { EmptyView, ErrorView, LoadingView } from '../../components/StatusView'
import { useCalendar } from '../../hooks/useCalendar'
import { useMe } from '../../hooks/useMe'
import { useRemote } from '../../hooks/useRemote'
import { useSignedIn } from '../../hooks/useSignedIn'
import { formatDateTime } from '../../labels'
import { editStationPage, mapPage, needDetailPage, needFormAtStation, needScanPage, ratingPage, stationPage } from '../../links'
import { askToSignIn } from '../../signIn'
import './index.scss'

/** The station this page was opened for: ?code= (H5 address), ?scene= (mini-program code) or ?id=. */
function stationKey(params: Record<string, string | undefined>): { code?: string; needNumber?: string } {
  if (params.scene) {
    const target = decodeScene(params.scene)
    if (target?.kind === 'station') return { code: target.code }
    if (target?.kind === 'need') return { needNumber: target.number }
    return {}
  }
  const raw = params.code ?? params.id
  return raw ? { code: decodeURIComponent(raw) } : {}
}

/** 站点页: the public notice, opening state, check-in, "在此提交需求", needs served here; the desk for its staff. */
export default function StationPage() {
  const { params } = useRouter()
  const key = useMemo(() => stationKey(params), [params])
  const signedIn = useSignedIn()
  const meState = useMe()
  const me = meState.status === 'ready' ? meState.me : null
  const [missing, setMissing] = useState(false)
  const remote = useRemote(async () => {
    if (!key.code) return null
    try {
      const station = await fetchStation(key.code, { toast: false })
      void Taro.setNavigationBarTitle({ title: station.name })
      return station
    } catch (e) {
      setMissing((e as { status?: number }).status === 404)
      throw e
    }
  }, [key.code])

  useEffect(() => {
    // A need's code that reached this page: the scan page opens needs.
    if (key.needNumber) void Taro.redirectTo({ url: needScanPage(key.needNumber) })
  }, [key.needNumber])

  // 分享: the station's page by its printed code, under its name.
  useShareAppMessage(() => {
    const s = remote.state.status === 'ready' ? remote.state.data : null
    return { title: s ? `${s.name} · 质量服务站点` : '质量服务站点', path: key.code ? stationPage(key.code) : mapPage }
  })

  usePullDownRefresh(async () => {
    await remote.refresh()
    Taro.stopPullDownRefresh()
  })

  if (key.needNumber) return <LoadingView text="正在打开需求…" />
  if (!key.code || (remote.state.status === 'error' && missing)) {
    return (
      <View className="station">
        <EmptyView
          title="没有找到该服务站点"
          description="二维码或链接可能已失效，请在服务地图中查找附近的站点。"
          actionText="打开服务地图"
          onAction={() => void Taro.redirectTo({ url: mapPage })}
        />
      </View>
    )
  }
  // Wait for the user as well: who it is decides between the visitor's actions and the desk.
  if (remote.state.status === 'loading' || meState.status === 'loading') return <LoadingView />
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
  const station = remote.state.data
  if (!station) return <LoadingView />

  const isEnterprise = me?.roles.includes('enterprise') ?? false
  const atDesk = Boolean(me && (me.stations.some((s) => s.id === station.id) || me.roles.includes('manager')))

  return (
    <View className="station">
      <StationHeader station={station} />
      {isEnterprise || !signedIn ? <VisitorActions station={station} signedIn={signedIn} /> : null}
      {atDesk && me ? <Desk station={station} me={me} /> : null}
      {isEnterprise ? <NeedsHere station={station} title="我在本站的需求" empty="您还没有在本站提交过需求。" rateHere /> : null}
      <ContactShare shareLabel="分享站点" />
      <Notice station={station} />
    </View>
  )
}

function StationHeader({ station }: { station: Station }) {
  return (
    <View className="station__head">
      <View className="station__tags">
        <Tag background="rgba(255,255,255,0.18)" color="#ffffff" round>
          {STATION_KIND_LABELS[station.kind]}
        </Tag>
        <OpenState hours={station.hours} className="station__hours-today" />
      </View>
      <Text className="station__name">{station.name}</Text>
      <Text
        className="station__address"
        onClick={() =>
          void Taro.openLocation({
            latitude: station.location.lat,
            longitude: station.location.lng,
            name: station.name,
            address: station.address,
          }).catch(() => undefined)
        }
      >
        {station.address}
      </Text>
      <Text className="station__phone" onClick={() => void Taro.makePhoneCall({ phoneNumber: station.phone }).catch(() => undefined)}>
        咨询电话 {station.phone}
      </Text>
    </View>
  )
}

function VisitorActions({ station, signedIn }: { station: Station; signedIn: boolean }) {
  const [purpose, setPurpose] = useState('')
  const [busy, setBusy] = useState(false)
  const [checkedIn, setDone] = useState<Checkin | null>(null)
  // A visit checked in earlier today is remembered: 已到站登记, not offered again.
  const mine = useRemote(
    async () => (signedIn ? (await fetchMyCheckin(station.id, { toast: false })).checkin : null),
    [station.id, signedIn],
  )
  const done = checkedIn ?? (mine.state.status === 'ready' ? mine.state.data : null)
  const { calendar } = useCalendar()
  const now = openingState(station.hours, new Date(), calendar)

  const needSignIn = () => {
    showMessage('请先登录')
    askToSignIn()
  }

  const checkIn = async () => {
    if (!signedIn) return needSignIn()
    setBusy(true)
    try {
      setDone(await checkInAt(station.id, purpose.trim() ? { purpose: purpose.trim() } : {}))
    } catch {
      // the toast said why
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="station__card station__actions">
      {done ? (
        <View className="station__done">
          <Text className="station__done-title">已到站登记</Text>
          <Text className="station__done-note">
            {formatDateTime(done.at)} · {now.open ? '请稍候，本站服务专员会尽快接待您' : `本站当前休息中（${now.detail}）`}
            {done.purpose ? `（${done.purpose}）` : ''}
          </Text>
        </View>
      ) : (
        <>
          <Input
            className="station__purpose"
            placeholder="来访事由（选填），如：咨询计量器具检定"
            value={purpose}
            maxLength={200}
            onChange={(v: string) => setPurpose(v)}
          />
          <Button type="primary" block loading={busy} disabled={!now.open} onClick={() => void checkIn()}>
            到站登记
          </Button>
          {now.open ? null : (
            <Text className="station__closed-note">
              本站当前休息中（{now.detail}），无人接待，开放时间内可到站登记；也可直接在线提交需求。
            </Text>
          )}
        </>
      )}
      <Button
        block
        fill="outline"
        type="primary"
        className="station__submit"
        onClick={() => (signedIn ? void Taro.navigateTo({ url: needFormAtStation(station.id) }) : needSignIn())}
      >
        在此提交需求
      </Button>
    </View>
  )
}

/** The station's own needs list: the enterprise's needs raised here, or (staff) the station's queue. */
function NeedsHere({ station, title, empty, rateHere = false }: { station: Station; title: string; empty: string; rateHere?: boolean }) {
  const needs = useRemote(async () => (await fetchStationNeeds(station.id, { toast: false })).items, [station.id])
  // Back from a need (rated, accepted…): show its new state.
  useDidShow(() => {
    if (needs.state.status === 'ready') void needs.refresh()
  })

  const { state } = needs
  return (
    <View className="station__card">
      <Text className="station__section-title">{title}</Text>
      {state.status === 'error' ? (
        <Text className="station__muted">{state.message}</Text>
      ) : state.status === 'loading' ? (
        <Text className="station__muted">加载中…</Text>
      ) : state.data.length === 0 ? (
        <Text className="station__muted">{empty}</Text>
      ) : (
        state.data.map((need) => (
          <View key={need.id} className="station__need">
            <View onClick={() => void Taro.navigateTo({ url: needDetailPage(need.id) })}>
              <NeedCard need={need} />
            </View>
            {rateHere && need.state === 'completed' ? (
              <Text className="station__rate" onClick={() => void Taro.navigateTo({ url: ratingPage(need.id) })}>
                服务已办结，去评价 ›
              </Text>
            ) : null}
          </View>
        ))
      )}
    </View>
  )
}

/** 站点工作台: who has checked in (to greet them) and the needs raised here. */
function Desk({ station, me }: { station: Station; me: Me }) {
  const checkins = useRemote(() => fetchStationCheckins(station.id, { toast: false }), [station.id])
  useDidShow(() => {
    if (checkins.state.status === 'ready') void checkins.refresh()
  })

  const { state } = checkins
  return (
    <>
      <View className="station__card">
        <View className="station__section-head">
          <Text className="station__section-title">到站登记</Text>
          <Text className="station__link" onClick={() => void checkins.refresh()}>
            刷新
          </Text>
        </View>
        {state.status === 'error' ? (
          <Text className="station__muted">{state.message}</Text>
        ) : state.status === 'loading' ? (
          <Text className="station__muted">加载中…</Text>
        ) : state.data.length === 0 ? (
          <Text className="station__muted">暂无来访登记。</Text>
        ) : (
          <CellGroup>
            {state.data.map((c: StationCheckin) => (
              <Cell
                key={c.id}
                className="station__checkin"
                title={`${c.visitor.name}${c.enterprise ? ` · ${c.enterprise.name}` : ''}`}
                description={c.purpose ?? '未填写来访事由'}
                extra={formatDateTime(c.at).slice(5)}
              />
            ))}
          </CellGroup>
        )}
        {me.roles.includes('manager') ? (
          <Button
            size="small"
            fill="outline"
            className="station__edit"
            onClick={() => void Taro.navigateTo({ url: editStationPage(station.id) })}
          >
            编辑站点与二维码
          </Button>
        ) : null}
      </View>
      <NeedsHere station={station} title="本站需求" empty="本站暂无需求。" />
    </>
  )
}

function Notice({ station }: { station: Station }) {
  const { notice } = station
  const categories = stationCategories(station)
  return (
    <View className="station__card station__notice">
      <Text className="station__section-title">站点公示</Text>
      {notice.intro ? <Text className="station__intro">{notice.intro}</Text> : null}

      <Text className="station__label">开放时间</Text>
      {station.hours.length ? (
        describeHours(station.hours).map((line) => (
          <Text key={line} className="station__line">
            {line}（法定节假日休息）
          </Text>
        ))
      ) : (
        <Text className="station__muted">暂未公布</Text>
      )}

      {notice.items.length ? (
        <>
          <Text className="station__label">服务事项</Text>
          {categories.map((c) => (
            <View key={c} className="station__items">
              <Text className="station__category">{CATEGORY_BY_CODE[c].shortName}</Text>
              <Text className="station__item-names">
                {notice.items
                  .filter((code) => ITEM_BY_CODE.get(code)?.category === c)
                  .map((code) => ITEM_BY_CODE.get(code)!.item.name)
                  .join('、')}
              </Text>
            </View>
          ))}
        </>
      ) : null}

      {notice.flow.length ? (
        <>
          <Text className="station__label">服务流程</Text>
          <Steps direction="vertical" value={0} className="station__flow">
            {notice.flow.map((step, i) => (
              <Step key={step} value={i + 1} title={step} description={null} />
            ))}
          </Steps>
        </>
      ) : null}

      {notice.staff.length ? (
        <>
          <Text className="station__label">工作人员</Text>
          <Text className="station__line">{notice.staff.map((s) => `${s.name}（${s.title}）`).join('、')}</Text>
        </>
      ) : null}

      <Text className="station__label">投诉电话</Text>
      <Text
        className="station__line"
        onClick={() => void Taro.makePhoneCall({ phoneNumber: notice.complaintPhone }).catch(() => undefined)}
      >
        {notice.complaintPhone || '暂未公布'}
      </Text>
    </View>
  )
}
