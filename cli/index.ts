#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runDoctor } from './doctor';
import { runInit } from './init';
import { consoleOutput } from './output';
import { ProjectError } from './project';

const USAGE = `Usage: vtex-sessions-next <command> [options]

Commands:
  init      wire the sessions kit into this Next.js App Router store
  doctor    check the wiring and print a fix for each problem

init options:
  -y, --yes          apply without asking
  --dry-run          print the plan, change nothing
  --allow-dirty      run on a git tree with uncommitted changes
  --cwd <dir>        the store's folder (default: the current one)
`;

/** The CLI's entry: parses argv and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
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
    },
  });
  } catch (error) {
    consoleOutput.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [command] = positionals;
  if (values.help || !command) {
    consoleOutput.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  try {
    if (command === 'init') {
      return await runInit({ cwd: values.cwd, yes: values.yes, dryRun: values['dry-run'], allowDirty: values['allow-dirty'] }, consoleOutput);
    }
    if (command === 'doctor') return runDoctor(values.cwd, consoleOutput);
  } catch (error) {
    if (error instanceof ProjectError) {
      consoleOutput.error(error.message);
      return 1;
    }
    throw error;
  }
  consoleOutput.error(`Unknown command: ${command}\n\n${USAGE}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    consoleOutput.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
