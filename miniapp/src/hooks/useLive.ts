import { useEffect, useRef } from 'react'

/**
 * Whether the component is still on the screen: an answer arriving after it
 * left (the user went back, the page was closed) is dropped instead of
 * setting state on a component that is gone.
 */
export function useLive(): { readonly current: boolean } {
  const live = useRef(true)
  useEffect(() => {
    live.current = true
    return () => {
      live.current = false
    }
  }, [])
  return live
}
