import { afterAll, beforeAll } from 'vitest';
import { createClient } from 'redis';
import { freePort } from './next-server';

/** The Redis the tests use; CI starts one on the default port (scripts/test-all.sh). */
export const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export type AdminClient = ReturnType<typeof createClient>;

/**
 * A plain client for what tests do behind the store's back (pause Redis, read
 * TTLs, delete keys). Fails with a clear message when there is no Redis: the Redis
 * tests must not pass, or skip, without one.
 */
export async function adminClient(): Promise<AdminClient> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new Error(
      `The Redis tests need a real Redis at ${REDIS_URL} and could not reach it (${(error as Error).message}). ` +
        'Start one with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no` ' +
        '(scripts/test-all.sh does this), or point TEST_REDIS_URL at one.',
    );
  }
  return client;
}

let counter = 0;
/** One prefix per test run, so runs (and engineers) sharing a Redis never see each other's keys. */
export const RUN_PREFIX = `vtexsess-test:${process.pid}-${Date.now().toString(36)}:`;

/** A fresh key prefix, one per test. */
export function testPrefix(label = 't'): string {
  return `${RUN_PREFIX}${label}-${++counter}:`;
}

/** Deletes every key under a prefix (tests clean up after themselves; TTLs would anyway). */
export async function dropKeys(client: AdminClient, prefix: string): Promise<number> {
  let dropped = 0;
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    if (batch.length > 0) dropped += await client.del(batch);
  }
  return dropped;
}

/** A URL where nothing listens: Redis "down" without stopping the shared one. */
export async function deadRedisUrl(): Promise<string> {
  return `redis://127.0.0.1:${await freePort()}`;
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** Stops the server abruptly (SIGKILL): a crash, not a shutdown. */
  kill(): Promise<void>;
  /** Starts it again on the same port, with what it had written (append-only file). */
  start(): Promise<void>;
  /** Kills it for good and deletes its files. */
  stop(): Promise<void>;
  admin(): Promise<AdminClient>;
}

/**
 * A Redis of the test's own, for what must not disturb the shared one (killing it,
 * CLIENT PAUSE, cluster mode). Needs `redis-server` on the PATH, as CI has.
 */
export async function startPrivateRedis(extraArgs: string[] = []): Promise<PrivateRedis & { dir: string }> {
  const { spawn, execFileSync } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('This test needs `redis-server` on the PATH (apt-get install redis-server); it starts a Redis of its own');
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'vtexsess-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ReturnType<typeof spawn> | null = null;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', ...extraArgs];

  async function waitUntil(up: boolean) {
    const { Socket } = await import('node:net');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = new Socket();
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
        socket.connect(port, '127.0.0.1');
      });
      if (open === up) return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not ${up ? 'start' : 'stop'}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const redis = {
    url,
    port,
    dir,
    async start() {
      child = spawn('redis-server', args, { stdio: 'ignore' });
      await waitUntil(true);
      // Loading the append-only file: wait until it answers commands.
      const client = await redis.admin();
      for (let i = 0; i < 200; i++) {
        try {
          await client.ping();
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
      await client.destroy();
    },
    async kill() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      await waitUntil(false);
    },
    async stop() {
      await redis.kill();
      const { rmSync } = await import('node:fs');
      rmSync(dir, { recursive: true, force: true });
    },
    async admin() {
      const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
      client.on('error', () => {});
      await client.connect();
      return client;
    },
  };
  await redis.start();
  return redis;
}

/** Stores opened by a test file, closed (connections released) after it. */
export function storeTracker() {
  const opened: { close(): Promise<void> }[] = [];
  return {
    track<T extends { close(): Promise<void> }>(store: T): T {
      opened.push(store);
      return store;
    },
    async closeAll() {
      for (const store of opened.splice(0)) await store.close();
    },
  };
}

/**
 * A test file's Redis: an admin client opened before its tests, and after them its
 * stores closed and every key of this run dropped.
 */
export function redisTestContext() {
  const context = { stores: storeTracker(), admin: undefined as unknown as AdminClient };
  beforeAll(async () => {
    context.admin = await adminClient();
  });
  afterAll(async () => {
    await context.stores.closeAll();
    if (!context.admin) return;
    await dropKeys(context.admin, RUN_PREFIX);
    await context.admin.close();
  });
  return context;
}

export interface SlowProxy {
  url: string;
  /** Sets how long each chunk waits on its way, in ms; chunks keep their order. */
  delay(delays: { toRedis?: number; toClient?: number }): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a Redis that holds every chunk for a while each way: a
 * Redis that is slow, or far away, from the first byte (CLIENT PAUSE cannot make a
 * connection's handshake slow, nor delay replies while commands run).
 */
export async function startSlowProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<SlowProxy> {
  const net = await import('node:net');
  const delays = { toRedis: 0, toClient: 0 };
  const sockets = new Set<import('node:net').Socket>();

  /** Forwards `from` to `to`, each chunk `wait()` ms after it arrived, never overtaking an earlier one. */
  function relay(from: import('node:net').Socket, to: import('node:net').Socket, wait: () => number) {
    const queue: { at: number; chunk: Buffer }[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const pump = () => {
      timer = null;
      while (queue.length > 0 && queue[0]!.at <= Date.now()) {
        const { chunk } = queue.shift()!;
        if (!to.destroyed) to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(pump, queue[0]!.at - Date.now());
    };
    from.on('data', (chunk: Buffer) => {
      const last = queue.at(-1)?.at ?? 0;
      queue.push({ at: Math.max(last, Date.now() + wait()), chunk });
      timer ??= setTimeout(pump, queue[0]!.at - Date.now());
    });
    from.on('close', () => {
      if (timer) clearTimeout(timer);
      queue.length = 0;
    });
  }

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    relay(client, upstream, () => delays.toRedis);
    relay(upstream, client, () => delays.toClient);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    delay(next) {
      Object.assign(delays, next);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
