import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { hasCacheComponents } from './next-config';

/** What `init` and `doctor` need to know about a store, found on disk. */
export interface Project {
  root: string;
  /** `src` when the store keeps its code in `src/`, else `''`. */
  srcDir: '' | 'src';
  /** The App Router folder, relative to root: `app` or `src/app`. */
  appDir: string;
  language: 'ts' | 'js';
  /** The import alias that points at the code folder (`@/`), or null: imports are then relative. */
  alias: string | null;
  /** next.config.* relative to root, or null. */
  nextConfig: string | null;
  cacheComponents: boolean;
  /** The version of Next the store resolves (its node_modules, or a workspace's above it), or null when none is. */
  nextVersion: string | null;
  /** The store's own middleware.* or proxy.* relative to root, or null. */
  middleware: { file: string; kind: 'middleware' | 'proxy' } | null;
}

export class ProjectError extends Error {}

const NEXT_CONFIGS = ['next.config.ts', 'next.config.mts', 'next.config.mjs', 'next.config.js', 'next.config.cjs'];
const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.mts'];

export function readText(root: string, file: string): string | null {
  const full = path.join(root, file);
  return existsSync(full) ? readFileSync(full, 'utf8') : null;
}

/** The first of `base` + each extension that exists, relative to root. */
export function findWithExtension(root: string, base: string, extensions = SCRIPT_EXTENSIONS): string | null {
  for (const extension of extensions) {
    if (existsSync(path.join(root, base + extension))) return base + extension;
  }
  return null;
}

/** Reads tsconfig.json / jsconfig.json, which allow comments and trailing commas. */
function readJsonc(text: string): unknown {
  const withoutComments = text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_match, string: string | undefined) => string ?? '');
  return JSON.parse(withoutComments.replace(/,(\s*[}\]])/g, '$1'));
}

/** The alias whose target is the code folder: `"@/*": ["./src/*"]` -> `@/`. */
function findAlias(root: string, srcDir: string, configFile: string | null): string | null {
  if (!configFile) return null;
  let config: { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } };
  try {
    config = readJsonc(readFileSync(path.join(root, configFile), 'utf8')) as typeof config;
  } catch {
    return null;
  }
  const baseUrl = config.compilerOptions?.baseUrl ?? '.';
  const codeDir = path.resolve(root, srcDir);
  for (const [pattern, targets] of Object.entries(config.compilerOptions?.paths ?? {})) {
    if (!pattern.endsWith('/*')) continue;
    const points = targets.some((target) => target.endsWith('/*') && path.resolve(root, baseUrl, target.slice(0, -2)) === codeDir);
    if (points) return pattern.slice(0, -1);
  }
  return null;
}

export function detectProject(root: string): Project {
  const srcDir = existsSync(path.join(root, 'src', 'app')) ? 'src' : '';
  const appDir = srcDir ? 'src/app' : 'app';
  if (!existsSync(path.join(root, appDir))) {
    throw new ProjectError(`No App Router folder here (looked for app/ and src/app/ in ${root}). Run this in a Next.js App Router store.`);
  }
  const tsconfig = existsSync(path.join(root, 'tsconfig.json')) ? 'tsconfig.json' : null;
  const jsconfig = existsSync(path.join(root, 'jsconfig.json')) ? 'jsconfig.json' : null;
  const nextConfig = NEXT_CONFIGS.find((name) => existsSync(path.join(root, name))) ?? null;
  const base = srcDir ? 'src/' : '';
  const middleware =
    (['middleware', 'proxy'] as const)
      .map((kind) => ({ kind, file: findWithExtension(root, base + kind) }))
      .find((found): found is { kind: 'middleware' | 'proxy'; file: string } => found.file !== null) ?? null;
  return {
    root,
    srcDir,
    appDir,
    language: tsconfig ? 'ts' : 'js',
    alias: findAlias(root, srcDir, tsconfig ?? jsconfig),
    nextConfig,
    cacheComponents: nextConfig ? hasCacheComponents(readFileSync(path.join(root, nextConfig), 'utf8')) : false,
    nextVersion: installedNextVersion(root),
    middleware,
  };
}

/** As the store's own code resolves `next`: from its node_modules, or one above it (a workspace's hoisted install). */
function installedNextVersion(root: string): string | null {
  try {
    const { version } = createRequire(path.join(root, 'package.json'))('next/package.json') as { version?: unknown };
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

/**
 * Whether the store's Next reads `export const instant` from a page (16.3 and later;
 * older releases' page types refuse an export they do not know). A Cache Components page
 * that reads the request (init's /region page) renders whole under the root layout's
 * `<Suspense>` around `<body>`: it blocks on purpose, and Next's dev check of instant
 * navigation reports every such page that does not say so with `instant = false`.
 */
export function knowsInstant(project: Pick<Project, 'nextVersion'>): boolean {
  return versionAtLeast(project.nextVersion, 16, 3);
}

/** `version` is `major.minor` or later (pre-release tags ignored). */
export function versionAtLeast(version: string | null, major: number, minor: number): boolean {
  const match = version ? /^(\d+)\.(\d+)/.exec(version) : null;
  if (!match) return false;
  const [have, haveMinor] = [Number(match[1]), Number(match[2])];
  return have > major || (have === major && haveMinor >= minor);
}

/** A path relative to root for a file in the code folder (`src/` or the root). */
export function inCode(project: Project, file: string): string {
  return project.srcDir ? `${project.srcDir}/${file}` : file;
}

/** The extension for a new file: `.ts`/`.tsx` in a TypeScript store, `.js`/`.jsx` otherwise. */
export function ext(project: Project, jsx = false): string {
  return project.language === 'ts' ? (jsx ? '.tsx' : '.ts') : jsx ? '.jsx' : '.js';
}

/**
 * How `fromFile` imports a module of the code folder (`store.config`, `session-kit`):
 * through the alias when the store has one, relatively otherwise.
 */
export function importPath(project: Project, fromFile: string, codeModule: string): string {
  if (project.alias) return project.alias + codeModule;
  const relative = path.posix.relative(path.posix.dirname(fromFile), inCode(project, codeModule));
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The project in one line, as init and doctor print it. */
export function describeProject(project: Project): string {
  const parts = [
    project.srcDir ? 'src/ directory' : 'code at the root',
    project.language === 'ts' ? 'TypeScript' : 'JavaScript',
    project.alias ? `alias ${project.alias}*` : 'no import alias (relative imports)',
    project.cacheComponents ? 'Cache Components' : 'ISR (revalidate)',
    project.middleware ? `its own ${project.middleware.file}` : 'no middleware yet',
  ];
  return parts.join(', ');
}
