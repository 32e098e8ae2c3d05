import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Location, Scan, Setting, Store } from '@nutui/icons-react-taro'
import { parseScanned, RATING_LINK_PAGE, ratingLinkToken } from '@qi/shared'
import { showMessage } from '../api'
import { useMe } from '../hooks/useMe'
import { manageStationsPage, mapPage, needScanPage, rateLinkPage, stationPage } from '../links'
import './ScanButton.scss'

/** weapp: scans a station's code or a need's receipt code and opens what it leads to. */
async function scan(): Promise<void> {
  let scanned: Taro.scanCode.SuccessCallbackResult
  try {
    // 'wxCode' (小程序码) is WeChat's, missing from Taro's type.
    const scanType = ['qrCode', 'wxCode'] as unknown as (keyof Taro.scanCode.ScanType)[]
    scanned = await Taro.scanCode({ scanType })
  } catch {
    return // cancelled
  }
  // A mini-program code gives its page path with the scene; a plain QR code its text.
  const text = scanned.path || scanned.result || ''
  // A need's one-time rating code (一次一评): its page, signed in or not.
  const token = text.includes(RATING_LINK_PAGE) ? ratingLinkToken(text) : null
  if (token) return void (await Taro.navigateTo({ url: rateLinkPage(token) }))
  const target = parseScanned(text)
  if (!target) {
    showMessage('无法识别该二维码：不是本平台的站点码或需求回执码')
    return
  }
  await Taro.navigateTo({ url: target.kind === 'station' ? stationPage(target.code) : needScanPage(target.number) })
}

/**
 * The offline entries on the service hall: 扫一扫 (weapp: a station's code,
 * or staff scanning a need's receipt), 服务地图, 站点工作台 for a station's
 * specialists, and 站点管理 for managers.
 * On H5 a code is scanned with the phone's camera, which opens its address.
 */
export function ScanButton() {
  const me = useMe()
  const manager = me.status === 'ready' && me.me.roles.includes('manager')
  // A specialist's own stations: their desk (check-ins to greet, needs raised there).
  const desks = me.status === 'ready' && me.me.roles.includes('specialist') ? me.me.stations : []

  const openDesk = async () => {
    let chosen = desks[0]
    if (desks.length > 1) {
      const { tapIndex } = await Taro.showActionSheet({ itemList: desks.map((d) => d.name) }).catch(() => ({ tapIndex: -1 }))
      chosen = desks[tapIndex]
    }
    if (chosen) void Taro.navigateTo({ url: stationPage(chosen.id) })
  }

  return (
    <View className="scan-entry">
      {process.env.TARO_ENV === 'weapp' ? (
        <View className="scan-entry__item" onClick={() => void scan()}>
          <Scan size={22} />
          <Text className="scan-entry__text">扫一扫</Text>
        </View>
      ) : null}
      <View className="scan-entry__item" onClick={() => void Taro.navigateTo({ url: mapPage })}>
        <Location size={22} />
        <Text className="scan-entry__text">服务地图</Text>
      </View>
      {desks.length ? (
        <View className="scan-entry__item" onClick={() => void openDesk()}>
          <Store size={22} />
          <Text className="scan-entry__text">站点工作台</Text>
        </View>
      ) : null}
      {manager ? (
        <View className="scan-entry__item" onClick={() => void Taro.navigateTo({ url: manageStationsPage })}>
          <Setting size={22} />
          <Text className="scan-entry__text">站点管理</Text>
        </View>
      ) : null}
    </View>
  )
}
