// End-to-end tests of the Query workbench (`#/query`) in the system Chromium: the default
// example graphs, a typed query runs as an instant query (table) and a range query (a real
// chart on the canvas), the tooltip, the legend, drag-to-zoom, stacking, autocomplete, error
// underlines, cancelling a long query, and state that survives a reload. Screenshots go to
// tests/e2e/screenshots/ (query-*.png) for a human to look at.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, tid, useSite } from './harness.js';

// Waits are generous: a cold wasm start (two binaries) on a busy machine takes seconds.
const READY = { timeout: 30_000 };

// A query that keeps the engine busy for many seconds: 100 one-second subqueries over a year
// (each about 0.2 s in the release build on the development machine, so about 20 s in all).
const SLOW_QUERY = Array.from({ length: 100 }, (_, i) => `count_over_time(vector(${i})[1y:1s])`).join(' + ');

/**
 * Opens `url` in a new tab that starts from the default example: the Query workbench's saved
 * state is cleared before the app first runs in this tab (later reloads keep it). Records page
 * errors, console errors and requests that left 127.0.0.1, as the harness' openPage does.
 */
async function openPage(context, url) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('promplay-e2e-fresh')) {
      localStorage.removeItem('promplay.v1.query');
      sessionStorage.setItem('promplay-e2e-fresh', '1');
    }
  });
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

/** Waits until the stats line reports a finished query whose result has `series` series. */
async function waitForSeries(page, series) {
  await page.waitForFunction(
    ([sel, n]) => document.querySelector(sel)?.getAttribute('data-series') === String(n),
    [tid('query-stats'), series],
    READY,
  );
}

/** Pixels of the graph canvas that are not white, and the number of distinct colours. */
async function canvasInk(page) {
  return page.locator(tid('graph-canvas')).evaluate((canvas) => {
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    const colours = new Set();
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (r < 245 || g < 245 || b < 245) {
        ink += 1;
        colours.add((r >> 4) * 256 + (g >> 4) * 16 + (b >> 4));
        hash = (hash * 31 + i) | 0;
      }
    }
    return { ink, colours: colours.size, hash, width: canvas.width, cssWidth: canvas.clientWidth };
  });
}

/** Replaces the query text the way typing does and runs it with Ctrl+Enter. */
async function runQuery(page, expr) {
  const input = page.locator(tid('query-input'));
  await input.fill(expr);
  await input.press('Control+Enter');
}

describe('query workbench', () => {
  const site = useSite();

  it('graphs the default example without page errors', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.server.url}#/query`);
    await page.locator(tid('legend-item')).first().waitFor(READY);
    const ink = await canvasInk(page);
    assert.ok(ink.ink > 2000, `the canvas has ${ink.ink} non-white pixels`);
    assert.ok(ink.colours > 3, `the canvas has ${ink.colours} colours`);
    await screenshot(page, 'query-01-default', { fullPage: false });
    assert.deepEqual(problems.pageErrors, [], 'uncaught errors in the page');
    assert.deepEqual(problems.consoleErrors, [], 'console errors in the page');
    assert.deepEqual(problems.foreignRequests, [], 'requests that left 127.0.0.1');
    await page.close();
  });

  it('runs a typed query as a table and as a graph with tooltip, legend, zoom and stacking', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.server.url}#/query`);
    await page.locator(tid('legend-item')).first().waitFor(READY);

    // Instant query: one row per instance.
    await page.locator(tid('tab-table')).click();
    await runQuery(page, 'sum by (instance) (rate(http_requests_total[5m]))');
    await page.locator(`${tid('result-table')} ${tid('result-row')}`).first().waitFor(READY);
    await waitForSeries(page, 2);
    const rows = await page.locator(tid('result-row')).allTextContents();
    assert.equal(rows.length, 2);
    assert.match(rows.join('\n'), /instance="a"/);
    assert.match(rows.join('\n'), /instance="b"/);
    for (const row of rows) assert.match(row, /\d/);
    await screenshot(page, 'query-02-table', { fullPage: false });

    // An info annotation is shown with the result (and its spot is marked in the editor).
    await runQuery(page, 'rate(node_memory_free_bytes[5m])');
    const info = page.locator(`${tid('annotation')}[data-kind=info]`);
    await info.waitFor(READY);
    assert.match(await info.textContent(), /might not be a counter/);
    assert.ok((await page.locator('.q-highlights .q-mark-warning').count()) > 0, 'the annotation spot is marked');
    await screenshot(page, 'query-02b-annotation', { fullPage: false });
    await runQuery(page, 'sum by (instance) (rate(http_requests_total[5m]))');

    // Range query: a chart with ink from two series, crisp (device-pixel sized canvas).
    await page.locator(tid('tab-graph')).click();
    await page.locator(tid('legend-item')).nth(1).waitFor(READY);
    await waitForSeries(page, 2);
    const before = await canvasInk(page);
    assert.ok(before.ink > 2000, `the canvas has ${before.ink} non-white pixels`);
    assert.ok(before.width >= before.cssWidth, 'the canvas is sized in device pixels');

    // Hover in the middle of the plot: a tooltip names a series and its value.
    const box = await page.locator(tid('graph-canvas')).boundingBox();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    const tip = page.locator(tid('graph-tooltip'));
    await tip.waitFor(READY);
    const tipText = await tip.textContent();
    assert.match(tipText, /instance="[ab]"/);
    assert.match(tipText, /\d/);
    await screenshot(page, 'query-03-graph-tooltip', { fullPage: false });

    // A click on a legend entry hides its series: the entry says so and the chart changes.
    const first = page.locator(tid('legend-item')).first();
    await first.click();
    assert.equal(await first.getAttribute('data-hidden'), 'true');
    await page.mouse.move(box.x + 5, box.y + box.height + 200);
    await page.waitForTimeout(200);
    const hidden = await canvasInk(page);
    assert.ok(hidden.ink < before.ink, `hiding a series removed ink (${before.ink} -> ${hidden.ink})`);
    await screenshot(page, 'query-04-series-hidden', { fullPage: false });
    await first.click();
    assert.equal(await first.getAttribute('data-hidden'), 'false');

    // Stacked: the drawing changes.
    await page.locator(tid('stacked-toggle')).check();
    await page.waitForTimeout(200);
    const stacked = await canvasInk(page);
    assert.notEqual(stacked.hash, before.hash, 'stacking changed the chart');
    await screenshot(page, 'query-05-stacked', { fullPage: false });
    await page.locator(tid('stacked-toggle')).uncheck();

    // Drag across the plot: the range shrinks and can be reset.
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await page.locator(tid('reset-zoom')).waitFor(READY);
    const range = await page.locator(tid('range-input')).inputValue();
    assert.notEqual(range, '1h', `zoomed range is ${range}`);
    await waitForSeries(page, 2);
    await screenshot(page, 'query-06-zoomed', { fullPage: false });
    await page.locator(tid('reset-zoom')).click();
    assert.equal(await page.locator(tid('range-input')).inputValue(), '1h');

    assert.deepEqual(problems.pageErrors, [], 'uncaught errors in the page');
    assert.deepEqual(problems.consoleErrors, [], 'console errors in the page');
    await page.close();
  });

  it('suggests metric names, functions and label values, and underlines errors', async () => {
    const { page } = await openPage(site.browser.context, `${site.server.url}#/query`);
    await page.locator(tid('legend-item')).first().waitFor(READY);
    const input = page.locator(tid('query-input'));

    await input.fill('');
    await input.pressSequentially('http_req');
    const list = page.locator(tid('autocomplete'));
    await list.waitFor(READY);
    assert.match(await list.textContent(), /http_requests_total/);
    await input.press('Enter');
    assert.equal(await input.inputValue(), 'http_requests_total');

    await input.pressSequentially('{code="');
    await list.waitFor(READY);
    const values = await page.locator(tid('completion')).allTextContents();
    assert.ok(values.some((v) => v.includes('200')) && values.some((v) => v.includes('500')), values.join('|'));

    await input.fill('');
    await input.pressSequentially('histogram_q');
    await list.waitFor(READY);
    const docs = await list.textContent();
    assert.match(docs, /histogram_quantile/);
    await screenshot(page, 'query-07-autocomplete', { fullPage: false });
    await input.press('Escape');

    await input.fill('sum(rate(http_requests_total[5m])');
    const error = page.locator(tid('query-error'));
    await error.waitFor(READY);
    assert.ok((await error.textContent()).length > 10);
    assert.ok((await page.locator('.q-highlights .q-mark-error').count()) > 0, 'the error spot is underlined');
    await screenshot(page, 'query-08-error', { fullPage: false });
    await page.close();
  });

  it('cancels a long query and keeps working', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.server.url}#/query`);
    await page.locator(tid('legend-item')).first().waitFor(READY);
    await page.locator(tid('tab-table')).click();
    await waitForSeries(page, 2);
    await runQuery(page, SLOW_QUERY);
    await page.locator(tid('query-running')).waitFor(READY);
    // The page answers while the worker is busy: the tab buttons still respond.
    await page.waitForTimeout(500);
    assert.ok(await page.locator(tid('cancel-query')).isVisible());
    await screenshot(page, 'query-09-running', { fullPage: false });
    await page.locator(tid('cancel-query')).click();
    await page.locator(tid('query-cancelled')).waitFor({ timeout: 5_000 });
    // A fresh worker answers the next query.
    await runQuery(page, 'up');
    await waitForSeries(page, 2);
    assert.deepEqual(problems.pageErrors, [], 'uncaught errors in the page');
    await page.close();
  });

  it('queries the Metrics workbench text as a scrape at a chosen time', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.server.url}#/query`);
    await page.locator(tid('legend-item')).first().waitFor(READY);
    await page.locator(tid('tab-table')).click();
    await page.locator(tid('metrics-at')).fill('2026-01-02T03:04:05Z');
    await page.locator(tid('metrics-at')).press('Enter');
    await page.locator(tid('use-metrics')).check();
    await page.locator(tid('end-input')).fill('2026-01-02T03:04:05Z');
    await page.locator(tid('end-input')).press('Enter');
    await page.waitForFunction(
      (sel) => /2026/.test(document.querySelector(sel)?.textContent ?? ''),
      tid('data-summary'),
      READY,
    );
    await runQuery(page, 'count({__name__=~"node_.+"})');
    await page.locator(tid('result-row')).first().waitFor(READY);
    await waitForSeries(page, 1);
    const row = await page.locator(tid('result-row')).first().textContent();
    const value = Number(row.match(/(\d+)\s*$/)?.[1]);
    assert.ok(value > 10, `the scrape holds ${value} node_ series`);
    await screenshot(page, 'query-10-metrics-scrape', { fullPage: false });
    assert.deepEqual(problems.pageErrors, [], 'uncaught errors in the page');
    await page.close();
  });

  it('keeps the query across a reload and in the URL', async () => {
    const { page } = await openPage(site.browser.context, `${site.server.url}#/query`);
    await page.locator(tid('legend-item')).first().waitFor(READY);
    const expr = 'max by (job) (up)';
    await page.locator(tid('query-input')).fill(expr);
    await page.waitForFunction((e) => decodeURIComponent(location.hash).includes(e), expr, READY);
    await page.reload();
    await page.locator(tid('query-input')).waitFor(READY);
    assert.equal(await page.locator(tid('query-input')).inputValue(), expr);
    // A shared link carries its own query.
    const { page: other } = await openPage(
      site.browser.context,
      `${site.server.url}#/query?expr=${encodeURIComponent('up == 0')}&tab=table`,
    );
    await other.locator(tid('query-input')).waitFor(READY);
    assert.equal(await other.locator(tid('query-input')).inputValue(), 'up == 0');
    await other.close();
    await page.close();
  });
});
