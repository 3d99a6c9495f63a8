import type { Namespaces, Segment } from '../session/types';
import type { SegmentKey } from '../session/segment';

/** The session object of `GET /api/sessions?items=...`: only the asked keys. */
export interface SessionData {
  id: string;
  namespaces: Namespaces;
}

/** A write to `public`: a string sets a key, `null` or `""` removes it. */
export type PublicPatch = Readonly<Record<string, string | null>>;

export type SessionStatus = 'loading' | 'authenticated' | 'unauthenticated';

export type { Segment, SegmentKey };
