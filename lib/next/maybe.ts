/**
 * A value now, or later. The middleware's work is synchronous on its common paths and
 * asynchronous only where it must be (a store's transform, a body to read): chaining
 * through `andThen` keeps the synchronous paths free of promises, each of which costs
 * Next's async hooks in the Edge sandbox.
 */
export type Maybe<T> = T | Promise<T>;

export function andThen<T, U>(value: Maybe<T>, next: (value: T) => Maybe<U>): Maybe<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** `andThen` with a handler for a failure, thrown now or rejected later. */
export function attempt<T>(run: () => Maybe<T>, recover: (error: unknown) => Maybe<T>): Maybe<T> {
  let value: Maybe<T>;
  try {
    value = run();
  } catch (error) {
    return recover(error);
  }
  return value instanceof Promise ? value.catch(recover) : value;
}
