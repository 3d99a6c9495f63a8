import { describe, expect, it } from 'vitest';
import { staticCustomerDirectory } from '@/lib/session/customers/directory';
import { hashPassword, verifyPassword, PBKDF2_ITERATIONS } from '@/lib/session/customers/password';
import { storeConfig } from '@/store.config';
import { demoDirectory } from '../support/commerce-engine';

describe('password hashing (PBKDF2-SHA256, Web Crypto)', () => {
  it('hashes with a fresh salt each time and verifies', async () => {
    const a = await hashPassword('correct horse', 1000);
    const b = await hashPassword('correct horse', 1000);
    expect(a).toMatch(/^pbkdf2-sha256\$1000\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse!', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('uses OWASP\'s work factor by default', async () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect((await hashPassword('x')).split('$')[1]).toBe(String(PBKDF2_ITERATIONS));
  });

  it('never matches a malformed or weakened hash', async () => {
    const good = await hashPassword('pw', 1000);
    const [, , salt, hash] = good.split('$');
    for (const bad of ['', 'pw', `sha1$1000$${salt}$${hash}`, `pbkdf2-sha256$10$${salt}$${hash}`, `pbkdf2-sha256$1000$${salt}$AAAA`, `pbkdf2-sha256$1000$${salt}`]) {
      expect(await verifyPassword('pw', bad), bad).toBe(false);
    }
  });
});

describe('customer directory', () => {
  it('holds the demo accounts, every password "demo", stored hashed', async () => {
    for (const record of storeConfig.customers) {
      expect(record.passwordHash).toMatch(/^pbkdf2-sha256\$600000\$/);
      expect(JSON.stringify(record)).not.toContain('"demo"');
    }
    const buyer = await demoDirectory.verifyCredentials('buyer@b2b.example', 'demo');
    expect(buyer).toMatchObject({ email: 'buyer@b2b.example', priceTables: ['b2b-gold'], canImpersonate: false });
    expect(await demoDirectory.verifyCredentials('shopper@example.com', 'demo')).toMatchObject({ priceTables: [], canImpersonate: false });
    expect(await demoDirectory.verifyCredentials('operator@store.example', 'demo')).toMatchObject({ canImpersonate: true });
  });

  it('ignores case and blanks in emails, never in passwords', async () => {
    expect(await demoDirectory.verifyCredentials('  Buyer@B2B.example ', 'demo')).not.toBeNull();
    expect(await demoDirectory.verifyCredentials('buyer@b2b.example', 'DEMO')).toBeNull();
    expect(await demoDirectory.verifyCredentials('nobody@example.com', 'demo')).toBeNull();
    expect((await demoDirectory.findByEmail('SHOPPER@example.com'))?.id).toBe('c-1002');
    expect(await demoDirectory.findById('nope')).toBeNull();
  });

  it('never hands out the hash', async () => {
    const customer = await demoDirectory.findByEmail('buyer@b2b.example');
    expect(JSON.stringify(customer)).not.toContain('pbkdf2');
  });

  it('refuses a bad file at start, saying which record', async () => {
    const hash = await hashPassword('x', 1000);
    expect(() => staticCustomerDirectory([{ id: 'a', email: 'not-an-email', passwordHash: hash }])).toThrow('Customer 0: email');
    expect(() => staticCustomerDirectory([{ id: 'a', email: 'a@x.example', passwordHash: 'demo' }])).toThrow('Customer 0: passwordHash');
    expect(() =>
      staticCustomerDirectory([
        { id: 'a', email: 'a@x.example', passwordHash: hash },
        { id: 'b', email: 'A@x.example', passwordHash: hash },
      ]),
    ).toThrow('used twice');
  });
});
