// gongshi serve in a real browser: the open page reloads after a save, shows the
// errors of a broken file over the page, and clears them once the file is fixed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bin, copyExampleSite, launch, newPage } from './helpers.mjs';

let site, server, browser, base;

before(async () => {
  site = copyExampleSite();
  server = spawn(bin, ['serve', site, '--port', '0', '--as-of', '2026-11-23'], { stdio: ['ignore', 'pipe', 'ignore'] });
  base = await new Promise((ok, fail) => {
    const lines = createInterface({ input: server.stdout });
    lines.on('line', (l) => { const m = l.match(/^serving (http:\/\/\S+)/); if (m) ok(m[1]); });
    server.on('exit', () => fail(new Error('serve exited')));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test('saving a file reloads the page; errors overlay it until fixed', async () => {
  const file = join(site, 'content/licences/2024-2026.yaml');
  const original = readFileSync(file, 'utf8');
  const page = await newPage(browser);
  await page.goto(`${base}licences/`);
  assert.doesNotMatch(await page.content(), /道路冷链货物运输/);

  writeFileSync(file, original.replace('道路普通货物运输', '道路冷链货物运输'));
  await page.waitForFunction(() => document.body.textContent.includes('道路冷链货物运输'), null, { timeout: 10000 });

  writeFileSync(file, original.replace('party_type: legal', 'party_type: legl'));
  await page.waitForSelector('#gongshi-errors', { timeout: 10000 });
  const overlay = await page.textContent('#gongshi-errors');
  assert.match(overlay, /content\/licences\/2024-2026\.yaml:\d+:\d+/);
  assert.match(overlay, /legl/);
  assert.match(await page.content(), /道路冷链货物运输/, 'the last good build is still shown');

  writeFileSync(file, original);
  await page.waitForFunction(() => !document.getElementById('gongshi-errors')
    && !document.body.textContent.includes('道路冷链货物运输'), null, { timeout: 10000 });
  assert.deepEqual(page.problems, []);
  await page.close();
});
