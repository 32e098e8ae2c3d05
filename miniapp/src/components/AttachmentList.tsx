import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Link, Photograph } from '@nutui/icons-react-taro'
import { formatBytes, isImageMime, UPLOAD_TYPES, type Attachment } from '@qi/shared'
import { downloadFile, messageOf, showMessage } from '../api'
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

/**
 * H5: shows the downloaded file in the tab opened at the tap. A PDF: the tab
 * goes to it, in the browser's own PDF viewer (the page's CSP forbids framing
 * a blob: URL, so it cannot sit in a page of ours). A photo: a page titled
 * with its name, the photo in full, and a link that saves it under that name.
 * Word and Excel files, which a browser cannot show, are saved under their name.
 */
function showInTab(tab: Window | null, local: string, a: Attachment): void {
  const viewable = isImageMime(a.mime) || a.mime === 'application/pdf'
  if (!tab || !viewable) {
    tab?.close()
    const link = document.createElement('a')
    link.href = local
    link.download = a.name
    link.rel = 'noopener'
    document.body.appendChild(link)
    link.click()
    link.remove()
    return
  }
  if (!isImageMime(a.mime)) {
    tab.location.href = local
    return
  }
  const doc = tab.document
  doc.title = a.name
  doc.body.style.margin = '0'
  const bar = doc.createElement('div')
  bar.style.cssText = 'display:flex;gap:12px;align-items:center;padding:8px 12px;font:14px/1.4 sans-serif;word-break:break-all'
  const name = doc.createElement('span')
  name.textContent = a.name
  name.style.flex = '1'
  const save = doc.createElement('a')
  save.href = local
  save.download = a.name
  save.textContent = '保存'
  bar.append(name, save)
  const view = doc.createElement('img')
  view.setAttribute('src', local)
  view.setAttribute('alt', a.name)
  view.style.cssText = 'display:block;max-width:100%;margin:0 auto'

  doc.body.append(bar, view)
}

/**
 * A need's attachments, read-only. Files are fetched with the session (the
 * API shows them only to the need's parties) when tapped and previewed in the
 * app under their own names: on weapp photos in the image viewer and PDF,
 * Word and Excel files in the document reader (saved as their name first);
 * on H5 in a new tab (a photo titled with its name, a PDF in the browser's
 * viewer; Word and Excel are saved under their name).
 */
export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  const [opening, setOpening] = useState<string | null>(null)
  if (!attachments.length) return <Text className="attachment-list__none">无</Text>

  const open = async (a: Attachment) => {
    if (opening) return
    // H5: the tab opens in the tap itself (a browser blocks one opened after the download).
    const h5 = process.env.TARO_ENV === 'h5'
    const tab = h5 && (isImageMime(a.mime) || a.mime === 'application/pdf') ? window.open('', '_blank') : null
    setOpening(a.url)
    try {
      const local = await downloadFile(a.url, { saveAs: savedName(a) })
      if (h5) showInTab(tab, local, a)
      else if (isImageMime(a.mime)) await Taro.previewImage({ urls: [local], current: local })
      else if (DOCUMENT_TYPES[a.mime]) await Taro.openDocument({ filePath: local, fileType: DOCUMENT_TYPES[a.mime], showMenu: true })
      else showMessage('手机上无法预览该类型的文件，请在电脑上查看')
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
