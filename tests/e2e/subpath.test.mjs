// End-to-end test of hosting under a sub-path (issue 7: a docs site's /docs/promplay/, a
// classroom kit in any folder): the release build is served under /deep/path/promplay/ with
// nothing at the root, as a static host would (a missing file is a 404, never index.html).
// The folder's name without its slash redirects to it; every workbench computes (the page's
// wasm and the engine workers load from the sub-path, whether the address ends in `/` or in
// `index.html`); the service worker registers with the sub-path as its scope and caches the
// build there; a docs page at another path that loads the sub-path's public/embed.js gets
// working embeds and a working "Try it" link; with the network off and the server stopped a
// reload and a fresh tab still compute; a second copy in another folder of the same host
// keeps its own offline cache without deleting the first one's. Every request the server
// saw, and every request of the browser, stays under the two folders (or is the docs page).
// Screenshots: tests/e2e/screenshots/subpath-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { WORKBENCHES, distDir, launchBrowser, screenshot, serveUnder, tid } from './harness.js';

const READY = { timeout: 60_000 };
const PREFIX = '/deep/path/promplay/';
const DOCS = '/handbook/alerting/rates.html';
// Another copy of the build on the same host (a docs site's previous version).
const SECOND = '/handbook/v1/promplay/';

/** A docs page elsewhere on the host that embeds the playground from the sub-path. */
const DOCS_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Rates · Handbook</title><link rel="icon" href="data:,"></head>
<body style="font-family: sans-serif; max-width: 760px; margin: 2em auto">
<h1>Counting with PromQL</h1>
<p>A query, evaluated live:</p>
<pre data-promplay="query" data-promplay-tab="table">vector(42) * 2</pre>
<p>An exposition, parsed live:</p>
<pre data-promplay="metrics"># HELP queue_length Jobs waiting.
# TYPE queue_length gauge
queue_length{queue="mail"} 7
</pre>
<script src="${PREFIX}public/embed.js" defer></script>
</body>
</html>
`;

/** Every file of the build but sw.js, relative to its folder, sorted. */
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

/** Whether a request path belongs to the site's folder or is the docs page. */
const allowed = (path) =>
  path.startsWith(PREFIX) || path.startsWith(SECOND) || path.split('?')[0] === DOCS || path === PREFIX.slice(0, -1);

describe('hosted under a sub-path', () => {
  let browser;
  let server;
  const seen = { urls: [], pageErrors: [], consoleErrors: [] };

  before(async () => {
    server = await serveUnder(distDir, PREFIX, { [DOCS]: { type: 'text/html; charset=utf-8', body: DOCS_PAGE } }, [SECOND]);
    browser = await launchBrowser();
    browser.context.on('request', (req) => seen.urls.push(req.url()));
    browser.context.on('page', (page) => {
      page.on('pageerror', (err) => seen.pageErrors.push(`${page.url()}: ${err.stack ?? err}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') seen.consoleErrors.push(`${page.url()}: ${msg.text()}`);
      });
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('works from /deep/path/promplay/: workbenches, service worker, embeds, offline, no root request', async () => {
    const { context } = browser;
    const page = await context.newPage();

    // The folder's name without its slash: the host redirects, the app lands on Metrics.
    await page.goto(server.url.slice(0, -1));
    await WORKBENCHES.metrics(page);
    const landed = new URL(page.url());
    assert.equal(landed.pathname, PREFIX);
    assert.equal(landed.hash, '#/metrics');
    await screenshot(page, 'subpath-01-metrics', { fullPage: false });

    // Every workbench computes: their engines run in workers loaded from PREFIX/worker/.
    for (const [slug, check] of Object.entries(WORKBENCHES)) {
      await page.evaluate((s) => {
        window.location.hash = `#/${s}`;
      }, slug);
      await check(page);
    }
    await screenshot(page, 'subpath-02-rules', { fullPage: false });

    // The service worker: registered for the sub-path, holding every file of the build there.
    await page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller), null, READY).catch((err) => {
      const strays = server.requests.filter((p) => !allowed(p));
      throw new Error(`no service worker took the page over (requests outside ${PREFIX}: ${strays.join(', ') || 'none'}): ${err.message}`);
    });
    const registration = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return { scope: r.scope, script: r.active.scriptURL };
    });
    assert.equal(registration.scope, server.url);
    assert.equal(registration.script, `${server.url}sw.js`);
    const cached = await page.evaluate(async () => {
      const [name] = await caches.keys();
      return (await (await caches.open(name)).keys()).map((r) => r.url);
    });
    assert.ok(cached.every((u) => u.startsWith(server.url)), `cached outside the sub-path: ${cached.filter((u) => !u.startsWith(server.url))}`);
    assert.deepEqual(cached.map((u) => u.slice(server.url.length)).sort(), buildFiles(distDir));

    // A docs page at another path embeds the playground with the sub-path's embed.js.
    const docs = await context.newPage();
    await docs.goto(`${server.origin}${DOCS}`);
    const frames = docs.locator('.promplay-embed iframe');
    await frames.nth(1).waitFor(READY);
    assert.equal(await frames.count(), 2);
    const sources = await frames.evaluateAll((fs) => fs.map((f) => f.src));
    for (const src of sources) assert.ok(src.startsWith(`${server.url}index.html?embed=`), src);
    for (let i = 0; i < 2; i++) await frames.nth(i).scrollIntoViewIfNeeded();
    const query = docs.frameLocator('.promplay-embed iframe').nth(0);
    await query.locator(tid('result-row')).first().waitFor(READY);
    assert.match(await query.locator(tid('result-row')).first().innerText(), /\b84\b/);
    const metrics = docs.frameLocator('.promplay-embed iframe').nth(1);
    await metrics.locator(`${tid('family-row')}[data-family="queue_length"]`).waitFor(READY);
    await screenshot(docs, 'subpath-03-docs-embeds');

    // Its "Try it" link opens the full playground in the sub-path with the block's query.
    const tryIt = docs.locator('.promplay-try').first();
    assert.ok((await tryIt.getAttribute('href')).startsWith(`${server.url}index.html?open=query&input=vector(42)`));
    const [opened] = await Promise.all([context.waitForEvent('page'), tryIt.click()]);
    await opened.locator(tid('query-input')).waitFor(READY);
    await opened.waitForFunction((sel) => document.querySelector(sel)?.value === 'vector(42) * 2', tid('query-input'), READY);
    const openedUrl = new URL(opened.url());
    assert.equal(`${openedUrl.origin}${openedUrl.pathname}`, `${server.url}index.html`);
    assert.equal(openedUrl.search, '', 'the link parameters leave the address bar');
    await opened.locator(tid('tab-table')).click();
    await opened.locator(tid('result-row')).first().waitFor(READY);
    await screenshot(opened, 'subpath-04-try-it', { fullPage: false });
    await opened.close();
    await docs.close();

    // A second copy in another folder of the host: its own service worker and cache, and the
    // first copy's cache is still there (caches belong to the origin, not to a folder).
    const second = await context.newPage();
    await second.goto(`${server.origin}${SECOND}#/metrics`);
    await WORKBENCHES.metrics(second);
    await second.waitForFunction(() => Boolean(navigator.serviceWorker?.controller), null, READY);
    assert.equal(await second.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope), `${server.origin}${SECOND}`);
    const names = await second.evaluate(() => caches.keys());
    assert.equal(names.length, 2, `one cache per folder: ${names}`);
    assert.ok(names.some((n) => n.endsWith(`@${PREFIX}`)) && names.some((n) => n.endsWith(`@${SECOND}`)), `${names}`);
    await second.close();

    // Offline, with the server gone: a reload, and a fresh tab through `index.html`.
    await page.evaluate(() => {
      window.location.hash = '#/metrics';
    });
    await context.setOffline(true);
    await server.close();
    try {
      await page.reload();
      await WORKBENCHES.metrics(page);
      const tab = await context.newPage();
      await tab.goto(`${server.url}index.html#/query`);
      await WORKBENCHES.query(tab);
      await screenshot(tab, 'subpath-05-offline-query', { fullPage: false });
      await tab.close();
    } finally {
      await context.setOffline(false);
    }

    // Nothing was ever asked of the root or of any other folder: neither by the server's
    // count (which sees the service worker's own requests) nor by the browser's.
    const strays = server.requests.filter((p) => !allowed(p));
    assert.deepEqual(strays, [], 'requests outside the folders, as the server saw them');
    assert.ok(server.requests.some((p) => p.startsWith(`${PREFIX}worker/`)), 'the workers came from the sub-path');
    const browserStrays = seen.urls.filter((u) => {
      const url = new URL(u);
      if (['blob:', 'data:'].includes(url.protocol)) return false;
      return url.origin !== server.origin || !allowed(url.pathname + url.search);
    });
    assert.deepEqual(browserStrays, [], 'requests outside the folders, as the browser made them');
    console.log(`e2e subpath: ${server.requests.length} requests to the server, all under ${PREFIX}, ${SECOND} or ${DOCS}`);
    assert.deepEqual(seen.pageErrors, []);
    assert.deepEqual(seen.consoleErrors, []);
    await page.close();
  });
});
