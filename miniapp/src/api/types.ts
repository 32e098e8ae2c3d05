// Response shapes of the endpoints the mini-program calls: the shared
// contract's types (SPEC: "The HTTP contract (v1)"), type-only imports.
export type { Me, NeedPage, NeedSummary, User } from '@qi/shared'
import type { NeedPage, User } from '@qi/shared'

export interface AuthResult {
  token: string
  user: User
}

export type Page<T> = Omit<NeedPage, 'items'> & { items: T[] }
