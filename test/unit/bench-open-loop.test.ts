import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's plain-JavaScript helpers carry no types.
import { armSchedule, interleavedLoad } from '../../bench/lib/open-loop.mjs';

/** One kind of request alone in the stream: its figures, and the load generator's lag. */
async function openLoad({ rate, duration, warmup, ...arm }: Record<string, unknown>) {
  const { arms, lateMs } = await interleavedLoad({ arms: [arm], rate, duration, warmup });
  return { ...arms[0], lateMs };
}

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

  it('interleaves arms request by request: each its share of the rate, with its own requests', async () => {
    const arrivals: string[] = [];
    const started = await serve((request) => {
      arrivals.push(`${request.url} ${request.headers.cookie ?? '-'}`);
      return 200;
    });
    server = started.server;
    const arms = [
      { url: started.url, path: '/a', cookies: ['v=1', 'v=2'] },
      { url: started.url, path: '/b', cookie: () => undefined },
      { url: started.url, path: '/c', headers: { cookie: 'fixed=1' } },
    ];
    const result = await interleavedLoad({ arms, rate: 300, duration: 1, warmup: 0.2, seed: 3 });
    expect(result.arms).toHaveLength(3);
    // 300 requests, 100 an arm; those due in the first 0.2 s (60) are left out, 20 of each arm.
    for (const arm of result.arms) {
      expect(arm.errors).toBe(0);
      expect(arm.latencies).toHaveLength(80);
      expect(arm.p50).toBeLessThanOrEqual(arm.p99);
    }
    const count = (line: string) => arrivals.filter((seen) => seen === line).length;
    expect([count('/a v=1'), count('/a v=2'), count('/b -'), count('/c fixed=1')]).toEqual([50, 50, 100, 100]);
  });

  it('gives every cycle one request of each arm, in an order that changes from cycle to cycle and is the same for a seed', () => {
    const cyclesOf = (seed: number) => {
      const next = armSchedule(3, seed) as () => number;
      return Array.from({ length: 100 }, () => [next(), next(), next()].join(''));
    };
    const cycles = cyclesOf(3);
    expect(cycles.every((cycle) => [...cycle].sort().join('') === '012')).toBe(true);
    // All six orders come up, so no arm always follows the same other.
    expect(new Set(cycles).size).toBe(6);
    expect(cyclesOf(3)).toEqual(cycles);
    expect(cyclesOf(4)).not.toEqual(cycles);
  });

  it('sends a GET again when the server closed its kept-alive socket as it went out, and counts any other failure as an error', async () => {
    // Every socket's second request finds it closed: what a server closing idle kept-alive sockets does at the wrong moment.
    const perSocket = new WeakMap<object, number>();
    let answered = 0;
    const closing = createServer((request, response) => {
      const seen = (perSocket.get(request.socket) ?? 0) + 1;
      perSocket.set(request.socket, seen);
      if (seen === 2) return void request.socket.destroy();
      answered++;
      response.end('ok');
    });
    server = closing;
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closing.address() as AddressInfo).port}`;
    const gets = await interleavedLoad({ arms: [{ url, path: '/' }], rate: 100, duration: 1, warmup: 0 });
    expect(gets.arms[0].errors).toBe(0);
    expect(gets.arms[0].resent).toBeGreaterThan(0);
    expect(gets.arms[0].latencies).toHaveLength(100);
    expect(answered).toBe(100);
    // A PATCH is not sent twice: its failure is an error.
    const patches = await interleavedLoad({ arms: [{ url, path: '/', method: 'PATCH', body: () => '{}' }], rate: 100, duration: 1, warmup: 0 });
    expect(patches.arms[0].resent).toBe(0);
    expect(patches.arms[0].errors).toBeGreaterThan(0);
    expect(patches.arms[0].errors + patches.arms[0].latencies.length).toBe(100);
  });
});
