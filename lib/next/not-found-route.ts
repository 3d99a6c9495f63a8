/**
 * Next's route for the root not-found page (`app/not-found.tsx`, or Next's own): built
 * once, static, never revalidated, so its bytes hold no request's URL. A page under
 * `app/[variant]/` would not do: its 404 is cached with the page's `revalidate`, and the
 * render that refreshes it writes the URL that triggered it (a shopper's variant code)
 * into the entry every later visitor is served.
 */
export const NOT_FOUND_ROUTE = '/_not-found';
