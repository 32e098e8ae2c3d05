import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { downloadFile, messageOf, showMessage } from '../api/client'

/**
 * 下载PDF: fetches a PDF the API serves to the signed-in caller (with the
 * session's Authorization header) and opens it — in the phone's document
 * reader on weapp (where it can be saved or forwarded), as a file download
 * on H5 (a blob URL behind an <a download>).
 */
export function PdfDownload({ path, fileName, label = '下载PDF' }: { path: string; fileName: string; label?: string }) {
  const [busy, setBusy] = useState(false)
  const download = async () => {
    if (busy) return
    setBusy(true)
    try {
      const local = await downloadFile(path)
      if (process.env.TARO_ENV === 'h5') {
        const a = document.createElement('a')
        a.href = local
        a.download = fileName
        a.rel = 'noopener'
        document.body.appendChild(a)
        a.click()
        a.remove()
      } else {
        await Taro.openDocument({ filePath: local, fileType: 'pdf', showMenu: true })
      }
    } catch (e) {
      showMessage(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button type="primary" fill="outline" size="small" loading={busy} className="pdf-download" onClick={() => void download()}>
      {busy ? '正在生成…' : label}
    </Button>
  )
}
