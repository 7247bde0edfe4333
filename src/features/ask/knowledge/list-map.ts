/**
 * Appends `value` to the list under `key`. A new list starts as a one-element literal: most of the
 * index's lists (typo deletions, postings, synonym buckets) keep one or two elements, and an empty `[]`
 * grown by push() reserves room for 17 (~150 bytes each; ~2 MB over the typo index alone).
 */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
