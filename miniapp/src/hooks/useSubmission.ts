import { useCallback, useRef, useState } from 'react'

/**
 * Runs one submission at a time: a second tap while the first is on its way
 * is ignored (the Idempotency-Key protects the server side; this protects
 * the page from showing two outcomes).
 */
export function useSubmission() {
  const running = useRef(false)
  const [busy, setBusy] = useState(false)
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined
    running.current = true
    setBusy(true)
    try {
      return await fn()
    } finally {
      running.current = false
      setBusy(false)
    }
  }, [])
  return { busy, run }
}
