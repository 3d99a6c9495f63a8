/**
 * A value now, or later. The middleware's work is synchronous on its common paths and
 * asynchronous only where it must be (a store's transform, a body to read): chaining
 * through `andThen` keeps the synchronous paths free of promises, each of which costs
 * Next's async hooks in the Edge sandbox.
 */
export type Maybe<T> = T | PromiseLike<T>;

/**
 * A thenable, not `instanceof Promise`: in Next's Edge sandbox, promises made by the
 * host (a request body's formData(), say) come from another realm's Promise.
 */
function isThenable<T>(value: Maybe<T>): value is PromiseLike<T> {
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
