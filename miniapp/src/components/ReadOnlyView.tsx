import type { Role } from '@qi/shared'
import { hasAnyRole } from '@qi/shared'
import type { MeState } from '../hooks/useMe'
import { EmptyView, LoadingView } from './StatusView'

/**
 * What a role without the right sees on a page it reached by its URL: that
 * the page is read-only, why, and (if there is one) the way to where it can
 * look. No field to type into, no button that would be refused.
 */
export function ReadOnlyView({ description, actionText, onAction }: { description: string; actionText?: string; onAction?: () => void }) {
  return <EmptyView title="只能查看，不能编辑" description={description} actionText={actionText} onAction={onAction} />
}

/**
 * The gate of a page only `roles` may use: the loading view until the user is
 * known, the read-only notice for anyone else, null for those who may.
 */
export function readOnlyGate(
  me: MeState,
  roles: readonly Role[],
  notice: { description: string; actionText?: string; onAction?: () => void },
) {
  if (me.status === 'loading') return <LoadingView />
  if (me.status === 'ready' && hasAnyRole(me.me.user.roles, roles)) return null
  return <ReadOnlyView {...notice} />
}
