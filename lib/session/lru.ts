export interface LruWeight<V> {
  /** Upper bound on the sum of the entries' weights (e.g. approximate bytes). */
  max: number;
  weigh: (value: V) => number;
}

/**
 * A small bounded map that forgets the least recently used entry first: past
 * `capacity` entries, and (when weighed) past a total weight, so an entry count alone
 * cannot hide unbounded memory when entries can be large.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly weight?: LruWeight<V>,
  ) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.map.set(key, value);
    if (this.weight) this.total += this.weight.weigh(value);
    while (this.map.size > this.capacity || (this.weight && this.total > this.weight.max && this.map.size > 0)) {
      this.delete(this.map.keys().next().value as K);
    }
  }

  delete(key: K): void {
    const value = this.map.get(key);
    if (value === undefined) return;
    this.map.delete(key);
    if (this.weight) this.total -= this.weight.weigh(value);
  }

  get size(): number {
    return this.map.size;
  }

  /** Sum of the entries' weights; 0 when not weighed. */
  get weightTotal(): number {
    return this.total;
  }
}
