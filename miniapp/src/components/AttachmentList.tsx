import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Link, Photograph } from '@nutui/icons-react-taro'
import { formatBytes, isImageMime, UPLOAD_TYPES, uploadIdOf, type Attachment } from '@qi/shared'
import { ApiError, downloadFile, fetchFileLink, messageOf, showMessage } from '../api'
import './AttachmentList.scss'

/** The reader's file type of a document (weapp openDocument), by MIME; null: none reads it. */
const DOCUMENT_TYPES: Readonly<Record<string, 'pdf' | 'doc' | 'docx' | 'xls' | 'xlsx'>> = {
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
}

/** A file name safe to save under in the app's folder: its own, without path separators, with its extension. */
export function savedName(a: Pick<Attachment, 'name' | 'mime'>): string {
  const base = a.name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 100) || '附件'
  const ext = UPLOAD_TYPES[a.mime]?.[0]
  return ext && !base.toLowerCase().endsWith(`.${ext}`) ? `${base}.${ext}` : base
}

/** Shown in the browser's own viewer (H5) or the image viewer (weapp); anything else is a document to read or save. */
const isShown = (mime: string) => isImageMime(mime) || mime === 'application/pdf'

/**
 * H5: the tab opened at the tap goes to the file's download link — a PDF in
 * the browser's viewer, a photo on its own — whose path ends with the file's
 * name, and which the server answers with that name (Content-Disposition), so
 * the tab's title and its save button keep it. Word and Excel files, which a
 * browser cannot show, are saved under their name from the same link.
 */
function openOnH5(tab: Window | null, url: string, a: Attachment): void {
  const href = new URL(url, window.location.href).href
  if (tab && isShown(a.mime)) {
    tab.opener = null
    tab.location.href = href
    return
  }
  tab?.close()
  const link = document.createElement('a')
  link.href = href
  link.download = a.name
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
}

/**
 * A need's attachments, read-only. When one is tapped the app asks for its
 * download link (the API gives one only to the need's parties, valid a few
 * minutes) and shows the file under its own name: on weapp photos in the image
 * viewer and PDF, Word and Excel files in the document reader (downloaded
 * through the link and saved as their name first, so 转发 keeps it); on H5 in
 * a new tab at the link (a photo or a PDF in the browser's viewer; Word and
 * Excel are saved under their name).
 */
export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  const [opening, setOpening] = useState<string | null>(null)
  if (!attachments.length) return <Text className="attachment-list__none">无</Text>

  const open = async (a: Attachment) => {
    if (opening) return
    // H5: the tab opens in the tap itself (a browser blocks one opened after the link arrives).
    const h5 = process.env.TARO_ENV === 'h5'
    const tab = h5 && isShown(a.mime) ? window.open('', '_blank') : null
    setOpening(a.url)
    try {
      const id = uploadIdOf(a.url)
      if (!id) throw new ApiError(0, 'not_an_upload', '无法打开该附件，请联系服务专员')
      const { url } = await fetchFileLink(id, { toast: false })
      if (h5) openOnH5(tab, url, a)
      else {
        const local = await downloadFile(url, { saveAs: savedName(a), session: false })
        if (isImageMime(a.mime)) await Taro.previewImage({ urls: [local], current: local })
        else if (DOCUMENT_TYPES[a.mime]) await Taro.openDocument({ filePath: local, fileType: DOCUMENT_TYPES[a.mime], showMenu: true })
        else showMessage('手机上无法预览该类型的文件，请在电脑上查看')
      }
    } catch (e) {
      tab?.close()
      showMessage(messageOf(e))
    } finally {
      setOpening(null)
    }
  }

  return (
    <View className="attachment-list">
      {attachments.map((a) => (
        <View key={a.url} className="attachment-list__item" data-attachment={a.name} onClick={() => void open(a)}>
          {isImageMime(a.mime) ? <Photograph size={16} /> : <Link size={16} />}
          <Text className="attachment-list__name">{a.name}</Text>
          <Text className="attachment-list__size">{opening === a.url ? '打开中…' : formatBytes(a.size)}</Text>
        </View>
      ))}
    </View>
  )
}
