import { findWithExtension, inCode } from '../project';
import { withoutComments } from '../source';
import { variantLayout } from './layout';
import { ok, problem, type Check } from './types';

/** The literal list after `variantFields:` / `variantFields={`, normalised; 'reference' for an expression. */
function declared(code: string, pattern: RegExp): string[] | 'reference' | null {
  const match = pattern.exec(code);
  if (!match) return null;
  const list = /^\s*\[([^\]]*)\]/.exec(code.slice(match.index + match[0].length));
  if (!list) return 'reference';
  return [...list[1]!.matchAll(/['"]([^'"]+)['"]/g)].map((field) => field[1]!).sort();
}

/** The middleware and the provider decide variants by the same segment fields. */
export const checkVariantFields: Check = ({ project, appFiles, inApp, read }) => {
  const configFile = findWithExtension(project.root, inCode(project, 'store.config'));
  const layout = variantLayout(appFiles, inApp);
  if (!configFile || !layout) return [];
  const inConfig = declared(withoutComments(read(configFile)), /\bvariantFields\s*:/);
  const layoutCode = withoutComments(read(layout));
  const inProvider = declared(layoutCode, /\bvariantFields\s*=\s*\{/);
  const fix = `pass the store's fields to the provider: <SessionProvider variantFields={storeConfig.variantFields} ...> in ${layout}`;
  if (inConfig === null && inProvider === null) return [ok('The middleware and the provider use the default variant fields')];
  if (inConfig !== null && inProvider === null) {
    return [problem(`${configFile} sets variantFields but ${layout}'s provider uses the defaults: it would refresh pages for changes that pick no new variant, or miss ones that do`, fix)];
  }
  if (inConfig === null && inProvider !== null && inProvider !== 'reference') {
    return [problem(`${layout}'s provider sets variantFields but ${configFile} does not: the middleware uses the defaults`, `set the same list as variantFields in ${configFile} and pass storeConfig.variantFields to the provider`)];
  }
  if (Array.isArray(inConfig) && Array.isArray(inProvider) && inConfig.join() !== inProvider.join()) {
    return [problem(`variantFields differ: [${inConfig.join(', ')}] in ${configFile}, [${inProvider.join(', ')}] in ${layout}`, fix)];
  }
  return [ok('The middleware and the provider use the same variant fields')];
};
