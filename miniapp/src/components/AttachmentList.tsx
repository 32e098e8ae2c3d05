import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Link, Photograph } from '@nutui/icons-react-taro'
import { formatBytes, isImageMime, type Attachment } from '@qi/shared'
import { downloadFile, messageOf, showMessage } from '../api'
import './AttachmentList.scss'

/**
 * A need's attachments, read-only. Files are fetched with the session (the
 * API shows them only to the need's parties) when tapped: photos open in the
 * image viewer, documents in the phone's reader (a new tab on H5).
 */
export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  const [opening, setOpening] = useState<string | null>(null)
  if (!attachments.length) return <Text className="attachment-list__none">无</Text>

  const open = async (a: Attachment) => {
    if (opening) return
    setOpening(a.url)
    try {
      const local = await downloadFile(a.url)
      if (isImageMime(a.mime)) await Taro.previewImage({ urls: [local], current: local })
      else if (process.env.TARO_ENV === 'h5') window.open(local, '_blank')
      else await Taro.openDocument({ filePath: local, showMenu: true })
    } catch (e) {
      showMessage(messageOf(e))
    } finally {
      setOpening(null)
    }
  }

  return (
    <View className="attachment-list">
      {attachments.map((a) => (
        <View key={a.url} className="attachment-list__item" onClick={() => void open(a)}>
          {isImageMime(a.mime) ? <Photograph size={16} /> : <Link size={16} />}
          <Text className="attachment-list__name">{a.name}</Text>
          <Text className="attachment-list__size">{opening === a.url ? '打开中…' : formatBytes(a.size)}</Text>
        </View>
      ))}
    </View>
  )
}
