import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import { sha256, type _SHA256 } from '@noble/hashes/sha2.js';
import { withIntrinsics } from './intrinsics';
import { nodeBuiltin } from './node-builtin';
import { utf8Encoder } from './utf8';

/**
 * HMAC-SHA256 under a key fixed once, over UTF-8 text: OpenSSL's where the runtime is
 * Node, @noble/hashes' anywhere else (an Edge sandbox, a worker), as aes-cbc.ts does
 * for AES.
 *
 * Why not noble everywhere: a token's MAC covers about a kilobyte of text, and there
 * noble's pure-JavaScript SHA-256 took 10 µs against OpenSSL's 2.5 µs (Node 20, key
 * object made once); a Sessions API write pays it once per seal, a cold instance
 * once per unseal. Both give the same bytes (test/unit/hmac-sha256.test.ts).
 */
export type KeyedHmacSha256 = (text: string) => Uint8Array;

export interface HmacSha256 {
  readonly name: 'node' | 'noble';
  /** A MAC function keyed once with `key`. */
  keyed(key: Uint8Array): KeyedHmacSha256;
  /**
   * keyed() for text that is ASCII (a token's MAC base: base64url, digits, `*` and `.`),
   * the same bytes read a character at a time: OpenSSL is handed the string's own bytes
   * instead of a UTF-8 transcoding of them (8 to 5 µs for a token's kilobyte). Any other
   * text throws: read a byte per character, it would MAC other bytes than its UTF-8.
   */
  keyedAscii(key: Uint8Array): KeyedHmacSha256;
}

const ASCII = /^[\x00-\x7f]*$/;

function asciiOnly(text: string): string {
  if (!ASCII.test(text)) throw new TypeError('keyedAscii: the text is not ASCII');
  return text;
}

/** The part of node:crypto used here. */
interface NodeHmac {
  update(text: string, encoding: 'utf8' | 'latin1'): NodeHmac;
  digest(): Uint8Array;
}
interface NodeCrypto {
  createSecretKey(key: Uint8Array): unknown;
  createHmac(algorithm: 'sha256', key: unknown): NodeHmac;
}

export function nodeHmacSha256(crypto: NodeCrypto): HmacSha256 {
  return {
    name: 'node',
    keyed(key) {
      // A KeyObject: the key is copied into OpenSSL once, not on every MAC.
      const secretKey = crypto.createSecretKey(key);
      return (text) => crypto.createHmac('sha256', secretKey).update(text, 'utf8').digest();
    },
    keyedAscii(key) {
      const secretKey = crypto.createSecretKey(key);
      // Latin-1 is a byte per character, which for ASCII are its UTF-8 bytes.
      return (text) => crypto.createHmac('sha256', secretKey).update(asciiOnly(text), 'latin1').digest();
    },
  };
}

export const nobleHmacSha256: HmacSha256 = {
  name: 'noble',
  keyed(key) {
    const keyed = hmac.create(sha256, key) as _HMAC<_SHA256>;
    // Copied into, not cloned per MAC: a clone builds two hash objects. Safe to reuse,
    // since each MAC runs to its digest synchronously.
    let scratch: _HMAC<_SHA256> | undefined;
    const mac = (text: string) => (scratch = keyed._cloneInto(scratch)).update(utf8Encoder.encode(text)).digest();
    return (text) => withIntrinsics(() => mac(text));
  },
  keyedAscii(key) {
    const mac = nobleHmacSha256.keyed(key);
    return (text) => mac(asciiOnly(text));
  },
};

/** This runtime's HMAC-SHA256, chosen once. */
export const hmacSha256: HmacSha256 = (() => {
  const node = nodeBuiltin<NodeCrypto>('node:crypto', (found) => typeof found?.createHmac === 'function' && typeof found.createSecretKey === 'function');
  return node ? nodeHmacSha256(node) : nobleHmacSha256;
})();
