import { useCallback, useEffect, useRef, useState } from 'react'
import type { NeedState } from '@qi/shared'
import { fetchNeeds, messageOf, type NeedSummary } from '../api'

export type ListStatus = 'idle' | 'loading' | 'ready' | 'error'

export interface NeedListState {
  status: ListStatus
  items: NeedSummary[]
  nextCursor: string | null
  error: string
  loadingMore: boolean
}

const initial: NeedListState = { status: 'idle', items: [], nextCursor: null, error: '', loadingMore: false }

/**
 * GET /api/needs, newest first, cursor-paged, optionally only one state.
 * `enabled` false (signed out) clears the list. `refresh` keeps what is
 * shown while it reloads.
 */
export function useNeedList(enabled: boolean, filter?: NeedState) {
  const [state, setState] = useState<NeedListState>(initial)
  const seq = useRef(0)
  const stateFilter = useRef(filter)
  stateFilter.current = filter

  const load = useCallback(async (mode: 'reload' | 'refresh') => {
    const mine = ++seq.current
    setState((s) => (mode === 'reload' || s.status !== 'ready' ? { ...initial, status: 'loading' } : s))
    try {
      const page = await fetchNeeds(null, { toast: mode === 'refresh', state: stateFilter.current })
      if (mine !== seq.current) return
      setState({ status: 'ready', items: page.items, nextCursor: page.nextCursor, error: '', loadingMore: false })
    } catch (e) {
      if (mine !== seq.current) return
      setState((s) =>
        mode === 'refresh' && s.status === 'ready'
          ? s // keep the list; the toast said what went wrong
          : { ...initial, status: 'error', error: messageOf(e) },
      )
    }
  }, [])

  const loadMore = useCallback(async () => {
    const { status, nextCursor, loadingMore } = stateRef.current
    if (status !== 'ready' || !nextCursor || loadingMore) return
    const mine = seq.current
    setState((s) => ({ ...s, loadingMore: true }))
    try {
      const page = await fetchNeeds(nextCursor, { state: stateFilter.current })
      if (mine !== seq.current) return
      setState((s) => ({ ...s, items: [...s.items, ...page.items], nextCursor: page.nextCursor, loadingMore: false }))
    } catch {
      if (mine !== seq.current) return
      setState((s) => ({ ...s, loadingMore: false }))
    }
  }, [])

  const stateRef = useRef(state)
  stateRef.current = state

  useEffect(() => {
    if (enabled) void load('reload')
    else {
      seq.current++
      setState(initial)
    }
  }, [enabled, filter, load])

  return {
    ...state,
    reload: () => load('reload'),
    refresh: () => load('refresh'),
    loadMore,
  }
}
