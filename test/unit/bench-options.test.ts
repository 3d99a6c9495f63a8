import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's plain-JavaScript helpers carry no types.
import { benchOptions } from '../../bench/lib/options.mjs';

const DEFAULTS = { only: null, rounds: 10, apiRounds: 12, ref: 'HEAD' };

describe('npm run bench: command-line options', () => {
  it('gives the defaults, and numbers where the default is one', () => {
    expect(benchOptions(DEFAULTS, { argv: [] })).toEqual(DEFAULTS);
    expect(benchOptions(DEFAULTS, { argv: ['--api-rounds', '4', '--ref', 'HEAD~1', '--only', 'cpu,http'] })).toEqual({
      only: 'cpu,http',
      rounds: 10,
      apiRounds: 4,
      ref: 'HEAD~1',
    });
  });

  it('reads switches', () => {
    expect(benchOptions({ rounds: 1 }, { flags: ['build', 'no-write'], argv: ['--no-write'] })).toEqual({ rounds: 1, build: false, 'no-write': true });
  });

  it('refuses a typo or a number that is not one, rather than running on the defaults', () => {
    expect(() => benchOptions(DEFAULTS, { argv: ['--round', '4'] })).toThrow(/round/);
    expect(() => benchOptions(DEFAULTS, { argv: ['--rounds', 'ten'] })).toThrow('--rounds: "ten" is not a number');
    expect(() => benchOptions(DEFAULTS, { argv: ['--rounds', ''] })).toThrow(/not a number/);
  });
});
