import { describe, expect, it } from 'vitest';
import { base64ToUtf8, base64UrlToBytes, bytesToBase64Url, utf8ToBase64, webBytesToBase64Url, webUtf8ToBase64 } from '@/lib/session/base64';

/** Deterministic bytes, so a failure names the same input on every run. */
function bytesOf(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

describe('base64: Node’s encoder and the Web APIs’ give the same text', () => {
  it('for bytes of every length up to 300, also as a view into a larger buffer, and both read back', () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = bytesOf(length, length);
      const encoded = bytesToBase64Url(bytes);
      expect(encoded).toBe(webBytesToBase64Url(bytes));
      expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(base64UrlToBytes(encoded)).toEqual(bytes);
      // A subarray: Node must encode the view, not the buffer behind it.
      const wide = bytesOf(length + 7, length + 1);
      const view = wide.subarray(3, 3 + length);
      expect(bytesToBase64Url(view)).toBe(webBytesToBase64Url(view));
    }
  });

  it('for UTF-8 text: ASCII, accents, CJK, emoji and lone surrogates (both turn them into U+FFFD)', () => {
    const texts = ['', 'a', 'ab', 'abc', '{"regionId":"U1cjMQ=="}', 'São Paulo — Ação', '東京都', '🛒 x 3', 'bad \ud800 half', 'end \udfff'];
    for (const text of texts) {
      const encoded = utf8ToBase64(text);
      expect(encoded).toBe(webUtf8ToBase64(text));
      expect(base64ToUtf8(encoded)).toBe(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
    }
  });
});
