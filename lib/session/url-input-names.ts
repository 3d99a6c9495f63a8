/**
 * The query parameters a page URL hands to the session (`sc`, `utm_*`, `utmi_*`), as
 * VTEX reads them: the page middleware and the Sessions API read them from a URL, and
 * SessionProvider takes them out of one once a write has set them.
 */
const URL_INPUT = /^(?:sc|utmi?_[A-Za-z0-9_-]+)$/;

export function isUrlInputName(key: string): boolean {
  return URL_INPUT.test(key);
}
