// End-to-end tests of the Operator workbench (#/operator) in the system Chromium: the
// default example compiles to a prometheus.yaml and an alertmanager.yaml with a selection
// report, diagnostics are positioned and a click selects the spot (switching files when
// needed), every example scenario loads without page errors, the version picker recompiles,
// and all of kube-prometheus opens as files (compile time printed, never asserted).
// Screenshots go to tests/e2e/screenshots/operator-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openPage, screenshot, serveStatic, sharedDir, tid } from './harness.js';

const READY = { timeout: 30_000 };

async function operatorReady(page, problems) {
  try {
    await page.locator(tid('operator-stats')).waitFor(READY);
  } catch (err) {
    const seen = [...problems.pageErrors, ...problems.consoleErrors];
    throw new Error(`the Operator workbench did not render: ${err.message.split('\n')[0]}; page errors: ${JSON.stringify(seen)}`);
  }
}

async function stats(page) {
  return page.locator(tid('operator-stats')).evaluate((el) => ({
    ms: Number(el.dataset.compileMs),
    objects: Number(el.dataset.objects),
    ignored: Number(el.dataset.ignored),
    errors: Number(el.dataset.errors),
    warnings: Number(el.dataset.warnings),
  }));
}

async function pickExample(page, id) {
  await page.locator(tid('operator-example')).selectOption(id);
  // The engine worker compiles; until it answers, the previous result stays on screen.
  await page.locator(`${tid('operator-stats')}[data-busy=false]`).waitFor(READY);
}

describe('operator workbench', () => {
  let server;
  let browser;
  let url;

  before(async () => {
    server = await serveStatic();
    browser = await launchBrowser();
    url = `${server.url.replace(/\/$/, '')}/#/operator`;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('compiles the default example: prometheus.yaml, alertmanager.yaml, selection', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await operatorReady(page, problems);
    await pickExample(page, 'example-app');
    const prom = page.locator(`${tid('operator-prometheus')}[data-name="default/prometheus"]`);
    await prom.waitFor(READY);
    const config = await prom.locator(tid('operator-config')).first().innerText();
    assert.match(config, /job_name: serviceMonitor\/default\/example-app\/0/);
    assert.match(config, /alertmanagers:/);
    const rows = prom.locator(`${tid('selection-row')}[data-selected=true]`);
    assert.ok((await rows.count()) >= 1, 'the ServiceMonitor is selected');
    const am = page.locator(`${tid('operator-alertmanager')}[data-name="default/example"]`);
    assert.match(await am.locator(tid('operator-config')).first().innerText(), /receiver: team-frontend/);
    assert.ok((await prom.locator(tid('operator-rule-file')).count()) >= 1, 'a rule file for the PrometheusRule');
    const href = await prom.locator(tid('operator-download')).first().getAttribute('href');
    assert.ok(href.startsWith('data:text/yaml'), 'download is a data URL');
    const s = await stats(page);
    assert.equal(s.errors, 0);
    assert.equal(s.ignored, 4, 'Deployment, ServiceAccount, ClusterRole, ClusterRoleBinding');
    await screenshot(page, 'operator-01-example-app');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.foreignRequests, []);
    await page.close();
  });

  it('positions diagnostics and a click selects the offending text', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await operatorReady(page, problems);
    const text = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: ServiceMonitor',
      'metadata:',
      '  name: app',
      'spec:',
      '  selector: {}',
      '  endpoints:',
      '  - port: 8080',
      '    honorLabel: true',
      '',
    ].join('\n');
    await page.locator(tid('operator-input')).fill(text);
    const error = page.locator(`${tid('operator-problem')}[data-severity=error]`).first();
    await error.waitFor(READY);
    const start = Number(await error.getAttribute('data-start'));
    const end = Number(await error.getAttribute('data-end'));
    assert.equal(text.slice(start, end), '8080');
    const warning = page.locator(`${tid('operator-problem')}[data-severity=warning]`).first();
    assert.match(await warning.innerText(), /did you mean `honorLabels`/);
    await error.locator('button').click();
    const selected = await page.locator(tid('operator-input')).evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.equal(selected, '8080');
    await screenshot(page, 'operator-02-diagnostics');
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('loads every example; the 0/0 targets pitfall is flagged', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await operatorReady(page, problems);
    const ids = await page.locator(`${tid('operator-example')} option`).evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(ids.length >= 7, `${ids.length} scenarios`);
    for (const id of ids) {
      await pickExample(page, id);
      await page.locator(tid('operator-prometheus')).first().waitFor(READY);
      const s = await stats(page);
      assert.equal(s.errors, 0, `scenario ${id} has errors`);
      if (id === 'zero-targets') {
        const warn = page.locator(`${tid('operator-problem')}[data-severity=warning]`);
        assert.match(await warn.first().innerText(), /0 targets/);
        await screenshot(page, 'operator-03-zero-targets');
      }
    }
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('several files: tabs, and a problem in another file switches to it', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await operatorReady(page, problems);
    await pickExample(page, 'cluster');
    assert.equal(await page.locator(tid('operator-file-tab')).count(), 3);
    const warn = page.locator(`${tid('operator-problem')}[data-file="2"]`).first();
    await warn.waitFor(READY);
    await warn.locator('button').click();
    const active = page.locator(`${tid('operator-file-tab')}[aria-selected=true]`);
    assert.equal(await active.getAttribute('data-name'), 'control-plane.yaml');
    await screenshot(page, 'operator-04-several-files');
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('the version picker recompiles', async () => {
    const { page, problems } = await openPage(browser.context, url);
    await operatorReady(page, problems);
    await pickExample(page, 'example-app');
    const config = page.locator(`${tid('operator-prometheus')} ${tid('operator-config')}`).first();
    await config.waitFor(READY);
    await page.locator(tid('operator-prometheus-version')).selectOption('v2.26.0');
    await page.waitForFunction((sel) => document.querySelector(sel)?.value === 'v2.26.0', tid('operator-prometheus-version'));
    assert.match(await config.innerText(), /scrape_configs:/);
    await page.locator(tid('operator-prometheus-version')).selectOption('v3.13.2');
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('opens all of kube-prometheus as files', async (t) => {
    const dir = join(sharedDir, 'conformance/operator/kube-prometheus/manifests');
    if (!existsSync(dir)) {
      t.skip(`no kube-prometheus at ${dir}`);
      return;
    }
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
    const { page, problems } = await openPage(browser.context, url);
    await operatorReady(page, problems);
    await page.locator(tid('operator-open')).setInputFiles(files);
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel).length >= n,
      [tid('operator-file-tab'), files.length],
      { timeout: 60_000 },
    );
    await page.locator(`${tid('operator-prometheus')}[data-name="monitoring/k8s"]`).waitFor(READY);
    const s = await stats(page);
    assert.equal(s.errors, 0, 'kube-prometheus compiles without errors');
    assert.ok(s.objects > 30, `${s.objects} objects`);
    console.log(`e2e operator: kube-prometheus (${files.length} files, ${s.objects} objects) compiled in ${s.ms.toFixed(1)} ms in the browser`);
    await screenshot(page, 'operator-05-kube-prometheus', { fullPage: false });
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
