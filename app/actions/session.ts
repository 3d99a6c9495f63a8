'use server';
import { updateSessionAction } from '@/lib/next/server';
import { DEFAULT_ITEMS } from '@/lib/react/items';
import { sessionKit } from '@/session-kit';

/**
 * Writes the public namespace from a form or a client component without the
 * Sessions API (Next checks the Origin of server actions itself). Answers with the
 * same items the SessionProvider loads, or `{ ok: false, error }`.
 */
export async function updatePublicSession(patch: Record<string, string | null>) {
  return updateSessionAction(sessionKit, patch, DEFAULT_ITEMS);
}
