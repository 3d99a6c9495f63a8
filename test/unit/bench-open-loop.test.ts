import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's plain-JavaScript helpers carry no types.
import { openLoad } from '../../bench/lib/open-loop.mjs';

/** A server on loopback whose answer to each request `answer` decides. */
async function serve(answer: (request: IncomingMessage, n: number) => number): Promise<{ url: string; server: Server }> {
  let n = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.statusCode = answer(request, n++);
      response.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('npm run bench: latency at a fixed rate (bench/lib/open-loop.mjs)', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('sends rate × duration requests, counts those due after the warm-up, and rotates the visitors', async () => {
    const seen = new Map<string, number>();
    const started = await serve((request) => {
      const cookie = request.headers.cookie ?? '(none)';
      seen.set(cookie, (seen.get(cookie) ?? 0) + 1);
      return 200;
    });
    server = started.server;
    const result = await openLoad({ url: started.url, path: '/', rate: 200, duration: 1, warmup: 0.25, cookies: ['a=1', 'a=2', 'a=3', 'a=4'] });
    expect(result.errors).toBe(0);
    // 200 sent; the first 50 were due within the warm-up.
    expect(result.latencies).toHaveLength(150);
    expect([...seen.entries()].sort()).toEqual([['a=1', 50], ['a=2', 50], ['a=3', 50], ['a=4', 50]]);
    expect(result.latencies).toEqual([...result.latencies].sort((a: number, b: number) => a - b));
    expect(result.p50).toBeLessThanOrEqual(result.p99);
  });

  it('counts a stalled server\'s delay from when each request was due, though the requests went out late', async () => {
    // The server blocks its process (the load generator's too) for 300 ms at request 100:
    // the requests due meanwhile go out late, and each still counts from when it was due.
    const stallMs = 300;
    const started = await serve((_request, n) => {
      if (n === 100) {
        const until = performance.now() + stallMs;
        while (performance.now() < until);
      }
      return 200;
    });
    server = started.server;
    const result = await openLoad({ url: started.url, path: '/', rate: 200, duration: 1.5, warmup: 0.25 });
    expect(result.errors).toBe(0);
    expect(result.lateMs).toBeGreaterThanOrEqual(stallMs / 2);
    // 60 requests were due during the stall; the first half of them waited at least half of it.
    const delayed = result.latencies.filter((ms: number) => ms >= stallMs / 2);
    expect(delayed.length).toBeGreaterThanOrEqual(25);
    expect(result.p99).toBeGreaterThanOrEqual(stallMs / 2);
  });

  it('counts an answer other than 200 as an error, not as a latency', async () => {
    const started = await serve((_request, n) => (n % 2 ? 500 : 200));
    server = started.server;
    const result = await openLoad({ url: started.url, path: '/', method: 'PATCH', rate: 100, duration: 1, warmup: 0, body: () => '{}' });
    expect(result.errors).toBe(50);
    expect(result.latencies).toHaveLength(50);
  });

  it('counts a response cut off midway as one error, not a latency, and waits for every request before it settles', async () => {
    // Every other answer promises 100 bytes and the connection closes after 10.
    let n = 0;
    const cut = createServer((_request, response) => {
      if (n++ % 2 === 0) return void response.end('ok');
      response.writeHead(200, { 'content-length': '100' });
      response.write('0123456789', () => response.socket?.destroy());
    });
    server = cut;
    await new Promise<void>((resolve) => cut.listen(0, '127.0.0.1', resolve));
    const result = await openLoad({ url: `http://127.0.0.1:${(cut.address() as AddressInfo).port}`, path: '/', rate: 100, duration: 1, warmup: 0 });
    expect(n).toBe(100);
    expect(result.errors).toBe(50);
    expect(result.latencies).toHaveLength(50);
  });
});
