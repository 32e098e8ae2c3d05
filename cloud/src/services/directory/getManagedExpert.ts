// One expert as the manager edits it (contact masked).
import type { ManagedExpert } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { loadExpert, managedExpertView, onlyManagers } from './records';

export async function getManagedExpert(deps: Deps, p: Principal, id: string): Promise<ManagedExpert> {
  onlyManagers(p);
  return managedExpertView(deps.pii, await loadExpert(deps, deps.db, id));
}
