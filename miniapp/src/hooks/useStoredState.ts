import { useCallback, useRef, useState } from 'react'
import Taro from '@tarojs/taro'

/**
 * State kept in Taro storage under `key` as it changes, so it survives
 * leaving the page, the app being closed, or a crash: what the user typed is
 * never lost. `clear` forgets it (e.g. after a successful submission).
 */
export function useStoredState<T>(key: string, initial: () => T, restore: (stored: unknown) => T | null = (s) => s as T) {
  const [value, setValue] = useState<T>(() => {
    let stored: unknown
    try {
      stored = Taro.getStorageSync(key)
    } catch {
      stored = undefined
    }
    const restored = stored === undefined || stored === '' || stored === null ? null : restore(stored)
    return restored ?? initial()
  })
  const latest = useRef(value)
  latest.current = value

  const update = useCallback(
    (next: T | ((prev: T) => T)) => {
      const v = typeof next === 'function' ? (next as (prev: T) => T)(latest.current) : next
      latest.current = v
      try {
        Taro.setStorageSync(key, v)
      } catch {
        // Storage full or unavailable: the page still works, only the draft is not kept.
      }
      setValue(v)
    },
    [key],
  )

  const clear = useCallback(() => {
    try {
      Taro.removeStorageSync(key)
    } catch {
      /* nothing stored */
    }
    const v = initial()
    latest.current = v
    setValue(v)
    // `initial` is the caller's factory of an empty value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  return [value, update, clear] as const
}
