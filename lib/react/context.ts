'use client';
import { createContext, useContext } from 'react';
import type { SessionRequestError } from './errors';
import type { PublicPatch, Segment, SessionData } from './types';

export interface SessionContextValue {
  data: SessionData | undefined;
  error: SessionRequestError | undefined;
  isValidating: boolean;
  update(patch: PublicPatch): Promise<SessionData>;
}

export interface SegmentContextValue {
  segment: Segment | null;
  variant: string | undefined;
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
