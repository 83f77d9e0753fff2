// End-to-end tests of sharing and the workspace menu: a link made in one browser opens the same
// inputs and workbench in a fresh one, a literal version 1 link keeps opening, a visitor's own
// workspace is put aside and comes back, export and import round-trip through a file (and a
// bad file gets a positioned error), "Copy as Markdown" holds the inputs, results and link,
// the copy dialog stands in for a missing clipboard, and reset to the examples can be undone.
// Screenshots go to tests/e2e/screenshots/share-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, openPage, screenshot, serveStatic, setEditorText, tid } from './harness.js';

const READY = { timeout: 30_000 };

// A version 1 link as promplay wrote it (the same literal as the unit test in
// crates/promplay-web/src/share/link.rs): never change it, old links must keep opening.
const V1_HASH =
  '#/query?ws=1.TY_LTsMwEEV_xRo2rTCoQWJjiSV7FmwQg6KxO23TJrbxA1pF-Xdk01RZWfeMNXPuCDsXBkqgwAc3-J4uD78unKInwyDhh0PsnAXVSChcszUHUPCdOVxAAtsUOo6gRhg4hc7Ex9tCysmBvPFYnsJTyLzgic-F3on3j7dXkb3YU94z2uzHo9MvCOQ7hEk0aEFeDysYEfjsA4JCiHkQ-iJWR6fXYpX9GkEiJNJ1mkj3XEkgu-fKmkMFbLc11hAT-2Uic-Iy3lEfuRAuTeuP3tFWNM8R0Qoxe-K_KVbX-835aYNo664cub22RVClvsS5fktpaRRNIF-vfH5JBNNTjJ1pk2vtwejZZoJp-gM';

const METRICS_TEXT = '# TYPE shared_jobs_total counter\nshared_jobs_total{queue="a"} 3\nshared_jobs_total{queue="b"} 4\n';
const EXPR = 'sum by (queue) (shared_jobs_total)';

/** Records what the page copies instead of touching the real clipboard. */
async function stubClipboard(context) {
  await context.addInitScript(() => {
    window.__copied = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (t) => { window.__copied.push(t); return Promise.resolve(); } },
    });
  });
}

async function lastCopied(page, count) {
  await page.waitForFunction((n) => window.__copied.length >= n, count, READY);
  return page.evaluate(() => window.__copied[window.__copied.length - 1]);
}

/** Opens the menu and waits for the link to be made; returns it. */
async function openMenu(page) {
  await page.locator(tid('workspace-menu-button')).click();
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.value.startsWith('http'),
    tid('share-link'),
    READY,
  );
  return page.locator(tid('share-link')).inputValue();
}

function assertClean(problems) {
  assert.deepEqual(problems.pageErrors, [], problems.consoleErrors.join('\n'));
  assert.deepEqual(problems.foreignRequests, []);
}

describe('share links and the workspace menu', () => {
  let server;
  let sender;
  let sharedLink;

  before(async () => {
    server = await serveStatic();
    sender = await launchBrowser();
    await stubClipboard(sender.context);
  });

  after(async () => {
    await sender?.close();
    await server?.close();
  });

  it('makes a link that opens the same inputs and workbench in a fresh browser', async () => {
    const { page, problems } = await openPage(sender.context, `${server.url}#/metrics`);
    await page.locator(tid('metrics-input')).waitFor(READY);
    await setEditorText(page, METRICS_TEXT);
    await page.locator(tid('nav-query')).click();
    await page.locator(tid('query-input')).fill(EXPR);
    await page.locator(tid('use-metrics')).check();
    await page.locator(tid('tab-table')).click();

    sharedLink = await openMenu(page);
    assert.match(sharedLink, /^http:\/\/127\.0\.0\.1:\d+\/#\/query\?ws=1\.[A-Za-z0-9_-]+$/);
    const length = Number(await page.locator(tid('share-link')).getAttribute('data-length'));
    assert.equal(length, sharedLink.length);
    assert.match(await page.locator(tid('share-link-note')).innerText(), /characters\. Every input/);
    await screenshot(page, 'share-menu', { fullPage: false });
    await page.locator(tid('copy-link')).click();
    assert.equal(await lastCopied(page, 1), sharedLink);
    await page.locator(tid('share-status')).filter({ hasText: 'Copied the link' }).waitFor(READY);
    assertClean(problems);
    await page.close();

    const visitor = await launchBrowser();
    try {
      const { page: other, problems: otherProblems } = await openPage(visitor.context, sharedLink);
      await other.locator(tid('query-input')).waitFor(READY);
      assert.equal(await other.locator(tid('query-input')).inputValue(), EXPR);
      assert.equal(await other.locator(tid('use-metrics')).isChecked(), true);
      // A first visit has nothing to put aside, so nothing is offered back.
      const notice = other.locator(tid('share-notice'));
      assert.match(await notice.innerText(), /You opened a shared workspace \(Query workbench\)/);
      assert.equal(await other.locator(tid('share-undo')).count(), 0);
      assert.ok(!(await other.evaluate(() => location.hash)).includes('ws='));
      assert.equal(await other.locator(tid('tab-table')).getAttribute('aria-selected'), 'true');
      await other.locator(tid('run-query')).click();
      await other.locator(tid('result-row')).first().waitFor(READY);
      await screenshot(other, 'share-opened', { fullPage: false });
      await other.locator(tid('nav-metrics')).click();
      assert.equal(await other.locator(tid('metrics-input')).inputValue(), METRICS_TEXT);
      assertClean(otherProblems);
    } finally {
      await visitor.close();
    }
  });

  it('opens the literal version 1 link, puts the visitor\'s work aside and gives it back', async () => {
    const { page, problems } = await openPage(sender.context, `${server.url}#/metrics`);
    await page.locator(tid('metrics-input')).waitFor(READY);
    const own = '# TYPE my_own_work gauge\nmy_own_work 42\n';
    await setEditorText(page, own);
    // Pasting a link into the address bar of an open tab only changes the hash.
    await page.evaluate((h) => { location.hash = h; }, V1_HASH);
    await page.locator(tid('share-notice')).waitFor(READY);
    await page.locator(tid('query-input')).waitFor(READY);
    assert.equal(await page.locator(tid('query-input')).inputValue(), 'sum by (job) (up)');
    await screenshot(page, 'share-v1-link', { fullPage: false });
    await page.locator(tid('nav-metrics')).click();
    assert.equal(await page.locator(tid('metrics-input')).inputValue(), '# TYPE up gauge\nup{job="api"} 1\n');
    assert.equal(await page.locator(tid('strict-toggle')).isChecked(), true);

    await page.locator(tid('share-undo')).click();
    await page.locator(tid('share-notice')).filter({ hasText: 'Your previous workspace is back' }).waitFor(READY);
    await page.locator(tid('nav-metrics')).click();
    assert.equal(await page.locator(tid('metrics-input')).inputValue(), own);
    assertClean(problems);
    await page.close();
  });

  it('says why a damaged link cannot be opened and keeps the workspace', async () => {
    const { page, problems } = await openPage(sender.context, `${server.url}#/metrics`);
    await page.locator(tid('metrics-input')).waitFor(READY);
    const before = await page.locator(tid('metrics-input')).inputValue();
    await page.goto(`${server.url}?x=1#/metrics?ws=1.${'Zm9v'.repeat(10)}`);
    const notice = page.locator(tid('share-notice'));
    await notice.waitFor(READY);
    assert.match(await notice.innerText(), /could not be opened.*damaged/);
    assert.equal(await page.locator(tid('metrics-input')).inputValue(), before);
    assertClean(problems);
    await page.close();
  });

  it('exports the workspace to a file and imports it back; a bad file gets a positioned error', async () => {
    const { page, problems } = await openPage(sender.context, `${server.url}#/metrics`);
    await page.locator(tid('metrics-input')).waitFor(READY);
    await setEditorText(page, METRICS_TEXT);
    await openMenu(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(tid('export-workspace')).click(),
    ]);
    assert.match(download.suggestedFilename(), /^promplay-workspace-metrics-\d{4}-\d\d-\d\d\.json$/);
    const exported = readFileSync(await download.path(), 'utf8');
    const doc = JSON.parse(exported);
    assert.equal(doc.format, 'promplay-workspace');
    assert.equal(doc.version, 1);
    assert.equal(doc.workbench, 'metrics');
    assert.equal(doc.entries['metrics.text'], METRICS_TEXT);

    await page.keyboard.press('Escape');
    await setEditorText(page, 'changed_after_export 1\n');
    await openMenu(page);
    const bad = '{\n  "format": "promplay-workspace",\n  "version": 1,\n  oops\n}\n';
    await page.locator(tid('import-workspace')).setInputFiles({
      name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(bad),
    });
    const error = page.locator(tid('import-error'));
    await error.waitFor(READY);
    assert.match(await error.innerText(), /broken\.json: line 4, column 3: key must be a string/);
    await screenshot(page, 'share-import-error', { fullPage: false });

    await page.locator(tid('import-workspace')).setInputFiles({
      name: 'exported.json', mimeType: 'application/json', buffer: Buffer.from(exported),
    });
    await page.locator(tid('share-notice')).filter({ hasText: 'Imported the workspace from exported.json' }).waitFor(READY);
    assert.equal(await page.locator(tid('metrics-input')).inputValue(), METRICS_TEXT);
    assert.equal(await page.locator(tid('share-undo')).count(), 1);
    await screenshot(page, 'share-imported', { fullPage: false });
    assertClean(problems);
    await page.close();
  });

  it('copies the open workbench as Markdown', async () => {
    const { page, problems } = await openPage(sender.context, `${server.url}#/query`);
    await page.locator(tid('query-input')).fill(EXPR);
    await page.locator(tid('use-metrics')).check();
    await page.locator(tid('tab-table')).click();
    await page.locator(tid('run-query')).click();
    await page.locator(tid('result-row')).first().waitFor(READY);
    const copies = await page.evaluate(() => window.__copied.length);
    const link = await openMenu(page);
    await page.locator(tid('copy-markdown')).click();
    const md = await lastCopied(page, copies + 1);
    assert.match(md, /^### promplay: Query workbench\n/);
    assert.ok(md.includes('```promql\nsum by (queue) (shared_jobs_total)\n```'), md);
    assert.match(md, /use_metrics `true`/);
    assert.match(md, /\*\*Result\*\*\n\n- /);
    assert.match(md, /\{queue="a"\}/);
    assert.ok(md.includes(`[Open this workspace in promplay](${link})`), md);
    assertClean(problems);
    await page.close();
  });

  it('falls back to a select-and-copy dialog without the Clipboard API', async () => {
    const page = await sender.context.newPage();
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
    });
    await page.goto(`${server.url}#/metrics`);
    const link = await openMenu(page);
    await page.locator(tid('copy-link')).click();
    const dialog = page.locator(tid('copy-dialog'));
    await dialog.waitFor(READY);
    assert.equal(await page.locator(tid('copy-text')).inputValue(), link);
    const selected = await page.locator(tid('copy-text')).evaluate((el) => el.selectionEnd - el.selectionStart);
    assert.equal(selected, link.length);
    await screenshot(page, 'share-copy-dialog', { fullPage: false });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.close();
  });

  it('resets every workbench to its example after a confirmation, with undo', async () => {
    const { page, problems } = await openPage(sender.context, `${server.url}#/metrics`);
    await page.locator(tid('metrics-input')).waitFor(READY);
    await setEditorText(page, METRICS_TEXT);
    await openMenu(page);
    await page.locator(tid('reset-workspace')).click();
    await screenshot(page, 'share-reset-confirm', { fullPage: false });
    await page.locator(tid('reset-confirm')).click();
    await page.locator(tid('share-notice')).filter({ hasText: 'back to its example' }).waitFor(READY);
    const text = await page.locator(tid('metrics-input')).inputValue();
    assert.notEqual(text, METRICS_TEXT);
    assert.ok(text.length > 100, 'the default example is back');
    await page.locator(tid('nav-query')).click();
    assert.notEqual(await page.locator(tid('query-input')).inputValue(), EXPR);

    await page.locator(tid('share-undo')).click();
    await page.locator(tid('share-notice')).filter({ hasText: 'Your previous workspace is back' }).waitFor(READY);
    await page.locator(tid('nav-metrics')).click();
    assert.equal(await page.locator(tid('metrics-input')).inputValue(), METRICS_TEXT);
    assertClean(problems);
    await page.close();
  });

  it('is keyboard-usable: Escape closes the menu and focus returns to its button', async () => {
    const page = await sender.context.newPage();
    await page.goto(`${server.url}#/metrics`);
    await openMenu(page);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    assert.equal(focused, 'share-link');
    await page.keyboard.press('Escape');
    await page.locator(tid('workspace-menu')).waitFor({ state: 'detached' });
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'workspace-menu-button',
    );
    await page.close();
  });
});
