import { SessionError } from '../errors';
import { CLOCK, type LuaScript } from './redis-scripts';

// `redis` is an optional peer: a store installs it only to run SESSION_STORE=redis.
// Node loads it when this module first runs; bundlers are told to leave it alone,
// or the build of every store without it would fail on a module it never runs.
const { createClient, createCluster } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ 'redis');

export interface RedisConnectionOptions {
  /** `redis[s]://[user:password@]host[:port][/db]`. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Root nodes of a Redis Cluster; when given, `url` is ignored. */
  clusterUrls?: readonly string[];
  /** How long a request waits for a connection before answering 503. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** How long a request waits for one Redis reply before answering 503. Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. Default 1000 ms. */
  maxReconnectDelayMs?: number;
  /** Where connection trouble is reported (once per outage). Default console. */
  log?: (level: 'warn' | 'info', message: string) => void;
}

type Reply = readonly unknown[];

/** What the store needs of a node-redis client or cluster: scripts, keyed for slot routing. */
interface ScriptRunner {
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

export const STORE_UNAVAILABLE = 'store_unavailable';

export function storeUnavailable(detail: string): SessionError {
  return new SessionError(503, STORE_UNAVAILABLE, `The session store is unavailable (${detail}); nothing was changed. Try again shortly.`);
}

// Replies that mean "Redis cannot serve now", as opposed to a bug in a script.
const TRANSIENT_REPLY = /^(OOM|LOADING|BUSY|CLUSTERDOWN|TRYAGAIN|READONLY|MASTERDOWN|NOREPLICAS|MISCONF|MOVED|ASK)\b/;

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  switch (error.name) {
    case 'TimeoutError':
      return 'Redis did not answer in time';
    case 'ClientOfflineError':
    case 'ClientClosedError':
    case 'SocketClosedUnexpectedlyError':
    case 'ConnectionTimeoutError':
      return 'no connection to Redis';
    default:
      return error.message.split('\n')[0] || error.name;
  }
}

function isErrorReply(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ErrorReply' || error.name === 'SimpleError' || error.name === 'BlobError');
}

async function sha1(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One Redis connection (a client, or a cluster client) and the rules around it:
 * commands fail fast instead of queueing while Redis is away, every command has a
 * timeout, reconnection never gives up, and failures become `SessionError(503)`.
 * Node-redis emits 'error' on every failed attempt; an EventEmitter without a
 * listener would crash the process, so one is always attached.
 */
export class RedisConnection {
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
  private readonly runner: ScriptRunner;
  private readonly cluster: boolean;
  private readonly log: NonNullable<RedisConnectionOptions['log']>;
  private readonly shas = new Map<string, Promise<string>>();
  private connecting: Promise<void> | null = null;
  private ready = false;
  private closed = false;
  /** Since when Redis has been out of reach (null while connected or not yet tried). */
  private downSince: number | null = null;
  private reportedDown = false;
  /**
   * Redis clock minus ours, at most: a reply's time read less when it reached us
   * (null until Redis has told us its clock on this connection).
   */
  private clockOffset: number | null = null;
  private clockQuery: Promise<unknown> | null = null;
  /** One wait for the next 'ready', shared by every request waiting for it. */
  private nextReady: Promise<void> | null = null;

  constructor(options: RedisConnectionOptions = {}) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 2000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    const maxDelay = options.maxReconnectDelayMs ?? 1000;
    this.log = options.log ?? ((level, message) => console[level](`[sessions] ${message}`));
    const socket = {
      connectTimeout: this.connectTimeoutMs,
      // Exponential with jitter, never giving up: a long-running server must heal
      // on its own when Redis comes back.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, maxDelay) + Math.floor(Math.random() * 100),
    };
    const common = { disableOfflineQueue: true, name: 'vtex-sessions' };
    // Bounds a command still waiting to be written (run() bounds the whole trip).
    const commandOptions = { timeout: this.commandTimeoutMs };
    this.cluster = Boolean(options.clusterUrls?.length);
    this.runner = (
      this.cluster
        ? createCluster({
            rootNodes: options.clusterUrls!.map((url) => ({ url })),
            defaults: { ...common, socket },
            commandOptions,
          })
        : createClient({ url: options.url ?? 'redis://127.0.0.1:6379', ...common, socket, commandOptions })
    ) as unknown as ScriptRunner;

    this.runner.on('error', (error) => this.down(error));
    this.runner.on('node-error', (error) => this.down(error));
    this.runner.on('ready', () => this.up());
    this.runner.on('reconnecting', () => this.markDown());
    this.runner.on('end', () => this.markDown());
  }

  private markDown(): void {
    this.ready = this.cluster ? this.ready : false;
    this.downSince ??= Date.now();
  }

  private down(error: unknown): void {
    this.markDown();
    if (!this.reportedDown) {
      this.reportedDown = true;
      this.log('warn', `Redis unavailable: ${describe(error)}; session API calls answer 503 until it is back`);
    }
  }

  private up(): void {
    this.ready = true;
    // After a reconnection Redis may be another server (a failover): ask its clock again.
    this.clockOffset = null;
    this.downSince = null;
    if (this.reportedDown) this.log('info', 'Redis is back');
    this.reportedDown = false;
  }

  /** Connects once; a cluster that could not be reached is tried again on a later call. */
  private start(): Promise<void> {
    if (this.connecting) return this.connecting;
    this.downSince = Date.now();
    this.connecting = (async () => {
      const runner = this.runner as unknown as { connect(): Promise<unknown> };
      try {
        await runner.connect();
        if (this.cluster) this.up();
      } catch (error) {
        this.down(error);
        // A single client retries on its own and only rejects once closed; a
        // cluster client gives up, so the next request starts it again.
        if (this.cluster && !this.closed) this.connecting = null;
        throw error;
      }
    })();
    this.connecting.catch(() => {});
    return this.connecting;
  }

  /**
   * Resolves when commands can be sent. At start-up or in a short blip it waits
   * for the connection; once Redis has been away longer than the connect timeout
   * it fails at once, so an outage costs visitors no waiting.
   */
  private async whenReady(): Promise<void> {
    if (this.closed) throw storeUnavailable('the connection was closed');
    const connecting = this.start();
    if (this.ready) return;
    const waited = this.downSince === null ? 0 : Date.now() - this.downSince;
    const budget = this.connectTimeoutMs - waited;
    if (budget <= 0) throw storeUnavailable('no connection to Redis');
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.cluster ? connecting : this.whenNextReady(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(storeUnavailable('no connection to Redis')), budget);
        }),
      ]);
    } catch (error) {
      throw error instanceof SessionError ? error : storeUnavailable(describe(error));
    } finally {
      clearTimeout(timer);
    }
  }

  private whenNextReady(): Promise<void> {
    this.nextReady ??= new Promise<void>((resolve) => {
      this.runner.once('ready', () => {
        this.nextReady = null;
        resolve();
      });
    });
    return this.nextReady;
  }

  private sha(script: LuaScript): Promise<string> {
    let sha = this.shas.get(script.name);
    if (!sha) {
      sha = sha1(script.source);
      this.shas.set(script.name, sha);
    }
    return sha;
  }

  /**
   * Runs a script, loading it on first use (EVALSHA, then EVAL on NOSCRIPT).
   * With `deadline`, a last argument tells the script when the client stops
   * waiting, in Redis's clock, so a write that arrives too late is refused there.
   */
  async run(script: LuaScript, keys: string[], args: string[], options: { deadline?: boolean } = {}): Promise<Reply> {
    const sha = await this.sha(script);
    await this.whenReady();
    // A write without a deadline could land after its 503: learn Redis's clock first.
    if (options.deadline && this.clockOffset === null) await this.learnClock();
    const sentAt = Date.now();
    const argv = options.deadline ? [...args, String(this.deadline(sentAt))] : args;
    const sent = (async () => {
      try {
        return await this.runner.evalSha(sha, { keys, arguments: argv });
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
        return this.runner.eval(script.source, { keys, arguments: argv });
      }
    })();
    // node-redis's own command timeout stops counting once a command is on the
    // wire, so a paused or stuck Redis would hold the request forever: time the
    // whole round trip here. A late answer is then simply ignored.
    sent.catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reply: unknown;
    try {
      reply = await Promise.race([
        sent,
        new Promise<never>((_, reject) => {
          // A busy event loop runs overdue timers before reading sockets: give an
          // answer already waiting there one turn to count, or a write that did land
          // would be reported as failed.
          timer = setTimeout(() => setImmediate(() => reject(storeUnavailable('Redis did not answer in time'))), this.commandTimeoutMs);
        }),
      ]);
    } catch (error) {
      if (error instanceof SessionError) throw error;
      if (isErrorReply(error) && !TRANSIENT_REPLY.test((error as Error).message)) throw error;
      throw storeUnavailable(describe(error));
    } finally {
      clearTimeout(timer);
    }
    const receivedAt = Date.now();
    // A cluster has no single 'ready' event: any answer means it is back.
    if (this.cluster && this.reportedDown) this.up();
    if (!Array.isArray(reply)) throw new Error(`Redis script ${script.name} answered ${typeof reply}`);
    this.observeClock(Number(reply[1]), sentAt, receivedAt);
    if (reply[0] === 'late') throw storeUnavailable('Redis was too slow to take the write');
    return reply;
  }

  /** One TIME round trip (a script, so a cluster routes it), shared by the writes waiting for it. */
  private async learnClock(): Promise<void> {
    this.clockQuery ??= this.run(CLOCK, [], []).finally(() => {
      this.clockQuery = null;
    });
    await this.clockQuery;
  }

  private observeClock(serverMs: number, sentAt: number, receivedAt: number): void {
    if (!Number.isFinite(serverMs)) return;
    // Redis read its clock before its reply reached us, so `serverMs - receivedAt`
    // is never more than the true offset: a deadline from it errs early, never late,
    // however slow the trip. Quick trips make it tight; a slow one only stands in
    // until one comes.
    if (this.clockOffset === null || receivedAt - sentAt < 50) this.clockOffset = serverMs - receivedAt;
  }

  /**
   * When the client gives up on a command sent at `sentAt`, in Redis's clock, less
   * a margin for the reply's way back. Writes ask Redis's clock before the first
   * one, so every write carries one.
   */
  private deadline(sentAt: number): number {
    // Only if Redis reconnected between learning its clock and this write: send nothing.
    if (this.clockOffset === null) throw storeUnavailable('Redis reconnected before the write was sent');
    return Math.floor(sentAt + this.clockOffset + this.commandTimeoutMs * 0.8);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const runner = this.runner as unknown as { isOpen: boolean; close?(): Promise<void>; destroy(): void };
    if (!runner.isOpen) return;
    // A client still trying to reach Redis has nothing to finish: drop it now.
    if (this.ready && runner.close) await runner.close().catch(() => runner.destroy());
    else runner.destroy();
  }
}

type Shared = { connection: RedisConnection; users: number };
// On globalThis: Next may evaluate this module once per route bundle, and one
// process must still hold one connection per Redis.
const REGISTRY = Symbol.for('vtex-sessions.redis-connections');
const registry: Map<string, Shared> = ((globalThis as Record<symbol, unknown>)[REGISTRY] as Map<string, Shared> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[REGISTRY] = new Map<string, Shared>());

/**
 * This process's connection for these options, made on first use. Each holder
 * releases it once; the last release closes it.
 */
export function sharedRedisConnection(options: RedisConnectionOptions): { connection: RedisConnection; release(): Promise<void> } {
  const key = JSON.stringify([
    options.clusterUrls ?? options.url ?? 'redis://127.0.0.1:6379',
    options.connectTimeoutMs,
    options.commandTimeoutMs,
    options.maxReconnectDelayMs,
  ]);
  let shared = registry.get(key);
  if (!shared) {
    shared = { connection: new RedisConnection(options), users: 0 };
    registry.set(key, shared);
  }
  shared.users++;
  let released = false;
  const entry = shared;
  return {
    connection: shared.connection,
    async release() {
      if (released) return;
      released = true;
      entry.users--;
      if (entry.users > 0) return;
      if (registry.get(key) === entry) registry.delete(key);
      await entry.connection.close();
    },
  };
}
