export interface LruWeight<V> {
  /** Upper bound on the sum of the entries' weights (e.g. approximate bytes). */
  max: number;
  weigh: (value: V) => number;
}

/** A value and when it was last put at the young end (the count of moves so far). */
interface Slot<V> {
  value: V;
  moved: number;
}

/**
 * A small bounded map that forgets the least recently used entry first: past
 * `capacity` entries, and (when weighed) past a total weight, so an entry count alone
 * cannot hide unbounded memory when entries can be large.
 *
 * A read moves its entry to the young end only once the entry has aged into the older
 * half: a hot entry is not deleted and inserted again on every read (most of a cache
 * hit's cost), and an entry read while in the younger half cannot be the next evicted.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, Slot<V>>();
  private total = 0;
  private moves = 0;

  constructor(
    private readonly capacity: number,
    private readonly weight?: LruWeight<V>,
  ) {}

  get(key: K): V | undefined {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    // At most `moves - slot.moved` entries follow this one in the map's order: while
    // that is less than half the map, at least as many precede it, and it stays.
    if (this.moves - slot.moved > (this.map.size - 1) >> 1) {
      this.map.delete(key);
      this.map.set(key, slot);
      slot.moved = ++this.moves;
    }
    return slot.value;
  }

  /** The value of `key`, made by `make` and kept when there is none (undefined is never kept). */
  getOrSet(key: K, make: () => V): V {
    let value = this.get(key);
    if (value === undefined) this.set(key, (value = make()));
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.map.set(key, { value, moved: ++this.moves });
    if (this.weight) this.total += this.weight.weigh(value);
    while (this.map.size > this.capacity || (this.weight && this.total > this.weight.max && this.map.size > 0)) {
      this.delete(this.map.keys().next().value as K);
    }
  }

  delete(key: K): void {
    const slot = this.map.get(key);
    if (slot === undefined) return;
    this.map.delete(key);
    if (this.weight) this.total -= this.weight.weigh(slot.value);
  }

  get size(): number {
    return this.map.size;
  }

  /** Sum of the entries' weights; 0 when not weighed. */
  get weightTotal(): number {
    return this.total;
  }
}
