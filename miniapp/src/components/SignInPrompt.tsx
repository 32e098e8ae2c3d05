import { EmptyView } from './StatusView'
import { askToSignIn } from '../signIn'

/** Signed out: say why this page is empty and lead to 我的, where one signs in (and comes back here). */
export function SignInPrompt({ what }: { what: string }) {
  return <EmptyView title="请先登录" description={`登录后查看${what}`} actionText="去登录" onAction={askToSignIn} />
}
