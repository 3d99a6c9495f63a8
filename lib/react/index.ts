'use client';
/** `vtex-sessions-next/react`: the provider and hooks (client components only). */
export { SessionProvider, type SessionProviderProps } from './SessionProvider';
export { useSession, useSegment, type UseSessionResult } from './hooks';
export { SessionRequestError, NETWORK_ERROR } from './errors';
export { DEFAULT_ITEMS } from './items';
export { DEFAULT_VARIANT_FIELDS } from './variant';
export type { SegmentContextValue } from './context';
export type { PublicPatch, Segment, SegmentKey, SessionData, SessionStatus } from './types';
