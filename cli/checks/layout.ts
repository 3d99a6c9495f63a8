import { isPage, isRouteHandler, underVariant, VARIANT_DIR } from '../app-files';
import { ROUTE_TEMPLATES } from '../templates/routes';
import { withoutComments } from '../source';
import { ok, problem, type Check, type Finding } from './types';

const INIT = '`npx vtex-sessions-next init` does it';

/** The variant layout of app/, or null. */
export function variantLayout(appFiles: readonly string[], inApp: (file: string) => string): string | null {
  return appFiles.find((file) => /^\[variant\]\/layout\.(?:tsx|jsx|ts|js)$/.test(inApp(file))) ?? null;
}

/** Pages under [variant], the provider mounted there, the kit's routes present. */
export const checkLayout: Check = ({ project, appFiles, inApp, read }) => {
  const findings: Finding[] = [];
  const outside = appFiles.filter((file) => isPage(file) && !underVariant(inApp(file)));
  if (outside.length > 0) {
    findings.push(
      problem(
        `Pages outside app/${VARIANT_DIR}/ get no variant (the middleware rewrites every page there, so they answer 404): ${outside.join(', ')}`,
        `move them under ${project.appDir}/${VARIANT_DIR}/ and fix their relative imports (${INIT})`,
      ),
    );
  } else {
    findings.push(ok(`Every page is under app/${VARIANT_DIR}/`));
  }

  const layout = variantLayout(appFiles, inApp);
  if (!layout) {
    findings.push(problem(`No ${project.appDir}/${VARIANT_DIR}/layout: pages get no session provider`, `add the variant layout that reads the code with readVariant and mounts <SessionProvider> (${INIT})`));
  } else {
    const code = withoutComments(read(layout));
    if (!/<SessionProvider\b/.test(code)) {
      findings.push(problem(`${layout} does not mount <SessionProvider>: useSession() and the region picker have no session`, 'wrap its children in <SessionProvider variant={code} initialSegment={segment}> (vtex-sessions-next/react)'));
    } else if (!/\breadVariant\s*\(/.test(code)) {
      findings.push(problem(`${layout} does not check the variant code: a forged code would render`, 'read it with `const { code, segment } = await readVariant(params)` (vtex-sessions-next/server), which answers 404 to a forged code'));
    } else {
      findings.push(ok(`${layout} checks the variant and mounts the SessionProvider`));
    }
  }

  const routeFile = (dir: string) => appFiles.find((file) => isRouteHandler(file) && inApp(file).startsWith(`${dir}/`) && inApp(file).split('/').length === dir.split('/').length + 1);
  const missing = ROUTE_TEMPLATES.map((route) => route.dir).filter((dir) => !routeFile(dir) && !(dir.endsWith('[...token]') && routeFile(dir.replace('[...token]', '[token]'))));
  const regionPage = appFiles.some((file) => isPage(file) && inApp(file).startsWith(`${VARIANT_DIR}/region/page.`));
  if (!regionPage) missing.push(`${VARIANT_DIR}/region (page)`);
  if (missing.length > 0) {
    findings.push(problem(`Missing: ${missing.map((dir) => `app/${dir}`).join(', ')}`, `add them (${INIT}; it leaves the files you have alone)`));
  } else {
    findings.push(ok('The Sessions API routes, the no-JS form route and the /region page are present'));
  }
  return findings;
};
