import { describe, expect, it, vi } from 'vitest';

describe('a SessionError made by another copy of the module (another Next bundle)', () => {
  it('is still a SessionError, so a 503 from a shared Redis connection stays a 503', async () => {
    const ours = await import('@/lib/session/errors');
    const { errorResponse } = await import('@/lib/next/errors');
    vi.resetModules();
    const theirs = await import('@/lib/session/errors');
    expect(theirs.SessionError).not.toBe(ours.SessionError);
    const foreign = new theirs.SessionError(503, 'store_unavailable', 'down');
    expect(foreign instanceof ours.SessionError).toBe(true);
    expect(ours.isSessionError(foreign)).toBe(true);
    expect(errorResponse(foreign).status).toBe(503);
    expect(ours.isSessionError(new Error('x'))).toBe(false);
    expect(ours.isSessionError({ status: 503, code: 'x' })).toBe(false);
  });
});
