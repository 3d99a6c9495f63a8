import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's plain-JavaScript helpers carry no types.
import { visitorRequests, withSetCookies } from '../../bench/lib/visitor-request.mjs';

describe('npm run bench: a visitor keeps the cookies its answers set, as a browser does', () => {
  it('replaces each cookie a Set-Cookie line names, keeps the others, and sends no attributes', () => {
    const before = 'vtex_session=old-token; vtex_segment=old-segment; other=1';
    const after = withSetCookies(before, [
      'vtex_session=new=token; Path=/; Expires=Tue, 15 Dec 2026 17:19:59 GMT; HttpOnly; SameSite=lax',
      'vtex_segment=new-segment; Path=/; SameSite=lax',
    ]);
    expect(after).toBe('vtex_session=new=token; vtex_segment=new-segment; other=1');
    expect(withSetCookies(undefined, ['a=1; Path=/'])).toBe('a=1');
    expect(withSetCookies('a=1', [])).toBe('a=1');
  });

  it('sends what the pool holds when the request goes out: an update reaches the next turn of that visitor', () => {
    const cookies = ['v0=a', 'v1=a'];
    const requestOf = visitorRequests({ cookies }) as (i: number) => { headers: Record<string, string>; visitor?: number };
    expect(requestOf(1).headers.cookie).toBe('v1=a');
    expect(requestOf(3).visitor).toBe(1);
    cookies[1] = withSetCookies(cookies[1], ['v1=b; Path=/']);
    expect(requestOf(3).headers.cookie).toBe('v1=b');
    expect(requestOf(2).headers.cookie).toBe('v0=a');
  });
});
