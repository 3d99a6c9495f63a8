import { isRouteHandler, underVariant, urlOf } from '../app-files';
import { compileMatcher, matcherEntries, pageMatcher, readMiddlewareConfig } from '../matcher';
import { usesKit } from '../own-middleware';
import { ok, problem, type Check, type Finding } from './types';

const PAGES = ['/', '/products/shirt'];
const NOT_PAGES = ['/api/sessions', '/_next/static/chunks/main.js', '/favicon.ico', '/images/logo.png'];

/** The middleware runs the kit, on every page and nowhere it would break a non-page. */
export const checkMiddleware: Check = ({ project, appFiles, inApp, read }) => {
  const middleware = project.middleware;
  if (!middleware) {
    return [problem('No middleware.ts or proxy.ts: no session cookies, no variant rewrite', 'run `npx vtex-sessions-next init`, which writes one (composed with yours when you have one)')];
  }
  const source = read(middleware.file);
  if (!usesKit(source)) {
    return [problem(`${middleware.file} does not run the session middleware`, `compose it with createSessionMiddleware from vtex-sessions-next/middleware (\`npx vtex-sessions-next init\` does it)`)];
  }
  const findings: Finding[] = [ok(`${middleware.file} runs the session middleware`)];
  const routes = appFiles
    .filter((file) => isRouteHandler(file) && !underVariant(inApp(file)) && !inApp(file).startsWith('api/'))
    .map((file) => urlOf(inApp(file).split('/').slice(0, -1).join('/')));
  // A path each route handler answers, dynamic segments filled in.
  const routeUrls = routes.map((url) => url.replace(/\[[^\]]+\]/g, 'x'));
  const expected = JSON.stringify(pageMatcher(routes));
  const entries = matcherEntries(readMiddlewareConfig(source)?.matcher);
  const matches = compileMatcher(project.root, entries);
  if (!matches) {
    return [...findings, problem(`Could not compile ${middleware.file}'s matcher with this store's Next.js`, 'install the store\'s dependencies (npm install) and run doctor again')];
  }
  const missed = PAGES.filter((pathname) => !matches(pathname));
  if (missed.length > 0) {
    findings.push(problem(`${middleware.file}'s matcher misses pages (${missed.join(', ')}): they get no session and no variant`, `set config.matcher to ${expected}`));
  } else {
    findings.push(ok(`The matcher covers the pages`));
  }
  // The composed middleware keeps the store's own matcher; the session part passes non-pages through.
  const composed = /\bcomposeMiddleware\s*\(/.test(source);
  const covered = NOT_PAGES.filter(matches);
  if (covered.length > 0 && !composed) {
    findings.push(problem(`${middleware.file}'s matcher covers ${covered.join(', ')}: the session middleware would rewrite them`, `leave /api, /_next and files out: config.matcher = ${expected}`));
  } else if (covered.length === 0) {
    findings.push(ok('The matcher leaves /api, /_next and static files alone'));
  } else {
    findings.push(ok(`The matcher also covers ${covered.join(', ')} for your own middleware; the session part passes them through`));
  }
  const brokenRoutes = routeUrls.filter((url) => matches(url) && !leftOutByIsPage(source, url));
  if (brokenRoutes.length > 0) {
    findings.push(problem(`The matcher covers route handlers outside app/api (${brokenRoutes.join(', ')}): they would be rewritten under a variant and answer 404`, `leave them out of the matcher (${expected}) and out of the session middleware's isPage`));
  }
  return findings;
};

/** Whether the middleware's own isPage rule leaves the path out (a regular expression literal it names). */
function leftOutByIsPage(source: string, pathname: string): boolean {
  if (!/\bisPage\s*:/.test(source)) return false;
  return [...source.matchAll(/(?:const|let)\s+\w+\s*=\s*\/((?:\\.|[^/\n])+)\/([a-z]*)\s*;/g)].some(([, body, flags]) => {
    try {
      return new RegExp(body!, flags).test(pathname);
    } catch {
      return false;
    }
  });
}
