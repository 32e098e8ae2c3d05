import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { messageOf } from '../api/client'
import { useLive } from './useLive'

export type RemoteState<T> =
  { status: 'loading' } | { status: 'ready'; data: T; refreshing: boolean } | { status: 'error'; message: string }

/**
 * One thing loaded from the API for a page: loading, ready or error (with the
 * Chinese message, network failures included). `reload` shows the loading
 * view again; `refresh` keeps what is shown (pull to refresh) and, when it
 * fails, keeps it too (the client's toast says what went wrong); `set`
 * replaces the data with what an action answered.
 */
export function useRemote<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<RemoteState<T>>({ status: 'loading' })
  const seq = useRef(0)
  const live = useLive()
  const loadRef = useRef(load)
  loadRef.current = load

  const run = useCallback(
    async (mode: 'reload' | 'refresh') => {
      const mine = ++seq.current
      setState((s) => (mode === 'refresh' && s.status === 'ready' ? { ...s, refreshing: true } : { status: 'loading' }))
      try {
        const data = await loadRef.current()
        if (mine === seq.current && live.current) setState({ status: 'ready', data, refreshing: false })
      } catch (e) {
        if (mine !== seq.current || !live.current) return
        setState((s) =>
          mode === 'refresh' && s.status === 'ready' ? { ...s, refreshing: false } : { status: 'error', message: messageOf(e) },
        )
      }
    },
    [live],
  )

  useEffect(() => {
    void run('reload')
    // The caller lists what the loader depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)

  const set = useCallback((data: T) => {
    seq.current++
    setState({ status: 'ready', data, refreshing: false })
  }, [])

  return { state, reload: () => run('reload'), refresh: () => run('refresh'), set }
}

/**
 * `useRemote` for what a page lists: refreshed when the user comes back to
 * the page (from an edit, once it has loaded) and when they pull it down.
 */
export function useRemotePage<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const remote = useRemote(load, deps)
  useDidShow(() => {
    if (remote.state.status === 'ready') void remote.refresh()
  })
  usePullDownRefresh(async () => {
    await remote.refresh()
    Taro.stopPullDownRefresh()
  })
  return remote
}
