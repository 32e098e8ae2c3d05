import { View } from '@tarojs/components'
import { SignInPrompt } from '../../components/SignInPrompt'
import { ErrorView, LoadingView } from '../../components/StatusView'
import type { RemoteState } from '../../hooks/useRemote'

/**
 * What a manager's list page shows instead of its list: the sign-in prompt
 * (in the page's block), the error with a retry, or the loading view; null
 * once the list is there.
 */
export function listGate<T>(
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
  if (remote.state.status === 'error') return <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
  if (remote.state.status === 'loading') return <LoadingView />
  return null
}
