import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, readBodyText } from '@/lib/next/body';

/** A request whose body arrives in exactly these chunks, as a socket may deliver it. */
function streamed(chunks: Uint8Array[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Request('http://localhost/api/sessions', { method: 'PATCH', body, duplex: 'half' } as RequestInit);
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('readBodyText', () => {
  it('reads a body in one chunk and in many, a character split between two chunks included', async () => {
    const text = '{"public":{"city":{"value":"São Paulo 🛒"}}}';
    const bytes = utf8(text);
    expect(await readBodyText(streamed([bytes]))).toBe(text);
    // Every split point, so some cut through "ã" (2 bytes) and "🛒" (4 bytes).
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await readBodyText(streamed([bytes.subarray(0, cut), bytes.subarray(cut)])), `cut at ${cut}`).toBe(text);
    }
    expect(await readBodyText(streamed(Array.from(bytes, (byte) => Uint8Array.of(byte))))).toBe(text);
  });

  it('refuses bytes that are not UTF-8 with a 400, even when each chunk alone could be', async () => {
    await expect(readBodyText(streamed([Uint8Array.of(0x7b, 0xff, 0x7d)]))).rejects.toMatchObject({ status: 400, code: 'invalid_body' });
    // The first two bytes of "ã" and of "🛒" with nothing after them.
    await expect(readBodyText(streamed([utf8('{"a":"'), Uint8Array.of(0xc3)]))).rejects.toMatchObject({ status: 400, code: 'invalid_body' });
    await expect(readBodyText(streamed([Uint8Array.of(0xf0, 0x9f), utf8('"}')]))).rejects.toMatchObject({ status: 400, code: 'invalid_body' });
  });

  it('stops at the limit whatever the chunks, with a 413', async () => {
    const chunk = new Uint8Array(1024).fill(0x61);
    const chunks = Array.from({ length: MAX_BODY_BYTES / 1024 + 1 }, () => chunk);
    await expect(readBodyText(streamed(chunks))).rejects.toMatchObject({ status: 413, code: 'body_too_large' });
    expect(await readBodyText(streamed(chunks.slice(1)))).toHaveLength(MAX_BODY_BYTES);
  });
});
