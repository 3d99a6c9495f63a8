'use server';
import { updateSessionAction } from 'vtex-sessions-next/server';
import type { TraceEntry } from 'vtex-sessions-next';
import { sessionKit } from '@/session-kit';

export interface DebugState {
  /** The flag as the last answer left it; null before any toggle on this page. */
  debug: boolean | null;
  /** The trace of that write while debug is on. */
  trace: TraceEntry[] | null;
  error: string | null;
}

/**
 * The session inspector's debug switch, as a form's server action so it works
 * without JavaScript (Next renders the page again with the answer). The kit's
 * server write checks the request's origin itself (allowedOrigins, Sec-Fetch-Site).
 */
export async function setSessionDebug(_previous: DebugState, form: FormData): Promise<DebugState> {
  const on = form.get('debug') === 'on';
  const result = await updateSessionAction(sessionKit, {}, 'public.*', { debug: on });
  if (!result.ok) return { debug: null, trace: null, error: `Could not turn debug ${on ? 'on' : 'off'}: ${result.error.message}` };
  return { debug: on, trace: on ? (result.session.trace ?? []) : null, error: null };
}
