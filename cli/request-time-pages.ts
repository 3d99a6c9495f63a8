import { versionAtLeast, type Project } from './project';

/**
 * Whether the store's Next reads `export const instant` from a page (16.3 and later;
 * older releases' page types refuse an export they do not know).
 *
 * A Cache Components page that reads the request (init's /region page) renders whole at
 * request time under the root layout's `<Suspense>` around `<body>`, so its form works
 * without JavaScript: it blocks on purpose. Next's dev checks of instant navigation
 * report every such page unless it says so with `instant = false`.
 */
export function knowsInstant(project: Project): boolean {
  return versionAtLeast(project.nextVersion, 16, 3);
}

/** What the region page template exports on a Next that knows `instant`. */
export const INSTANT_FALSE = `// It reads the request: rendered whole for each request (the root layout's <Suspense>),
// so its form works without JavaScript. It blocks on purpose, and says so to Next's
// navigation checks in next dev.
export const instant = false;`;
