/**
 * The deadline of one call: the overall `timeout` and the caller's `signal`, folded into one `AbortSignal` that
 * fires at whichever comes first, and a {@link Deadline.race} that settles a pending step (DNS, connect, TLS, 1xx
 * answers, the body) the moment it fires, whether or not the step itself listens for the signal.
 *
 * @module
 */

/** Swallows a rejection nobody waits for. */
function ignore(): void {
  // nothing: the race already settled the call
}

/** Why a deadline fired. */
export type DeadlineReason = 'timeout' | 'aborted';

/** The marker a {@link Deadline.race} rejects with; the transport turns it into a typed error. */
export class DeadlineFired extends Error {
  /** `'timeout'` for the `timeout` option, `'aborted'` for the caller's signal. */
  readonly reason: DeadlineReason;

  constructor(reason: DeadlineReason) {
    super(reason === 'timeout' ? 'The call ran out of time.' : 'The call was aborted by its signal.');
    this.name = 'DeadlineFired';
    this.reason = reason;
  }
}

/**
 * One call's deadline. Create it when the call starts, hand its {@link signal} to every step, and
 * {@link dispose} it once the call has its answer (a streamed body then has its own idle limit).
 */
export class Deadline {
  /** The `timeout` in seconds, or `undefined` for none. */
  readonly seconds: number | undefined;
  /** Aborted when the deadline passes or the caller's signal fires. */
  readonly signal: AbortSignal;
  /** Unix milliseconds at which the deadline passes (`Infinity` for none). */
  readonly at: number;
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reason: DeadlineReason | undefined;
  /** Rejects when the deadline fires; every {@link Deadline.race} races against this one promise. */
  readonly #fired: Promise<never>;
  #reject: ((error: DeadlineFired) => void) | undefined;
  readonly #onCallerAbort = (): void => {
    this.#fire('aborted');
  };

  /**
   * @param seconds - the overall deadline, or `undefined` for none
   * @param caller - the caller's own `signal`, if any
   */
  constructor(seconds: number | undefined, caller?: AbortSignal) {
    this.seconds = seconds;
    this.signal = this.#controller.signal;
    this.#caller = caller;
    this.at = seconds === undefined ? Infinity : Date.now() + seconds * 1000;
    this.#fired = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    this.#fired.catch(ignore);
    if (caller?.aborted === true) {
      this.#fire('aborted');
      return;
    }
    caller?.addEventListener('abort', this.#onCallerAbort, { once: true });
    if (seconds !== undefined) {
      this.#timer = setTimeout(() => {
        this.#fire('timeout');
      }, Math.ceil(seconds * 1000));
      this.#timer.unref();
    }
  }

  /** Why it fired, or `undefined` while it has not. */
  get reason(): DeadlineReason | undefined {
    return this.#reason;
  }

  /** Milliseconds left (`Infinity` for no deadline, 0 once passed). */
  remaining(): number {
    return this.at === Infinity ? Infinity : Math.max(0, this.at - Date.now());
  }

  /**
   * Settles with `step`, or rejects with a {@link DeadlineFired} the moment the deadline fires, whichever is first.
   * A step that loses the race is left to settle on its own (its rejection is handled; `onLate` disposes of a late
   * result, such as an answer whose body must be released).
   */
  race<T>(step: Promise<T>, onLate?: (value: T) => void): Promise<T> {
    // a step that loses the race must neither go unhandled nor leak what it brings late
    step.then((value) => {
      if (this.#reason !== undefined) onLate?.(value);
    }, ignore);
    return Promise.race([step, this.#fired]);
  }

  /** Stops the timer and lets go of the caller's signal; the deadline no longer fires. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#caller?.removeEventListener('abort', this.#onCallerAbort);
  }

  #fire(reason: DeadlineReason): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.dispose();
    this.#reject?.(new DeadlineFired(reason));
    this.#controller.abort(new DeadlineFired(reason));
  }
}
