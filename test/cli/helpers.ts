import type { Output } from '../../cli/output';

/** An Output that keeps what the CLI prints, for assertions. */
export function captureOutput(): Output & { text(): string } {
  const lines: string[] = [];
  return {
    log: (line = '') => lines.push(line),
    error: (line) => lines.push(line),
    text: () => lines.join('\n'),
  };
}
