'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import useSWR from 'swr';
import { SegmentContext, SessionContext, type SegmentContextValue, type SessionContextValue } from './context';
import type { SessionRequestError } from './errors';
import { applyPublicPatch, fetchSession, patchSession, sessionUrl, withPageQuery } from './fetcher';
import { DEFAULT_ITEMS, withRequiredItems } from './items';
import { createSegmentSource, decodeSegment } from './segment-cookie';
import { createTabSync, type TabSync } from './tab-sync';
import type { PublicPatch, Segment, SegmentKey, SessionData } from './types';
import { DEFAULT_VARIANT_FIELDS, variantChanged } from './variant';
import { URL_INPUTS_IN_SEGMENT } from '../session/url-input-names';

export interface SessionProviderProps {
  children?: ReactNode;
  /** The session as the server read it (getServerSession): no loading state, no fetch on mount. */
  initialSession?: SessionData;
  /** The segment the server rendered with, shown until the cookie has been read in the browser. */
  initialSegment?: Segment | null;
  /** `?items=` to load; `profile.isAuthenticated` is always added. Default: DEFAULT_ITEMS. */
  items?: readonly string[];
  /** Revalidate when the window regains focus. Default true. */
  refetchOnWindowFocus?: boolean;
  /** Poll every N milliseconds; 0 (default) never polls. */
  refetchInterval?: number;
  /** The variant code of the rendered page: `params.variant` in app/[variant]/layout.tsx. */
  variant?: string;
  /** Segment fields whose change means the page must be rendered again. */
  variantFields?: readonly SegmentKey[];
  /** Re-render the server page; default `useRouter().refresh`. Pass one outside the App Router (tests, Storybook). */
  refresh?: () => void;
  /** The Sessions API route. Default `/api/sessions`. */
  endpoint?: string;
  /** The segment cookie's name (store.config cookies.segment). Default `vtex_segment`. */
  segmentCookie?: string;
  /** BroadcastChannel / localStorage key shared by the store's tabs. Default `vtex-session`. */
  syncChannel?: string;
}

export function SessionProvider(props: SessionProviderProps) {
  // useRouter() throws outside the App Router, so it is only called when no refresh is given.
  return props.refresh ? <SessionRoot {...props} refresh={props.refresh} /> : <WithAppRouter {...props} />;
}

function WithAppRouter(props: SessionProviderProps) {
  const router = useRouter();
  return <SessionRoot {...props} refresh={() => router.refresh()} />;
}

function SessionRoot({
  children,
  initialSession,
  initialSegment = null,
  items = DEFAULT_ITEMS,
  refetchOnWindowFocus = true,
  refetchInterval = 0,
  variant,
  variantFields = DEFAULT_VARIANT_FIELDS,
  refresh,
  endpoint = '/api/sessions',
  segmentCookie = 'vtex_segment',
  syncChannel = 'vtex-session',
}: SessionProviderProps & { refresh: () => void }) {
  const key = sessionUrl(endpoint, withRequiredItems(items));
  const source = useMemo(() => createSegmentSource(segmentCookie), [segmentCookie]);
  const token = useSyncExternalStore(source.subscribe, source.read, () => null);
  const segment = useMemo(() => decodeSegment(token) ?? initialSegment, [token, initialSegment]);

  // Read by callbacks that must not change identity on every render.
  const latest = useRef({ data: initialSession, refresh, variantFields });
  // The page's code when an update started: its answer is stale once another page has rendered.
  const pageVariant = useRef(variant);
  // The segment the page on screen was rendered for; undefined until mounted.
  const rendered = useRef<Segment | null | undefined>(undefined);

  const settle = useCallback(() => {
    source.changed();
    const now = decodeSegment(source.read());
    dropStaleUrlInputs(now);
    if (rendered.current === undefined) return;
    if (variantChanged(rendered.current, now, latest.current.variantFields)) {
      rendered.current = now;
      latest.current.refresh();
    }
  }, [source]);

  // The read in flight, which a write waits for: a read may set cookies too (it starts the
  // session of a first visit, whose page set none, or renews one), and the write's must
  // land after them, or the browser keeps the read's session without the write.
  const reading = useRef<Promise<SessionData> | null>(null);
  // Reads carry the page's query until one has answered: the first may start the session
  // of a first visit from a link, whose inputs only the URL holds, and a retry of a failed
  // one must still bring them. Later reads need not repeat them.
  const started = useRef(false);
  const read = useCallback((url: string) => {
    const pending = fetchSession(started.current ? url : withPageQuery(url));
    reading.current = pending;
    const done = () => {
      if (reading.current === pending) reading.current = null;
    };
    pending.then(() => {
      started.current = true;
      done();
    }, done);
    return pending;
  }, []);

  const { data, error, isValidating, mutate } = useSWR<SessionData, SessionRequestError>(key, read, {
    fallbackData: initialSession,
    revalidateOnMount: initialSession === undefined ? undefined : false,
    revalidateOnFocus: refetchOnWindowFocus,
    refreshInterval: refetchInterval,
    // A revalidation may follow a write made elsewhere (a no-JS form, a server action).
    onSuccess: settle,
  });

  useEffect(() => {
    latest.current = { data, refresh, variantFields };
    pageVariant.current = variant;
  });
  useEffect(() => {
    rendered.current = decodeSegment(source.read());
  }, [source, variant]);

  // The variant the shopper's segment is on now: the page's until a write names another.
  const [answered, setAnswered] = useState<{ page: string | undefined; code: string } | null>(null);
  const currentVariant = answered && answered.page === variant ? answered.code : variant;

  const [updating, setUpdating] = useState(0);

  const sync = useRef<TabSync | null>(null);
  useEffect(() => {
    const tabs = createTabSync(syncChannel, () => {
      void mutate();
      settle();
    });
    sync.current = tabs;
    return () => tabs.close();
  }, [syncChannel, mutate, settle]);

  const update = useCallback(
    async (patch: PublicPatch): Promise<SessionData> => {
      const shown = latest.current.data;
      let code: string | null = null;
      setUpdating((count) => count + 1);
      const next = await mutate(
        async () => {
          await reading.current?.catch(() => undefined);
          const answer = await patchSession(key, patch);
          code = answer.variant;
          return answer.session;
        },
        {
          // On top of what is on screen, so concurrent updates stack; nothing to show before the first load.
          optimisticData: shown && ((committed, displayed) => applyPublicPatch(displayed ?? committed ?? shown, patch)),
          rollbackOnError: true,
          populateCache: true,
          // The PATCH answer is the fresh session: nothing to refetch.
          revalidate: false,
        },
      ).finally(() => setUpdating((count) => count - 1));
      if (code !== null) setAnswered({ page: pageVariant.current, code });
      // The PATCH response set the new segment cookie.
      settle();
      sync.current?.post();
      return next!;
    },
    [key, mutate, settle],
  );

  const sessionValue = useMemo<SessionContextValue>(
    () => ({ data, error, isValidating, isUpdating: updating > 0, update }),
    [data, error, isValidating, updating, update],
  );
  const segmentValue = useMemo<SegmentContextValue>(
    () => ({ segment, variant: currentVariant, renderedVariant: variant }),
    [segment, currentVariant, variant],
  );

  return (
    <SessionContext.Provider value={sessionValue}>
      <SegmentContext.Provider value={segmentValue}>{children}</SegmentContext.Provider>
    </SessionContext.Provider>
  );
}

/**
 * Takes out of the page's URL the inputs (`?sc=2`, `utm_campaign`) the session no longer
 * holds: the shopper picked another store after opening a store link, here or in
 * another tab. The page applies its URL's inputs whenever it is loaded, so the refresh
 * that follows, or a reload, would put the old value back. What the session holds stays,
 * and so do the store's own parameters. Without `history.state`, which Next's router
 * reads as its own entry: it picks the new URL up.
 */
function dropStaleUrlInputs(segment: Segment | null): void {
  if (!segment || typeof location === 'undefined') return;
  const url = new URL(location.href);
  let stale = false;
  for (const [name, field] of Object.entries(URL_INPUTS_IN_SEGMENT)) {
    const value = url.searchParams.get(name);
    if (value !== null && value !== segment[field]) {
      url.searchParams.delete(name);
      stale = true;
    }
  }
  if (stale) history.replaceState(null, '', url);
}
