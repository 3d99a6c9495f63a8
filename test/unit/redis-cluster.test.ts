import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionEngine } from '@/lib/session/engine';
import { redisStore, type RedisSessionStore } from '@/lib/session/stores/redis';
import { signOutEverywhere } from '@/lib/session/stores/revoke';
import { storeTransform } from '@/lib/session/transforms/store';
import { storeConfig } from '@/store.config';
import { describeSessionStoreContract } from '../contract/session-store.contract';
import { startPrivateRedis, storeTracker, testPrefix, type PrivateRedis } from '../support/redis';

const SECRET = 'redis-cluster-secret-0123456789abcdefghij';
const nodes: PrivateRedis[] = [];
const stores = storeTracker();
let clusterUrls: string[] = [];

/** A three-node Redis Cluster of the test's own: every script must keep to one slot here, or Redis refuses it (CROSSSLOT). */
beforeAll(async () => {
  for (let i = 0; i < 3; i++) nodes.push(await startPrivateRedis(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--appendonly', 'no']));
  execFileSync('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], {
    stdio: 'ignore',
  });
  for (const node of nodes) {
    const client = await node.admin();
    for (let i = 0; ; i++) {
      const info = String(await client.sendCommand(['CLUSTER', 'INFO']));
      if (info.includes('cluster_state:ok')) break;
      if (i > 200) throw new Error(`cluster node ${node.port} never reached cluster_state:ok:\n${info}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    client.destroy();
  }
  clusterUrls = nodes.map((n) => n.url);
}, 60_000);

afterAll(async () => {
  for (const node of nodes) await node.stop();
  await stores.closeAll();
});

describe('redis store on a Redis Cluster', () => {
  describeSessionStoreContract('redis cluster', () => stores.track(redisStore({ clusterUrls, prefix: testPrefix('cluster') })), { server: true });

  it('spreads sessions over the cluster’s nodes, each session whole in one slot', async () => {
    const store = stores.track(redisStore({ clusterUrls, prefix: testPrefix('cluster') }));
    const engine = new SessionEngine({ secrets: [SECRET], store, transforms: [storeTransform(storeConfig)], account: storeConfig.account });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await engine.write(null, { public: { n: String(i) } })).session.id);
    const clients = await Promise.all(nodes.map((node) => node.admin()));
    const holders = new Set<number>();
    for (const id of ids) {
      const keys = store.keys(id);
      const slot = Number(await clients[0]!.sendCommand(['CLUSTER', 'KEYSLOT', keys.session]));
      expect(Number(await clients[0]!.sendCommand(['CLUSTER', 'KEYSLOT', keys.tombstone]))).toBe(slot);
      // Only the node that owns a slot counts keys in it.
      for (const [i, client] of clients.entries()) {
        if (Number(await client.sendCommand(['CLUSTER', 'COUNTKEYSINSLOT', String(slot)])) > 0) holders.add(nodes[i]!.port);
      }
    }
    for (const client of clients) client.destroy();
    expect(holders.size).toBe(3);
  }, 30_000);

  it('signs a user out everywhere although their sessions live on different nodes', async () => {
    const store: RedisSessionStore = stores.track(redisStore({ clusterUrls, prefix: testPrefix('cluster') }));
    const engine = new SessionEngine({ secrets: [SECRET], store, transforms: [storeTransform(storeConfig)], account: storeConfig.account });
    const tokens: string[] = [];
    for (let i = 0; i < 12; i++) {
      const result = await engine.write(null, { authentication: { storeUserId: 'ana' }, public: { device: String(i) } });
      tokens.push((await engine.issue(result.session, result.storedVersion)).sessionToken);
    }
    expect(await signOutEverywhere(store, 'ana')).toBe(12);
    for (const token of tokens) expect((await engine.open(token)).origin).toBe('revoked');
  }, 30_000);
});
