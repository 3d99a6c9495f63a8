import { parseArgs } from 'node:util';
import { runDoctor } from './doctor';
import { runInit } from './init';
import { consoleOutput, type Output } from './output';
import { ProjectError } from './project';
import { packageVersion } from './version';

export const USAGE = `Usage: vtex-sessions-next <command> [options]

Commands:
  init      wire the sessions kit into this Next.js App Router store
  doctor    check the wiring and print a fix for each problem

Options:
  -h, --help         print this help
  -v, --version      print the version of vtex-sessions-next

init options:
  -y, --yes          apply without asking
  --dry-run          print the plan, change nothing
  --allow-dirty      run on a git tree with uncommitted changes
  --cwd <dir>        the store's folder (default: the current one)
`;

/** The CLI: parses argv, runs the command and returns the exit code. */
export async function main(argv: string[], out: Output = consoleOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        yes: { type: 'boolean', short: 'y', default: false },
        'dry-run': { type: 'boolean', default: false },
        'allow-dirty': { type: 'boolean', default: false },
        cwd: { type: 'string', default: process.cwd() },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    out.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [command] = positionals;
  if (values.version) {
    out.log(packageVersion());
    return 0;
  }
  if (values.help || !command) {
    out.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  try {
    if (command === 'init') {
      return await runInit({ cwd: values.cwd, yes: values.yes, dryRun: values['dry-run'], allowDirty: values['allow-dirty'] }, out);
    }
    if (command === 'doctor') return runDoctor(values.cwd, out);
  } catch (error) {
    if (error instanceof ProjectError) {
      out.error(error.message);
      return 1;
    }
    throw error;
  }
  out.error(`Unknown command: ${command}\n\n${USAGE}`);
  return 1;
}
