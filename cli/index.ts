#!/usr/bin/env node
import { main } from './main';
import { consoleOutput } from './output';

// The bin: main() lives in ./main so tests can call it without running it here.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    consoleOutput.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
