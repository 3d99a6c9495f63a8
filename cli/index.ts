#!/usr/bin/env node
/**
 * The `vtex-sessions-next` command (`init`, `doctor`). Placeholder until the CLI
 * lands: it names the commands and exits non-zero so nobody mistakes it for one.
 */
const [command = ''] = process.argv.slice(2);
console.error(`vtex-sessions-next: "${command}" is not available yet (commands: init, doctor).`);
process.exitCode = 1;

export {};
