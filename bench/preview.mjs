// End-to-end preview probe (issue 15): from saving a data file to the changed page
// being served by `gongshi serve`, measured from outside as a user sees it (debounce,
// file watching, re-reading, rendering and HTTP included).
// The site's first three penalty files are joined into one file of 2,500 records; the
// `facts` of one public record in it are edited EDITS times, each save followed by GETs
// of the record's page every 5 ms until it shows the new text.
// Usage: node bench/preview.mjs [SITE_DIR] [EDITS]   (default: the 100k synthetic site, 10)
// GONGSHI_BIN=path measures another binary.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.GONGSHI_BIN || join(repo, 'target', 'release', 'gongshi');
const src = process.argv[2] || join(process.env.BENCH_DIR || '/tmp/gongshi-bench', 'site-100000');
const edits = Number(process.argv[3] || 10);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

const work = mkdtempSync(join(tmpdir(), 'gongshi-preview-'));
cpSync(join(src, 'site.yaml'), join(work, 'site.yaml'));
cpSync(join(src, 'content'), join(work, 'content'), { recursive: true });
const dir = join(work, 'content', 'penalties');
const parts = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().slice(0, 3);
const records = parts.flatMap((f) => readFileSync(join(dir, f), 'utf8').split(/(?=^- decision_no:)/m).filter((r) => r.startsWith('- ')));
const kept = records.slice(0, 2500);
const rest = records.slice(2500);
parts.forEach((f) => rmSync(join(dir, f)));
const big = join(dir, 'big-2500.yaml');
writeFileSync(join(dir, 'rest.yaml'), rest.join(''));
// A public record: decided in 2026, never repaired or revoked.
const at = kept.findIndex((r) => /decided: 2026/.test(r) && !/repaired:|revoked:/.test(r) && /^  facts: /m.test(r));
const decision = kept[at].match(/^- decision_no: (.*)$/m)[1].trim();
writeFileSync(big, kept.join(''));

const serve = spawn(bin, ['serve', work, '--port', '0', '--as-of', '2026-11-23'], { stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
serve.stdout.on('data', (d) => { log += d; });
serve.stderr.on('data', (d) => { log += d; });
const cleanup = () => { serve.kill(); rmSync(work, { recursive: true, force: true }); };
process.on('exit', cleanup);
while (!/^serving (\S+)/m.test(log)) {
  if (serve.exitCode !== null) { console.error(log); process.exit(1); }
  await sleep(100);
}
const root = log.match(/^serving (\S+)/m)[1];
const get = async (url, tries = 5) => {
  try { return await fetch(url); } catch (e) { if (tries > 0) { await sleep(200); return get(url, tries - 1); } throw e; }
};
const rows = await (await get(new URL('data/penalties.json', root))).json();
const row = rows.find((r) => r.decision_no === decision);
const page = new URL('.' + row.url.slice(new URL(root).pathname.length - 1), root).href;
console.log(`site ${src}: editing ${decision} in ${big.split('/').pop()} (${kept.length} records), page ${page}`);

const rebuilt = () => (log.match(/^rebuilt/gm) || []).length;
const times = [];
for (let i = 1; i <= edits; i++) {
  const mark = `第${i}次核对`;
  const before = rebuilt();
  kept[at] = kept[at].replace(/^  facts: (第\d+次核对)?/m, `  facts: ${mark}`);
  const t0 = performance.now();
  writeFileSync(big, kept.join(''));
  for (;;) {
    const body = await (await get(page)).text();
    if (body.includes(mark)) break;
    if (performance.now() - t0 > 10000) { console.error(log); throw new Error('the edit never showed'); }
    await sleep(5);
  }
  times.push(performance.now() - t0);
  while (rebuilt() <= before) await sleep(20); // let the rest (exports, search) finish
  await sleep(300);
}
if (process.env.VERBOSE) console.log(log.split('\n').filter((l) => /^rebuilt/.test(l)).join('\n'));
const sorted = [...times].sort((a, b) => a - b);
console.log(`save → page served (ms): ${times.map((t) => t.toFixed(0)).join(', ')}`);
console.log(`median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)}`);
process.exit(0);
