// End-to-end tests of the gallery's kube-prometheus card against the build's own bundle
// (public/examples/kube-prometheus.txt, written by scripts/trunk-post-build when the manifests
// exist where the build was made): the card names the commit and file count, "Open in
// Operator" fetches the bundle and opens every file, the `monitoring/k8s` Prometheus compiles
// without an error with one job per ServiceMonitor endpoint (counted by this test from the
// bundle's text), the restore banner brings the previous files back, the Targets workbench
// analyses the same files, and a build without the bundle says so (no dead button).
// Screenshots go to tests/e2e/screenshots/gallery-*.png.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { distDir, openPage, screenshot, serveStatic, tid, useSite } from './harness.js';

const READY = { timeout: 30_000 };
// The first compile starts the engine worker, whose wasm holds every engine.
const COMPILED = { timeout: 90_000 };
const bundlePath = join(distDir, 'public/examples/kube-prometheus.txt');

/**
 * The bundle's files (`#@promplay-file manifests/NAME` separators), split the way the page
 * splits them, the number of ServiceMonitor endpoints (`spec.endpoints` entries, one job each)
 * and of PrometheusRules (one rule file each).
 */
function readBundle(text) {
  const header = Object.fromEntries(
    text.split('\n').slice(0, 5).filter((l) => l.startsWith('#@') && !l.startsWith('#@promplay-'))
      .map((l) => l.slice(2).split(' ')),
  );
  const files = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#@promplay-file ')) files.push({ name: line.slice('#@promplay-file manifests/'.length), lines: [] });
    else if (line.startsWith('#@promplay-')) files.push({ name: null, lines: [] });
    else files.at(-1)?.lines.push(line);
  }
  const manifests = files.filter((f) => f.name);
  // kube-prometheus writes `kind:` at the top level and `endpoints:` directly under `spec:`,
  // each endpoint a `  - ` item at two spaces; a monitor per file.
  let endpoints = 0;
  let monitors = 0;
  const rules = manifests.filter((f) => f.lines.includes('kind: PrometheusRule')).length;
  for (const f of manifests) {
    if (!f.lines.includes('kind: ServiceMonitor')) continue;
    monitors += 1;
    const at = f.lines.indexOf('  endpoints:');
    assert.ok(at >= 0, `${f.name}: no spec.endpoints`);
    for (const line of f.lines.slice(at + 1)) {
      if (/^ {2}- /.test(line)) endpoints += 1;
      else if (/^ {0,2}[A-Za-z]/.test(line)) break;
    }
  }
  return { header, names: manifests.map((f) => f.name), monitors, endpoints, rules };
}

async function ready(page, problems, testid, options = READY) {
  try {
    await page.locator(tid(testid)).first().waitFor(options);
  } catch (err) {
    const seen = [...problems.pageErrors, ...problems.consoleErrors];
    throw new Error(`${testid} did not render: ${err.message.split('\n')[0]}; page errors: ${JSON.stringify(seen)}`);
  }
}

describe('gallery: kube-prometheus', () => {
  const site = useSite();

  it('opens the bundled kube-prometheus in the Operator and Targets workbenches', async (t) => {
    if (!existsSync(bundlePath)) {
      t.skip(`this build has no kube-prometheus bundle (${bundlePath}); build where ../shared exists or set PROMPLAY_KUBE_PROMETHEUS`);
      return;
    }
    const bundle = readBundle(readFileSync(bundlePath, 'utf8'));
    assert.equal(bundle.names.length, Number(bundle.header.files), 'the header counts the files');
    assert.ok(bundle.monitors > 0 && bundle.endpoints >= bundle.monitors, JSON.stringify(bundle));

    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/operator`);
    await ready(page, problems, 'operator-stats');
    const before = await page.locator(tid('operator-file-tab')).evaluateAll((els) => els.map((e) => e.dataset.name));

    await page.locator(tid('nav-gallery')).click();
    const card = page.locator(`${tid('gallery-kube-prometheus-card')}[data-bundle=yes]`);
    await card.waitFor(READY);
    const title = await card.locator('.gallery-card-title').innerText();
    assert.equal(title, `kube-prometheus (commit ${bundle.header.commit.slice(0, 7)}, ${bundle.names.length} files)`);
    assert.match(await card.locator(tid('gallery-kube-prometheus-source')).innerText(), /github\.com\/prometheus-operator\/kube-prometheus/);
    // The checkout inputs stay, as the secondary action.
    assert.equal(await card.locator(tid('gallery-kube-prometheus-folder')).count(), 1);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'gallery-01-kube-prometheus-card', { fullPage: false });

    await card.locator(tid('gallery-kube-prometheus-open')).click();
    await page.waitForFunction(() => location.hash === '#/operator', null, COMPILED);
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel).length === n,
      [tid('operator-file-tab'), bundle.names.length],
      COMPILED,
    );
    const names = await page.locator(tid('operator-file-tab')).evaluateAll((els) => els.map((e) => e.dataset.name));
    assert.deepEqual(names, bundle.names, 'every file, in the bundle order, named as in manifests/');

    const k8s = page.locator(`${tid('operator-prometheus')}[data-name="monitoring/k8s"]`);
    await k8s.waitFor(COMPILED);
    await page.locator(`${tid('operator-stats')}[data-busy=false]`).waitFor(COMPILED);
    const stats = await page.locator(tid('operator-stats')).evaluate((el) => ({ ...el.dataset }));
    assert.equal(Number(stats.errors), 0, `no errors: ${JSON.stringify(stats)}`);
    assert.equal(await page.locator(`${tid('operator-problem')}[data-severity=error]`).count(), 0);
    // The first generated file is prometheus.yaml (the rule files follow).
    const config = await k8s.locator(tid('operator-config')).first().innerText();
    assert.match(config, /^global:/);
    const jobs = config.split('\n').filter((l) => /^- job_name: /.test(l));
    assert.equal(jobs.length, bundle.endpoints, `one job per ServiceMonitor endpoint: ${jobs.join(', ')}`);
    assert.ok(jobs.every((l) => l.includes('serviceMonitor/monitoring/')), jobs.join('\n'));
    assert.equal(await k8s.locator(tid('operator-rule-file')).count(), bundle.rules, 'a rule file per PrometheusRule');
    await page.locator(`${tid('operator-alertmanager')}[data-name="monitoring/main"]`).waitFor(READY);
    console.log(`e2e gallery: kube-prometheus from the bundle (${names.length} files, ${stats.objects} objects, ${jobs.length} jobs) compiled in ${Number(stats.compileMs).toFixed(1)} ms`);

    // 85 tabs scroll sideways; the picker reaches any file, and its tab comes into view.
    const picker = page.locator(tid('operator-file-select'));
    const target = bundle.names.indexOf('prometheus-prometheus.yaml');
    assert.ok(target > 0);
    await picker.selectOption(String(target));
    await page.waitForFunction((sel) => document.querySelector(sel)?.value.includes('kind: Prometheus\n'), tid('operator-input'), READY);
    const tab = page.locator(`${tid('operator-file-tab')}[data-name="prometheus-prometheus.yaml"]`);
    assert.equal(await tab.getAttribute('aria-selected'), 'true');
    await page.waitForFunction((sel) => {
      const t = document.querySelector(sel).getBoundingClientRect();
      const s = document.querySelector('.file-tabs').getBoundingClientRect();
      return t.left >= s.left - 1 && t.right <= s.right + 1;
    }, `${tid('operator-file-tab')}[data-name="prometheus-prometheus.yaml"]`, READY);

    // The share menu: the link's length is shown with the "too long, export" advice.
    await page.locator(tid('workspace-menu-button')).click();
    const link = page.locator(tid('share-link'));
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.length) > 0, tid('share-link'), COMPILED);
    const length = Number(await link.getAttribute('data-length'));
    assert.ok(length > 32_000, `${length} characters`);
    assert.match(await page.locator(tid('share-link-note')).innerText(), /export/i);
    console.log(`e2e gallery: the share link of kube-prometheus is ${length} characters`);
    await screenshot(page, 'gallery-05-kube-prometheus-share', { fullPage: false });
    await page.keyboard.press('Escape');

    const banner = page.locator(tid('restore-banner'));
    await banner.waitFor(READY);
    assert.match(await banner.innerText(), /kube-prometheus \(commit [0-9a-f]{7}\)/);
    await screenshot(page, 'gallery-02-kube-prometheus-operator', { fullPage: false });

    // The Targets workbench reads the same files.
    await page.locator(tid('nav-targets')).click();
    const targets = page.locator(`${tid('targets-stats')}[data-busy=false]`);
    await targets.waitFor(COMPILED);
    assert.equal(Number(await targets.getAttribute('data-jobs')), bundle.endpoints, 'the Targets workbench lists every job');
    assert.equal(await page.locator(tid('operator-file-tab')).count(), bundle.names.length);
    await screenshot(page, 'gallery-03-kube-prometheus-targets', { fullPage: false });

    // The banner brings the previous files back.
    await page.locator(tid('nav-operator')).click();
    await page.locator(tid('restore-banner')).locator(tid('restore-input')).click();
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel).length === n,
      [tid('operator-file-tab'), before.length],
      READY,
    );
    assert.deepEqual(await page.locator(tid('operator-file-tab')).evaluateAll((els) => els.map((e) => e.dataset.name)), before);
    // The 85 texts left storage with them.
    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('promplay.v1.operator.file.')).length);
    assert.equal(left, before.length, 'no stale file texts in localStorage');
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('reports manifests that do not fit in localStorage, and clears the warning once they do', async () => {
    if (!existsSync(bundlePath)) return;
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/gallery`);
    await page.locator(`${tid('gallery-kube-prometheus-card')}[data-bundle=yes]`).waitFor(READY);
    // Fill the quota up to the last 200,000 characters (the bundle is 1.3 million).
    const filled = await page.evaluate(() => {
      let size = 1 << 22;
      let total = 0;
      for (let i = 0; size >= 100_000; i++) {
        try {
          localStorage.setItem(`filler.${i}`, 'x'.repeat(size));
          total += size;
        } catch {
          size >>= 1;
        }
      }
      return total;
    });
    assert.ok(filled > 1_000_000, `${filled} characters of filler`);
    await page.locator(tid('gallery-kube-prometheus-open')).click();
    const warning = page.locator(tid('operator-storage-full'));
    await warning.waitFor(COMPILED);
    assert.match(await warning.innerText(), /too large for the browser's storage/);
    await screenshot(page, 'gallery-06-kube-prometheus-storage-full', { fullPage: false });
    // With room again, the next change saves and the warning goes.
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler.')).forEach((k) => localStorage.removeItem(k)));
    const editor = page.locator(tid('operator-input'));
    await editor.press('End');
    await editor.type('\n');
    await warning.waitFor({ state: 'detached', ...READY });
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('says so plainly when the build has no bundle', async (t) => {
    // The same build without the bundle files, on another origin (so no service worker of
    // the first test answers); the server answers the missing files with index.html, as
    // single-page-app servers (and the service worker offline) do.
    const root = mkdtempSync(join(tmpdir(), 'promplay-e2e-nobundle-'));
    cpSync(distDir, root, { recursive: true, filter: (src) => !basename(src).startsWith('kube-prometheus') });
    const bare = await serveStatic(root);
    t.after(async () => {
      await bare.close();
      rmSync(root, { recursive: true, force: true });
    });
    const { page, problems } = await openPage(site.browser.context, `${bare.url}#/gallery`);
    const card = page.locator(`${tid('gallery-kube-prometheus-card')}[data-bundle=no]`);
    await card.waitFor(READY);
    assert.match(await card.innerText(), /made without the kube-prometheus bundle; choose your checkout's manifests\/ folder/);
    assert.equal(await card.locator(tid('gallery-kube-prometheus-open')).count(), 0, 'no dead button');
    assert.equal(await card.locator(tid('gallery-kube-prometheus-folder')).count(), 1);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'gallery-04-kube-prometheus-absent', { fullPage: false });
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
