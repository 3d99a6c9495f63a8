/**
 * The command-line options of a benchmark script, by node:util's parseArgs: `--name
 * value` for each key of `defaults` (camelCase keys are spelled with dashes:
 * `apiRounds` is `--api-rounds`), a number wherever the default is one, and `flags`
 * as `--name` switches. An unknown option, or a number that is not one, is an error:
 * a typo must not leave a long run on its defaults.
 */
import { parseArgs } from 'node:util';

const dashed = (key) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function benchOptions(defaults, { flags = [], argv = process.argv.slice(2) } = {}) {
  const keys = Object.keys(defaults);
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(keys.map((key) => [dashed(key), { type: 'string' }])),
      ...Object.fromEntries(flags.map((flag) => [flag, { type: 'boolean', default: false }])),
    },
  });
  const result = {};
  for (const key of keys) {
    const given = values[dashed(key)];
    if (given === undefined || typeof defaults[key] !== 'number') {
      result[key] = given ?? defaults[key];
      continue;
    }
    const number = Number(given);
    if (given.trim() === '' || !Number.isFinite(number)) throw new Error(`--${dashed(key)}: "${given}" is not a number`);
    result[key] = number;
  }
  for (const flag of flags) result[flag] = values[flag];
  return result;
}
