import type { KeyPath, NamespaceName, Namespaces } from '../types';

/**
 * What a transform owns: a whole namespace (`profile`) or single keys
 * (`checkout.regionId`). Its output is the complete new value of everything it
 * owns: an owned key it does not return is removed.
 */
export type OwnedPath = NamespaceName | KeyPath;

/** The declared inputs, by path; absent keys are `undefined`. */
export type TransformInputs = Readonly<Record<string, string | undefined>>;

/** New values of owned keys, by namespace. A string is shorthand for `{ value }`. */
export type TransformOutput = Partial<
  Record<NamespaceName, Record<string, string | { value: string; keepAlive?: boolean }>>
>;

export interface TransformContext {
  /** Key paths changed by the write or by earlier transforms in this run. */
  readonly changed: ReadonlySet<string>;
  /** True when the session is being created. */
  readonly creating: boolean;
  /** Key paths the write itself changed (not the transforms): what the caller asked for. */
  readonly requestChanged: ReadonlySet<string>;
  /** The request's host, for channel binding. */
  readonly host?: string;
  /** The session's namespaces before this run; read-only. */
  readonly namespaces: Readonly<Namespaces>;
}

export interface Transform {
  readonly name: string;
  /** `ns.key` paths this transform reads. */
  readonly inputs: readonly KeyPath[];
  readonly outputs: readonly OwnedPath[];
  /** Run when a session is created, whether or not an input is set. */
  readonly runOnCreate?: boolean;
  /**
   * True when the transform may wait on I/O (an HTTP resolver). The middleware,
   * which never waits on the network, skips such transforms.
   */
  readonly io?: boolean;
  /** May answer synchronously (no promise, no turn of the queue) or later. */
  run(inputs: TransformInputs, context: TransformContext): TransformOutput | PromiseLike<TransformOutput>;
  /**
   * Keys derived from the session on read and never stored (the Sessions API answers
   * them as if they were): what is cheap to derive but costly to keep in every
   * session, such as a marketplace region's sellers. Keys it returns must be owned.
   */
  present?(namespaces: Readonly<Namespaces>): TransformOutput;
}
