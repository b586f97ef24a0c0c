// The search page on a generated site large enough that the index uses every part of
// its format (docs/search-index.md): lists in files of their own, cut lists of very
// common terms, and code buckets in more than one group.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { bin, build, serveFolder, launch, newPage, tempDir } from './helpers.mjs';

let web, browser, base, out;
const SHARED = '370117SHARED99';

before(async () => {
  const site = join(tempDir('gongshi-scale-'), 'site');
  execFileSync(bin, ['gen-fixture', site, '--entities', '12000', '--seed', '7'], { stdio: 'pipe' });
  // 300 licences under one licence number: more entries of one code than a bucket holds.
  const shared = Array.from({ length: 300 }, (_, i) => `- decision_no: 鲁交运管许可济字〔2026〕9${String(i).padStart(4, '0')}号
  document_name: 道路运输经营许可决定书
  party: 共享证号运输有限公司
  party_type: legal
  uscc: "9137011703A62T79H3"
  category: 普通
  certificate: 道路运输经营许可证
  licence_no: "${SHARED}"
  content: 道路普通货物运输
  decided: 2026-04-20
  valid_from: 2026-04-20
  valid_to: 2099-12-31
  authority: 济南市钢城区城乡交通运输局
  authority_uscc: 11370117MB2854771J
  status: valid
`).join('');
  writeFileSync(join(site, 'content', 'licences', 'shared.yaml'), shared);
  const www = tempDir('gongshi-scale-www-');
  out = join(www, 'xyjt');
  build(site, out, '2026-11-23', 'https://host.gov.cn/xyjt/');
  web = await serveFolder(www);
  base = `${web.url}/xyjt/`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await web?.close();
});

const json = (rel) => JSON.parse(readFileSync(join(out, 'search', rel), 'utf8'));
const frontDecoded = (text) => {
  let prev = '';
  return text.split('|').map((e) => {
    const at = e.indexOf(':');
    prev = prev.slice(0, Number(e.slice(0, at))) + e.slice(at + 1);
    return prev;
  });
};

/** Searches in the page; returns the results, the status line and the index files fetched. */
async function search(query) {
  const page = await newPage(browser);
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/search/') && r.url().endsWith('.json')) fetched.push(r.url().split('/search/')[1]); });
  await page.goto(`${base}search/`);
  await page.waitForFunction(() => !document.querySelector('.filters').hidden);
  await page.fill('#q', query);
  await page.waitForFunction((q) => {
    const s = window.gongshiSearchStats;
    return s && s.lastCount !== undefined && /找到|未找到/.test(document.getElementById('search-status').textContent)
      && new URLSearchParams(location.search).get('q') === q;
  }, query);
  const results = await page.$$eval('#results li', (lis) => lis.map((li) => ({
    kind: li.querySelector('.kind').textContent,
    title: (li.querySelector('a') || li.querySelector('span:not(.badge)')).textContent,
    href: li.querySelector('a')?.href || null,
    code: li.querySelector('.code')?.textContent.trim() || '',
  })));
  const status = await page.textContent('#search-status');
  assert.deepEqual(page.problems, []);
  await page.close();
  return { results, status, fetched };
}

test('a query of very common terms uses their cut lists and says the results are many', async () => {
  const { results, status, fetched } = await search('有限公司');
  assert.equal(results.length, 20);
  assert.match(status, /结果较多/);
  assert.ok(fetched.some((f) => f.startsWith('lists/')), fetched.join(' '));
  assert.ok(results.every((r) => r.title.includes('有限') || r.title.includes('公司')));
});

test('a rarer term is searched without the common terms\' cut lists', async () => {
  const { results, status } = await search('有限公司泉城');
  assert.ok(results.length > 0);
  assert.ok(results.slice(0, 5).every((r) => r.title.includes('泉城')), JSON.stringify(results.slice(0, 5)));
  assert.doesNotMatch(status, /结果较多/, 'no cut list was used');
});

test('every result links to a page that exists, enterprises by their code', async () => {
  const { results } = await search('运输');
  assert.ok(results.length > 0);
  for (const r of results) {
    assert.ok(r.href && r.href.startsWith(base), r.href);
    const res = await fetch(r.href);
    assert.equal(res.status, 200, r.href);
  }
  assert.ok(results.some((r) => r.kind === '企业' && r.href.endsWith(`/entities/${r.code}/`)));
});

test('codes are found in every code group, at bucket and group edges, and by a prefix across groups', async () => {
  const m = json('manifest.json');
  assert.ok(m.code_groups.length >= 2, 'the fixture must fill more than one code group');
  const seps = frontDecoded(m.code_seps);
  const docOf = (id) => {
    const shard = Math.floor(id / m.doc_shard);
    return json(`docs/${m.doc_groups[Math.floor(shard / m.doc_group)]}/${shard}.json`)[id % m.doc_shard];
  };
  const edge = [];
  m.code_groups.forEach((hash, g) => {
    const firsts = frontDecoded(json(`codes/${hash}/first.json`));
    if (g > 0) assert.ok(seps[g] <= firsts[0], `group ${g}: separator after its first code`);
    const from = g * m.file_group, to = from + firsts.length - 1;
    for (const b of [from, to]) {
      const bucket = json(`codes/${hash}/${b}.json`);
      assert.equal(bucket[0][0], firsts[b - from], `bucket ${b} starts with its first code`);
      edge.push(bucket[0], bucket[bucket.length - 1]);
    }
  });
  for (const [code, id] of edge) {
    const { results } = await search(code.toLowerCase());
    const doc = docOf(id);
    assert.deepEqual([results[0].title, results[0].code], [doc.t, doc.c || ''], code);
  }
  // The last code before group 1 and the first of it share a prefix: a query of that
  // prefix finds both.
  const bucket = json(`codes/${m.code_groups[0]}/${m.file_group - 1}.json`);
  const last = bucket[bucket.length - 1][0];
  const first = frontDecoded(json(`codes/${m.code_groups[1]}/first.json`))[0];
  let k = 0;
  while (last[k] === first[k]) k++;
  const prefix = last.slice(0, k);
  assert.ok(prefix.length >= 6 && /[0-9]/.test(prefix), `${last} | ${first}`);
  const { status, fetched } = await search(prefix);
  assert.match(status, /找到 \d+ 条结果/);
  assert.ok(fetched.includes(`codes/${m.code_groups[0]}/${m.file_group - 1}.json`), fetched.join(' '));
  assert.ok(fetched.includes(`codes/${m.code_groups[1]}/${m.file_group}.json`), fetched.join(' '));
});

test('a code shared by more records than a bucket holds finds them all', async () => {
  const m = json('manifest.json');
  const bucketAt = (n) => json(`codes/${m.code_groups[Math.floor(n / m.file_group)]}/${n}.json`);
  let entries = 0, buckets = 0;
  for (let n = 0; n < m.codes; n++) {
    const here = bucketAt(n).filter((e) => e[0] === SHARED).length;
    entries += here;
    buckets += here > 0 ? 1 : 0;
  }
  assert.ok(entries >= 300 && buckets >= 2, `${entries} entries in ${buckets} buckets`);
  const { status } = await search(SHARED.toLowerCase());
  assert.match(status, new RegExp(`找到 ${entries} 条结果`));
});
