import { vi } from 'vitest';
import { parseItems, selectItems } from '@/lib/session/items';
import { deriveSegment, encodeSegmentToken } from '@/lib/session/segment';
import type { Namespaces } from '@/lib/session/types';

/**
 * A stand-in for /api/sessions at the fetch boundary, answering with the real
 * shapes of lib/next/sessions-route.ts and setting `vtex_segment` the way the
 * browser would on a response that carries Set-Cookie. The region rule is a toy:
 * Brazilian codes starting with 0 are served by two sellers, 99999-999 by none.
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
      const result = applyWrite(state.namespaces, written);
      if ('error' in result) return json({ error: result.error }, 400);
      state.namespaces = result.namespaces;
      document.cookie = `vtex_segment=${segmentCookie(state.namespaces)}; path=/`;
    }
    return json({ id: state.id, namespaces: selectItems(state.namespaces, items) });
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
    changeElsewhere(values: Record<string, string>) {
      const result = applyWrite(state.namespaces, values);
      if ('error' in result) throw new Error(result.error.message);
      state.namespaces = result.namespaces;
      document.cookie = `vtex_segment=${segmentCookie(state.namespaces)}; path=/`;
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

/** All or nothing, as the engine: a refused write changes nothing. */
function applyWrite(current: Namespaces, values: Record<string, string>): { namespaces: Namespaces } | { error: { code: string; message: string } } {
  const namespaces = structuredClone(current);
  const publicNs = (namespaces.public ??= {});
  for (const [key, value] of Object.entries(values)) {
    if (value === '') delete publicNs[key];
    else publicNs[key] = { value };
  }
  const country = publicNs.country?.value;
  const postalCode = publicNs.postalCode?.value;
  if (postalCode === undefined) return { namespaces };
  if (country === 'BRA' && !/^\d{5}-?\d{3}$/.test(postalCode)) {
    return { error: { code: 'invalid_postal_code', message: `"${postalCode}" is not a valid postal code for BRA (for example 01310-100)` } };
  }
  const sellers = country === 'BRA' && postalCode.startsWith('0') ? SELLERS : [];
  if (sellers.length > 0) {
    namespaces.checkout = {
      regionId: { value: btoa(`SW#${sellers.map((s) => s.id).join(';')}`) },
      sellers: { value: JSON.stringify(sellers) },
    };
  } else {
    namespaces.checkout = { regionId: { value: 'U1cj' } };
  }
  return { namespaces };
}
