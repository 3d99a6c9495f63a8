/**
 * Random bytes from a pool filled by one getRandomValues call at a time: each call
 * costs microseconds whatever its size (4 KiB cost about twice 80 bytes on Node 20),
 * and a seal needs about 40 bytes. A refill allocates a new pool, so bytes handed out
 * are never written again, and none is handed out twice.
 */
const POOL_BYTES = 4096;

let pool = new Uint8Array(0);
let offset = 0;

export function randomBytes(count: number): Uint8Array {
  if (count > POOL_BYTES) return crypto.getRandomValues(new Uint8Array(count));
  if (offset + count > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + count);
  offset += count;
  return bytes;
}
