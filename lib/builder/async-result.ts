/**
 * The promise the `*Async` verbs return: a real `Promise` with PHP Guzzle's `otherwise()` and `wait()`,
 * whose `then()`, `catch()` and `finally()` return the same kind, so PHP's
 * `postAsync($o)->then($f)->otherwise($g)->wait()` ports as `await postAsync(o).then(f).otherwise(g).wait()`.
 */
export class AsyncResult<T> extends Promise<T> {
  /** Settles with `promise`. */
  static from<T>(promise: PromiseLike<T>): AsyncResult<T> {
    return new AsyncResult<T>((resolve, reject) => {
      promise.then(resolve, reject);
    });
  }

  /** As `Promise.prototype.then`, returning an `AsyncResult`. */
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): AsyncResult<A | B> {
    // Promise subclassing: super.then() builds the result through Symbol.species, i.e. this class.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    return super.then(onFulfilled, onRejected) as AsyncResult<A | B>;
  }

  /** As `Promise.prototype.catch`, returning an `AsyncResult`. */
  override catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): AsyncResult<T | B> {
    return this.then(undefined, onRejected);
  }

  /** Guzzle's `otherwise(fn)`: the same as `catch(fn)`. */
  otherwise<B = never>(onRejected: (reason: unknown) => B | PromiseLike<B>): AsyncResult<T | B> {
    return this.then(undefined, onRejected);
  }

  /**
   * Guzzle's `wait()`. JavaScript cannot block, so this returns a plain `Promise` of the outcome to `await`;
   * a rejection is re-thrown there, as PHP's `wait()` throws.
   */
  wait(): Promise<T> {
    return Promise.resolve(this);
  }
}
