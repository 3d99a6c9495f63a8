import { SessionError } from '../errors';
import type { Namespace, NamespaceName, Namespaces, SessionValue, TraceEntry } from '../types';
import type { OwnedPath, Transform, TransformContext, TransformInputs, TransformOutput } from './types';
import { cloneNamespaces } from '../clone';

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

/**
 * Applies one transform's output: it replaces everything the transform owns.
 * Returns the key paths whose value changed.
 */
function applyOutput(
  namespaces: Namespaces,
  transform: Transform,
  output: TransformOutput,
): string[] {
  const changed: string[] = [];
  const next = new Map<string, SessionValue>();
  for (const [ns, values] of Object.entries(output ?? {})) {
    for (const [key, raw] of Object.entries(values ?? {})) {
      if (!owns(transform.outputs, ns as NamespaceName, key)) {
        throw new SessionError(
          500,
          'transform_output_not_owned',
          `Transform "${transform.name}" wrote ${ns}.${key}, which it does not declare in its outputs`,
        );
      }
      if (typeof raw === 'string') next.set(`${ns}.${key}`, { value: raw });
      else if (raw && typeof raw.value === 'string') next.set(`${ns}.${key}`, raw.keepAlive ? { value: raw.value, keepAlive: true } : { value: raw.value });
      else throw new SessionError(500, 'transform_output_invalid', `Transform "${transform.name}" gave ${ns}.${key} a value that is not a string`);
    }
  }

  // Remove owned keys that the output left out.
  for (const owned of transform.outputs) {
    const dot = owned.indexOf('.');
    const ns = (dot === -1 ? owned : owned.slice(0, dot)) as NamespaceName;
    const current = namespaces[ns];
    if (!current) continue;
    const keys = dot === -1 ? Object.keys(current) : [owned.slice(dot + 1)];
    for (const key of keys) {
      if (Object.hasOwn(current, key) && !next.has(`${ns}.${key}`)) {
        delete current[key];
        changed.push(`${ns}.${key}`);
      }
    }
    if (Object.keys(current).length === 0) delete namespaces[ns];
  }

  for (const [path, value] of next) {
    const dot = path.indexOf('.');
    const ns = path.slice(0, dot) as NamespaceName;
    const key = path.slice(dot + 1);
    const target: Namespace = (namespaces[ns] ??= {});
    if (!sameValue(entry(namespaces, ns, key), value)) {
      target[key] = value;
      changed.push(path);
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

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

function inputsOf(transform: Transform, namespaces: Namespaces): TransformInputs {
  const inputs: Record<string, string | undefined> = {};
  for (const path of transform.inputs) inputs[path] = read(namespaces, path);
  return inputs;
}

/**
 * Runs transforms to a fixpoint: every transform whose inputs changed runs with all
 * its declared inputs; its outputs may change other transforms' inputs, and so on
 * until nothing changes. A chain that keeps changing past MAX_ROUNDS is a loop.
 */
export async function runTransforms(
  transforms: readonly Transform[],
  input: Namespaces,
  options: RunOptions,
): Promise<RunResult> {
  const now = options.now ?? (() => performance.now());
  const namespaces = cloneNamespaces(input);
  const requestChanged = new Set(options.changed);
  // Every change in order; each transform remembers how far into it it has seen,
  // so it runs (in this round or the next) exactly when an input changed since it
  // last ran. Within a round a transform sees what earlier ones just changed: with
  // transforms listed in dependency order (who -> what may they see -> where), a
  // write settles in one round and no transform judges inputs that are about to change.
  const log: string[] = [...requestChanged];
  const seenUpTo = new Map<Transform, number>();
  let lastRoundChanged = new Set(requestChanged);
  const allChanged = new Set<string>();
  const trace: TraceEntry[] = [];

  for (let round = 1; ; round++) {
    const changedThisRound = new Set<string>();
    let ran = false;
    for (const transform of transforms) {
      if (options.skipIO && transform.io) continue;
      const reason = inputsChangedSince(transform.inputs, log, seenUpTo.get(transform) ?? 0);
      const onCreate = round === 1 && options.creating && transform.runOnCreate === true;
      if (reason === null && !onCreate) continue;
      if (round > MAX_ROUNDS) {
        throw new SessionError(
          500,
          'transform_loop',
          `Transforms did not settle after ${MAX_ROUNDS} rounds; still changing: ${[...lastRoundChanged].join(', ')} (check for transforms that feed each other)`,
          { trace },
        );
      }
      ran = true;
      seenUpTo.set(transform, log.length);
      const context: TransformContext = {
        changed: new Set([...allChanged, ...requestChanged]),
        creating: options.creating,
        requestChanged,
        host: options.host,
        namespaces,
      };
      const started = now();
      const answer = transform.run(inputsOf(transform, namespaces), context);
      // Most transforms answer synchronously: no promise to wait for, no turn of the queue.
      const output = isThenable(answer) ? await answer : answer;
      const changed = applyOutput(namespaces, transform, output);
      trace.push({
        round,
        transform: transform.name,
        reason: reason ?? ['create'],
        changed,
        ms: Math.round((now() - started) * 1000) / 1000,
      });
      log.push(...changed);
      for (const path of changed) {
        changedThisRound.add(path);
        allChanged.add(path);
      }
    }
    if (!ran) break;
    lastRoundChanged = changedThisRound;
  }

  // Report only what transforms left different from where they started (a key set
  // and reset is no change). The caller knows what its own write changed.
  const changed = new Set<string>();
  for (const path of allChanged) {
    const dot = path.indexOf('.');
    const ns = path.slice(0, dot) as NamespaceName;
    const key = path.slice(dot + 1);
    if (!sameValue(entry(input, ns, key), entry(namespaces, ns, key))) changed.add(path);
  }
  return { namespaces, changed, trace };
}
