import { useEffect, useState } from 'react'
import { DEFAULT_TIME_LIMITS, type TimeLimits } from '@qi/shared'
import { fetchTimeLimits } from '../api'

// The limits in force, asked once per app session: the texts that promise them
// ("5 个工作日内答复") follow what a manager set. Until the answer comes (or if
// it fails) they show the spec's defaults, which is what they were before.
let cached: Promise<TimeLimits> | null = null

/** Forgets the cached limits (after a manager saved new ones). */
export function invalidateTimeLimits(): void {
  cached = null
}

/** Starts (or joins) this session's GET /api/settings/time-limits; the app asks at launch. */
export function loadTimeLimits(): Promise<TimeLimits> {
  if (!cached) {
    const mine = fetchTimeLimits({ toast: false }).then((v) => v.limits)
    cached = mine
    mine.catch(() => {
      if (cached === mine) cached = null
    })
  }
  return cached
}

export function useTimeLimits(): TimeLimits {
  const [limits, setLimits] = useState<TimeLimits>(DEFAULT_TIME_LIMITS)
  useEffect(() => {
    let live = true
    loadTimeLimits().then(
      (l) => live && setLimits(l),
      () => undefined, // the defaults stay
    )
    return () => {
      live = false
    }
  }, [])
  return limits
}
