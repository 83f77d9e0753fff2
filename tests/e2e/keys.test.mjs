// End-to-end tests of the keyboard: the editor keys (Tab / Shift+Tab indent, Enter keeps the
// indentation and indents after a YAML key, Ctrl+/ toggles `# ` comments) with the exact text
// they leave, Ctrl+Z undoing them, Escape then Tab leaving an editor; Ctrl+Enter running the
// query, loading the Query data at once and analysing a large Metrics text at once; `?` and
// the workspace menu opening the "Keyboard shortcuts" dialog (light and dark), and
// Alt+Shift+digit switching workbenches. Screenshots go to tests/e2e/screenshots/keys-*.png.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshot, tid, useSite } from './harness.js';

const READY = { timeout: 30_000 };

/** The textarea of the Rules workbench's editor (the shared editor, YAML). */
const RULES_EDITOR = `${tid('rules-input')} textarea`;

const value = (page, sel) => page.locator(sel).evaluate((el) => el.value);
const focusedTestId = (page) =>
  page.evaluate(() => document.activeElement?.closest('[data-testid]')?.dataset.testid ?? null);
const isFocused = (page, sel) =>
  page.locator(sel).evaluate((el) => document.activeElement === el);

/** Records, from now on, the kinds of the requests the page sends the query worker. */
async function recordWorkerRequests(page) {
  await page.evaluate(() => {
    window.__posts = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (typeof message === 'string') window.__posts.push(JSON.parse(message).kind);
      return post.call(this, message, ...rest);
    };
  });
}

function assertClean(problems) {
  assert.deepEqual(problems.pageErrors, [], problems.consoleErrors.join('\n'));
  assert.deepEqual(problems.foreignRequests, []);
}

describe('keyboard shortcuts and editor keys', () => {
  const site = useSite();

  it('Tab, Shift+Tab, Enter and Ctrl+/ edit YAML exactly, and Ctrl+Z undoes them', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/rules`);
    const editor = page.locator(RULES_EDITOR);
    await editor.waitFor(READY);
    await editor.fill('');
    await editor.focus();
    // Enter after `key:` adds a level; after a list item it keeps the indentation; Tab
    // indents to the next stop; after `- key:` the value lines up under the key.
    await page.keyboard.type('groups:');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- name: demo');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('rules:');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- record: x');
    const typed = 'groups:\n  - name: demo\n    rules:\n      - record: x';
    assert.equal(await value(page, RULES_EDITOR), typed);

    // Every selected line is indented, the selection still covers them all.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Tab');
    const indented = 'groups:\n  - name: demo\n    rules:\n      - record: x'
      .split('\n').map((l) => `  ${l}`).join('\n');
    assert.equal(await value(page, RULES_EDITOR), indented);
    assert.deepEqual(
      await editor.evaluate((el) => [el.selectionStart, el.selectionEnd]),
      [0, indented.length],
    );
    await page.keyboard.press('Control+Z');
    assert.equal(await value(page, RULES_EDITOR), typed, 'Ctrl+Z undoes the indent');
    await page.keyboard.press('Control+Shift+Z');
    assert.equal(await value(page, RULES_EDITOR), indented, 'and Ctrl+Shift+Z redoes it');

    // Shift+Tab outdents every selected line by one level.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await value(page, RULES_EDITOR), typed);
    await page.keyboard.press('Shift+Tab');
    assert.equal(await value(page, RULES_EDITOR), 'groups:\n- name: demo\n  rules:\n    - record: x');
    await page.keyboard.press('Control+Z');
    assert.equal(await value(page, RULES_EDITOR), typed);

    // Ctrl+/ comments lines 2 to 4 at their common indentation, and uncomments them.
    await editor.evaluate((el) => el.setSelectionRange(el.value.indexOf('  - name'), el.value.length));
    await page.keyboard.press('Control+/');
    const commented = 'groups:\n  # - name: demo\n  #   rules:\n  #     - record: x';
    assert.equal(await value(page, RULES_EDITOR), commented);
    await page.keyboard.press('Control+/');
    assert.equal(await value(page, RULES_EDITOR), typed);
    await page.keyboard.press('Control+Z');
    assert.equal(await value(page, RULES_EDITOR), commented, 'Ctrl+Z undoes the uncomment');

    // The workbench saw every change: its autosave holds the text as it is now.
    await page.waitForFunction(
      (want) => JSON.parse(localStorage.getItem('promplay.v1.rules') ?? '{}').rules === want,
      commented,
      READY,
    );
    await screenshot(page, 'keys-rules-commented', { fullPage: false });
    assertClean(problems);
    await page.close();
  });

  it('Escape then Tab leaves the editor; the other YAML and label editors have the keys too', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/rules`);
    const editor = page.locator(RULES_EDITOR);
    await editor.waitFor(READY);
    await editor.focus();
    await editor.evaluate((el) => el.setSelectionRange(0, 0));
    const before = await value(page, RULES_EDITOR);
    await page.keyboard.press('Tab');
    assert.ok(await isFocused(page, RULES_EDITOR), 'Tab indents and stays in the editor');
    assert.equal(await value(page, RULES_EDITOR), `  ${before}`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.ok(!(await isFocused(page, RULES_EDITOR)), 'after Escape, Tab moves the focus on');
    assert.equal(await value(page, RULES_EDITOR), `  ${before}`, 'and leaves the text alone');
    // Back in, Tab indents again.
    await editor.focus();
    await page.keyboard.press('Tab');
    assert.ok(await isFocused(page, RULES_EDITOR));

    // The Operator workbench's manifests editor.
    await page.goto(`${site.base}/#/operator`);
    const manifests = page.locator(tid('operator-input'));
    await manifests.waitFor(READY);
    await manifests.fill('');
    await manifests.focus();
    await page.keyboard.type('spec:');
    await page.keyboard.press('Enter');
    await page.keyboard.type('endpoints:');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- port: web');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await manifests.inputValue(), 'spec:\n  endpoints:\n  - port: web');

    // The Relabel workbench's label sets: Ctrl+/ comments the line, which the engine skips.
    await page.goto(`${site.base}/#/relabel`);
    const labels = page.locator(tid('relabel-labels'));
    await labels.waitFor(READY);
    await labels.fill('{a="1"}\n{a="2"}');
    await labels.focus();
    await labels.evaluate((el) => el.setSelectionRange(0, 0));
    await page.keyboard.press('Control+/');
    assert.equal(await labels.inputValue(), '# {a="1"}\n{a="2"}');
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.sets === '1', tid('relabel-stats'), READY);

    // The one-line query editor: Ctrl+/ comments, but Tab (without suggestions) moves on.
    await page.goto(`${site.base}/#/query`);
    const query = page.locator(tid('query-input'));
    await query.waitFor(READY);
    await query.fill('sum(up)');
    await query.focus();
    await page.keyboard.press('Control+/');
    assert.equal(await query.inputValue(), '# sum(up)');
    await page.keyboard.press('Control+/');
    assert.equal(await query.inputValue(), 'sum(up)');
    await page.keyboard.press('Tab');
    assert.ok(!(await isFocused(page, tid('query-input'))), 'Tab leaves the query editor');
    assert.equal(await query.inputValue(), 'sum(up)');
    assertClean(problems);
    await page.close();
  });

  it('Ctrl+Enter runs the query, loads edited data at once, and analyses a large Metrics text at once', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/query`);
    await page.locator(tid('legend-item')).first().waitFor(READY);
    await page.locator(tid('tab-table')).click();
    const input = page.locator(tid('query-input'));
    await input.fill('vector(42)');
    await page.locator(`${tid('result-table')} ${tid('result-row')}`).filter({ hasText: '42' }).first().waitFor(READY);
    await recordWorkerRequests(page);

    // The query already ran on this data: only Ctrl+Enter sends it again, right away.
    const sent = await input.evaluate((el) => {
      window.__posts.length = 0;
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }));
      return [...window.__posts];
    });
    assert.deepEqual(sent, ['eval']);

    // An edit of the series waits for a pause; Ctrl+Enter in the editor loads it now.
    const series = page.locator(tid('series-input'));
    const loads = await series.evaluate(async (el) => {
      el.value = 'load 1m\n  keys_demo{job="a"} 1+1x10\n';
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((ok) => setTimeout(ok, 0));
      const waiting = [...window.__posts];
      window.__posts.length = 0;
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }));
      return { waiting, now: [...window.__posts] };
    });
    assert.ok(!loads.waiting.includes('load'), `the edit alone is not loaded yet: ${loads.waiting}`);
    assert.deepEqual(loads.now, ['load']);
    await page.waitForFunction(() => window.__posts.includes('eval'), null, READY);

    // Metrics: a text over 256 KB is analysed after a pause in typing, or at once on Ctrl+Enter.
    await page.goto(`${site.base}/#/metrics`);
    const metrics = page.locator(tid('metrics-input'));
    await page.locator(tid('stats')).waitFor(READY);
    const big = Array.from({ length: 9000 }, (_, i) => `keys_big_total{instance="host-${i}"} ${i}\n`).join('');
    assert.ok(big.length > 256 * 1024);
    const bytes = await metrics.evaluate(async (el, text) => {
      const stats = () => document.querySelector('[data-testid=stats]').dataset.bytes;
      el.value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((ok) => setTimeout(ok, 0));
      const waiting = stats();
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }));
      // The reactive updates run as microtasks: by the next task they are on screen, long
      // before the pause (250 ms) would have run the analysis.
      await new Promise((ok) => setTimeout(ok, 0));
      return { waiting, now: stats() };
    }, big);
    assert.notEqual(bytes.waiting, String(big.length), 'the large text waits for a pause');
    assert.equal(bytes.now, String(big.length), 'Ctrl+Enter analysed it at once');
    assertClean(problems);
    await page.close();
  });

  it('? and the workspace menu open the shortcuts dialog; Escape closes it and gives the focus back', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/metrics`);
    await page.locator(tid('stats')).waitFor(READY);
    const dialog = page.locator(tid('shortcuts-dialog'));
    assert.ok(!(await dialog.isVisible()));

    // Typed into an editor, ? is just a character.
    const editor = page.locator(tid('metrics-input'));
    await editor.focus();
    await editor.evaluate((el) => el.setSelectionRange(0, 0));
    await page.keyboard.press('?');
    assert.ok((await editor.inputValue()).startsWith('?'));
    assert.ok(!(await dialog.isVisible()));
    await page.keyboard.press('Backspace');

    // Outside a text field it opens the dialog, a labelled modal with the focus inside.
    await page.locator(tid('nav-metrics')).focus();
    await page.keyboard.press('?');
    await dialog.waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count(), 1);
    assert.ok(await dialog.evaluate((d) => d.open && d.matches(':modal') && d.contains(document.activeElement)));
    const text = await dialog.innerText();
    for (const expected of ['Ctrl', 'Alt', 'Shift', 'Tab', 'Esc', 'Comment or uncomment', 'Check my answer', 'Metrics', 'Lessons']) {
      assert.ok(text.includes(expected), `the dialog mentions ${expected}`);
    }
    assert.ok((await page.locator(tid('shortcut-row')).count()) >= 14);
    await screenshot(page, 'keys-dialog-light', { fullPage: false });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    assert.equal(await focusedTestId(page), 'nav-metrics', 'the focus is back where it was');

    // From the menu: it closes, the dialog opens, and Escape returns to the menu button.
    await page.locator(tid('workspace-menu-button')).click();
    await page.locator(tid('open-shortcuts')).click();
    await dialog.waitFor({ state: 'visible', timeout: 5_000 });
    assert.ok(!(await page.locator(tid('workspace-menu')).isVisible()), 'the menu closed');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    assert.equal(await focusedTestId(page), 'workspace-menu-button');

    // Escape closes the menu even when the focus has left it (a click on its text).
    await page.locator(tid('workspace-menu-button')).click();
    await page.locator(tid('share-link-note')).click();
    await page.keyboard.press('Escape');
    await page.locator(tid('workspace-menu')).waitFor({ state: 'hidden', timeout: 5_000 });

    // Dark theme.
    await page.evaluate(() => localStorage.setItem('promplay.v1.ui.theme', 'dark'));
    await page.reload();
    await page.locator(tid('stats')).waitFor(READY);
    await page.locator(tid('nav-metrics')).focus();
    await page.keyboard.press('?');
    await dialog.waitFor({ state: 'visible', timeout: 5_000 });
    const colors = await dialog.evaluate((d) => [getComputedStyle(d).backgroundColor, getComputedStyle(d).color]);
    const lum = (css) => {
      const [r, g, b] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    assert.ok(lum(colors[0]) < 0.2 && lum(colors[1]) > 0.7, `dark dialog, got ${colors}`);
    await screenshot(page, 'keys-dialog-dark', { fullPage: false });
    await page.locator(tid('shortcuts-close')).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    await page.evaluate(() => localStorage.removeItem('promplay.v1.ui.theme'));
    assertClean(problems);
    await page.close();
  });

  it('Alt+Shift+digit switches workbenches in nav order, also from an editor; plain Alt+digit is left to the browser', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/metrics`);
    await page.locator(tid('stats')).waitFor(READY);
    const active = () => page.locator('.workbench-nav a[aria-current=page]').getAttribute('data-testid');

    await page.locator(tid('nav-metrics')).focus();
    await page.keyboard.press('Alt+Shift+Digit2');
    await page.waitForFunction(() => location.hash.startsWith('#/query'), null, READY);
    assert.equal(await active(), 'nav-query');

    await page.keyboard.press('Alt+Digit1');
    assert.ok((await page.evaluate(() => location.hash)).startsWith('#/query'), 'Alt+1 is not taken');

    // From inside an editor (the Query editor has the focus after a click).
    await page.locator(tid('query-input')).click();
    await page.keyboard.press('Alt+Shift+Digit4');
    await page.waitForFunction(() => location.hash === '#/operator', null, READY);
    assert.equal(await active(), 'nav-operator');
    await page.keyboard.press('Alt+Shift+Digit8');
    await page.waitForFunction(() => location.hash === '#/learn', null, READY);
    assert.equal(await active(), 'nav-learn');
    await page.keyboard.press('Alt+Shift+Digit9');
    assert.equal(await page.evaluate(() => location.hash), '#/learn', 'there is no ninth workbench');
    await page.keyboard.press('Alt+Shift+Digit1');
    await page.waitForFunction(() => location.hash === '#/metrics', null, READY);
    assertClean(problems);
    await page.close();
  });
});
