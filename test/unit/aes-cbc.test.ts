import { webcrypto } from 'node:crypto';
import * as nodeCrypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesCbc, nobleAesCbc, nodeAesCbc } from '@/lib/session/aes-cbc';

const node = nodeAesCbc(nodeCrypto);
const random = (n: number) => webcrypto.getRandomValues(new Uint8Array(n));

describe('AES-256-CBC', () => {
  it("is OpenSSL's on Node (process.getBuiltinModule), noble's where there is none", () => {
    expect(aesCbc.name).toBe('node');
  });

  it('gives the same bytes both ways, and each reads the other, at every length around the block size', async () => {
    for (const length of [0, 1, 15, 16, 17, 31, 32, 33, 415, 1024]) {
      const key = random(32);
      const iv = random(16);
      const plaintext = random(length);
      const byNode = node.encrypt(key, iv, plaintext);
      const byNoble = nobleAesCbc.encrypt(key, iv, plaintext);
      expect(Buffer.from(byNode).toString('hex'), `length ${length}`).toBe(Buffer.from(byNoble).toString('hex'));
      expect(byNode.length).toBe((Math.floor(length / 16) + 1) * 16);
      expect(Array.from(node.decrypt(key, iv, byNoble))).toEqual(Array.from(plaintext));
      expect(Array.from(nobleAesCbc.decrypt(key, iv, byNode))).toEqual(Array.from(plaintext));
      // And WebCrypto, a third implementation, agrees.
      const webKey = await webcrypto.subtle.importKey('raw', key, 'AES-CBC', false, ['encrypt']);
      const byWeb = new Uint8Array(await webcrypto.subtle.encrypt({ name: 'AES-CBC', iv }, webKey, plaintext));
      expect(Buffer.from(byWeb).toString('hex')).toBe(Buffer.from(byNode).toString('hex'));
    }
  });

  it('keyed: one context for many tokens gives each the bytes of a fresh one, in both, for any order of ivs and lengths', () => {
    for (const impl of [node, nobleAesCbc]) {
      const key = random(32);
      const encrypt = impl.keyed(key);
      for (const length of [0, 1, 15, 16, 17, 31, 32, 33, 415, 1024, 5, 16, 0, 700]) {
        const iv = random(16);
        const plaintext = random(length);
        const ciphertext = encrypt(iv, plaintext);
        // A fresh context with that iv (encrypt), and a reader that knows nothing of the others (decrypt).
        expect(Buffer.from(ciphertext).toString('hex'), `${impl.name}, length ${length}`).toBe(Buffer.from(nobleAesCbc.encrypt(key, iv, plaintext)).toString('hex'));
        expect(Array.from(node.decrypt(key, iv, ciphertext))).toEqual(Array.from(plaintext));
      }
    }
  });

  it('keyed: the same iv and plaintext twice give the same ciphertext (nothing of the previous token leaks in)', () => {
    const key = random(32);
    const encrypt = node.keyed(key);
    const iv = random(16);
    const plaintext = random(48);
    const first = Buffer.from(encrypt(iv, plaintext)).toString('hex');
    encrypt(random(16), random(100));
    expect(Buffer.from(encrypt(iv, plaintext)).toString('hex')).toBe(first);
    expect(() => encrypt(random(8), plaintext)).toThrow(/16-byte iv/);
  });

  it('refuses a wrong key, a bad length or bad padding in both', () => {
    const key = random(32);
    const iv = random(16);
    const ciphertext = node.encrypt(key, iv, random(40));
    for (const impl of [node, nobleAesCbc]) {
      expect(() => impl.decrypt(key, iv, ciphertext.subarray(0, 40)), impl.name).toThrow();
      expect(() => impl.decrypt(key, random(8), ciphertext), impl.name).toThrow();
      // A wrong key decrypts to garbage whose padding almost never checks out; the MAC refuses it first in a token anyway.
      let refused = 0;
      for (let i = 0; i < 20; i++) {
        try {
          impl.decrypt(random(32), iv, ciphertext);
        } catch {
          refused++;
        }
      }
      expect(refused, impl.name).toBeGreaterThan(10);
    }
  });
});
