import { useCallback, useEffect, useRef, useState } from 'react'
import { messageOf } from '../api'
import { useLive } from './useLive'

export interface PagedState<T, X> {
  status: 'loading' | 'ready' | 'error'
  items: T[]
  nextCursor: string | null
  /** What the first page carried besides its items (counts…). */
  extra: X | null
  error: string
  loadingMore: boolean
}

/** A paged list as shown: its state and what can be done with it. */
export interface PagedList<T, X = null> extends PagedState<T, X> {
  /** From the first page again, showing the loading view. */
  reload: () => Promise<void>
  /** From the first page again, keeping what is shown until it answers. */
  refresh: () => Promise<void>
  loadMore: () => Promise<void>
}

/**
 * A cursor-paged list whose query is `key` (a new key reloads from the first
 * page; answers to an older key are dropped). `refresh` keeps what is shown.
 */
export function usePagedList<T, X = null>(
  key: string,
  load: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null; extra?: X }>,
): PagedList<T, X> {
  const [state, setState] = useState<PagedState<T, X>>({
    status: 'loading',
    items: [],
    nextCursor: null,
    extra: null,
    error: '',
    loadingMore: false,
  })
  const seq = useRef(0)
  const live = useLive()
  const loadRef = useRef(load)
  loadRef.current = load
  const stateRef = useRef(state)
  stateRef.current = state

  const first = useCallback(
    async (keep: boolean) => {
      const mine = ++seq.current
      if (!keep) setState((s) => ({ ...s, status: 'loading', items: [], nextCursor: null, error: '' }))
      try {
        const page = await loadRef.current(null)
        if (mine !== seq.current || !live.current) return
        setState({
          status: 'ready',
          items: page.items,
          nextCursor: page.nextCursor,
          extra: page.extra ?? null,
          error: '',
          loadingMore: false,
        })
      } catch (e) {
        if (mine !== seq.current || !live.current) return
        setState((s) => (keep && s.status === 'ready' ? s : { ...s, status: 'error', error: messageOf(e) }))
      }
    },
    [live],
  )

  useEffect(() => {
    void first(false)
  }, [key, first])

  const loadMore = useCallback(async () => {
    const { status, nextCursor, loadingMore } = stateRef.current
    if (status !== 'ready' || !nextCursor || loadingMore) return
    const mine = seq.current
    setState((s) => ({ ...s, loadingMore: true }))
    try {
      const page = await loadRef.current(nextCursor)
      if (mine !== seq.current || !live.current) return
      setState((s) => ({ ...s, items: [...s.items, ...page.items], nextCursor: page.nextCursor, loadingMore: false }))
    } catch {
      if (mine === seq.current && live.current) setState((s) => ({ ...s, loadingMore: false }))
    }
  }, [live])

  return { ...state, reload: () => first(false), refresh: () => first(true), loadMore }
}
