import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import { API_PATHS, apiPath } from '@qi/shared'
import { downloadFile } from '../api/client'
import './NeedQrCode.scss'

/**
 * The code on a need's receipt (最多跑一次): staff scan it at the window to
 * open the need. The image needs the caller's token, so it is downloaded
 * (H5: a blob URL; weapp: a temp file) rather than linked.
 */
export function NeedQrCode({ needId, number }: { needId: string; number: string }) {
  const [src, setSrc] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    let live = true
    downloadFile(apiPath(API_PATHS.needQrSvg, { id: needId })).then(
      (path) => live && setSrc(path),
      () => live && setFailed(true),
    )
    return () => {
      live = false
    }
  }, [needId])

  return (
    <View className="need-qr">
      {src ? <Image className="need-qr__image" src={src} mode="aspectFit" /> : null}
      <Text className="need-qr__note">{failed ? '回执码暂时无法显示' : `到站办理时出示此码，工作人员扫码即可调阅需求 ${number}`}</Text>
    </View>
  )
}
