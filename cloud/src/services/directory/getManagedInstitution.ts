// One institution as the manager edits it (contact masked).
import type { ManagedInstitution } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { loadInstitution, managedInstitutionView, onlyManagers } from './records';

export async function getManagedInstitution(deps: Deps, p: Principal, id: string): Promise<ManagedInstitution> {
  onlyManagers(p);
  return managedInstitutionView(deps.pii, await loadInstitution(deps, deps.db, id));
}
