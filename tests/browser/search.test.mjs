// The search page in a real headless Chromium, against the example site built under a
// sub-path and served over HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyExampleSite, writeFile, build, serveFolder, launch, newPage, tempDir } from './helpers.mjs';

const WITHHELD = '撤销测试运输有限公司';
const WITHHELD_USCC = '91370117RWKTEMT01P';
const KNOWN = { name: '济南钢城顺达运输有限公司', uscc: '91370117AY4CL12THJ' };
let web, browser, base;

before(async () => {
  const site = copyExampleSite();
  // A penalty revoked before the as-of date: it must not be found.
  writeFile(site, 'content/penalties/revoked.yaml', `- decision_no: 钢城交罚〔2026〕900号
  party: ${WITHHELD}
  party_type: legal
  uscc: ${WITHHELD_USCC}
  violation_type: 超限运输
  facts: 撤销测试
  basis: 《公路安全保护条例》第六十四条
  categories: [罚款]
  content: 罚款
  decided: 2026-05-01
  severity: general
  authority: 济南市钢城区城乡交通运输局
  authority_uscc: 11370117MB2854771J
  revoked: { date: 2026-06-01, note: 复议撤销 }
`);
  // A page whose file name looks like a script address.
  writeFile(site, 'content/notices/javascript:alert(1).md', '---\ntitle: 脚本地址测试页\n---\n正文\n');
  const www = tempDir('gongshi-www-');
  build(site, join(www, 'xyjt'), '2026-11-23');
  web = await serveFolder(www);
  base = `${web.url}/xyjt/`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await web?.close();
});

async function search(page, query, params = '') {
  await page.goto(`${base}search/${params}`);
  await page.waitForFunction(() => !document.querySelector('.filters').hidden);
  await page.fill('#q', query);
  await page.waitForFunction((q) => {
    const s = window.gongshiSearchStats;
    return s && s.lastCount !== undefined && document.getElementById('search-status').textContent.match(/找到|未找到/)
      && new URLSearchParams(location.search).get('q') === q.trim();
  }, query);
  return page.$$eval('#results li', (lis) => lis.map((li) => ({
    kind: li.querySelector('.kind').textContent,
    title: li.querySelector('a').textContent,
    href: li.querySelector('a').href,
    marked: [...li.querySelectorAll('mark')].map((m) => m.textContent),
  })));
}

test('a name fragment finds the transport companies, highlighted', async () => {
  const page = await newPage(browser);
  const results = await search(page, '运输');
  assert.ok(results.length >= 5, `found ${results.length}`);
  const companies = results.filter((r) => r.kind === '企业');
  assert.ok(companies.length >= 3);
  for (const r of companies) assert.match(r.title, /运输/);
  assert.ok(companies.every((r) => r.marked.join('').includes('运输')), 'the match is highlighted');
  assert.match(await page.textContent('#search-status'), /找到 \d+ 条结果/);
  assert.equal(await page.getAttribute('#search-status', 'aria-live'), 'polite');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a pasted credit code finds exactly that enterprise and opens it', async () => {
  const page = await newPage(browser);
  const results = await search(page, ` ${KNOWN.uscc.toLowerCase()} `);
  assert.equal(results[0].title, KNOWN.name);
  assert.ok(results[0].href.endsWith(`/xyjt/entities/${KNOWN.uscc}/`), results[0].href);
  assert.equal(results.filter((r) => r.kind === '企业').length, 1);
  await page.click('#results li a');
  await page.waitForURL(`**/xyjt/entities/${KNOWN.uscc}/`);
  assert.equal(await page.textContent('h1'), KNOWN.name);
  // Back returns to the search with the query kept in the URL and the box.
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('#results li').length > 0);
  assert.equal(await page.inputValue('#q'), KNOWN.uscc.toLowerCase());
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('Back returns to the search before, whether the new one was sent with Enter or not', async () => {
  const page = await newPage(browser);
  const shows = (q) => page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q
    && document.getElementById('q').value === q && document.querySelectorAll('#results li').length > 0, q);
  await page.goto(`${base}search/?q=${encodeURIComponent('运输')}`);
  await shows('运输');
  // Typed, shown, then sent with Enter well after the results came.
  await page.fill('#q', '物流');
  await shows('物流');
  await page.waitForTimeout(200);
  await page.press('#q', 'Enter');
  await page.goBack();
  await shows('运输');
  // Typed and never sent: Back still returns to the one before.
  await page.fill('#q', '物流');
  await shows('物流');
  await page.waitForTimeout(200);
  await page.fill('#q', '物流有限');
  await shows('物流有限');
  await page.goBack();
  await shows('运输');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a filter narrows the results', async () => {
  const page = await newPage(browser);
  const all = await search(page, '运输');
  await page.selectOption('#f-kind', 'penalty');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('kind') === 'penalty'
    && [...document.querySelectorAll('#results .kind')].every((k) => k.textContent === '行政处罚'));
  const narrowed = await page.$$eval('#results li', (l) => l.length);
  assert.ok(narrowed > 0 && narrowed < all.length, `${narrowed} of ${all.length}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a withheld record is not found, by name or by code', async () => {
  const page = await newPage(browser);
  // Other companies share words with it (运输, 有限公司); the record itself never shows.
  const byName = await search(page, WITHHELD);
  assert.equal(byName.filter((r) => r.title.includes('撤销测试')).length, 0);
  const byWords = await search(page, '撤销测试');
  assert.equal(byWords.filter((r) => r.title.includes('撤销测试') || r.kind === '行政处罚').length, 0);
  assert.deepEqual(await search(page, WITHHELD_USCC), []);
  assert.match(await page.textContent('#search-status'), /未找到/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the home page search box and shared links open the search', async () => {
  const page = await newPage(browser);
  await page.goto(base);
  await page.fill('#home-q', '物流');
  await page.press('#home-q', 'Enter');
  await page.waitForURL('**/xyjt/search/?q=*');
  await page.waitForFunction(() => document.querySelectorAll('#results li').length > 0);
  assert.equal(await page.inputValue('#q'), '物流');
  // Keyboard: ↓ moves from the box into the results.
  await page.focus('#q');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.closest('#results') !== null), true);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a result links only into the site, whatever the page is called', async () => {
  const page = await newPage(browser);
  const results = await search(page, '脚本地址测试');
  assert.equal(results.length, 1);
  assert.ok(results[0].href.startsWith(base), results[0].href);
  assert.ok(!results[0].href.toLowerCase().startsWith('javascript:'));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('without JavaScript the page says so and links to the lists', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}search/`);
  const noscript = await page.$eval('noscript', (n) => n.innerHTML);
  assert.match(noscript, /JavaScript/);
  assert.match(noscript, /entities\//);
  await context.close();
});

// Found by an audit: a well-formed code with no public record fell back to a word search
// of its pieces (3, 4, ma…) and showed "找到 5 条结果" of unrelated guide pages.
test('a whole credit code with no public record finds nothing, not pieces of it', async () => {
  const page = await newPage(browser);
  for (const code of ['91370117MA3C4D5X2G', WITHHELD_USCC]) {
    const results = await search(page, code);
    assert.deepEqual(results, [], code);
    assert.match(await page.textContent('#search-status'), new RegExp(`未找到代码为 ${code}`));
  }
  // O and I, which no credit code holds, typed for 0 and 1: the code meant. S, V or
  // Z: no code, so nothing (not the pages that hold its digit runs).
  const slipped = KNOWN.uscc.replace('1', 'I').replace('0', 'O');
  assert.notEqual(slipped, KNOWN.uscc);
  const found = await search(page, slipped);
  assert.equal(found.length, 1, `${slipped}: ${JSON.stringify(found)}`);
  assert.equal(found[0].title, KNOWN.name);
  const noCode = `${KNOWN.uscc.slice(0, 17)}Z`;
  assert.deepEqual(await search(page, noCode), [], noCode);
  assert.match(await page.textContent('#search-status'), new RegExp(`未找到代码为 ${noCode}`));
  // Written with a hyphen, a dash, `_` or `.`, a code is still that code.
  for (const sep of ['-', '—', '–', '_', '.']) {
    const dashed = `${KNOWN.uscc.slice(0, 8)}${sep}${KNOWN.uscc.slice(8)}`;
    const results = await search(page, dashed);
    assert.equal(results.length, 1, `${dashed}: ${JSON.stringify(results)}`);
    assert.equal(results[0].title, KNOWN.name);
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});

// Found by an audit: a browser without fetch or TextEncoder was left at an empty (or a
// never-ending "正在查询…") status, with no way on.
test('a browser too old for the search is told so and given the lists', async () => {
  for (const missing of ['fetch', 'TextEncoder']) {
    const context = await browser.newContext();
    await context.addInitScript((name) => { delete window[name]; }, missing);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}search/?q=${encodeURIComponent('运输')}`);
    await page.waitForSelector('#search-old', { state: 'visible' });
    const text = await page.textContent('#search-old');
    assert.match(text, /浏览器版本较旧/);
    const links = await page.$$eval('#search-old a', (as) => as.map((a) => a.href));
    assert.ok(links.some((h) => h.endsWith('/xyjt/lists/')), `${missing}: ${links}`);
    assert.deepEqual(errors, [], missing);
    await context.close();
  }
});
