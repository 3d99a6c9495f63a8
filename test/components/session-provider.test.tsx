// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SWRConfig } from 'swr';
import { SessionProvider, SessionRequestError, useSegment, useSession, type SessionData, type SessionProviderProps } from '@/lib/react';
import { deriveSegment } from '@/lib/session/segment';
import { baseNamespaces, clearCookies, mockSessionsApi, segmentCookie, variantCode } from '../support/session-api-mock';
import { renderWithSession, tab } from './render';

let api: ReturnType<typeof mockSessionsApi>;
const handle: { update: ReturnType<typeof useSession>['update'] | null } = { update: null };
const updateRef: ReturnType<typeof useSession>['update'] = (patch) => handle.update!(patch);

function Probe() {
  const { data, status, error, update } = useSession();
  const { segment, variant, renderedVariant } = useSegment();
  useEffect(() => {
    handle.update = update;
  });
  return (
    <dl>
      <dt>status</dt>
      <dd data-testid="status">{status}</dd>
      <dt>postal code</dt>
      <dd data-testid="postal">{data?.namespaces.public?.postalCode?.value ?? '-'}</dd>
      <dt>region</dt>
      <dd data-testid="region">{segment?.regionId ?? '-'}</dd>
      <dt>channel</dt>
      <dd data-testid="channel">{segment?.channel ?? '-'}</dd>
      <dt>variant</dt>
      <dd data-testid="variant">{variant ?? '-'}</dd>
      <dt>rendered variant</dt>
      <dd data-testid="rendered-variant">{renderedVariant ?? '-'}</dd>
      <dt>error</dt>
      <dd data-testid="error">{error?.code ?? '-'}</dd>
    </dl>
  );
}

const text = (id: string) => screen.getByTestId(id).textContent;

beforeEach(() => {
  clearCookies();
  localStorage.clear();
  api = mockSessionsApi();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('SessionProvider and useSession', () => {
  it('is loading, then unauthenticated for an anonymous session', async () => {
    renderWithSession(<Probe />);
    expect(text('status')).toBe('loading');
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    const url = new URL(api.calls[0]!.url, 'http://localhost');
    expect(url.pathname).toBe('/api/sessions');
    expect(url.searchParams.get('items')!.split(',')).toContain('profile.isAuthenticated');
  });

  it('is authenticated when profile.isAuthenticated is "true"', async () => {
    api.state.namespaces.profile = { isAuthenticated: { value: 'true' }, email: { value: 'ana@example.com' } };
    renderWithSession(<Probe />);
    await waitFor(() => expect(text('status')).toBe('authenticated'));
  });

  it('always asks for profile.isAuthenticated, whatever items it is given', async () => {
    renderWithSession(<Probe />, { items: ['public.postalCode'] });
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    expect(new URL(api.calls[0]!.url, 'http://localhost').searchParams.get('items')).toBe('public.postalCode,profile.isAuthenticated');
  });

  it('shows initial server data at once and does not fetch on mount', async () => {
    const initialSession: SessionData = { id: 's1', namespaces: { profile: { isAuthenticated: { value: 'true' } }, public: { postalCode: { value: '01310-100' } } } };
    renderWithSession(<Probe />, { initialSession });
    expect(text('status')).toBe('authenticated');
    expect(text('postal')).toBe('01310-100');
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(api.calls).toHaveLength(0);
  });

  it("sends the page's query with its first read only: a first visit from a link starts its session with the link's inputs", async () => {
    window.history.replaceState(null, '', '/p/mug?utm_campaign=summer&sc=2&items=page.own');
    try {
      renderWithSession(<Probe />, { refetchInterval: 20 });
      await waitFor(() => expect(api.gets()).toBe(1));
      const first = new URL(api.calls[0]!.url, 'http://localhost');
      expect(first.searchParams.get('utm_campaign')).toBe('summer');
      expect(first.searchParams.get('sc')).toBe('2');
      // The provider's items come first: the server reads the first `items`.
      expect(first.searchParams.get('items')!.split(',')).toContain('profile.isAuthenticated');
      await act(() => updateRef({ postalCode: '05408-000' }));
      await waitFor(() => expect(api.gets()).toBeGreaterThanOrEqual(3));
      expect(api.patches()).toHaveLength(1);
      for (const later of api.calls.slice(1)) expect(later.url, later.method).not.toMatch(/utm_campaign|sc=/);
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });

  it("sends the page's query again when the first read failed: its retry may be what starts the session", async () => {
    window.history.replaceState(null, '', '/?utm_campaign=summer');
    try {
      api.failNext(503, 'store_unavailable', 'The session store is down');
      // SWR's own retry after an error, made quick.
      render(
        <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0, errorRetryInterval: 10 }}>
          <SessionProvider refresh={() => {}} refetchInterval={20}>
            <Probe />
          </SessionProvider>
        </SWRConfig>,
      );
      await waitFor(() => expect(api.gets()).toBeGreaterThanOrEqual(3));
      const gets = api.calls.filter((call) => call.method === 'GET').map((call) => new URL(call.url, 'http://localhost').searchParams.get('utm_campaign'));
      // The failed read and the one that answered carry it; none after.
      expect(gets.slice(0, 2)).toEqual(['summer', 'summer']);
      expect(gets.slice(2)).not.toContain('summer');
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });

  it('surfaces a failed load with the server error code', async () => {
    api.failNext(503, 'store_unavailable', 'The session store is down');
    renderWithSession(<Probe />);
    await waitFor(() => expect(text('error')).toBe('store_unavailable'));
    expect(text('status')).toBe('unauthenticated');
  });

  it('revalidates on window focus unless told not to, and polls when asked', async () => {
    const focusTab = (props: Partial<SessionProviderProps>) => (
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0, focusThrottleInterval: 0 }}>
        <SessionProvider refresh={() => {}} {...props}>
          <Probe />
        </SessionProvider>
      </SWRConfig>
    );
    const { unmount } = render(focusTab({}));
    await waitFor(() => expect(api.gets()).toBe(1));
    act(() => void window.dispatchEvent(new Event('focus')));
    await waitFor(() => expect(api.gets()).toBe(2));
    unmount();

    const quiet = render(focusTab({ refetchOnWindowFocus: false }));
    await waitFor(() => expect(api.gets()).toBe(3));
    act(() => void window.dispatchEvent(new Event('focus')));
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(api.gets()).toBe(3);
    quiet.unmount();

    render(focusTab({ refetchInterval: 20 }));
    await waitFor(() => expect(api.gets()).toBeGreaterThanOrEqual(6));
  });

  it('throws a clear error outside the provider', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Probe />)).toThrow(/useSession\(\) must be used inside <SessionProvider>/);
    function SegmentOnly() {
      useSegment();
      return null;
    }
    expect(() => render(<SegmentOnly />)).toThrow(/useSegment\(\) must be used inside <SessionProvider>/);
    spy.mockRestore();
  });
});

describe('update()', () => {
  it('shows the change at once, PATCHes public and resolves to the new session', async () => {
    renderWithSession(<Probe />);
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    const held = api.hold();
    let result: Promise<SessionData>;
    act(() => {
      result = updateRef({ country: 'BRA', postalCode: '05408-000' });
    });
    await waitFor(() => expect(text('postal')).toBe('05408-000'));
    const patch = api.patches()[0]!;
    expect(patch.body).toEqual({ public: { country: { value: 'BRA' }, postalCode: { value: '05408-000' } } });
    expect(patch.url).toMatch(/^\/api\/sessions\?items=/);
    held.release();
    const session = await act(() => result);
    expect(session.namespaces.checkout?.regionId?.value).toBe(btoa('SW#lojaa;lojab'));
    expect(session.id).toBe(api.state.id);
  });

  it('sends a write only once the read in flight has answered: the cookies it sets must land after the read\'s', async () => {
    // A first visit's page sets no cookie: the provider's first read starts the session, and a write racing it would be overwritten.
    const held = api.hold();
    renderWithSession(<Probe />);
    await waitFor(() => expect(api.gets()).toBe(1));
    let result: Promise<SessionData>;
    act(() => {
      result = updateRef({ country: 'BRA', postalCode: '05408-000' });
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.patches(), 'no PATCH while the read is in flight').toHaveLength(0);
    held.release();
    const session = await act(() => result);
    expect(api.calls.map((call) => call.method)).toEqual(['GET', 'PATCH']);
    expect(session.namespaces.public?.postalCode?.value).toBe('05408-000');
    await waitFor(() => expect(text('postal')).toBe('05408-000'));
  });

  it('rolls back and rejects with the server code and message', async () => {
    api.state.namespaces.public = { postalCode: { value: '01310-100' }, country: { value: 'BRA' } };
    renderWithSession(<Probe />);
    await waitFor(() => expect(text('postal')).toBe('01310-100'));
    const held = api.hold();
    let result!: Promise<SessionData>;
    act(() => {
      result = updateRef({ postalCode: 'nope' });
      result.catch(() => {});
    });
    await waitFor(() => expect(text('postal')).toBe('nope'));
    held.release();
    const error = await act(() => result.then(() => null, (e: unknown) => e));
    expect(error).toBeInstanceOf(SessionRequestError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_postal_code', message: expect.stringContaining('not a valid postal code') });
    await waitFor(() => expect(text('postal')).toBe('01310-100'));
  });

  it('rejects with network_error when the request never reaches the server', async () => {
    renderWithSession(<Probe />);
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    api.failNetwork();
    await expect(act(() => updateRef({ postalCode: '05408-000' }))).rejects.toMatchObject({ code: 'network_error', status: 0 });
    expect(text('postal')).toBe('-');
  });

  it('refreshes the server page when the variant changes, and reads the new segment', async () => {
    const { refresh } = renderWithSession(<Probe />, { variant: 'v-old' });
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    expect(text('region')).toBe('-');
    await act(() => updateRef({ country: 'BRA', postalCode: '05408-000' }));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(text('region')).toBe(btoa('SW#lojaa;lojab'));
    expect(api.gets()).toBe(1);
  });

  it("takes the URL inputs an update overrode out of the page's URL before refreshing it, so the page does not apply them back", async () => {
    window.history.replaceState(null, '', '/p/mug?utm_campaign=summer&q=lamp&utm_medium=email&sc=1#reviews');
    try {
      let seen = '';
      const refresh = vi.fn(() => void (seen = `${location.pathname}${location.search}${location.hash}`));
      renderWithSession(<Probe />, { variant: 'v-old', refresh });
      await waitFor(() => expect(text('status')).toBe('unauthenticated'));
      // The session has no campaign yet: the URL's does not match it, and goes at once (a refused input, say).
      expect(location.search).toBe('?q=lamp&utm_medium=email&sc=1');

      const replaced = vi.spyOn(window.history, 'replaceState');
      await act(() => updateRef({ country: 'BRA', postalCode: '05408-000' }));
      expect(refresh).toHaveBeenCalledTimes(1);
      // Nothing in the URL contradicts the session: untouched.
      expect(replaced).not.toHaveBeenCalled();
      expect(seen).toBe('/p/mug?q=lamp&utm_medium=email&sc=1#reviews');

      await act(() => updateRef({ sc: '2' }));
      expect(refresh).toHaveBeenCalledTimes(2);
      // `sc` is the session's no more; the store's own `q` and `utm_medium` (not in the segment) stay.
      expect(seen).toBe('/p/mug?q=lamp&utm_medium=email#reviews');
      replaced.mockRestore();
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });

  it('names the variant the update moved to at once, before the page is rendered again', async () => {
    const before = await variantCode(deriveSegment(api.state.namespaces));
    const first = tab(<Probe />, { variant: before });
    const { rerender } = render(first.element);
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    await act(() => updateRef({ country: 'BRA', postalCode: '05408-000' }));
    // The Sessions API's x-segment-variant: the code of the new segment, signed like the middleware's.
    const after = await variantCode(deriveSegment(api.state.namespaces));
    expect(after).not.toBe(before);
    expect(text('variant')).toBe(after);
    expect(text('rendered-variant')).toBe(before);

    // The refreshed page arrives for the new variant: both agree again.
    rerender(tab(<Probe />, { variant: after, refresh: first.refresh }).element);
    expect(text('variant')).toBe(after);
    expect(text('rendered-variant')).toBe(after);
  });

  it('keeps the page variant when an update leaves the variant as it was', async () => {
    const code = await variantCode(deriveSegment(api.state.namespaces));
    renderWithSession(<Probe />, { variant: code });
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    // A valid code no seller serves: no region, as for a fresh visitor.
    await act(() => updateRef({ country: 'BRA', postalCode: '69900-000' }));
    expect(text('postal')).toBe('69900-000');
    expect(text('region')).toBe('-');
    expect(text('variant')).toBe(code);
  });

  it('neither refreshes nor refetches when the variant stays the same', async () => {
    const { refresh } = renderWithSession(<Probe />);
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    // utm_source is in the segment but not among the default variant fields.
    await act(() => updateRef({ utm_source: 'newsletter', favouriteColour: 'teal' }));
    expect(refresh).not.toHaveBeenCalled();
    expect(api.gets()).toBe(1);
    expect(api.patches()).toHaveLength(1);
  });

  it('takes the variant fields as a prop', async () => {
    const { refresh } = renderWithSession(<Probe />, { variantFields: ['utm_source'] });
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    await act(() => updateRef({ utm_source: 'newsletter' }));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('passes the new variant code on when the server renders again', async () => {
    const first = tab(<Probe />, { variant: 'v-old' });
    const { rerender } = render(first.element);
    expect(text('variant')).toBe('v-old');
    rerender(tab(<Probe />, { variant: 'v-new', refresh: first.refresh }).element);
    expect(text('variant')).toBe('v-new');
  });
});

describe('useSegment()', () => {
  it('decodes the vtex_segment cookie before any fetch returns', () => {
    api.hold();
    renderWithSession(<Probe />);
    expect(text('channel')).toBe('1');
  });

  it('reads a cookie whose value the server percent-encoded', () => {
    api.hold();
    const token = segmentCookie({ ...baseNamespaces(), checkout: { regionId: { value: 'U1cjbG9qYWE+Pz8/' } } });
    document.cookie = `vtex_segment=${encodeURIComponent(token)}; path=/`;
    renderWithSession(<Probe />);
    expect(text('region')).toBe('U1cjbG9qYWE+Pz8/');
  });

  it('falls back to the server segment when there is no cookie', () => {
    clearCookies();
    api.hold();
    const segment = JSON.parse(atob(segmentCookie({ ...baseNamespaces(), store: { channel: { value: '2' } } })));
    renderWithSession(<Probe />, { initialSegment: segment });
    expect(text('channel')).toBe('2');
  });
});

describe('across tabs', () => {
  it('revalidates the other tabs after an update, and refreshes them when the variant changed', async () => {
    function Other() {
      const { data } = useSession();
      return <p data-testid="other">{data?.namespaces.public?.postalCode?.value ?? '-'}</p>;
    }
    const a = tab(<Probe />);
    const b = tab(<Other />);
    render(
      <>
        {a.element}
        {b.element}
      </>,
    );
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    await waitFor(() => expect(text('other')).toBe('-'));
    const before = api.gets();
    await act(() => updateRef({ country: 'BRA', postalCode: '05408-000' }));
    await waitFor(() => expect(text('other')).toBe('05408-000'));
    expect(api.gets()).toBe(before + 1);
    expect(a.refresh).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(b.refresh).toHaveBeenCalledTimes(1));
  });

  it("a tab whose URL names the store another tab just left drops it before refreshing, so it does not switch the session back", async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    window.history.replaceState(null, '', '/products?sc=1&q=lamp');
    try {
      let seen = '';
      const refresh = vi.fn(() => void (seen = location.search));
      renderWithSession(<Probe />, { refresh });
      await waitFor(() => expect(text('status')).toBe('unauthenticated'));
      expect(location.search).toBe('?sc=1&q=lamp');
      // Another tab switches to the US store and tells the others.
      await api.changeElsewhere({ sc: '2' });
      act(() => void window.dispatchEvent(new StorageEvent('storage', { key: 'vtex-session', newValue: 'x' })));
      await waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
      expect(seen).toBe('?q=lamp');
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });

  it('falls back to storage events without BroadcastChannel', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const { refresh } = renderWithSession(<Probe />);
    await waitFor(() => expect(text('status')).toBe('unauthenticated'));
    await act(() => updateRef({ utm_source: 'mail' }));
    expect(localStorage.getItem('vtex-session')).not.toBeNull();

    await api.changeElsewhere({ country: 'BRA', postalCode: '01310-100' });
    const before = api.gets();
    act(() => {
      window.dispatchEvent(new StorageEvent('storage', { key: 'vtex-session', newValue: 'x' }));
    });
    await waitFor(() => expect(text('postal')).toBe('01310-100'));
    expect(api.gets()).toBe(before + 1);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
