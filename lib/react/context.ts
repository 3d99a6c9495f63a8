'use client';
import { createContext, useContext } from 'react';
import type { SessionRequestError } from './errors';
import type { PublicPatch, Segment, SessionData } from './types';

export interface SessionContextValue {
  data: SessionData | undefined;
  error: SessionRequestError | undefined;
  isValidating: boolean;
  /** True while an update() is on its way: `data` then shows it optimistically, before the transforms ran. */
  isUpdating: boolean;
  update(patch: PublicPatch): Promise<SessionData>;
}

export interface SegmentContextValue {
  /** The shopper's segment now: the `vtex_segment` cookie, else the page's. */
  segment: Segment | null;
  /**
   * The variant code of the shopper's segment now: the page's code until an
   * update() answers with another (the Sessions API's `x-segment-variant`), then
   * that one, also while router.refresh() is still rendering the page for it.
   * Another tab's write shows here once this tab's page has been refreshed.
   */
  variant: string | undefined;
  /** The variant code the page on screen was rendered for (the provider's `variant` prop). */
  renderedVariant: string | undefined;
}

// Two contexts: components that only read the segment do not re-render on every fetch.
export const SessionContext = createContext<SessionContextValue | null>(null);
export const SegmentContext = createContext<SegmentContextValue | null>(null);

export function useRequiredContext<T>(context: React.Context<T | null>, hook: string): T {
  const value = useContext(context);
  if (value === null) {
    throw new Error(`${hook}() must be used inside <SessionProvider>. Wrap your app (for example app/layout.tsx) in <SessionProvider>.`);
  }
  return value;
}
