/**
 * A value now, or later. The kit's work is synchronous on its common paths and
 * asynchronous only where it must be (a store's I/O, a transform that waits on the
 * network, a body to read): chaining through `andThen` keeps the synchronous paths
 * free of promises, each of which costs Next's async hooks (the middleware's Edge
 * sandbox, and every route handler: AsyncLocalStorage runs a hook per promise).
 */
export type Maybe<T> = T | PromiseLike<T>;

/**
 * A thenable, not `instanceof Promise`: in Next's Edge sandbox, promises made by the
 * host (a request body's formData(), say) come from another realm's Promise.
 */
export function isThenable<T>(value: Maybe<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

export function andThen<T, U>(value: Maybe<T>, next: (value: T) => Maybe<U>): Maybe<U> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value);
}

/** `andThen` with a handler for a failure, thrown now or rejected later. */
export function attempt<T>(run: () => Maybe<T>, recover: (error: unknown) => Maybe<T>): Maybe<T> {
  let value: Maybe<T>;
  try {
    value = run();
  } catch (error) {
    return recover(error);
  }
  return isThenable(value) ? Promise.resolve(value).then(undefined, recover) : value;
}
