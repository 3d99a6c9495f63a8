import { nodeBuiltin } from './node-builtin';
import { strictUtf8Decoder, utf8Encoder } from './utf8';

/** The part of node:buffer used here: encoding only (its decoder skips what is not base64, ours refuses it). */
interface NodeBuffer {
  Buffer: { from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'base64' | 'base64url'): string }; from(text: string, encoding: 'utf8'): { toString(encoding: 'base64'): string } };
}

/**
 * Node's encoder where the runtime is Node: base64 of a sealed cookie's bytes is on
 * every Sessions API write, and the Web APIs' way (a Latin-1 string for btoa, then
 * the base64url rewrite) makes four copies of it. Elsewhere (the Edge), btoa.
 */
let found: NodeBuffer['Buffer'] | null | undefined;
// Looked up on first use, not at import: a browser bundle that only decodes (the
// client kit reads the segment cookie) leaves the lookup out with the encoders.
const nodeEncoder = () => (found === undefined ? (found = nodeBuiltin<NodeBuffer>('node:buffer', (m) => typeof m?.Buffer?.from === 'function')?.Buffer ?? null) : found);

/** UTF-8 safe standard base64 (btoa/atob speak Latin-1). */
export function utf8ToBase64(text: string): string {
  const node = nodeEncoder();
  return node ? node.from(text, 'utf8').toString('base64') : webUtf8ToBase64(text);
}

/** utf8ToBase64 with Web APIs only, as the Edge runs it. */
export function webUtf8ToBase64(text: string): string {
  return btoa(bytesToBinary(utf8Encoder.encode(text)));
}

/** Decodes standard base64, padded or not; throws on anything that is not base64 of UTF-8. */
export function base64ToUtf8(encoded: string): string {
  const padded = encoded + '='.repeat((4 - (encoded.length % 4)) % 4);
  return strictUtf8Decoder.decode(binaryToBytes(atob(padded)));
}

/** Latin-1 text of bytes, in chunks (spreading a large array overflows the call stack). */
function bytesToBinary(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return binary;
}

function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Unpadded base64url. On every sealed cookie's path: a per-byte string loop and
 * regular expressions cost several times what btoa itself does.
 */
export function bytesToBase64Url(bytes: Uint8Array): string {
  const node = nodeEncoder();
  return node ? node.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url') : webBytesToBase64Url(bytes);
}

/** bytesToBase64Url with Web APIs only, as the Edge runs it. */
export function webBytesToBase64Url(bytes: Uint8Array): string {
  const standard = btoa(bytesToBinary(bytes));
  let end = standard.length;
  while (end > 0 && standard.charCodeAt(end - 1) === 61 /* = */) end--;
  return standard.slice(0, end).replaceAll('+', '-').replaceAll('/', '_');
}

/** Decodes base64url, padded or not; throws on anything else. */
export function base64UrlToBytes(encoded: string): Uint8Array {
  const standard = encoded.replaceAll('-', '+').replaceAll('_', '/');
  return binaryToBytes(atob(standard + '='.repeat((4 - (standard.length % 4)) % 4)));
}
