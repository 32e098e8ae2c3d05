import type { Station } from '@qi/shared';
import type { Deps } from '../../deps';
import { findStation } from './stationView';

/** A station by its uuid or its short code (the one in QR scenes). */
export function getStation(deps: Deps, idOrCode: string): Promise<Station> {
  return findStation(deps, deps.db, idOrCode);
}
