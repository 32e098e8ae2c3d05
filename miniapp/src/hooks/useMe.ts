import { useEffect, useState } from 'react'
import { fetchMe, messageOf, onAuthChanged, type Me } from '../api'
import { useSignedIn } from './useSignedIn'

// One GET /api/me per sign-in, shared by the pages that need it.
let cached: Promise<Me> | null = null
onAuthChanged(() => {
  cached = null
})

/** Forgets the cached user (after the profile changed). */
export function invalidateMe(): void {
  cached = null
}

/** Starts (or joins) this sign-in's GET /api/me; the app asks at launch, before the first page has loaded. */
export function loadMe(): Promise<Me> {
  if (!cached) {
    const mine = fetchMe({ toast: false })
    cached = mine
    mine.catch(() => {
      if (cached === mine) cached = null
    })
  }
  return cached
}

export type MeState = { status: 'signed_out' } | { status: 'loading' } | { status: 'ready'; me: Me } | { status: 'error'; message: string }

/** The signed-in user with its enterprise (null when it has not filled it in yet). */
export function useMe(): MeState & { reload: () => void } {
  const signedIn = useSignedIn()
  const [state, setState] = useState<MeState>({ status: signedIn ? 'loading' : 'signed_out' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (!signedIn) {
      setState({ status: 'signed_out' })
      return
    }
    let live = true
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }))
    loadMe().then(
      (me) => live && setState({ status: 'ready', me }),
      (e: unknown) => live && setState({ status: 'error', message: messageOf(e) }),
    )
    return () => {
      live = false
    }
  }, [signedIn, attempt])

  return { ...state, reload: () => setAttempt((n) => n + 1) }
}
