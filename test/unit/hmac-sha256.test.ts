import * as nodeCrypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, nobleHmacSha256, nodeHmacSha256 } from '@/lib/session/hmac-sha256';

const node = nodeHmacSha256(nodeCrypto);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('HMAC-SHA256', () => {
  it("is OpenSSL's on Node (process.getBuiltinModule), noble's where there is none", () => {
    expect(hmacSha256.name).toBe('node');
  });

  it("matches RFC 4231's test case 2 both ways", () => {
    const key = new TextEncoder().encode('Jefe');
    const expected = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    expect(hex(node.keyed(key)('what do ya want for nothing?'))).toBe(expected);
    expect(hex(nobleHmacSha256.keyed(key)('what do ya want for nothing?'))).toBe(expected);
  });

  it('gives the same bytes both ways for any text, UTF-8 included, and a keyed function is reusable', () => {
    const key = nodeCrypto.randomBytes(32);
    const byNode = node.keyed(key);
    const byNoble = nobleHmacSha256.keyed(key);
    for (const text of ['', 'a', 'Fe26.2*1*' + 'x'.repeat(1000), 'São Paulo – 東京 – 🛒', '\u0000\uffff']) {
      const expected = nodeCrypto.createHmac('sha256', key).update(text, 'utf8').digest('hex');
      // Twice each: the noble state is copied into a scratch state, which must not carry over.
      for (let i = 0; i < 2; i++) {
        expect(hex(byNode(text)), JSON.stringify(text)).toBe(expected);
        expect(hex(byNoble(text)), JSON.stringify(text)).toBe(expected);
      }
    }
  });

  it('keyedAscii gives keyed\'s bytes for ASCII text, and refuses any other text rather than MAC other bytes', () => {
    const key = nodeCrypto.randomBytes(32);
    for (const impl of [node, nobleHmacSha256]) {
      const [ascii, utf8] = [impl.keyedAscii(key), impl.keyed(key)];
      const base = `Fe26.2*1*mxngid6o.tag.${nodeCrypto.randomBytes(16).toString('base64url')}*${nodeCrypto.randomBytes(600).toString('base64url')}*`;
      for (const text of ['', base, base + base, '\u0000\u007f']) expect(hex(ascii(text)), impl.name).toBe(hex(utf8(text)));
      // A byte per character would read "\u0100" as 0x00 and "é" as one byte: another MAC than the text's UTF-8.
      for (const text of ['é', 'Fe26.2*\u0100', base + '\u0080', '🛒']) expect(() => ascii(text), `${impl.name} ${JSON.stringify(text)}`).toThrow(/not ASCII/);
    }
  });

  it('keys are independent: two keyed functions used in turn do not disturb each other', () => {
    const [a, b] = [nodeCrypto.randomBytes(32), nodeCrypto.randomBytes(32)];
    for (const impl of [node, nobleHmacSha256]) {
      const [macA, macB] = [impl.keyed(a), impl.keyed(b)];
      const first = hex(macA('text'));
      expect(hex(macB('text'))).not.toBe(first);
      expect(hex(macA('text'))).toBe(first);
    }
  });
});
