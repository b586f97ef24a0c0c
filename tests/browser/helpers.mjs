// Shared helpers for the browser tests: build a site, serve a folder over HTTP on
// loopback, and drive Debian's headless Chromium through playwright-core.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, statSync, cpSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = process.env.GONGSHI_BIN || join(repo, 'target', 'release', 'gongshi');

// Every temporary folder of a test file is removed when its process exits (the
// search-scale site alone is 240 MB; left behind, each CI run would add to /tmp).
// GONGSHI_KEEP_TMP=1 keeps them to look at a failure.
const made = [];
process.on('exit', () => {
  if (process.env.GONGSHI_KEEP_TMP) return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Copies the example site of the repo into a temporary folder. */
export function copyExampleSite() {
  const dir = tempDir('gongshi-site-');
  cpSync(join(repo, 'site.yaml'), join(dir, 'site.yaml'));
  cpSync(join(repo, 'content'), join(dir, 'content'), { recursive: true });
  return dir;
}

export function writeFile(dir, rel, text) {
  const p = join(dir, rel);
  execFileSync('mkdir', ['-p', dirname(p)]);
  writeFileSync(p, text);
}

export function build(site, output, asOf, baseUrl) {
  const args = ['build', site, '--output', output, '--as-of', asOf];
  if (baseUrl) args.push('--base-url', baseUrl);
  execFileSync(bin, args, { stdio: 'pipe' });
}

const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.xml': 'application/xml', '.csv': 'text/csv' };

/** A static file server for `root` on an ephemeral loopback port; counts bytes served. */
export async function serveFolder(root) {
  const stats = { bytes: 0 };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(404); return res.end(); }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404); return res.end('not found'); }
    const body = readFileSync(file);
    stats.bytes += body.length;
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream' });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, stats, close: () => new Promise((ok) => server.close(ok)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A new page that records console errors and uncaught exceptions. */
export async function newPage(browser) {
  const page = await browser.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(m.text()); });
  page.on('pageerror', (e) => page.problems.push(String(e)));
  return page;
}
