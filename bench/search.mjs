// Search budgets on a built site: bytes of index data each query transfers and the
// time from the last keystroke to the first result on screen and to the whole first
// page (with its count), in headless Chromium.
// Usage: node bench/search.mjs OUTPUT_DIR   (a site built with base_url …/xyjt/ into OUTPUT_DIR)
// VERBOSE=1 also lists every index file a query fetched, with its size.
import { readdirSync } from 'node:fs';
import { dirname, basename } from 'node:path';
import { serveFolder, launch } from '../tests/browser/helpers.mjs';

const out = process.argv[2];
if (!out) { console.error('usage: node bench/search.mjs OUTPUT_DIR'); process.exit(2); }
const web = await serveFolder(dirname(out));
const base = `${web.url}/${basename(out)}/`;
const browser = await launch();
const codes = readdirSync(`${out}/entities`).filter((n) => n.length === 18);
const queries = [
  ['name', '运输'], ['name', '物流'], ['name', '恒通'], ['name', '泉城'], ['name', '顺达运输'], ['name', '钢城物流'],
  ['name', '济南恒通'], ['name', '驾驶员培训'],
  ['code', codes[Math.floor(codes.length / 3)]], ['code', codes[codes.length - 7]], ['code prefix', codes[42].slice(0, 12)],
];
console.log('| query | kind | results | index bytes | keystroke → first result (ms) | → whole first page (ms) |');
console.log('|---|---|---|---|---|---|');
for (const [kind, q] of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const fetched = [];
  if (process.env.VERBOSE) page.on('response', async (r) => { if (r.url().includes('/search/') && r.url().endsWith('.json')) fetched.push(`${r.url().split('/search/')[1]} ${(await r.body()).length}`); });
  await page.addInitScript(() => {
    addEventListener('input', () => { window.benchInputAt = performance.now(); }, true);
    new MutationObserver(() => {
      const t = document.getElementById('search-status')?.textContent || '';
      if (!window.benchInputAt) return;
      // The first result on screen (a code query shows its results as they come)…
      if (!window.benchFirstAt && document.querySelector('#results li')) window.benchFirstAt = performance.now();
      // …and the whole first page with its count.
      if (/找到|未找到/.test(t) && !window.benchDoneAt) window.benchDoneAt = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${base}search/`);
  await page.waitForFunction(() => !document.querySelector('.filters').hidden);
  const before = await page.evaluate(() => window.gongshiSearchStats.bytes);
  await page.fill('#q', q);
  await page.waitForFunction(() => window.benchDoneAt);
  const r = await page.evaluate(() => ({
    ms: window.benchDoneAt - window.benchInputAt,
    first: (window.benchFirstAt || window.benchDoneAt) - window.benchInputAt,
    bytes: window.gongshiSearchStats.bytes,
    n: window.gongshiSearchStats.lastCount,
  }));
  console.log(`| ${q} | ${kind} | ${r.n} | ${r.bytes} (manifest ${before}) | ${r.first.toFixed(0)} | ${r.ms.toFixed(0)} |`);
  if (process.env.VERBOSE) console.log(fetched.join('\n'));
  await context.close();
}
await browser.close();
await web.close();
