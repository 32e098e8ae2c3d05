import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { StatsQuery } from '@qi/shared'
import { downloadFile, messageOf, showMessage } from '../../api'
import { statsXlsxPath } from '../api'

/**
 * 导出Excel: the overview of the same period and filters as a workbook, fetched
 * with the session. The mini-program opens it in the phone's reader (from
 * where it can be forwarded); H5 saves it under its name.
 */
export function ExportButton({ query }: { query: StatsQuery }) {
  const [busy, setBusy] = useState(false)
  const run = async () => {
    if (busy) return
    setBusy(true)
    try {
      const local = await downloadFile(statsXlsxPath(query))
      if (process.env.TARO_ENV === 'h5') {
        const a = document.createElement('a')
        a.href = local
        a.download = `效能评估-${query.from}-${query.to}.xlsx`
        a.rel = 'noopener'
        document.body.appendChild(a)
        a.click()
        a.remove()
      } else await Taro.openDocument({ filePath: local, fileType: 'xlsx', showMenu: true })
    } catch (e) {
      showMessage(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className={`stats__export${busy ? ' stats__export--busy' : ''}`} data-action="export" onClick={() => void run()}>
      {busy ? '导出中…' : '导出Excel'}
    </View>
  )
}
