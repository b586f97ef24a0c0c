// Makes the screenshots in docs/ that the README shows (issue 14): the portal footer,
// a folder index, the text-size and contrast control, and a credit file as printed.
// Run after `cargo build --release`:  node tests/browser/screenshots.mjs
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { copyExampleSite, build, serveFolder, launch, tempDir, repo } from './helpers.mjs';

const site = copyExampleSite();
const www = tempDir('gongshi-shots-');
const out = join(www, 'xyjt');
build(site, out, '2026-11-23');
const web = await serveFolder(www);
const base = `${web.url}/xyjt/`;
const browser = await launch();
const docs = join(repo, 'docs');
const entity = readdirSync(join(out, 'entities'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'page')
  .map((e) => e.name)
  .find((uscc) => readdirSync(join(out, 'entities', uscc)).length > 0 && uscc === '91370117AY4CL12THJ') || '91370117AY4CL12THJ';

const desktop = await browser.newContext({ viewport: { width: 1100, height: 700 } });
let page = await desktop.newPage();
await page.goto(base);
await page.locator('footer').screenshot({ path: join(docs, 'footer.png') });
await page.goto(base + 'notices/');
await page.screenshot({ path: join(docs, 'folder-index.png') });
await desktop.close();

const noJs = await browser.newContext({ viewport: { width: 900, height: 600 }, javaScriptEnabled: false });
page = await noJs.newPage();
await page.goto(base + `entities/${entity}/`);
await page.click('.a11y-bar a[data-a11y="size:xl"]');
await page.screenshot({ path: join(docs, 'text-size.png') });
await page.click('.a11y-bar a[data-a11y="contrast:toggle"]');
await page.screenshot({ path: join(docs, 'high-contrast.png') });
await noJs.close();

const a4 = await browser.newContext({ viewport: { width: 794, height: 1123 } });
page = await a4.newPage();
await page.goto(base + `entities/${entity}/`);
await page.emulateMedia({ media: 'print' });
await page.screenshot({ path: join(docs, 'credit-report-print.png'), fullPage: true });
await a4.close();

await browser.close();
await web.close();
console.log('wrote docs/footer.png, folder-index.png, text-size.png, high-contrast.png, credit-report-print.png');
