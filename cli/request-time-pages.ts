import { readsRequest, withoutComments } from './source';
import { versionAtLeast, type Project } from './project';

/**
 * How a Cache Components store renders a page that reads the request (init's /region
 * page, a sign-in, a cart) whole at request time, so its forms work without JavaScript
 * (a part streamed into a static shell needs a script to appear). Next refuses such a
 * page at build unless something above it says how it may wait.
 *
 * - `'instant-false'` (Next 16.3 and later): the page exports `instant = false`, which
 *   lets it block without a static shell. The root layout stays as it was.
 * - `'root-suspense'` (older Next, or a version init cannot read): one `<Suspense>`
 *   around `<body>` in the root layout. It builds on every Next 16, but in `next dev` a
 *   page under app/[variant]/ that calls notFound() then answers 200 and shows "Missing
 *   <body> tags in the root layout" (checked on 16.4.3 and 16.4.6, with and without the kit).
 */
export type RequestTimePages = 'instant-false' | 'root-suspense';

export function requestTimePages(project: Project): RequestTimePages {
  return versionAtLeast(project.nextVersion, 16, 3) ? 'instant-false' : 'root-suspense';
}

/** What the region page template (and a page init tells about) exports for it. */
export const INSTANT_FALSE = `// It reads the request: rendered whole for each request (its form works without
// JavaScript), with no static shell and no instant navigation to wait for.
export const instant = false;`;

/** Whether a page reads the request as it renders: cookies(), headers(), its query, or the kit's server helpers. */
export function readsRequestAtRender(source: string): boolean {
  return readsRequest(source) || /\b(?:getServerSession\s*\(|getServerSegment\s*\(|searchParams\b)/.test(withoutComments(source));
}
