// The per-instance memory of what a request found and a later one may reuse
// (tokens already checked, what a caller's statement checks): bounded, the
// least recently remembered forgotten first.

/** Sets `key` in `map` as its newest entry, forgetting the oldest past `max` entries. */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}
