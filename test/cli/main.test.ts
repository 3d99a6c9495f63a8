import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { packageVersion } from '../../cli/version';
import { captureOutput } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

const temps: string[] = [];
afterEach(() => {
  while (temps.length) rmSync(temps.pop()!, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const out = captureOutput();
  const code = await main(argv, out);
  return { code, output: out.text() };
}

describe('the command line', () => {
  it.each(['--version', '-v'])('%s prints the package version alone and exits 0', async (flag) => {
    expect(await run(flag)).toEqual({ code: 0, output: version });
  });

  it('--version wins over a command: nothing is run', async () => {
    const missing = path.join(tmpdir(), 'no-such-store');
    expect(await run('init', '--version', '--cwd', missing)).toEqual({ code: 0, output: version });
  });

  it('--help lists --version', async () => {
    const { code, output } = await run('--help');
    expect(code).toBe(0);
    expect(output).toMatch(/^\s+-v, --version\s/m);
    expect(output).toMatch(/^\s+init\s/m);
    expect(output).toMatch(/^\s+doctor\s/m);
  });

  it('an unknown option still fails with the usage', async () => {
    const { code, output } = await run('--nope');
    expect(code).toBe(1);
    expect(output).toContain('Usage: vtex-sessions-next');
  });
});

describe('packageVersion', () => {
  it("finds the kit's package.json from an installed dist/cli/, past dist/package.json", () => {
    const store = mkdtempSync(path.join(tmpdir(), 'sessions-cli-version-'));
    temps.push(store);
    const kit = path.join(store, 'node_modules/vtex-sessions-next');
    mkdirSync(path.join(kit, 'dist/cli'), { recursive: true });
    // The store's own package.json and dist/'s module marker are not the kit's.
    writeFileSync(path.join(store, 'package.json'), JSON.stringify({ name: 'a-store', version: '9.9.9' }));
    writeFileSync(path.join(kit, 'package.json'), JSON.stringify({ name: 'vtex-sessions-next', version: '1.2.3' }));
    writeFileSync(path.join(kit, 'dist/package.json'), JSON.stringify({ type: 'module' }));
    expect(packageVersion(pathToFileURL(path.join(kit, 'dist/cli/index.js')).href)).toBe('1.2.3');
  });

  it('names the file it started from when there is no package.json of the kit above it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sessions-cli-version-'));
    temps.push(dir);
    expect(() => packageVersion(path.join(dir, 'index.js'))).toThrow(/package\.json was not found/);
  });
});
