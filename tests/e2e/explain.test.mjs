// End-to-end tests of native histograms and the Explain view in the Query workbench: a
// native histogram typed in the series editor shows in the table bucket by bucket and as a
// heatmap in the graph; the Explain tab shows a join whose sides do not match, with the
// unmatched series, a computed fix that applies; a typo'd metric name is diagnosed with the
// nearest name, which one click puts into the query; a scrape's classic histogram becomes a
// native one with custom buckets when the switch asks for it. Screenshots: tests/e2e/screenshots/explain-*.png.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, tid, useSite } from './harness.js';

const READY = { timeout: 30_000 };

const SERIES = `load 1m
  http_requests_total{job="api", instance="a", code="200"} 0+10x60
  http_requests_total{job="api", instance="a", code="500"} 0+1x60
  http_requests_total{job="api", instance="b", code="200"} 0+20x60
  up{job="api", instance="a"} 1x60
  up{job="api", instance="b"} 1x60
  up{job="db", instance="c"} 0x60
  request_latency_seconds{job="api"} {{schema:0 sum:5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[1 2]}}+{{schema:0 sum:6 count:5 buckets:[2 2 1]}}x60
  request_size_bytes{job="api"} {{schema:-53 sum:600 count:7 custom_values:[100 500 1000] buckets:[2 3 1 1]}}x60
`;

/** A fresh tab on the Query workbench with `SERIES` loaded. */
async function openWithSeries(context, url) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('promplay-e2e-fresh')) {
      localStorage.removeItem('promplay.v1.query');
      sessionStorage.setItem('promplay-e2e-fresh', '1');
    }
  });
  const problems = { pageErrors: [], consoleErrors: [] };
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  await page.goto(url);
  await page.locator(tid('series-input')).waitFor(READY);
  await page.locator(tid('series-input')).fill(SERIES);
  // The data summary counts the loaded series once the worker has them.
  await page.waitForFunction(
    (sel) => /8 series/.test(document.querySelector(sel)?.textContent ?? ''),
    tid('data-summary'),
    READY,
  );
  return { page, problems };
}

async function runQuery(page, expr) {
  const input = page.locator(tid('query-input'));
  await input.fill(expr);
  await input.press('Control+Enter');
}

/** The explain node with this title. */
const node = (page, title) => page.locator(`${tid('explain-node')}[data-title="${title.replaceAll('"', '\\"')}"]`);

describe('native histograms and the explain tree', () => {
  const site = useSite();

  it('shows native histograms bucket by bucket in the table and as a heatmap', async () => {
    const { page, problems } = await openWithSeries(site.browser.context, `${site.server.url}#/query`);
    await page.locator(tid('tab-table')).click();
    await runQuery(page, '{__name__=~"request_.*"}');
    const cells = page.locator(tid('histogram'));
    await cells.nth(1).waitFor(READY);
    const table = await page.locator(tid('result-table')).textContent();
    // The exponential histogram after 60 increments: count 4 + 60 × 5, its zero bucket and bounds.
    assert.match(table, /count 304/);
    assert.match(table, /exponential, schema 0/);
    assert.match(table, /zero bucket ±0\.001: 1/);
    assert.match(table, /\(1,2\]/);
    // The custom-bucket histogram with its own bounds, up to +Inf.
    assert.match(table, /custom buckets/);
    assert.match(table, /\(100,500\]/);
    assert.match(table, /\(1000,\+Inf\]/);
    assert.equal(await page.locator(tid('histogram-bucket')).count(), 4 + 4);
    await screenshot(page, 'explain-01-histogram-table', { fullPage: false });

    await page.locator(tid('tab-graph')).click();
    await runQuery(page, 'rate(request_latency_seconds[5m])');
    const heatmap = page.locator(tid('heatmap'));
    await heatmap.waitFor(READY);
    assert.equal(await heatmap.getAttribute('data-rows'), '3', 'rows: the zero bucket and two buckets');
    const ink = await page.locator(tid('heatmap-canvas')).evaluate((canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let blue = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 2] > data[i] + 40) blue += 1;
      return blue;
    });
    assert.ok(ink > 5000, `the heatmap has ${ink} shaded pixels`);
    const box = await page.locator(tid('heatmap-canvas')).boundingBox();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.45);
    await page.waitForFunction((sel) => /·.*·/.test(document.querySelector(sel)?.textContent ?? ''), tid('heatmap-tip'), READY);
    assert.match(await page.locator(tid('heatmap-tip')).textContent(), /\(\d.*\]|\[-/);
    await screenshot(page, 'explain-02-heatmap', { fullPage: false });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
  });

  it('loads a scrape\'s classic histogram as a native one when asked to', async () => {
    const { page, problems } = await openWithSeries(site.browser.context, `${site.server.url}#/query`);
    await page.locator(tid('add-scrape')).click();
    await page.locator(tid('scrape-input')).fill(
      '# TYPE rpc_seconds histogram\nrpc_seconds_bucket{le="0.1"} 2\nrpc_seconds_bucket{le="1"} 5\nrpc_seconds_bucket{le="+Inf"} 6\nrpc_seconds_sum 3.5\nrpc_seconds_count 6\n',
    );
    await page.locator(tid('tab-table')).click();
    await runQuery(page, 'rpc_seconds');
    await page.locator(tid('empty-result')).waitFor(READY);
    await page.locator(tid('classic-to-nhcb')).check();
    await runQuery(page, 'rpc_seconds');
    const cell = page.locator(tid('histogram'));
    await cell.waitFor(READY);
    const text = await cell.textContent();
    assert.match(text, /custom buckets/);
    assert.match(text, /\(0\.1,1\]/);
    assert.match(text, /\(1,\+Inf\]/);
    await screenshot(page, 'explain-06-nhcb', { fullPage: false });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
  });

  it('explains a join with an unmatched side and applies the suggested fix', async () => {
    const { page, problems } = await openWithSeries(site.browser.context, `${site.server.url}#/query`);
    await page.locator(tid('tab-explain')).click();
    await runQuery(page, 'http_requests_total / up');
    await page.locator(tid('explain-tree')).waitFor(READY);
    // The tree: the operator and its two selectors, each with its own series count.
    assert.equal(await node(page, '/').getAttribute('data-series'), '0');
    assert.equal(await node(page, 'http_requests_total').getAttribute('data-series'), '3');
    assert.equal(await node(page, 'up').getAttribute('data-series'), '3');
    // The operator is selected first (it is where the problem is): both sides unmatched.
    const detail = page.locator(tid('explain-detail'));
    assert.equal(await page.locator(tid('explain-unmatched-left')).getAttribute('data-count'), '3');
    assert.equal(await page.locator(tid('explain-unmatched-right')).getAttribute('data-count'), '3');
    const suggestion = await page.locator(tid('explain-suggestion')).textContent();
    assert.match(suggestion, /http_requests_total \/ on \(instance, job\) group_left up/);
    assert.match(suggestion, /`code` only on the left/);
    // The selected node's text is shaded in the editor.
    assert.equal(await page.locator('.q-highlights .q-focus').count() > 0, true);
    await screenshot(page, 'explain-03-join', { fullPage: false });

    // Clicking a child shows its series and shades its span.
    await node(page, 'up').click();
    assert.match(await detail.textContent(), /up\{instance="c", job="db"\}/);
    assert.equal((await page.locator('.q-highlights .q-focus').allTextContents()).join(''), 'up');

    // Apply: the query becomes the fix and the new tree matches every left series.
    await node(page, '/').click();
    await page.locator(tid('explain-apply')).click();
    assert.equal(await page.locator(tid('query-input')).inputValue(), 'http_requests_total / on (instance, job) group_left up');
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-series') === '3',
      `${tid('explain-node')}[data-title="/ on (instance, job) group_left"]`,
      READY,
    );
    await screenshot(page, 'explain-04-fixed', { fullPage: false });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
  });

  it('names the nearest metric for a typo and puts it into the query', async () => {
    const { page, problems } = await openWithSeries(site.browser.context, `${site.server.url}#/query`);
    await page.locator(tid('tab-explain')).click();
    await runQuery(page, 'sum by (job) (rate(http_request_total[5m]))');
    const why = page.locator(tid('explain-why'));
    await why.waitFor(READY);
    assert.match(await why.textContent(), /no series has the metric name "http_request_total"; did you mean "http_requests_total"\?/);
    assert.equal(await node(page, 'http_request_total[5m]').getAttribute('data-series'), '0');
    await screenshot(page, 'explain-05-typo', { fullPage: false });
    await page.locator(tid('explain-use')).first().click();
    assert.equal(await page.locator(tid('query-input')).inputValue(), 'sum by (job) (rate(http_requests_total[5m]))');
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-series') === '1',
      `${tid('explain-node')}[data-title="sum by (job)"]`,
      READY,
    );
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    await page.close();
  });
});
