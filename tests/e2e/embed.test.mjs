// End-to-end tests of embedding: the demo docs page (public/embed-demo.html) whose
// <pre data-promplay> blocks public/embed.js turns into live embeds (a query computes its
// result, a metrics embed lists families, relabel and operator embeds run), embeds that never
// touch the visitor's own localStorage, an embed's "Open in promplay" link that carries the
// edits made in it, and a "Try it" link that opens the full playground with the content and a
// banner that restores the visitor's previous input. Screenshots: screenshots/embed-*.png.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, screenshot, screenshotDir, tid, useSite } from './harness.js';

// A cold wasm start (page and engine worker) per iframe, four iframes at once, on a busy
// machine: generous waits.
const READY = { timeout: 60_000 };

/** Every promplay key in this origin's localStorage, sorted, as [key, value] pairs. */
async function promplayStorage(page) {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('promplay.'))
      .sort()
      .map((k) => [k, localStorage.getItem(k)]),
  );
}

/**
 * A page of the site's origin that does not run the app, to write the visitor's saved inputs
 * into localStorage (the app itself would save its own state over them when it closes).
 */
async function storagePage(context, url) {
  const page = await context.newPage();
  await page.goto(`${url}public/favicon.svg`);
  return page;
}

/** The demo page with its embeds built; resolves to the page and its iframe locators. */
async function openDemo(context, url) {
  const { page, problems } = await openPage(context, `${url}public/embed-demo.html`);
  await page.locator('.promplay-embed iframe').first().waitFor(READY);
  const frames = page.locator('.promplay-embed iframe');
  assert.equal(await frames.count(), 5, 'one iframe per <pre data-promplay> block');
  assert.equal(await page.locator('pre[data-promplay]').count(), 0, 'every block was replaced');
  // The iframes load lazily: bring each into view once so that all of them start.
  for (let i = 0; i < 5; i++) await frames.nth(i).scrollIntoViewIfNeeded();
  return { page, problems, frames };
}

/** The frame of the demo's embed number `i` (0-based, in page order). */
function embed(page, i) {
  return page.frameLocator('.promplay-embed iframe').nth(i);
}

describe('embedding promplay in docs', () => {
  const site = useSite();

  it('the demo page shows live embeds: metrics families, a computed query, relabel and operator results', async () => {
    const { page, problems, frames } = await openDemo(site.browser.context, site.server.url);

    // 1. Metrics: the families of the block, and the lint finding about the counter's name.
    const metrics = embed(page, 0);
    await metrics.locator(`${tid('family-row')}[data-family="http_requests_total"]`).waitFor(READY);
    const families = await metrics.locator(tid('family-row')).evaluateAll((rows) => rows.map((r) => r.dataset.family));
    assert.deepEqual(families.sort(), ['http_requests_total', 'process_cpu_seconds', 'queue_length']);
    assert.match(await metrics.locator(tid('problems')).innerText(), /process_cpu_seconds/);
    // No header or nav in an embed; the slim footer links to the full playground.
    assert.equal(await metrics.locator('.app-header').count(), 0);
    assert.equal(await metrics.locator(tid('nav-metrics')).count(), 0);
    const open = metrics.locator(tid('embed-open'));
    assert.match(await open.getAttribute('href'), /\?open=metrics&input=%23%20HELP%20http_requests_total/);

    // 2. Query as a table, over the series of the page's other <pre>: two codes, per-second rates.
    const query = embed(page, 1);
    await query.locator(tid('result-row')).nth(1).waitFor(READY);
    const rows = await query.locator(tid('result-row')).allInnerTexts();
    assert.equal(rows.length, 2, rows.join('\n'));
    const ok = rows.find((r) => r.includes('code="200"'));
    const failed = rows.find((r) => r.includes('code="500"'));
    // 30/15 s + 20/15 s and 1/15 s.
    assert.match(ok ?? '', /3\.333333333333333/, rows.join('\n'));
    assert.match(failed ?? '', /0\.0666666666666666/, rows.join('\n'));

    // 3. The same query as a graph (drawn, so the canvas has ink).
    const graph = embed(page, 2);
    await graph.locator(tid('graph-canvas')).waitFor(READY);
    await graph.locator(`${tid('query-stats')}[data-series="2"]`).waitFor(READY);

    // 4. Relabel: the annotated pod is kept, the other dropped.
    const relabel = embed(page, 3);
    await relabel.locator(`${tid('relabel-stats')}[data-sets="2"][data-kept="1"][data-dropped="1"]`).waitFor(READY);

    // 5. Operator: the Prometheus selects the ServiceMonitor and gets its scrape job.
    const operator = embed(page, 4);
    const config = operator.locator(`${tid('operator-prometheus')}[data-name="monitoring/main"] ${tid('operator-config')}`).first();
    await config.waitFor(READY);
    assert.match(await config.innerText(), /job_name: serviceMonitor\/shop\/cart\/0/);

    // Each iframe is sized to its content: no inner scroll bar, and not the script's default height.
    for (let i = 0; i < 5; i++) {
      await page.waitForFunction(
        (n) => {
          const frame = document.querySelectorAll('.promplay-embed iframe')[n];
          const doc = frame.contentDocument;
          return doc && doc.body && doc.documentElement.scrollHeight <= frame.clientHeight + 1 && frame.clientHeight > 150;
        },
        i,
        READY,
      );
    }
    const heights = await frames.evaluateAll((fs) => fs.map((f) => f.clientHeight));
    console.log(`e2e embed heights: ${heights.join(', ')} px`);
    await screenshot(page, 'embed-demo-page');
    for (let i = 0; i < 5; i++) await frames.nth(i).screenshot({ path: join(screenshotDir, `embed-frame-${i}.png`) });
    assert.ok(heights.every((h) => h < 2500), `embeds stay docs-sized: ${heights}`);

    // Each embed has a "Try it" link below it to the full playground with the same content.
    const tryIt = await page.locator('.promplay-try').evaluateAll((as) => as.map((a) => a.href));
    assert.equal(tryIt.length, 5);
    assert.match(tryIt[1], /index\.html\?open=query&input=sum%20by%20\(code\)/);
    assert.match(tryIt[1], /&data=load%2015s/);

    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.foreignRequests, []);
    await page.close();
  });

  it("an embed never changes the visitor's localStorage, and its Open link carries the edits made in it", async () => {
    // The visitor has worked in the playground before: their own saved inputs.
    const home = await storagePage(site.browser.context, site.server.url);
    await home.evaluate(() => {
      localStorage.setItem('promplay.v1.metrics.text', 'my_own_metric 42\n');
      localStorage.setItem('promplay.v1.query', JSON.stringify({ expr: 'my_own_query', series: '' }));
      localStorage.setItem('promplay.v1.relabel.rules', '- action: drop\n');
    });
    const before = await promplayStorage(home);
    await home.close();

    const { page } = await openDemo(site.browser.context, site.server.url);
    const metrics = embed(page, 0);
    await metrics.locator(`${tid('family-row')}[data-family="queue_length"]`).waitFor(READY);
    // The embed shows the block's text, not the visitor's saved one.
    assert.doesNotMatch(await metrics.locator(tid('metrics-input')).inputValue(), /my_own_metric/);

    // Edit in the embed; its autosave goes to memory, which the Open link reads.
    await metrics.locator(tid('metrics-input')).fill('edited_in_embed 1\n');
    await metrics.locator(`${tid('family-row')}[data-family="edited_in_embed"]`).waitFor(READY);
    const open = metrics.locator(tid('embed-open'));
    await page.waitForFunction(
      () => {
        const frame = document.querySelectorAll('.promplay-embed iframe')[0];
        const a = frame.contentDocument.querySelector('[data-testid=embed-open]');
        a.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
        return a.getAttribute('href').includes('edited_in_embed');
      },
      null,
      { ...READY, polling: 200 },
    );
    assert.match(await open.getAttribute('href'), /\?open=metrics&input=edited_in_embed%201%0A/);
    const query = embed(page, 1);
    await query.locator(tid('result-row')).first().waitFor(READY);
    assert.equal(await query.locator(tid('query-input')).inputValue(), 'sum by (code) (rate(http_requests_total[5m]))');

    assert.deepEqual(await promplayStorage(page), before, 'localStorage is exactly as the visitor left it');
    await screenshot(page, 'embed-after-edit', { fullPage: false });
    await page.close();
  });

  it('a Try it link opens the full playground with the content, and the previous input can be restored', async () => {
    const home = await storagePage(site.browser.context, site.server.url);
    await home.evaluate(() => {
      localStorage.setItem('promplay.v1.query', JSON.stringify({ expr: 'my_own_query', series: 'load 1m\n  my_own_query 1x10\n' }));
    });
    await home.close();

    const { page: demo } = await openDemo(site.browser.context, site.server.url);
    const [page] = await Promise.all([
      site.browser.context.waitForEvent('page'),
      demo.locator('.promplay-try').nth(1).click(),
    ]);
    const problems = { pageErrors: [] };
    page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
    await page.locator(tid('query-input')).waitFor(READY);

    // The full playground (header and nav), on the Query workbench, with the link's query and
    // data; the link's parameters are gone from the address bar, so a reload keeps edits.
    assert.equal(await page.locator('.app-header').count(), 1);
    assert.equal(await page.locator(tid('query-input')).inputValue(), 'sum by (code) (rate(http_requests_total[5m]))');
    assert.match(await page.locator(tid('series-input')).inputValue(), /instance="a", code="500"/);
    await page.locator(tid('result-row')).nth(1).waitFor(READY);
    const address = new URL(page.url());
    assert.equal(address.search, '');
    assert.match(address.hash, /^#\/query/);

    const banner = page.locator(tid('link-banner'));
    await banner.waitFor(READY);
    assert.match(await banner.innerText(), /Loaded from a link/);
    await screenshot(page, 'embed-try-it-opened', { fullPage: false });

    // Restore brings the visitor's own query and data back, and the banner goes.
    await page.locator(tid('restore-previous')).click();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.value === 'my_own_query',
      tid('query-input'),
      READY,
    );
    assert.match(await page.locator(tid('series-input')).inputValue(), /my_own_query 1x10/);
    assert.equal(await page.locator(tid('link-banner')).count(), 0);
    const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('promplay.v1.query')));
    assert.equal(stored.expr, 'my_own_query');
    assert.equal(await page.evaluate(() => localStorage.getItem('promplay.v1.embed.previous')), null);
    await screenshot(page, 'embed-try-it-restored', { fullPage: false });
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
    await demo.close();
  });

  it('an embed URL on its own: one workbench, compact, and unknown workbenches fall back to the playground', async () => {
    const input = encodeURIComponent('- source_labels: [env]\n  regex: prod\n  action: keep\n');
    const data = encodeURIComponent('{env="prod", instance="a"}\n{env="dev", instance="b"}\n');
    const { page, problems } = await openPage(site.browser.context, `${site.server.url}index.html?embed=relabel&input=${input}&data=${data}`);
    await page.setViewportSize({ width: 700, height: 900 });
    await page.locator(`${tid('relabel-stats')}[data-kept="1"][data-dropped="1"]`).waitFor(READY);
    assert.equal(await page.locator(tid('embed')).getAttribute('data-workbench'), 'relabel');
    assert.equal(await page.locator('.app-header').count(), 0);
    await screenshot(page, 'embed-relabel-alone');
    assert.deepEqual(problems.pageErrors, []);
    await page.close();

    const { page: full } = await openPage(site.browser.context, `${site.server.url}index.html?embed=nonsense&input=x`);
    await full.locator('.app-header').waitFor(READY);
    assert.equal(await full.locator(tid('embed')).count(), 0);
    await full.close();
  });
});
