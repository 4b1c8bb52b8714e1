import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('npm run demo', () => {
  it('runs the seed flows against the sandbox, all verified and correctly signed', () => {
    const root = join(import.meta.dirname, '..', '..');
    const run = spawnSync(process.execPath, ['demo/demo.mjs'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /→ POST \/v3\/businesscircle\/parkings/);
    assert.match(run.stdout, /→ GET \/v3\/vehicle\/parking\/services\/find\?appid=wxcbda96de0b165486&sub_mchid=1900000109&plate_number=%E7%B2%A4B888888/);
    assert.match(run.stdout, /property chain: true/);
    assert.match(run.stdout, /chain\(\) \+ postAsync\(\)\.then\(\)\.wait\(\): true/);
    assert.match(run.stdout, /← 400 PARAM_ERROR: plate_number格式有误/);
    assert.match(run.stdout, /\d+ requests, 0 with a bad signature\./);
  });
});
