import { useEffect, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { getToken, onAuthChanged } from '../api/client'

/** Whether a session token is stored; follows sign-in and sign-out from any page. */
export function useSignedIn(): boolean {
  const [signedIn, setSignedIn] = useState(() => getToken() !== null)
  useEffect(() => onAuthChanged(setSignedIn), [])
  useDidShow(() => setSignedIn(getToken() !== null))
  return signedIn
}
