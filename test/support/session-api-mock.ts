import { vi } from 'vitest';
import { isSessionError } from '@/lib/session/errors';
import { parseItems, selectItems } from '@/lib/session/items';
import { regionIdOf, type RegionResolver } from '@/lib/session/regions/types';
import { deriveSegment, encodeSegmentToken } from '@/lib/session/segment';
import { cookieStore } from '@/lib/session/stores/cookie';
import type { Namespaces, Segment } from '@/lib/session/types';
import { VariantCodec } from '@/lib/session/variant';
import { SECRET, commerceEngine } from './commerce-engine';

/**
 * A stand-in for /api/sessions at the fetch boundary: writes go through the real
 * engine and the demo's transforms (so refusals, regions and segments have the
 * server's shapes: no seller means no `checkout` keys and a null regionId), the
 * answers have the shapes of lib/next/sessions-route.ts (with `x-segment-variant`
 * on writes), and `vtex_segment` is set the way the browser would on a response
 * that carries Set-Cookie. Only the region data is a toy: Brazilian codes starting
 * with 0 are served by two sellers, every other valid code by none.
 */
export interface MockApiOptions {
  namespaces?: Namespaces;
  id?: string;
}

type Hold = { release: () => void; promise: Promise<void> };

export const SELLERS = [
  { id: 'lojaa', name: 'Loja A' },
  { id: 'lojab', name: 'Loja B' },
];

/** Loja A and Loja B serve Brazilian codes that start with 0; nobody serves the rest. */
const toyRegions: RegionResolver = {
  name: 'toy',
  io: false,
  resolve: ({ country, postalCode }) =>
    country === 'BRA' && postalCode?.startsWith('0') ? { id: regionIdOf(SELLERS.map((s) => s.id)), sellers: SELLERS } : null,
  sellerName: (id) => SELLERS.find((seller) => seller.id === id)?.name,
};

const variants = new VariantCodec({ secrets: [SECRET] });

/** The variant code the Sessions API would answer with for a segment. */
export function variantCode(segment: Segment): string {
  return variants.encode(segment);
}

export function segmentCookie(namespaces: Namespaces): string {
  return encodeSegmentToken(deriveSegment(namespaces));
}

export function clearCookies(): void {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]!.trim();
    if (name) document.cookie = `${name}=; max-age=0; path=/`;
  }
}

export function mockSessionsApi(options: MockApiOptions = {}) {
  const state = {
    id: options.id ?? 'c2f7d1f0-0000-4000-8000-000000000001',
    namespaces: structuredClone(options.namespaces ?? baseNamespaces()),
  };
  const engine = commerceEngine({ store: cookieStore(), regionResolver: toyRegions });
  /** The namespaces as the API answers them: with the keys derived on read (`checkout.sellers`). */
  const presented = () =>
    engine.present({ id: state.id, version: 1, namespaces: state.namespaces, active: true, debug: false, expiresAt: Date.now() + 86_400_000 }).namespaces;

  /** All or nothing, as on the server: a refused write changes nothing. */
  async function applyWrite(values: Record<string, string>): Promise<{ error: { code: string; message: string; status: number } } | null> {
    // The session the test arranged, sealed as the browser's cookie would carry it.
    const current = { id: state.id, version: 1, namespaces: state.namespaces, active: true, debug: false, expiresAt: Date.now() + 86_400_000 };
    const { sessionToken } = await engine.issue(current, null);
    try {
      const result = await engine.write(sessionToken, { public: values }, { host: 'localhost' });
      state.namespaces = result.session.namespaces;
      document.cookie = `vtex_segment=${(await engine.issue(result.session, null)).segmentToken}; path=/`;
      return null;
    } catch (error) {
      if (!isSessionError(error)) throw error;
      return { error: { code: error.code, message: error.message, status: error.status } };
    }
  }
  const calls: { method: string; url: string; body?: unknown }[] = [];
  let nextError: { status: number; code: string; message: string } | null = null;
  let hold: Hold | null = null;
  let failNetwork = false;

  document.cookie = `vtex_segment=${segmentCookie(state.namespaces)}; path=/`;

  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'private, no-store' } });

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, url: url.pathname + url.search, body });
    if (hold) await hold.promise;
    if (failNetwork) throw new TypeError('Failed to fetch');
    if (url.pathname !== '/api/sessions') return json({ error: { code: 'not_found', message: 'no route' } }, 404);
    const items = parseItems(url.searchParams.get('items'));
    if (nextError) {
      const { status, ...error } = nextError;
      nextError = null;
      return json({ error }, status);
    }
    if (method === 'PATCH') {
      const written: Record<string, string> = {};
      for (const [key, entry] of Object.entries((body?.public ?? {}) as Record<string, { value: string }>)) written[key] = entry.value;
      const refused = await applyWrite(written);
      if (refused) {
        const { status, ...error } = refused.error;
        return json({ error }, status);
      }
      const answer = json({ id: state.id, namespaces: selectItems(presented(), items) });
      answer.headers.set('x-segment-variant', await variantCode(deriveSegment(state.namespaces)));
      return answer;
    }
    return json({ id: state.id, namespaces: selectItems(presented(), items) });
  });

  vi.stubGlobal('fetch', fetchMock);

  return {
    fetch: fetchMock,
    calls,
    state,
    gets: () => calls.filter((call) => call.method === 'GET').length,
    patches: () => calls.filter((call) => call.method === 'PATCH'),
    /** The next answer is this error. */
    failNext(status: number, code: string, message: string) {
      nextError = { status, code, message };
    },
    failNetwork(on = true) {
      failNetwork = on;
    },
    /** Holds every answer until release(), to look at the optimistic state. */
    hold() {
      let release!: () => void;
      const promise = new Promise<void>((resolve) => (release = resolve));
      hold = {
        promise,
        release: () => {
          hold = null;
          release();
        },
      };
      return hold;
    },
    /** Another tab (or a no-JS form post) changed the session on the server. */
    async changeElsewhere(values: Record<string, string>) {
      const refused = await applyWrite(values);
      if (refused) throw new Error(refused.error.message);
    },
  };
}

export function baseNamespaces(): Namespaces {
  return {
    account: { id: { value: 'acc', keepAlive: true }, accountName: { value: 'demostore' } },
    store: {
      channel: { value: '1' },
      countryCode: { value: 'BRA' },
      currencyCode: { value: 'BRL' },
      currencySymbol: { value: 'R$' },
      cultureInfo: { value: 'pt-BR' },
      channelPrivacy: { value: 'public' },
    },
    profile: { isAuthenticated: { value: 'false' } },
  };
}
