import { DEFAULT_ITEMS } from '@/lib/react/items';

/** What SessionProvider asks for on load (its default items). */
const PROVIDER_ITEMS = DEFAULT_ITEMS.join(',');

/**
 * A browser-like cookie jar for HTTP tests: keeps what Set-Cookie says and sends it
 * back, so tests drive the API the way a browser would.
 */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /**
   * A page view as a browser with scripts makes it: the page, then, when the page set
   * no session (a first visit: the middleware defers it), the SessionProvider's first
   * call, which starts it with the page's query (its URL inputs). Answers the page's response.
   */
  async visit(origin: string, path = '/'): Promise<{ page: Response; html: string }> {
    const page = await this.fetch(`${origin}${path}`);
    const html = await page.text();
    if (page.status === 200 && !this.cookies.has('vtex_session')) {
      const query = new URL(path, origin).search.slice(1);
      const started = await this.fetch(`${origin}/api/sessions?items=${PROVIDER_ITEMS}${query ? `&${query}` : ''}`);
      if (started.status !== 200 || !this.cookies.has('vtex_session')) throw new Error(`the Sessions API's first call answered ${started.status} and no session`);
      await started.arrayBuffer();
    }
    return { page, html };
  }

  /** fetch() with this jar's cookies, storing what comes back. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.header());
    const response = await fetch(url, { ...init, headers, redirect: init.redirect ?? 'manual' });
    this.store(response);
    return response;
  }
}
