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

export function useTimeLimits(): TimeLimits {
  const [limits, setLimits] = useState<TimeLimits>(DEFAULT_TIME_LIMITS)
  useEffect(() => {
    let live = true
    cached ??= fetchTimeLimits({ toast: false }).then((v) => v.limits)
    const mine = cached
    mine.then(
      (l) => live && setLimits(l),
      () => {
        if (cached === mine) cached = null
      },
    )
    return () => {
      live = false
    }
  }, [])
  return limits
}
