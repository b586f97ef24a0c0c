// Accessibility in a real browser (issue 14): axe-core over one page of every page type
// at desktop and phone widths, reflow at 320 CSS pixels, the text-size and contrast
// controls with JavaScript off and on, the phone search layout and the print stylesheet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { copyExampleSite, build, serveFolder, launch, tempDir } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
let web, browser, base, out;

/** One page of every page type of the example site (paths below the base). */
function pageTypes() {
  // The first folder that is a page (not `page/`, `type/`, `status/`, nor a folder of
  // documents such as `pledges/files/`).
  const first = (dir) => readdirSync(join(out, dir), { withFileTypes: true })
    .find((e) => e.isDirectory() && !['page', 'type', 'status'].includes(e.name)
      && existsSync(join(out, dir, e.name, 'index.html'))).name;
  return {
    home: '',
    search: 'search/',
    data: 'data/',
    entities: 'entities/',
    entity: `entities/${first('entities')}/`,
    grades: 'grades/',
    batch: `grades/${first('grades')}/`,
    lists: 'lists/',
    list: `lists/${first('lists')}/`,
    penalties: 'penalties/',
    penalty: `penalties/${first('penalties')}/`,
    licences: 'licences/',
    licence: `licences/${first('licences')}/`,
    pledges: 'pledges/',
    pledge: `pledges/${first('pledges')}/`,
    withdrawals: 'withdrawals/',
    folder: 'notices/',
    page: 'notices/2024-plan/',
    'not found': '404.html',
  };
}

before(async () => {
  const site = copyExampleSite();
  const www = tempDir('gongshi-a11y-');
  out = join(www, 'xyjt');
  build(site, out, '2026-11-23');
  web = await serveFolder(www);
  base = `${web.url}/xyjt/`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await web?.close();
});

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

// 特大 on a phone too (found by an audit: tables then overflowed into scroll boxes the
// keyboard could not reach).
for (const [name, width, height, size] of [['desktop', 1280, 800, ''], ['phone', 375, 740, ''], ['phone, 特大', 375, 740, '#a11y-xl']]) {
  test(`axe-core finds nothing on any page type (${name})`, async () => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    const found = {};
    for (const [type, path] of Object.entries(pageTypes())) {
      await page.goto(base + path + size);
      if (type === 'search') {
        await page.fill('#q', '运输');
        await page.waitForSelector('#results li');
      }
      const v = await axe(page);
      if (v.length) found[type] = v;
    }
    await context.close();
    assert.deepEqual(found, {}, JSON.stringify(found, null, 1));
  });
}

test('every page type reflows at 320 CSS pixels (400% zoom) without horizontal scrolling', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const wide = {};
  // At every text size (大 and 特大 through :target, as without JavaScript).
  for (const size of ['', '#a11y-l', '#a11y-xl']) {
    for (const [type, path] of Object.entries(pageTypes())) {
      await page.goto(base + path + size);
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 320) wide[`${type}${size}`] = w;
    }
  }
  await page.goto(base + pageTypes().entity + '#a11y-xl');
  const xl = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  await context.close();
  assert.deepEqual(wide, {});
  assert.equal(xl, '24px');
});

test('text size and contrast work without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + pageTypes().penalty);
  const style = () => page.evaluate(() => [
    getComputedStyle(document.documentElement).fontSize,
    getComputedStyle(document.body).backgroundColor,
  ]);
  assert.deepEqual(await style(), ['16px', 'rgb(255, 255, 255)']);
  await page.click('.a11y-bar a[data-a11y="size:l"]');
  assert.deepEqual(await style(), ['20px', 'rgb(255, 255, 255)']);
  await page.click('.a11y-bar a[data-a11y="size:xl"]');
  assert.equal((await style())[0], '24px');
  await page.click('.a11y-bar a[data-a11y="contrast:toggle"]');
  assert.equal((await style())[1], 'rgb(0, 0, 0)');
  await page.click('.a11y-bar a[data-a11y="reset"]');
  assert.deepEqual(await style(), ['16px', 'rgb(255, 255, 255)']);
  await context.close();
});

test('with JavaScript the choices combine and are remembered on the next page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + pageTypes().penalty);
  await page.click('.a11y-bar a[data-a11y="size:l"]');
  await page.click('.a11y-bar a[data-a11y="contrast:toggle"]');
  await page.goto(base + pageTypes().entity);
  const style = await page.evaluate(() => [
    getComputedStyle(document.documentElement).fontSize,
    getComputedStyle(document.body).backgroundColor,
  ]);
  assert.deepEqual(style, ['20px', 'rgb(0, 0, 0)']);
  // High contrast keeps text readable: axe finds no contrast problem either.
  const v = await axe(page);
  assert.deepEqual(v, []);
  await page.click('.a11y-bar a[data-a11y="reset"]');
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '16px');
  await context.close();
});

test('the system asking for more contrast gets the high-contrast colours', async () => {
  const context = await browser.newContext({ contrast: 'more', reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(base);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(0, 0, 0)');
  await context.close();
});

test('every focusable element shows where the focus is', async () => {
  const page = await browser.newPage();
  await page.goto(base + pageTypes().penalties);
  const missing = [];
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      const s = getComputedStyle(el);
      return { tag: el.tagName + (el.className ? '.' + el.className : ''), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
    });
    if (!f.outline) missing.push(f.tag);
  }
  await page.close();
  assert.deepEqual(missing, []);
});

test('on a phone the first results show without scrolling', async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(base + 'search/');
  await page.fill('#q', '运输');
  await page.waitForSelector('#results li');
  const top = await page.evaluate(() => document.querySelector('#results li').getBoundingClientRect().top);
  const folded = await page.evaluate(() => !document.querySelector('.filter-box').open);
  // The menu is one line that scrolls sideways (found by an audit: a rule for the
  // header's rows made it wrap onto four).
  const nav = await page.evaluate(() => {
    const ul = document.querySelector('.site-nav ul');
    return { height: ul.getBoundingClientRect().height, wraps: getComputedStyle(ul).flexWrap };
  });
  await context.close();
  assert.ok(folded, 'filters folded away on a phone');
  assert.equal(nav.wraps, 'nowrap');
  assert.ok(nav.height < 60, `menu ${nav.height}px high`);
  assert.ok(top < 740 - 60, `first result at ${top}px`);
});

test('a credit file prints as a report: chrome hidden, report head and URL shown', async () => {
  const page = await browser.newPage();
  await page.goto(base + pageTypes().entity);
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => {
    const d = (sel) => { const el = document.querySelector(sel); return el ? getComputedStyle(el).display : 'absent'; };
    return {
      nav: d('.site-nav'), search: d('.header-search'), a11y: d('.a11y-bar'), print: d('.no-print'),
      head: d('.report-head'), foot: d('.report-foot'),
      text: document.querySelector('.report-head').innerText + document.querySelector('.report-foot').innerText,
    };
  });
  assert.equal(shown.print, 'none', 'the print button is not printed');
  assert.equal(shown.nav, 'none');
  assert.equal(shown.search, 'none');
  assert.equal(shown.a11y, 'none');
  assert.equal(shown.head, 'block');
  assert.equal(shown.foot, 'block');
  assert.match(shown.text, /信用报告/);
  assert.match(shown.text, /截至2026年11月23日/);
  assert.match(shown.text, /https:\/\/www\.gangcheng\.gov\.cn\/xyjt\/entities\//);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000);
  await page.close();
});

test('a credit file chosen in high contrast still prints black on white', async () => {
  const page = await browser.newPage();
  await page.goto(base + pageTypes().entity + '#a11y-hc');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(0, 0, 0)');
  await page.emulateMedia({ media: 'print' });
  const colours = await page.evaluate(() => [
    getComputedStyle(document.body).backgroundColor,
    getComputedStyle(document.body).color,
    getComputedStyle(document.querySelector('main a')).color,
  ]);
  await page.close();
  assert.deepEqual(colours, ['rgb(255, 255, 255)', 'rgb(0, 0, 0)', 'rgb(0, 0, 0)']);
});

test('search highlights stay readable in high contrast', async () => {
  const context = await browser.newContext({ contrast: 'more' });
  const page = await context.newPage();
  await page.goto(base + 'search/');
  await page.fill('#q', '运输');
  await page.waitForSelector('#results mark');
  const [bg, fg] = await page.evaluate(() => { const s = getComputedStyle(document.querySelector('#results mark')); return [s.backgroundColor, s.color]; });
  await context.close();
  assert.notEqual(bg, fg);
  assert.equal(fg, 'rgb(0, 0, 0)');
});
