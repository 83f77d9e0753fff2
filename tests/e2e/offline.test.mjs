// End-to-end tests of offline use (issue 7): after one visit the service worker (web/sw.js,
// filled in by scripts/trunk-post-build) holds every file of the build; then, with the
// browser offline AND the server stopped, a reload and every workbench still render and
// compute (Metrics, Query, Operator, Targets, Relabel, Rules: each runs its engine in a
// worker loaded from the cache). During all of it no request leaves 127.0.0.1 and the
// Content-Security-Policy reports no violation. A second test deploys a "new build" under a
// running page and checks the update notice, the switch and the old cache's removal.
// Screenshots go to tests/e2e/screenshots/offline-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { WORKBENCHES, distDir, launchBrowser, screenshot, serveStatic, tid } from './harness.js';

const READY = { timeout: 30_000 };

/** Every file of the build but sw.js, as the paths the worker caches them under. */
function buildFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.filter((p) => p !== 'sw.js').sort();
}

/**
 * Records, for the whole browser context (pages, their workers and the service worker),
 * requests to any other origin, uncaught errors, console errors and CSP violations (the
 * `securitypolicyviolation` event in every document, and Chromium's "Refused to …" console
 * lines, which also cover the workers).
 */
function watch(context) {
  const seen = { foreign: [], pageErrors: [], consoleErrors: [], csp: [] };
  const local = (url) => {
    const u = new URL(url);
    return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) ? u.hostname === '127.0.0.1' : true;
  };
  context.on('request', (req) => {
    if (!local(req.url())) seen.foreign.push(req.url());
  });
  context.on('page', (page) => {
    page.on('pageerror', (err) => seen.pageErrors.push(`while on ${step}: ${err.stack ?? err}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') seen.consoleErrors.push(`while on ${step}: ${msg.text()}`);
      if (/Content.Security.Policy|Refused to/i.test(msg.text())) seen.csp.push(msg.text());
    });
  });
  return seen;
}

/** A new tab that records CSP violations in `window.__csp` (read by cspViolations). */
async function newPage(context) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
  });
  return page;
}

async function cspViolations(page) {
  return page.evaluate(() => window.__csp);
}

// What the test is doing, for the error messages.
let step = 'start';

/** Shows a workbench through the hash, as the nav links do. */
async function open(page, slug) {
  step = `${slug}${step.includes('offline') ? ' (offline)' : ''}`;
  await page.evaluate((s) => {
    window.location.hash = `#/${s}`;
  }, slug);
}

/** Uses every workbench in `page`, one after the other through the nav's hash. */
async function useEveryWorkbench(page) {
  for (const [slug, check] of Object.entries(WORKBENCHES)) {
    await open(page, slug);
    await check(page);
  }
}

/** Waits until a service worker controls the page and returns the cache names. */
async function waitControlled(page) {
  await page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller), null, READY);
  return page.evaluate(() => caches.keys());
}

describe('offline', () => {
  let browser;

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('keeps every file after one visit and works with the network off and the server gone', async (t) => {
    t.after(() => browser.context.setOffline(false));
    const server = await serveStatic();
    const seen = watch(browser.context);
    const page = await newPage(browser.context);
    await page.goto(`${server.url}#/metrics`);
    await page.locator(tid('family-row')).first().waitFor(READY);

    // The first visit: the worker installs, takes the page over and says so.
    const names = await waitControlled(page);
    const notice = page.locator(tid('offline-status'));
    await notice.waitFor(READY);
    assert.equal(await notice.getAttribute('data-state'), 'ready');
    await screenshot(page, 'offline-01-saved', { fullPage: false });

    // Every file of the build is in the one cache of this version, the lazily loaded
    // worker files and the examples included.
    assert.equal(names.length, 1, `caches: ${names}`);
    assert.match(names[0], /^promplay-[0-9a-f]{16}@\/$/);
    const cached = await page.evaluate(async (name) => {
      const cache = await caches.open(name);
      return (await cache.keys()).map((r) => new URL(r.url).pathname.slice(1)).sort();
    }, names[0]);
    const files = buildFiles(distDir);
    assert.deepEqual(cached, files);
    assert.ok(files.some((f) => f.startsWith('worker/') && f.endsWith('.wasm')), 'the worker wasm is in the build');

    // Online, once, like a student's first visit: every workbench works.
    await useEveryWorkbench(page);
    assert.deepEqual(await cspViolations(page), [], 'CSP violations online');

    // The network is switched off and the server is stopped: nothing can come from it.
    await open(page, 'metrics');
    await browser.context.setOffline(true);
    await server.close();
    step = 'reload (offline)';
    await page.reload();
    await WORKBENCHES.metrics(page);
    await notice.waitFor(READY);
    assert.equal(await notice.getAttribute('data-state'), 'offline');
    assert.match(await notice.innerText(), /Offline/);
    await screenshot(page, 'offline-02-reloaded', { fullPage: false });

    // Every workbench opened offline in a tab of its own (a cold start from the cache), and
    // once through another spelling of the page's address.
    const tabs = [page];
    for (const [slug, check] of Object.entries(WORKBENCHES)) {
      step = `${slug} (offline)`;
      const tab = await newPage(browser.context);
      tabs.push(tab);
      const path = slug === 'operator' ? 'index.html?from=bookmark' : '';
      await tab.goto(`${server.url}${path}#/${slug}`);
      await check(tab);
      await screenshot(tab, `offline-03-${slug}`, { fullPage: false });
    }

    for (const tab of tabs) {
      assert.deepEqual(await cspViolations(tab), [], `CSP violations in ${tab.url()}`);
    }
    assert.deepEqual(seen.csp, [], 'CSP messages on the console');
    assert.deepEqual(seen.foreign, [], 'requests that left 127.0.0.1');
    assert.deepEqual(seen.pageErrors, [], 'uncaught errors');
    assert.deepEqual(seen.consoleErrors, [], 'console errors');
    for (const tab of tabs) await tab.close();
  });

  it('offers a new build, switches to it on Reload and deletes the old cache', async () => {
    // A copy of the build that is "redeployed" under the open page.
    const root = mkdtempSync(join(tmpdir(), 'promplay-offline-'));
    cpSync(distDir, root, { recursive: true });
    const server = await serveStatic(root);
    try {
      const page = await newPage(browser.context);
      await page.goto(`${server.url}#/metrics`);
      await page.locator(tid('family-row')).first().waitFor(READY);
      const [before] = await waitControlled(page);

      // The new build: another index.html (a meta tag says so) and so another version.
      const index = join(root, 'index.html');
      writeFileSync(index, readFileSync(index, 'utf8').replace('<head>', '<head><meta name="e2e-build" content="next" />'));
      const build = () => page.evaluate(() => document.querySelector('meta[name=e2e-build]')?.content ?? 'first');
      const sw = join(root, 'sw.js');
      writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const VERSION = '([0-9a-f]+)'/, "const VERSION = '$1ffff'"));
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

      const notice = page.locator(tid('offline-status'));
      await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.state === 'update', tid('offline-status'), READY);
      assert.match(await notice.innerText(), /new version/);
      // Until the click the page runs on the old build entirely.
      assert.equal(await build(), 'first');
      await screenshot(page, 'offline-04-update', { fullPage: false });

      await Promise.all([page.waitForEvent('load', READY), page.locator(tid('offline-update-reload')).click()]);
      await page.locator(tid('family-row')).first().waitFor(READY);
      assert.equal(await build(), 'next');
      const after = await page.evaluate(() => caches.keys());
      assert.equal(after.length, 1, `caches: ${after}`);
      assert.notEqual(after[0], before);
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    } finally {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
