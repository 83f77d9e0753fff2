// End-to-end tests of the Relabel workbench (#/relabel) in the system Chromium: the default
// example (an operator-generated ServiceMonitor job) keeps one of three discovered targets and
// names the rule that drops the others, stepping shows the labels after each rule, rule errors
// are underlined and a click selects them, the ingest preview attaches target labels and
// renames clashing exposed labels to exported_…, every example loads without page errors, and
// the rules survive a reload. Screenshots go to tests/e2e/screenshots/relabel-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, screenshot, serveStatic, tid } from './harness.js';

const READY = { timeout: 30_000 };

async function relabelReady(page, problems) {
  try {
    await page.locator(tid('relabel-stats')).waitFor(READY);
  } catch (err) {
    const seen = [...problems.pageErrors, ...problems.consoleErrors];
    throw new Error(`the Relabel workbench did not render: ${err.message.split('\n')[0]}; page errors: ${JSON.stringify(seen)}`);
  }
}

async function stats(page) {
  return page.locator(tid('relabel-stats')).evaluate((el) => ({
    rules: Number(el.dataset.rules),
    sets: Number(el.dataset.sets),
    kept: Number(el.dataset.kept),
    dropped: Number(el.dataset.dropped),
    errors: Number(el.dataset.errors),
  }));
}

async function waitStats(page, want) {
  await page.waitForFunction(
    ([sel, w]) => {
      const el = document.querySelector(sel);
      return el && Object.entries(w).every(([k, v]) => el.dataset[k] === String(v));
    },
    [tid('relabel-stats'), want],
    READY,
  );
}

describe('relabel workbench', () => {
  let server;
  let browser;
  let url;

  before(async () => {
    server = await serveStatic();
    browser = await launchBrowser();
    url = `${server.url.replace(/\/$/, '')}/#/relabel`;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('traces the ServiceMonitor example: one target kept, two dropped with the rule named', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await relabelReady(page, problems);
    await page.locator(tid('relabel-example')).selectOption('servicemonitor');
    await waitStats(page, { rules: 14, sets: 3, kept: 1, dropped: 2, errors: 0 });

    const sets = page.locator(tid('relabel-set'));
    assert.deepEqual(await sets.evaluateAll((els) => els.map((e) => e.dataset.outcome)), ['kept', 'dropped', 'dropped']);

    // The kept target: every rule ran, the result carries the operator's target labels.
    await sets.nth(0).click();
    const steps = page.locator(tid('relabel-step'));
    assert.equal(await steps.count(), 14);
    const result = page.locator(tid('relabel-result'));
    assert.equal(await result.getAttribute('data-dropped'), 'false');
    const resultText = await result.innerText();
    for (const l of ['endpoint', 'namespace', 'service', 'container']) assert.match(resultText, new RegExp(l));
    assert.match(resultText, /example-app-7d9c6-x2kq4/);
    // The job label is rewritten from the ServiceMonitor's job name to the service name.
    const jobStep = steps.nth(10);
    assert.match(await jobStep.innerText(), /~job: "serviceMonitor\/default\/example-app\/0" → "example-app"/);
    await screenshot(page, 'relabel-01-kept');

    // The metrics port is not the endpoint's port: dropped by the third rule.
    await sets.nth(1).click();
    assert.equal(await result.getAttribute('data-dropped'), 'true');
    assert.match(await result.innerText(), /Dropped by rule #3 \(action keep\)/);
    assert.match(await result.innerText(), /regex `web` did not match `metrics`/);
    // The canary Service's app label does not match the selector: dropped by the second rule.
    await sets.nth(2).click();
    assert.match(await result.innerText(), /Dropped by rule #2 \(action keep\)/);
    assert.equal(await steps.count(), 2);
    await screenshot(page, 'relabel-02-dropped');
    assert.deepEqual(problems.pageErrors, []);
  });

  it('steps through the rules with the labels after each', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await relabelReady(page, problems);
    await page.locator(tid('relabel-example')).selectOption('labelmap');
    await waitStats(page, { rules: 5, sets: 2, kept: 1, dropped: 1 });
    await page.locator(tid('relabel-set')).nth(0).click();
    const next = page.locator(tid('relabel-next'));
    for (let i = 0; i < 3; i++) await next.click();
    const labels = page.locator(tid('relabel-step-labels'));
    assert.match(await labels.innerText(), /Labels after rule #3/);
    // The labelmap step added the pod labels as target labels.
    const current = page.locator(`${tid('relabel-step')}.current`);
    assert.equal(await current.getAttribute('data-rule'), '2');
    const added = await current.locator(`${tid('change')}[data-kind=added]`).allInnerTexts();
    assert.deepEqual(added.sort(), ['+app="cart"', '+pod_template_hash="5f7b9"', '+team="checkout"']);
    // The address rule rewrote the port from the annotation.
    assert.match(await page.locator(tid('relabel-step')).nth(1).innerText(), /__address__: "10.244.3.7" → "10.244.3.7:9102"/);
    await next.click();
    const removed = await page.locator(`${tid('relabel-step')}.current ${tid('change')}[data-kind=removed]`).allInnerTexts();
    assert.deepEqual(removed, ['-pod_template_hash="5f7b9"']);
    await screenshot(page, 'relabel-03-stepping');
    assert.deepEqual(problems.pageErrors, []);
  });

  it('underlines rule errors and selects them on click', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await relabelReady(page, problems);
    const rules = '- source_labels: [a]\n  regex: a(b\n  action: keep\n- action: hashmod\n  source_labels: [a]\n  target_label: shard\n- action: Lowercase\n  source_labels: [a]\n  target_label: a\n';
    await page.locator(tid('relabel-rules')).fill(rules);
    await page.locator(tid('relabel-labels')).fill('{a="ABC"}\n{a=b}\n');
    await waitStats(page, { rules: 3, errors: 3 });
    const items = page.locator(tid('relabel-problem'));
    const texts = await items.allInnerTexts();
    assert.ok(texts.some((t) => /error parsing regexp/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /relabel configuration for hashmod requires non-zero modulus/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /expected a quoted label value, found `b`/.test(t)), texts.join('\n'));
    // The regex is underlined in the backdrop, and a click selects exactly it.
    const marks = await page.locator('.relabel-editor .editor-highlights mark.error').allInnerTexts();
    assert.ok(marks.includes('a(b'), JSON.stringify(marks));
    const regexProblem = items.filter({ hasText: 'error parsing regexp' });
    await regexProblem.locator('.problem-jump').click();
    const selected = await page.locator(tid('relabel-rules')).evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.equal(selected, 'a(b');
    // Prometheus would not load these rules, so no trace pretends otherwise.
    await page.locator(tid('relabel-refused')).waitFor(READY);
    assert.equal(await page.locator(tid('relabel-step')).count(), 0);
    await screenshot(page, 'relabel-04-errors');
    assert.deepEqual(problems.pageErrors, []);
  });

  it('previews ingestion: target labels attached, clashing exposed labels become exported_', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await relabelReady(page, problems);
    await page.locator(tid('relabel-example')).selectOption('servicemonitor');
    await waitStats(page, { kept: 1 });
    await page.locator(tid('relabel-set')).nth(0).click();
    // By default the scrape is the Metrics workbench's text.
    const totals = page.locator(tid('ingest-totals'));
    await totals.waitFor(READY);
    const scraped = Number(await totals.getAttribute('data-scraped'));
    assert.ok(scraped > 0, 'the Metrics workbench text was scraped');
    assert.equal(await totals.getAttribute('data-stored'), String(scraped));

    await page.locator(tid('ingest-own-scrape')).check();
    await page.locator(tid('ingest-scrape')).fill('# TYPE http_requests_total counter\nhttp_requests_total{job="checkout",namespace="shop",code="200"} 7\nup 1\n');
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.scraped === '2', tid('ingest-totals'), READY);
    assert.equal(await totals.getAttribute('data-exported'), '1');
    const row = page.locator(tid('ingest-row')).first();
    const text = await row.innerText();
    assert.match(text, /exported_job="checkout"/);
    assert.match(text, /exported_namespace="shop"/);
    assert.match(text, /job="example-app"/);
    await page.locator(tid('ingest-honor-labels')).check();
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.exported === '0', tid('ingest-totals'), READY);
    assert.match(await row.innerText(), /job="checkout"/);
    await page.locator('.ingest-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'relabel-05-ingest');
    assert.deepEqual(problems.pageErrors, []);
  });

  it('loads every example without errors; a prometheus.yml offers its jobs', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await relabelReady(page, problems);
    const ids = await page.locator(`${tid('relabel-example')} option`).evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(ids.length >= 5);
    for (const id of ids) {
      await page.locator(tid('relabel-example')).selectOption(id);
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.sets) > 0, tid('relabel-stats'), READY);
      const s = await stats(page);
      assert.equal(s.errors, 0, `example ${id} has errors`);
    }
    // The blackbox job rewrites __address__ to the exporter and keeps the probed URL.
    await page.locator(tid('relabel-example')).selectOption('blackbox');
    await waitStats(page, { rules: 3, kept: 2 });
    assert.equal(await page.locator(tid('relabel-job')).inputValue(), 'blackbox');
    await page.locator(tid('relabel-set')).nth(0).click();
    const result = await page.locator(tid('relabel-result')).innerText();
    assert.match(result, /blackbox-exporter:9115/);
    assert.match(result, /__param_target/);
    // Switching to the node job's metric rules.
    await page.locator(tid('relabel-job')).selectOption('node');
    await page.locator(tid('relabel-mode')).selectOption('metric');
    await waitStats(page, { rules: 1 });
    await screenshot(page, 'relabel-06-prometheus-yml');
    assert.deepEqual(problems.pageErrors, []);
  });

  it('keeps the rules across a reload', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await relabelReady(page, problems);
    const rules = '- source_labels: [__address__]\n  target_label: instance\n';
    await page.locator(tid('relabel-rules')).fill(rules);
    await page.locator(tid('relabel-labels')).fill('{__address__="h:1"}\n');
    await waitStats(page, { rules: 1, sets: 1, kept: 1 });
    await page.waitForTimeout(700); // the autosave waits for a pause in typing
    await page.reload();
    await relabelReady(page, problems);
    assert.equal(await page.locator(tid('relabel-rules')).inputValue(), rules);
    await waitStats(page, { rules: 1, sets: 1, kept: 1 });
    assert.deepEqual(problems.pageErrors, []);
  });
});
