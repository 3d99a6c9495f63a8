import { DEFAULT_MAX_AGE_SECONDS } from '../engine';
import type { OpenPayload } from '../token';
import type { Namespaces, Session } from '../types';
import { sessionFromPayload } from './from-payload';
import { RedisConnection, sharedRedisConnection, type RedisConnectionOptions } from './redis-connection';
import { INDEX_ADD, INDEX_DROP, INDEX_LIST, LOAD, MATERIALISE, REMOVE, SAVE, TOUCH } from './redis-scripts';
import { VersionConflict, type LoadedSession, type SessionStore } from './types';

export { RedisConnection, sharedRedisConnection, STORE_UNAVAILABLE, type RedisConnectionOptions } from './redis-connection';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_REDIS_PREFIX = 'vtexsess:';

export interface RedisStoreOptions extends RedisConnectionOptions {
  /** Put before every key, so one Redis can serve several stores or test runs. Default `vtexsess:`. */
  prefix?: string;
  /**
   * How long a revoked id stays refused when the store no longer holds its session
   * (a session only the middleware ever saw). Default: the engine's 8 days.
   */
  maxAgeSeconds?: number;
  /** The signed-in user a session belongs to, for "sign out everywhere". Default `authentication.storeUserId`. */
  userOf?: (session: Session) => string | null | undefined;
  /** Use this connection instead of the process-wide one (the caller closes it). */
  connection?: RedisConnection;
  now?: () => number;
}

export interface RedisSessionStore extends SessionStore {
  readonly prefix: string;
  readonly connection: RedisConnection;
  /** The keys of one session; the hash tag keeps them in one cluster slot. */
  keys(id: string): { session: string; tombstone: string };
  userKey(userId: string): string;
  // Redis is always a round trip: its methods answer with promises.
  load(payload: OpenPayload): Promise<LoadedSession | null>;
  save(session: Session, expectedVersion: number | null): Promise<void>;
  remove(id: string): Promise<void>;
  touch(session: Session): Promise<void>;
  removeUserSessions(userId: string): Promise<number>;
  close(): Promise<void>;
}

/** What the session hash keeps in `d`, beside version and expiry. */
interface StoredData {
  ns: Namespaces;
  dbg?: 1;
}

const storedData = (session: Session): StoredData => ({ ns: session.namespaces, ...(session.debug ? { dbg: 1 as const } : {}) });

const defaultUserOf = (session: Session) => session.namespaces.authentication?.storeUserId?.value;

/**
 * Sessions in Redis, for stores that run on many servers and need revocation.
 * The cookie then carries only id, version and segment, and the middleware still
 * needs no I/O. Writes are compare-and-set on the version inside a script, so
 * concurrent writers never lose each other's changes: a loser gets
 * `VersionConflict` and the engine retries it on fresh data.
 */
export function redisStore(options: RedisStoreOptions = {}): RedisSessionStore {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const now = options.now ?? Date.now;
  const tombstoneMs = (options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
  const userOf = options.userOf ?? defaultUserOf;
  const shared = options.connection ? null : sharedRedisConnection({ url: DEFAULT_REDIS_URL, ...options });
  const connection = options.connection ?? shared!.connection;

  const keys = (id: string) => {
    const session = `${prefix}{${id}}`;
    return { session, tombstone: `${session}:revoked` };
  };
  // Encoded so that a brace in a user id cannot move the hash tag.
  const userKey = (userId: string) => `${prefix}user:{${encodeURIComponent(userId)}}`;

  /** Index first, session second: the index may name a session that is gone, never miss one that lives. */
  async function index(session: Session): Promise<string> {
    const user = userOf(session) ?? '';
    if (user) await connection.run(INDEX_ADD, [userKey(user)], [session.id, String(session.expiresAt), String(now())]);
    return user;
  }

  /** Stores a session unless Redis holds it (or revoked it) already; answers with what Redis holds then. */
  async function materialise(session: Session) {
    const user = await index(session);
    const k = keys(session.id);
    return connection.run(
      MATERIALISE,
      [k.session, k.tombstone],
      [String(session.version), JSON.stringify(storedData(session)), String(session.expiresAt), String(Math.ceil(session.expiresAt - now())), user],
      { deadline: true },
    );
  }

  async function remove(id: string, onlyForUser = ''): Promise<boolean> {
    const k = keys(id);
    const [status] = await connection.run(REMOVE, [k.session, k.tombstone], [String(tombstoneMs), onlyForUser]);
    return status === 'removed';
  }

  return {
    name: 'redis',
    inCookie: false,
    prefix,
    connection,
    keys,
    userKey,

    async load(payload: OpenPayload): Promise<LoadedSession | null> {
      const k = keys(payload.id);
      // A token that carries namespaces names a session the middleware minted (it has
      // no store): its first API access, a read included, stores it, so the cookie can
      // become the slim one at once and the session is shared by every server.
      const reply = payload.ns ? await materialise(sessionFromPayload(payload)) : await connection.run(LOAD, [k.session, k.tombstone], []);
      if (reply[0] !== 'found') return null;
      const version = Number(reply[2]);
      const expiresAt = Number(reply[3]);
      if (!(expiresAt > now())) return null;
      const data = JSON.parse(String(reply[4])) as StoredData;
      const session: Session = {
        id: payload.id,
        version,
        namespaces: data.ns,
        active: true,
        debug: data.dbg === 1,
        expiresAt,
      };
      return { session, storedVersion: version };
    },

    async save(session, expectedVersion) {
      const user = await index(session);
      const k = keys(session.id);
      const reply = await connection.run(
        SAVE,
        [k.session, k.tombstone],
        [
          expectedVersion === null ? '' : String(expectedVersion),
          String(session.version),
          JSON.stringify(storedData(session)),
          String(session.expiresAt),
          String(Math.ceil(session.expiresAt - now())),
          user,
        ],
        { deadline: true },
      );
      if (reply[0] === 'conflict') {
        const found = String(reply[2]);
        throw new VersionConflict(session.id, expectedVersion, found === '' || found === 'revoked' ? null : Number(found));
      }
    },

    async touch(session) {
      await index(session);
      await connection.run(TOUCH, [keys(session.id).session], [String(session.expiresAt), String(Math.ceil(session.expiresAt - now()))]);
    },

    async remove(id) {
      await remove(id);
    },

    async removeUserSessions(userId) {
      const key = userKey(userId);
      const ids = (await connection.run(INDEX_LIST, [key], [])).slice(2).map(String);
      // Each removal checks the session still belongs to this user: an index entry
      // may outlive a sign-out, and must not sign out whoever holds that id now.
      const removed = await Promise.all(ids.map((id) => remove(id, userId)));
      for (let i = 0; i < ids.length; i += 500) await connection.run(INDEX_DROP, [key], ids.slice(i, i + 500));
      return removed.filter(Boolean).length;
    },

    async close() {
      await shared?.release();
    },
  };
}
