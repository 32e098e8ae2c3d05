import { View } from '@tarojs/components'
import type { RemoteState } from '../hooks/useRemote'
import { SignInPrompt } from './SignInPrompt'
import { ErrorView, LoadingView } from './StatusView'

/**
 * What a page shows until what it loaded is there, in the page's own block:
 * the sign-in prompt, the loading view, or the error with a retry; null once
 * the data is ready (the page then draws it).
 */
export function pageGate<T>(
  signedIn: boolean,
  remote: { state: RemoteState<T>; reload: () => Promise<void> },
  page: { className: string; what: string },
) {
  if (!signedIn)
    return (
      <View className={page.className}>
        <SignInPrompt what={page.what} />
      </View>
    )
  if (remote.state.status === 'error')
    return (
      <View className={page.className}>
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      </View>
    )
  if (remote.state.status === 'loading')
    return (
      <View className={page.className}>
        <LoadingView />
      </View>
    )
  return null
}
