import { SessionError } from '../errors';
import type { NamespaceName, Namespaces, SessionValue, TraceEntry } from '../types';
import type { OwnedPath, Transform, TransformContext, TransformInputs, TransformOutput } from './types';
import { cloneNamespaces } from '../clone';
import { isThenable, type Maybe } from '../maybe';

export const MAX_ROUNDS = 8;

export interface RunOptions {
  /** Key paths the write changed. */
  changed: Iterable<string>;
  creating: boolean;
  host?: string;
  /** Skip transforms that wait on I/O (the middleware's mode). */
  skipIO?: boolean;
  now?: () => number;
}

export interface RunResult {
  namespaces: Namespaces;
  /** Every key path that ended up different from the input namespaces. */
  changed: Set<string>;
  trace: TraceEntry[];
}

function read(namespaces: Namespaces, path: string): string | undefined {
  const dot = path.indexOf('.');
  const ns = namespaces[path.slice(0, dot) as NamespaceName];
  const key = path.slice(dot + 1);
  return ns && Object.hasOwn(ns, key) ? ns[key]!.value : undefined;
}

function entry(namespaces: Namespaces, ns: NamespaceName, key: string): SessionValue | undefined {
  const values = namespaces[ns];
  return values && Object.hasOwn(values, key) ? values[key] : undefined;
}

function owns(outputs: readonly OwnedPath[], ns: NamespaceName, key: string): boolean {
  return outputs.includes(ns) || outputs.includes(`${ns}.${key}`);
}

function sameValue(a: SessionValue | undefined, b: SessionValue | undefined): boolean {
  return a?.value === b?.value && Boolean(a?.keepAlive) === Boolean(b?.keepAlive);
}

/** What a transform may give a key: a string, or a record with a string `value`. */
function isOutputValue(raw: unknown): raw is string | SessionValue {
  return typeof raw === 'string' || (typeof raw === 'object' && raw !== null && typeof (raw as SessionValue).value === 'string');
}

/** The value record an output entry stands for: only `value`, and `keepAlive` when set. */
function valueRecord(raw: string | SessionValue): SessionValue {
  if (typeof raw === 'string') return { value: raw };
  return raw.keepAlive ? { value: raw.value, keepAlive: true } : { value: raw.value };
}

/** Refuses an output that writes a key the transform does not own, or a value that is not a string. */
function checkOutput(transform: Transform, output: TransformOutput): void {
  for (const ns of Object.keys(output ?? {})) {
    const values = (output as Record<string, Record<string, unknown> | undefined>)[ns] ?? {};
    for (const key of Object.keys(values)) {
      if (!owns(transform.outputs, ns as NamespaceName, key)) {
        throw new SessionError(
          500,
          'transform_output_not_owned',
          `Transform "${transform.name}" wrote ${ns}.${key}, which it does not declare in its outputs`,
        );
      }
      if (!isOutputValue(values[key])) {
        throw new SessionError(500, 'transform_output_invalid', `Transform "${transform.name}" gave ${ns}.${key} a value that is not a string`);
      }
    }
  }
}

/**
 * Applies one transform's output: it replaces everything the transform owns.
 * Returns the key paths whose value changed; `before` learns the value each had
 * before its first change in this run. Read straight from the output (checked whole
 * first, so a bad output changes nothing): a write runs a few transforms, and a
 * copy of each output keyed by path was a tenth of what a write allocated.
 */
function applyOutput(
  namespaces: Namespaces,
  transform: Transform,
  output: TransformOutput,
  before: Map<string, SessionValue | undefined>,
): string[] {
  checkOutput(transform, output);
  // Checked above: every value is a string or a record with a string `value`.
  const given = (output ?? {}) as Record<string, Record<string, string | SessionValue> | undefined>;
  const changed: string[] = [];

  // Remove owned keys that the output left out.
  for (const owned of transform.outputs) {
    const dot = owned.indexOf('.');
    const ns = (dot === -1 ? owned : owned.slice(0, dot)) as NamespaceName;
    const current = namespaces[ns];
    if (!current) continue;
    const kept = given[ns];
    const keys = dot === -1 ? Object.keys(current) : [owned.slice(dot + 1)];
    for (const key of keys) {
      if (Object.hasOwn(current, key) && !(kept && Object.hasOwn(kept, key))) {
        const path = `${ns}.${key}`;
        if (!before.has(path)) before.set(path, current[key]);
        changed.push(path);
        delete current[key];
      }
    }
    if (Object.keys(current).length === 0) delete namespaces[ns];
  }

  for (const ns of Object.keys(given)) {
    const values = given[ns];
    if (!values) continue;
    for (const key of Object.keys(values)) {
      const value = valueRecord(values[key]!);
      const previous = entry(namespaces, ns as NamespaceName, key);
      if (sameValue(previous, value)) continue;
      const path = `${ns}.${key}`;
      if (!before.has(path)) before.set(path, previous);
      changed.push(path);
      (namespaces[ns as NamespaceName] ??= {})[key] = value;
    }
  }
  return changed;
}

/**
 * The transform's inputs (in its order) among the changes logged from `from` on, or
 * null. Every transform is asked on every round and most have nothing new: that
 * answer allocates nothing.
 */
function inputsChangedSince(inputs: readonly string[], log: readonly string[], from: number): string[] | null {
  for (let i = from; i < log.length; i++) {
    if (inputs.includes(log[i]!)) {
      const unseen = new Set(log.slice(from));
      return inputs.filter((path) => unseen.has(path));
    }
  }
  return null;
}

function inputsOf(transform: Transform, namespaces: Namespaces): TransformInputs {
  const inputs: Record<string, string | undefined> = {};
  for (const path of transform.inputs) inputs[path] = read(namespaces, path);
  return inputs;
}

/**
 * One run to a fixpoint, resumable: it goes on synchronously for as long as the
 * transforms answer synchronously (the common case: no promise, no turn of the
 * queue), and from a transform's promise when one answers later.
 */
class TransformRun {
  private readonly now: () => number;
  private readonly requestChanged: ReadonlySet<string>;
  // Every change in order; each transform remembers how far into it it has seen,
  // so it runs (in this round or the next) exactly when an input changed since it
  // last ran. Within a round a transform sees what earlier ones just changed: with
  // transforms listed in dependency order (who -> what may they see -> where), a
  // write settles in one round and no transform judges inputs that are about to change.
  private readonly log: string[];
  private readonly seenUpTo = new Map<Transform, number>();
  /** Each path a transform changed, with its value before the run (no copy of the namespaces needed). */
  private readonly before = new Map<string, SessionValue | undefined>();
  private readonly trace: TraceEntry[] = [];
  private lastRoundChanged: Set<string>;
  private changedThisRound = new Set<string>();
  private round = 1;
  private next = 0;
  private ran = false;

  constructor(
    private readonly transforms: readonly Transform[],
    private readonly namespaces: Namespaces,
    private readonly options: RunOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.requestChanged = new Set(options.changed);
    this.log = [...this.requestChanged];
    this.lastRoundChanged = new Set(this.requestChanged);
  }

  proceed(): Maybe<RunResult> {
    for (;;) {
      if (this.next === this.transforms.length) {
        if (!this.ran) return this.result();
        this.round++;
        this.next = 0;
        this.ran = false;
        this.lastRoundChanged = this.changedThisRound;
        this.changedThisRound = new Set();
      }
      const transform = this.transforms[this.next++]!;
      if (this.options.skipIO && transform.io) continue;
      const reason = inputsChangedSince(transform.inputs, this.log, this.seenUpTo.get(transform) ?? 0);
      const onCreate = this.round === 1 && this.options.creating && transform.runOnCreate === true;
      if (reason === null && !onCreate) continue;
      if (this.round > MAX_ROUNDS) {
        throw new SessionError(
          500,
          'transform_loop',
          `Transforms did not settle after ${MAX_ROUNDS} rounds; still changing: ${[...this.lastRoundChanged].join(', ')} (check for transforms that feed each other)`,
          { trace: this.trace },
        );
      }
      this.ran = true;
      this.seenUpTo.set(transform, this.log.length);
      const started = this.now();
      const answer = transform.run(inputsOf(transform, this.namespaces), this.contextFor());
      if (isThenable(answer)) {
        return Promise.resolve(answer).then((output) => {
          this.apply(transform, reason, output, started);
          return this.proceed();
        });
      }
      this.apply(transform, reason, answer, started);
    }
  }

  /** What a transform is told; `changed` is a set of its own, made only if the transform asks. */
  private contextFor(): TransformContext {
    const run = this;
    let changed: ReadonlySet<string> | undefined;
    return {
      get changed() {
        return (changed ??= new Set([...run.before.keys(), ...run.requestChanged]));
      },
      creating: this.options.creating,
      requestChanged: this.requestChanged,
      host: this.options.host,
      namespaces: this.namespaces,
    };
  }

  private apply(transform: Transform, reason: string[] | null, output: TransformOutput, started: number): void {
    const changed = applyOutput(this.namespaces, transform, output, this.before);
    this.trace.push({
      round: this.round,
      transform: transform.name,
      reason: reason ?? ['create'],
      changed,
      ms: Math.round((this.now() - started) * 1000) / 1000,
    });
    for (const path of changed) {
      this.log.push(path);
      this.changedThisRound.add(path);
    }
  }

  // Report only what transforms left different from where they started (a key set
  // and reset is no change). The caller knows what its own write changed.
  private result(): RunResult {
    const changed = new Set<string>();
    for (const [path, previous] of this.before) {
      const dot = path.indexOf('.');
      if (!sameValue(previous, entry(this.namespaces, path.slice(0, dot) as NamespaceName, path.slice(dot + 1)))) changed.add(path);
    }
    return { namespaces: this.namespaces, changed, trace: this.trace };
  }
}

/**
 * Runs transforms to a fixpoint on `namespaces` itself, which must be the caller's
 * own copy: every transform whose inputs changed runs with all its declared inputs;
 * its outputs may change other transforms' inputs, and so on until nothing changes.
 * A chain that keeps changing past MAX_ROUNDS is a loop. Synchronous when every
 * transform that runs answers synchronously.
 */
export function runTransformsInPlace(transforms: readonly Transform[], namespaces: Namespaces, options: RunOptions): Maybe<RunResult> {
  return new TransformRun(transforms, namespaces, options).proceed();
}

/** runTransformsInPlace on a copy: `input` is left as it was. */
export async function runTransforms(transforms: readonly Transform[], input: Namespaces, options: RunOptions): Promise<RunResult> {
  return runTransformsInPlace(transforms, cloneNamespaces(input), options);
}
