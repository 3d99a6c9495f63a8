import { z } from 'zod';
import { SessionError } from '../session/errors';
import { keyProblem } from '../session/keys';
import { DEFAULT_LIMITS } from '../session/limits';
import { strictUtf8Decoder } from '../session/utf8';

export const MAX_BODY_BYTES = 16 * 1024;
export const MAX_PUBLIC_KEYS_PER_WRITE = 64;

/** Reads at most `limit` bytes of a request body; more is a 413, whatever Content-Length claims. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  try {
    return strictUtf8Decoder.decode(chunks.length === 1 ? chunks[0]! : joined(chunks, size));
  } catch {
    throw new SessionError(400, 'invalid_body', 'The body is not valid UTF-8');
  }
}

/**
 * The chunks in one array. Not @noble/hashes' concatBytes: it checks each chunk is a
 * Uint8Array of its own realm, and a route handler may be handed another realm's
 * (a jsdom test's fetch, an emulated Edge runtime), where `set` works all the same.
 */
function joined(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(limit: number): SessionError {
  return new SessionError(413, 'body_too_large', `The body is larger than ${limit} bytes`);
}

/**
 * A request body that must be one JSON object; an empty body is null. JSON may also
 * come as text/plain, which is what fetch() sends for a string body by default.
 * Anything else is a 415, a 400 or (over the limit) a 413.
 */
export async function readJsonObject(request: Request, example: string): Promise<Record<string, unknown> | null> {
  return jsonObjectOf(await readBodyText(request), request.headers.get('content-type'), example);
}

/** readJsonObject for a body already read. */
function jsonObjectOf(text: string, contentType: string | null, example: string): Record<string, unknown> | null {
  if (text.trim() === '') return null;
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType) && !/^text\/plain\b/i.test(contentType)) {
    throw new SessionError(415, 'unsupported_media_type', `Send the body as application/json, not ${contentType.split(';')[0]}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SessionError(400, 'invalid_json', 'The body is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SessionError(400, 'invalid_body', `The body must be a JSON object like ${example}`);
  }
  return json as Record<string, unknown>;
}

/**
 * A value as clients send it. VTEX answers strings, so that is how values are kept;
 * numbers and booleans (session-client types values `string | number`) become their
 * JSON spelling: `3` -> "3", `1.5` -> "1.5", `true` -> "true". Objects, arrays and
 * null are refused.
 */
const publicValue = z
  .union([z.string(), z.number(), z.boolean()], { error: 'must be a string, a number or a boolean' })
  .transform((value) => String(value));

const sessionWriteBody = z
  .object({
    public: z
      .record(z.string(), z.object({ value: publicValue }, { error: 'must be an object like {"value":"..."}' }), {
        error: 'must be an object of {"key":{"value":"..."}}',
      })
      .optional(),
    debug: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .loose();

export interface SessionWriteInput {
  public: Record<string, string>;
  debug?: boolean;
}

/** A public value as publicValue reads it, or undefined when it is not one. */
function plainValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * The body every client sends (`public` of `{"value": …}` entries, `debug` a boolean
 * or absent), read as sessionWriteBody reads it but without its machinery: each
 * write pays for this. Null for anything else, which sessionWriteBody then reads to
 * name exactly what is wrong.
 */
function plainWrite(json: Record<string, unknown>): SessionWriteInput | null {
  const { public: raw, debug } = json;
  if (debug !== undefined && typeof debug !== 'boolean') return null;
  const values: Record<string, string> = {};
  if (raw !== undefined) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
    for (const key of Object.keys(raw)) {
      const entry = (raw as Record<string, unknown>)[key];
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return null;
      const value = plainValue((entry as { value?: unknown }).value);
      if (value === undefined) return null;
      values[key] = value;
    }
  }
  return { public: values, debug };
}

/**
 * The body of POST/PATCH /api/sessions: `{"public":{"k":{"value":"v"}}}`, plus an
 * optional `"debug": true`. Other top-level keys are ignored (VTEX ignores writes to
 * server-owned namespaces), but what is in `public` must be well formed.
 */
export async function parseSessionWrite(request: Request): Promise<SessionWriteInput> {
  return sessionWriteOf(await readBodyText(request), request.headers.get('content-type'));
}

/** parseSessionWrite for a body already read (readBodyText): one promise fewer on every write. */
export function sessionWriteOf(text: string, contentType: string | null): SessionWriteInput {
  const json = jsonObjectOf(text, contentType, '{"public":{"key":{"value":"..."}}}');
  if (json === null) return { public: {} };
  const raw = (json as Record<string, unknown>).public;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    if (keys.length > MAX_PUBLIC_KEYS_PER_WRITE) {
      throw new SessionError(400, 'too_many_keys', `A write may set at most ${MAX_PUBLIC_KEYS_PER_WRITE} keys; this one has ${keys.length}`);
    }
    for (const key of keys) {
      const problem = keyProblem(key);
      if (problem) throw new SessionError(400, 'invalid_key', `public.${key}: ${problem}`);
    }
  }
  const plain = plainWrite(json);
  if (plain) return plain;
  const parsed = sessionWriteBody.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw new SessionError(400, 'invalid_body', `${path || 'body'}: ${issue.message}`);
  }
  const values: Record<string, string> = {};
  for (const [key, entry] of Object.entries(parsed.data.public ?? {})) values[key] = entry.value;
  return { public: values, debug: parsed.data.debug };
}

/** Query parameters the Sessions API reads itself rather than writing them to `public`. */
export const API_QUERY_PARAMETERS: readonly string[] = ['items'];

/**
 * Query-string parameters go into `public` on writes (`?utm_source=x&sc=2`), best
 * effort as on VTEX: clients send what the page's URL holds (render-session adds
 * `__bindingId`), so a parameter whose name is not a valid key (`__bindingId`,
 * `__proto__`, `a[b]`), whose value is longer than `maxValueLength`, or past the
 * first `MAX_PUBLIC_KEYS_PER_WRITE` is left out, never a failed request. A name
 * given twice keeps its last value.
 */
export function publicFromQuery(url: URL, maxValueLength = DEFAULT_LIMITS.maxValueLength, reserved = API_QUERY_PARAMETERS): Record<string, string> {
  const values: Record<string, string> = {};
  let count = 0;
  for (const [key, value] of url.searchParams) {
    if (reserved.includes(key) || keyProblem(key) !== null || value.length > maxValueLength) continue;
    if (!Object.hasOwn(values, key)) {
      if (count === MAX_PUBLIC_KEYS_PER_WRITE) continue;
      count++;
    }
    values[key] = value;
  }
  return values;
}
