'use client';
import { SegmentContext, SessionContext, useRequiredContext, type SegmentContextValue, type SessionContextValue } from './context';
import type { SessionStatus } from './types';

export interface UseSessionResult extends SessionContextValue {
  status: SessionStatus;
}

/**
 * next-auth's shape: `status` is `loading` until the first answer, then
 * `authenticated` when `profile.isAuthenticated` is "true". A failed first load
 * counts as unauthenticated (with `error` set): the shopper is treated as anonymous.
 */
export function useSession(): UseSessionResult {
  const context = useRequiredContext(SessionContext, 'useSession');
  const { data, error } = context;
  const status: SessionStatus =
    data === undefined
      ? error
        ? 'unauthenticated'
        : 'loading'
      : data.namespaces.profile?.isAuthenticated?.value === 'true'
        ? 'authenticated'
        : 'unauthenticated';
  return { ...context, status };
}

/**
 * The current segment (from the `vtex_segment` cookie), the variant code it belongs
 * to (`variant`, updated by the answer to update()) and the one the page on screen
 * was rendered for (`renderedVariant`).
 */
export function useSegment(): SegmentContextValue {
  return useRequiredContext(SegmentContext, 'useSegment');
}
