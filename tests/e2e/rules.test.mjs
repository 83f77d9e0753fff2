// End-to-end tests of the Rules workbench (#/rules) in the system Chromium: the default
// example evaluates over the Query workbench's default data into an alert timeline with
// pending and firing bands, hovering a band shows the labels and rendered annotations, the
// recorded series can be handed to the Query workbench, the promtool unit tests pass (and
// the failing example shows a got-versus-expected diff), the routing tree routes an alert
// through `continue` to two receivers and the inhibition check mutes a warning, a template
// error shows Prometheus' `<error expanding template: …>`, the operator-guide example loads,
// the rules survive a reload, and the Query workbench's data as just edited there is what the
// rules evaluate (the two workbenches are never mounted together: leaving Query saves it). Screenshots go to tests/e2e/screenshots/rules-*.png.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshot, tid, useSite } from './harness.js';

const READY = { timeout: 30_000 };

async function rulesReady(page, problems) {
  try {
    await page.locator(tid('rules-stats')).waitFor(READY);
  } catch (err) {
    const seen = [...problems.pageErrors, ...problems.consoleErrors];
    throw new Error(`the Rules workbench did not render: ${err.message.split('\n')[0]}; page errors: ${JSON.stringify(seen)}`);
  }
}

async function stats(page) {
  return page.locator(tid('rules-stats')).evaluate((el) => ({
    alerts: Number(el.dataset.alerts),
    produced: Number(el.dataset.produced),
    errors: Number(el.dataset.errors),
  }));
}

async function view(page, id) {
  await page.locator(`${tid('rules-view-tab')}[data-view="${id}"]`).click();
}

async function setRules(page, text) {
  await page.locator(`${tid('rules-source-tab')}[data-source="rules"]`).click();
  await page.locator(`${tid('rules-input')} textarea`).fill(text);
}

describe('rules workbench', () => {
  const site = useSite();

  it('draws the alert timeline of the default example with labels and annotations on hover', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/rules`);
    await rulesReady(page, problems);
    const s = await stats(page);
    assert.equal(s.errors, 0, 'the default example evaluates without errors');
    assert.ok(s.alerts >= 2, `alerts: ${s.alerts}`);
    const down = page.locator(`${tid('timeline-row')}[data-alert="InstanceDown"]`);
    await down.waitFor(READY);
    const states = await down.locator(tid('timeline-band')).evaluateAll((els) => els.map((e) => e.dataset.state));
    assert.deepEqual(states.slice(0, 2), ['pending', 'firing'], `InstanceDown bands: ${states}`);
    await page.locator(`${tid('timeline-row')}[data-alert="HighErrorRate"]`).waitFor(READY);
    await down.locator(`${tid('timeline-band')}[data-state="firing"]`).hover();
    const detail = page.locator(tid('band-detail'));
    await detail.waitFor(READY);
    const text = await detail.innerText();
    assert.match(text, /instance="b"/);
    assert.match(text, /b is down/);
    assert.match(text, /b of job api has been down for more than 1 minute\./);
    await page.locator(`${tid('timeline-row')}[data-alert="HighErrorRate"] ${tid('timeline-band')}[data-state="firing"]`).first().hover();
    assert.match(await detail.innerText(), /a of api answers \d+(\.\d+)?% of requests with 500/);
    assert.ok(s.produced > 0);
    await screenshot(page, 'rules-timeline');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.foreignRequests, []);
    await page.close();
  });

  it('hands the recorded series to the Query workbench', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/rules`);
    await rulesReady(page, problems);
    const rows = await page.locator(tid('produced-row')).allInnerTexts();
    assert.ok(rows.some((r) => r.includes('job_code:http_requests:rate5m')), rows.join('\n'));
    assert.ok(rows.some((r) => r.startsWith('ALERTS{')), 'ALERTS is written');
    await page.locator(tid('send-to-query')).click();
    await page.goto(`${site.base}/#/query?expr=job_code%3Ahttp_requests%3Arate5m&tab=table`);
    await page.reload();
    const series = page.locator(tid('series-input'));
    await series.waitFor(READY);
    const value = await series.inputValue();
    assert.match(value, /series written by the Rules workbench/);
    assert.match(value, /job_code:http_requests:rate5m\{code="200", job="api"\}/);
    await screenshot(page, 'rules-sent-to-query', { fullPage: false });
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it("evaluates over the Query workbench's data as it was just edited, without a reload", async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/query`);
    const series = page.locator(tid('series-input'));
    await series.waitFor(READY);
    const before = await series.inputValue();
    // Instance c goes down at minute 10; no request counters at all. The nav is clicked at
    // once, before the Query workbench's delayed autosave would have run.
    await series.fill('load 1m\n  up{job="api", instance="c"} 1x10 0x40\n');
    await page.locator(tid('nav-rules')).click();
    await rulesReady(page, problems);
    const down = page.locator(`${tid('timeline-row')}[data-alert="InstanceDown"]`);
    await down.waitFor(READY);
    assert.equal(await page.locator(`${tid('timeline-row')}[data-alert="HighErrorRate"]`).count(), 0);
    await down.locator(`${tid('timeline-band')}[data-state="firing"]`).first().hover();
    assert.match(await page.locator(tid('band-detail')).innerText(), /instance="c"/);

    // And back: the Query workbench's original data, the original alerts.
    await page.locator(tid('nav-query')).click();
    await series.waitFor(READY);
    await series.fill(before);
    await page.locator(tid('nav-rules')).click();
    await page.locator(`${tid('timeline-row')}[data-alert="HighErrorRate"]`).waitFor(READY);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('runs the promtool unit tests and shows a diff for a failing one', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/rules`);
    await rulesReady(page, problems);
    await view(page, 'tests');
    const group = page.locator(tid('test-group')).first();
    await group.waitFor(READY);
    assert.equal(await group.getAttribute('data-passed'), 'true', await group.innerText());
    assert.match(await page.locator(tid('tests-summary')).innerText(), /SUCCESS/);
    await page.locator(tid('rules-example')).selectOption('api-failing-test');
    await page.locator(`${tid('test-group')}[data-passed="false"]`).waitFor(READY);
    const diff = page.locator(tid('test-diff')).first();
    const text = await diff.innerText();
    assert.match(text, /- .*severity="page"/, text);
    assert.match(text, /\+ .*severity="critical"/, text);
    await screenshot(page, 'rules-unit-tests');
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('routes an alert through the tree and checks inhibition', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/rules`);
    await rulesReady(page, problems);
    await page.locator(tid('rules-example')).selectOption('api');
    await view(page, 'routing');
    const result = page.locator(tid('route-result'));
    await result.waitFor(READY);
    assert.equal(await result.getAttribute('data-receivers'), 'pager,api-team');
    const visits = await page.locator(tid('route-node')).evaluateAll((els) => els.map((e) => `${e.dataset.path}:${e.dataset.visit}`));
    assert.deepEqual(visits, [
      'route:matched',
      'route.routes[0]:matched',
      'route.routes[1]:matched',
      'route.routes[1].routes[0]:rejected',
    ]);
    const muted = await page.locator(tid('inhibit-row')).evaluateAll((els) => els.map((e) => e.dataset.muted));
    assert.deepEqual(muted, ['false', 'true', 'false']);
    await page.locator(tid('route-labels')).fill('{alertname="HighErrorRate", severity="warning", job="api"}');
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.receivers === 'api-team-tickets', tid('route-result'), READY);
    await screenshot(page, 'rules-routing');
    await page.locator(tid('route-labels')).fill('{alertname="Other", job="db"}');
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.receivers === 'chat', tid('route-result'), READY);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('shows a failing template as Prometheus renders it, and loads the operator-guide example', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/rules`);
    await rulesReady(page, problems);
    await view(page, 'timeline');
    await setRules(page, [
      'groups:',
      '  - name: g',
      '    rules:',
      '      - alert: Broken',
      '        expr: vector(1)',
      '        annotations:',
      '          summary: "{{ $value | humanize 1 }}"',
      '',
    ].join('\n'));
    await page.locator(`${tid('timeline-row')}[data-alert="Broken"] ${tid('timeline-band')}`).first().hover();
    const text = await page.locator(tid('band-detail')).innerText();
    assert.match(text, /<error expanding template: error executing template __alert_Broken: template: __alert_Broken:1:124: executing "__alert_Broken" at <humanize>: wrong number of args for humanize: want 1 got 2>/);
    await screenshot(page, 'rules-template-error');
    await page.locator(tid('rules-example')).selectOption('operator-guide');
    await page.locator(`${tid('timeline-row')}[data-alert="ExampleAlert"]`).waitFor(READY);
    await view(page, 'routing');
    await page.locator(tid('route-node')).first().waitFor(READY);
    const receivers = await page.locator(tid('route-result')).getAttribute('data-receivers');
    assert.equal(receivers, 'pager,webhook');
    await screenshot(page, 'rules-operator-guide');
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('keeps the rules across a reload', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/rules`);
    await rulesReady(page, problems);
    const rules = 'groups:\n  - name: kept\n    rules:\n      - record: kept:up\n        expr: sum(up)\n';
    await setRules(page, rules);
    await page.waitForTimeout(600);
    await page.reload();
    await rulesReady(page, problems);
    await page.locator(`${tid('rules-source-tab')}[data-source="rules"]`).click();
    assert.equal(await page.locator(`${tid('rules-input')} textarea`).inputValue(), rules);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
