// Shared harness for the end-to-end tests: a static server for the built `dist/` on
// 127.0.0.1 and the system Chromium driven by playwright-core. Nothing here downloads a
// browser; the tests fail early with a clear message when `dist/` or Chromium is missing.

import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root (tests/e2e/../..). */
export const repoRoot = resolve(here, '..', '..');
/** The Trunk output under test; `PROMPLAY_DIST` overrides it. */
export const distDir = resolve(process.env.PROMPLAY_DIST ?? join(repoRoot, 'dist'));
/** Upstream ground truth beside the clone (`../shared`); `PROMPLAY_SHARED_DIR` overrides it. */
export const sharedDir = resolve(process.env.PROMPLAY_SHARED_DIR ?? join(repoRoot, '..', 'shared'));
/** Screenshots land here (gitignored) for a human to look at. */
export const screenshotDir = join(here, 'screenshots');

const chromiumPath = process.env.PROMPLAY_CHROMIUM ?? '/usr/bin/chromium';

// Chromium's own background traffic (component updates, sync, QUIC probes) is refused by a
// closed network and only slows the start, so it is switched off. `--no-sandbox` because CI
// runs as root.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
};

/**
 * Serves `root` on 127.0.0.1 at a free port. Unknown paths fall back to index.html, as a
 * single-page app expects. Resolves to `{ url, close }`.
 */
export async function serveStatic(root = distDir) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root}/index.html not found: build the site first (trunk build --release)`);
  }
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    // Never serve anything outside the root, whatever the request path says.
    if (!(file + sep).startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) {
      const index = join(file, 'index.html');
      file = existsSync(index) ? index : join(root, 'index.html');
    }
    res.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * Serves `root` under the sub-path `prefix` (e.g. `/deep/path/promplay/`) on 127.0.0.1, as a
 * docs site or any static host would: nothing is served outside it but the `pages` given
 * (path → `{ type, body }`, e.g. a docs page embedding the playground), a missing file is a
 * 404 (no fallback to index.html, which would hide a wrong URL), and the folder's name
 * without its trailing slash redirects to it. `also` lists more folders holding a copy of
 * the same site. Every request's path and query is recorded in `requests`, in order.
 * Resolves to `{ origin, url, requests, close }`, `url` being the site's address (origin +
 * prefix).
 */
export async function serveUnder(root, prefix, pages = {}, also = []) {
  const prefixes = [prefix, ...also];
  for (const p of prefixes) {
    if (!p.startsWith('/') || !p.endsWith('/')) throw new Error(`bad prefix ${p}`);
  }
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root}/index.html not found: build the site first (trunk build --release)`);
  }
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname + url.search);
    const page = pages[url.pathname];
    if (page) {
      res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
      return;
    }
    const folder = prefixes.find((p) => url.pathname === p.slice(0, -1));
    if (folder) {
      res.writeHead(301, { location: folder + url.search }).end();
      return;
    }
    const under = prefixes.find((p) => url.pathname.startsWith(p));
    if (!under) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join(root, decodeURIComponent(url.pathname.slice(under.length))));
    if (!(file + sep).startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + prefix,
    requests,
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}

/**
 * Starts the system Chromium with a fresh profile. Resolves to `{ context, close }`; the
 * profile folder is removed on close, so every test file starts with empty localStorage.
 */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: run scripts/setup (apt chromium)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'promplay-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The site and a browser for one `describe` block: call it in the block's body. The returned
 * object gets `server`, `browser` and `base` (the site's URL without its trailing slash) in a
 * `before` hook, and both are closed in an `after` hook.
 */
export function useSite(root = distDir) {
  const site = { server: undefined, browser: undefined, base: undefined };
  before(async () => {
    site.server = await serveStatic(root);
    site.browser = await launchBrowser();
    site.base = site.server.url.replace(/\/$/, '');
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}

/**
 * Opens a page that records what went wrong in it: uncaught errors, console errors and every
 * request that left 127.0.0.1 (the playground promises to work offline).
 */
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = { pageErrors: [], consoleErrors: [], foreignRequests: [] };
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (!['127.0.0.1', ''].includes(u.hostname) && !u.protocol.startsWith('data')) {
      problems.foreignRequests.push(req.url());
    }
  });
  await page.goto(url);
  return { page, problems };
}

/**
 * Saves a screenshot as tests/e2e/screenshots/<name>.png, of the whole page unless
 * `fullPage` is false (a page listing thousands of rows makes a uselessly tall image).
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** The test ID selector of the DOM contract between the UI and these tests. */
export const tid = (id) => `[data-testid=${id}]`;

// A cold start of a workbench's engine worker on a busy machine: generous waits.
export const READY = { timeout: 30_000 };

/**
 * The test id each screen (the six workbenches, the gallery and the lessons) shows once it has
 * rendered, for tests that visit every screen; `WORKBENCHES` below checks that each computed.
 */
export const SCREENS = {
  metrics: 'metrics-input',
  query: 'legend-item',
  operator: 'operator-stats',
  targets: 'targets-stats',
  relabel: 'relabel-stats',
  rules: 'rules-stats',
  gallery: 'gallery-card',
  learn: 'learn-progress',
};

/** Waits until `sel`'s data attribute `key` is a number of at least `min`. */
export async function waitData(page, sel, key, min) {
  await page.waitForFunction(
    ([s, k, m]) => {
      const v = document.querySelector(s)?.dataset[k];
      return v !== undefined && v !== '' && Number(v) >= m;
    },
    [sel, key, min],
    READY,
  );
}

/**
 * Each workbench and how to check that it computed: families parsed, a query evaluated,
 * the operator's prometheus.yaml, targets, a relabel trace, an alert timeline. Every check
 * but Metrics needs its engine worker, loaded lazily from worker/.
 */
export const WORKBENCHES = {
  metrics: async (page) => {
    await waitData(page, tid('stats'), 'families', 1);
    await page.locator(tid('family-row')).first().waitFor(READY);
  },
  query: async (page) => {
    const input = page.locator(tid('query-input'));
    await input.waitFor(READY);
    await input.fill('vector(42) * 2');
    await input.press('Control+Enter');
    await page.locator(tid('tab-table')).click();
    await page.waitForFunction(
      (sel) => [...document.querySelectorAll(sel)].some((r) => /\b84\b/.test(r.textContent)),
      tid('result-row'),
      READY,
    );
  },
  operator: async (page) => {
    await page.locator(tid('operator-stats')).waitFor(READY);
    await page.waitForFunction(
      (sel) => [...document.querySelectorAll(sel)].some((c) => /scrape_configs:/.test(c.textContent)),
      tid('operator-config'),
      READY,
    );
  },
  targets: async (page) => {
    await page.locator(tid('targets-stats')).waitFor(READY);
    await page.locator(tid('targets-job')).first().waitFor(READY);
  },
  relabel: async (page) => {
    await waitData(page, tid('relabel-stats'), 'rules', 1);
    await waitData(page, tid('relabel-stats'), 'kept', 1);
  },
  rules: async (page) => {
    await waitData(page, tid('rules-stats'), 'alerts', 1);
    await page.locator(tid('timeline-row')).first().waitFor(READY);
  },
};

/**
 * Replaces the editor's text the way a paste does (one input event), then waits until the
 * stats report that exact byte count, i.e. until the new text has been analysed.
 */
export async function setEditorText(page, text) {
  const bytes = Buffer.byteLength(text, 'utf8');
  const editor = page.locator(tid('metrics-input'));
  if (text.length < 100_000) {
    await editor.fill(text);
  } else {
    // Playwright's fill of megabytes is slow and puts the whole text into every log line;
    // setting the value and firing one input event is what the UI sees of a paste anyway.
    await editor.evaluate((el, t) => {
      el.value = t;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
  }
  await page.waitForFunction(
    ([sel, n]) => document.querySelector(sel)?.getAttribute('data-bytes') === String(n),
    [tid('stats'), bytes],
    { timeout: 60_000 },
  );
}

/** Reads the stats element's data attributes as numbers. */
export async function readStats(page) {
  return page.locator(tid('stats')).evaluate((el) => {
    const out = {};
    for (const k of ['parse-ms', 'bytes', 'families', 'samples', 'errors', 'warnings']) {
      out[k] = Number(el.getAttribute(`data-${k}`));
    }
    return out;
  });
}

/** 1-based line and column (in characters) of a byte offset into `text`. */
export function lineCol(text, byteOffset) {
  const before = Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8');
  const lines = before.split('\n');
  return { line: lines.length, col: [...lines[lines.length - 1]].length + 1 };
}
