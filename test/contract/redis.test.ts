import { afterAll, beforeAll, describe } from 'vitest';
import { redisStore } from '@/lib/session/stores/redis';
import { adminClient, dropKeys, REDIS_URL, RUN_PREFIX, testPrefix, type AdminClient } from '../support/redis';
import { describeSessionStoreContract } from './session-store.contract';

describe('redis store on a real Redis', () => {
  let admin: AdminClient;
  // Fails the whole file, with how to start Redis, rather than letting it pass or skip.
  beforeAll(async () => {
    admin = await adminClient();
  });
  afterAll(async () => {
    if (!admin) return;
    await dropKeys(admin, RUN_PREFIX);
    await admin.close();
  });

  describeSessionStoreContract('redis', () => redisStore({ url: REDIS_URL, prefix: testPrefix('contract') }), { server: true });
});
