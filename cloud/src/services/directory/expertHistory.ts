// Every change to an expert: who (masked), when, which fields.
import type { DirectoryChange } from '@qi/shared';
import type { Principal } from '../../auth/principal';
import type { Deps } from '../../deps';
import { historyOf } from './records';

export const expertHistory = (deps: Deps, p: Principal, id: string): Promise<DirectoryChange[]> => historyOf(deps, p, 'expert', id);
