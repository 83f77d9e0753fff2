// End-to-end tests of the gallery (#/gallery) and the lesson track (#/learn) in the system
// Chromium: a gallery card opens its example in the right workbench and the replaced input
// comes back with one click; kube-prometheus' files open in the Operator workbench; a lesson
// fails on its starting input with the engines' specific message, passes after the fix is
// typed, and the progress (ticks, answers, open lesson) survives a reload.
// Screenshots go to tests/e2e/screenshots/learn-*.png.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openPage, screenshot, sharedDir, tid, useSite } from './harness.js';

const READY = { timeout: 30_000 };
// A check runs in the engine worker, whose first start loads the engines' wasm.
const CHECKED = { timeout: 60_000 };

async function ready(page, problems, testid) {
  try {
    await page.locator(tid(testid)).first().waitFor(READY);
  } catch (err) {
    const seen = [...problems.pageErrors, ...problems.consoleErrors];
    throw new Error(`${testid} did not render: ${err.message.split('\n')[0]}; page errors: ${JSON.stringify(seen)}`);
  }
}

/** Clicks Check and waits for the verdict this click produces; returns it. */
async function check(page) {
  const lesson = page.locator(tid('lesson'));
  const before = Number(await lesson.getAttribute('data-checks'));
  await lesson.locator(tid('lesson-check')).click();
  await page.waitForFunction(
    ([sel, n]) => Number(document.querySelector(sel)?.dataset.checks) > n,
    [tid('lesson'), before],
    CHECKED,
  );
  const verdict = lesson.locator(tid('lesson-verdict'));
  await verdict.waitFor(READY);
  return {
    passed: (await verdict.getAttribute('data-passed')) === 'true',
    text: await verdict.innerText(),
    findings: await verdict.locator(tid('lesson-finding')).allInnerTexts(),
  };
}

async function progress(page) {
  const p = page.locator(tid('learn-progress'));
  return { done: Number(await p.getAttribute('data-done')), total: Number(await p.getAttribute('data-total')) };
}

describe('gallery and lessons', () => {
  const site = useSite();

  it('opens a gallery example in its workbench and brings the previous input back', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/metrics`);
    await ready(page, problems, 'metrics-input');
    const mine = '# my own scrape\nmy_metric_total 42\n';
    await page.locator(tid('metrics-input')).fill(mine);

    await page.locator(tid('nav-gallery')).click();
    await ready(page, problems, 'gallery');
    const cards = page.locator(tid('gallery-card'));
    assert.ok((await cards.count()) >= 20, `${await cards.count()} cards`);
    for (const key of ['metrics/broken', 'query/default', 'rules/api', 'operator/zero-targets', 'relabel/hashmod']) {
      assert.equal(await page.locator(`${tid('gallery-card')}[data-card="${key}"]`).count(), 1, key);
    }
    assert.equal(
      await page.locator(`${tid('gallery-card')}[data-card="operator/zero-targets"]`).getAttribute('data-opens'),
      'targets',
      'the 0/0-targets pitfall opens where the why is shown',
    );
    await screenshot(page, 'learn-01-gallery', { fullPage: false });

    await page.locator(`${tid('gallery-card')}[data-card="metrics/broken"]`).click();
    await page.waitForFunction(() => location.hash === '#/metrics', null, READY);
    const editor = page.locator(tid('metrics-input'));
    await editor.waitFor(READY);
    assert.notEqual(await editor.inputValue(), mine);
    await page.locator(tid('problem')).first().waitFor(READY);
    const banner = page.locator(tid('restore-banner'));
    await banner.waitFor(READY);
    assert.match(await banner.innerText(), /Your previous input here is kept/);
    await screenshot(page, 'learn-02-gallery-opened', { fullPage: false });

    await banner.locator(tid('restore-input')).click();
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.value === want,
      [tid('metrics-input'), mine],
      READY,
    );
    assert.equal(await page.locator(tid('restore-banner')).count(), 0);

    // A Query example goes in through the workbench's stored state.
    await page.locator(tid('nav-gallery')).click();
    await page.locator(`${tid('gallery-card')}[data-card="query/default"]`).click();
    await page.waitForFunction(() => location.hash.startsWith('#/query'), null, READY);
    await page.locator(tid('query-input')).waitFor(READY);
    assert.match(await page.locator(tid('query-input')).inputValue(), /rate\(http_requests_total/);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('opens the files of a kube-prometheus checkout in the Operator workbench', async (t) => {
    const dir = join(sharedDir, 'conformance/operator/kube-prometheus/manifests');
    if (!existsSync(dir)) {
      t.skip(`no kube-prometheus at ${dir}`);
      return;
    }
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/gallery`);
    await ready(page, problems, 'gallery');
    await page.locator(tid('gallery-kube-prometheus')).setInputFiles(files);
    await page.waitForFunction(() => location.hash === '#/operator', null, CHECKED);
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel).length >= n,
      [tid('operator-file-tab'), files.length],
      CHECKED,
    );
    await screenshot(page, 'learn-03-gallery-kube-prometheus', { fullPage: false });
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('checks lessons with the engines, and keeps the progress across a reload', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/learn`);
    await ready(page, problems, 'learn');
    assert.deepEqual(await progress(page), { done: 0, total: 6 });
    assert.equal(await page.locator(tid('lesson')).getAttribute('data-lesson'), 'selectors');

    // Lesson 1 on its starting input: the engines' "why 0 targets" names the nil selector.
    let v = await check(page);
    assert.equal(v.passed, false);
    assert.match(v.text, /ServiceMonitor shop\/checkout has 0 active targets of the 3/);
    assert.match(v.findings[0], /serviceMonitorSelector is not set/);
    await screenshot(page, 'learn-04-lesson-fails', { fullPage: false });

    // Half the fix: the next break is the namespace selector.
    const input = page.locator(tid('lesson-input'));
    const start = await input.inputValue();
    await input.fill(`${start}  serviceMonitorSelector: {}\n`);
    v = await check(page);
    assert.equal(v.passed, false);
    assert.match(v.findings[0], /serviceMonitorNamespaceSelector is not set, so only namespace "monitoring" is searched/);

    // The whole fix.
    await input.fill(`${start}  serviceMonitorSelector: {}\n  serviceMonitorNamespaceSelector: {}\n`);
    v = await check(page);
    assert.equal(v.passed, true, v.text);
    assert.match(v.text, /ServiceMonitor shop\/checkout has 3 active targets/);
    assert.deepEqual(await progress(page), { done: 1, total: 6 });
    assert.equal(await page.locator(`${tid('lesson-link')}[data-lesson=selectors]`).getAttribute('data-done'), 'true');
    await screenshot(page, 'learn-05-lesson-passes', { fullPage: false });

    // Lesson 2 via "Next": the port name, in the engine's words, with the fix.
    await page.locator(tid('lesson-next')).click();
    await page.locator(`${tid('lesson')}[data-lesson=port-names]`).waitFor(READY);
    v = await check(page);
    assert.equal(v.passed, false);
    assert.match(v.findings[0], /spec\.endpoints\[0\]\.port is "http", but no port of the Service has that name/);
    assert.match(v.findings[0], /use port `web`/);
    await page.locator(tid('lesson-hint')).click();
    await page.locator(tid('lesson-hint-text')).waitFor(READY);
    await screenshot(page, 'learn-06-lesson-hint', { fullPage: false });

    // The PromQL lesson: irate follows the burst, rate is the goal.
    await page.locator(`${tid('lesson-link')}[data-lesson=rate-irate]`).click();
    await page.locator(`${tid('lesson')}[data-lesson=rate-irate]`).waitFor(READY);
    v = await check(page);
    assert.equal(v.passed, false);
    assert.ok(v.findings.some((f) => /instance="b".*your query gives 100, the goal is/.test(f)), v.findings.join('\n'));
    await page.locator(tid('lesson-input')).fill('rate(http_requests_total[5m])');
    v = await check(page);
    assert.equal(v.passed, true, v.text);
    await screenshot(page, 'learn-07-query-lesson', { fullPage: false });

    // The alert lesson's start fires for the restart.
    await page.locator(`${tid('lesson-link')}[data-lesson=alert-for]`).click();
    v = await check(page);
    assert.equal(v.passed, false);
    assert.match(v.findings[0], /InstanceDown fired for \{instance="a"\} from 10m/);

    // Progress, answers and the open lesson survive a reload.
    await page.reload();
    await ready(page, problems, 'learn');
    assert.deepEqual(await progress(page), { done: 2, total: 6 });
    assert.equal(await page.locator(tid('lesson')).getAttribute('data-lesson'), 'alert-for');
    for (const [id, done] of [['selectors', 'true'], ['port-names', 'false'], ['rate-irate', 'true']]) {
      assert.equal(await page.locator(`${tid('lesson-link')}[data-lesson=${id}]`).getAttribute('data-done'), done, id);
    }
    await page.locator(`${tid('lesson-link')}[data-lesson=rate-irate]`).click();
    assert.equal(await page.locator(tid('lesson-input')).inputValue(), 'rate(http_requests_total[5m])');

    // Reset puts the start back and clears the tick.
    await page.locator(tid('lesson-reset')).click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.value.startsWith('irate('), tid('lesson-input'), READY);
    assert.deepEqual(await progress(page), { done: 1, total: 6 });
    await screenshot(page, 'learn-08-after-reload', { fullPage: false });
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
