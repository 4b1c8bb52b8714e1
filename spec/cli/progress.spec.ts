import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, progressReporter, REDRAW_MS, renderProgress } from '../../lib/cli/output/progress.js';

describe('cli: the progress bar', () => {
  it('formats sizes in binary units', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(230.4 * 1024 * 1024), '230.4 MiB');
    assert.equal(formatBytes(3 * 1024 ** 4), '3.0 TiB');
  });

  it('fills the terminal width less one column with a bar, the percentage and the sizes', () => {
    const line = renderProgress(1024 * 1024, 4 * 1024 * 1024, 60);
    assert.equal(line, `[${'#'.repeat(8)}${'.'.repeat(25)}]  25%  1.0 MiB / 4.0 MiB`);
    assert.equal(line.length, 59);
    assert.equal(renderProgress(0, 100, 40), `[${'.'.repeat(19)}]   0%  0 B / 100 B`);
    assert.equal(renderProgress(100, 100, 40), `[${'#'.repeat(17)}] 100%  100 B / 100 B`);
    assert.equal(renderProgress(150, 100, 40), `[${'#'.repeat(17)}] 100%  150 B / 100 B`, 'the bar stops at 100%');
  });

  it('drops the bar on a narrow terminal, then cuts the line; without a total shows what was received', () => {
    assert.equal(renderProgress(512, 1024, 30), ' 50%  512 B / 1.0 KiB');
    assert.equal(renderProgress(512, 1024, 10), ' 50%  512');
    assert.equal(renderProgress(5 * 1024 * 1024, undefined, 80), '5.0 MiB received');
    assert.equal(renderProgress(5 * 1024 * 1024, 0, 80), '5.0 MiB received');
    assert.equal(renderProgress(5 * 1024 * 1024, undefined, 8), '5.0 MiB');
    for (const width of [1, 20, 45, 120]) assert.ok(renderProgress(123_456, 7_654_321, width).length < Math.max(width, 1));
  });

  it('redraws in place at most every REDRAW_MS, on the width the terminal has, and erases itself', () => {
    const written: string[] = [];
    let clock = 1_000;
    const reporter = progressReporter({ write: (chunk) => written.push(String(chunk)), isTTY: true, columns: 30 }, () => clock);
    reporter.update(10, 100);
    reporter.update(20, 100);
    clock += REDRAW_MS;
    reporter.update(30, 100);
    assert.deepEqual(written, [`\r${renderProgress(10, 100, 30)}`, `\r${renderProgress(30, 100, 30)}`]);
    reporter.clear();
    assert.equal(written.at(-1), `\r${' '.repeat(renderProgress(30, 100, 30).length)}\r`);
    reporter.clear();
    assert.equal(written.length, 3, 'nothing more to erase');
  });

  it('pads a shorter line over a longer one, and takes 80 columns when the terminal says 0 or nothing', () => {
    const written: string[] = [];
    let clock = 0;
    const reporter = progressReporter({ write: (chunk) => written.push(String(chunk)), columns: 0 }, () => clock);
    reporter.update(1024 * 1024 * 1024);
    clock += REDRAW_MS;
    reporter.update(5);
    assert.deepEqual(written, ['\r1.0 GiB received', `\r${'5 B received'.padEnd('1.0 GiB received'.length)}`]);
  });
});
