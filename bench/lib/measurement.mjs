// The common frame of every measurement script. A script calls `measurement(fn)`; `fn(options)` returns
//   { title, config, rows: [{ label, value, target?, status? }], data }
// where `rows` are the lines of the stdout table (status: 'pass' | 'miss' | 'rerun' | 'info') and `data` the numbers
// kept in bench/results/latest.json. Forked by bench/run.mjs (with IPC), it sends `{ type: 'result', result }`;
// run by hand (`node bench/v3-call.mjs --quick`), it prints the table and the JSON.
import { realpathSync } from 'node:fs';
import { roundAll } from './stats.mjs';
import { printRows } from './table.mjs';

/** `--quick` (or BENCH_QUICK=1): small counts, for proving the harness works; never for published numbers. */
export function benchOptions(argv = process.argv.slice(2)) {
  return { quick: argv.includes('--quick') || process.env.BENCH_QUICK === '1' };
}

export async function measurement(fn) {
  const options = benchOptions();
  try {
    const result = roundAll(await fn(options));
    if (process.send !== undefined) {
      process.send({ type: 'result', result }, () => process.exit(0));
    } else {
      printRows(result.title, result.rows);
      console.log(JSON.stringify({ config: result.config, data: result.data }, null, 2));
      process.exit(0);
    }
  } catch (error) {
    if (process.send !== undefined) process.send({ type: 'error', message: String(error?.stack ?? error) }, () => process.exit(1));
    else {
      console.error(error);
      process.exit(1);
    }
  }
}

/** A target row's status. */
export const status = (met) => (met ? 'pass' : 'miss');

/** Whether the module is the script node was started with (so a measurement file can also be imported). */
export function isMain(meta) {
  return process.argv[1] !== undefined && meta.filename === realpathSync(process.argv[1]);
}
