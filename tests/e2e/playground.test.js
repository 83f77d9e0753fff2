// End-to-end tests of the built playground (`dist/`) in the system Chromium: the default
// example renders, errors are positioned and clickable, text survives a reload, nothing is
// fetched from outside 127.0.0.1, and the parser's speed on a 2 MB corpus file as the UI
// reports it. Screenshots go to tests/e2e/screenshots/ for a human to look at.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  lineCol,
  openPage,
  readStats,
  screenshot,
  setEditorText,
  sharedDir,
  tid,
  useSite,
} from './harness.js';

const fixture = (name) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

// The UI is analysed when the first families row shows up; a cold wasm start on a busy
// two-core machine can take a few seconds, so waits are generous (they are not assertions).
const READY = { timeout: 30_000 };

// Waits for the app to show its first families row; if it never does, the error says what
// the page reported (a wasm start-up failure shows up here, not as a bare timeout).
async function appReady(page, problems) {
  try {
    await page.locator(`${tid('families-table')} tr[data-testid=family-row]`).first().waitFor(READY);
  } catch (err) {
    const seen = [...problems.pageErrors, ...problems.consoleErrors];
    throw new Error(`the app did not render families: ${err.message.split('\n')[0]}; page errors: ${JSON.stringify(seen)}`);
  }
}

describe('playground', () => {
  const site = useSite();

  it('renders the default example with families and no page errors', async () => {
    const { page, problems } = await openPage(site.browser.context, site.server.url);
    await appReady(page, problems);
    const stats = await readStats(page);
    assert.ok(stats.families > 0, `stats report ${stats.families} families`);
    assert.ok(stats.samples > 0, `stats report ${stats.samples} samples`);
    const rows = await page.locator('tr[data-testid=family-row]').count();
    assert.equal(rows, stats.families, 'one families-table row per family');
    await screenshot(page, '01-default-example');
    assert.deepEqual(problems.pageErrors, [], 'uncaught errors in the page');
    assert.deepEqual(problems.consoleErrors, [], 'console errors in the page');
    assert.deepEqual(problems.foreignRequests, [], 'requests that left 127.0.0.1');
    await page.close();
  });

  it('expands a family row into its series', async () => {
    const { page, problems } = await openPage(site.browser.context, site.server.url);
    await appReady(page, problems);
    const row = page.locator('tr[data-testid=family-row]').first();
    await row.click();
    await page.locator('tr[data-testid=series-row]').first().waitFor(READY);
    assert.ok((await page.locator('tr[data-testid=series-row]').count()) > 0);
    await screenshot(page, '02-family-expanded');
    await page.close();
  });

  it('shows families and positioned errors for pasted text, and a click selects the error', async () => {
    const text = fixture('with-errors.prom.txt');
    const { page, problems } = await openPage(site.browser.context, site.server.url);
    await appReady(page, problems);
    await setEditorText(page, text);

    // The well-formed family is listed despite the error further down.
    await page.locator('tr[data-testid=family-row][data-family="http_requests_total"]').waitFor(READY);

    const error = page.locator(`${tid('problems')} ${tid('problem')}[data-severity=error]`).first();
    await error.waitFor(READY);
    const start = Number(await error.getAttribute('data-start'));
    const end = Number(await error.getAttribute('data-end'));
    const bytes = Buffer.byteLength(text, 'utf8');
    assert.ok(start >= 0 && start <= end && end <= bytes, `span ${start}..${end} within ${bytes} bytes`);

    // The error sits on the line with the non-numeric value, and the list says where.
    const { line, col } = lineCol(text, start);
    const badLine = text.split('\n').findIndex((l) => l.includes('twenty-one')) + 1;
    assert.equal(line, badLine, 'the first error is on the line with the bad value');
    const label = await error.innerText();
    assert.ok(label.includes(`${line}:${col}`), `problem text ${JSON.stringify(label)} shows ${line}:${col}`);
    assert.ok((await readStats(page)).errors >= 1, 'stats count the error');

    // Clicking the problem puts the editor's selection on the span. The textarea counts in
    // UTF-16 units and the fixture has non-ASCII text before the error, so this also checks
    // the byte to UTF-16 conversion.
    await error.click();
    const utf16 = (byte) => Buffer.from(text, 'utf8').subarray(0, byte).toString('utf8').length;
    const selection = await page
      .locator(tid('metrics-input'))
      .evaluate((el) => [el.selectionStart, el.selectionEnd, document.activeElement === el]);
    assert.deepEqual(selection, [utf16(start), utf16(end), true], 'selection and focus after the click');
    await screenshot(page, '03-errors');
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('walks the problems with F8 and Shift+F8', async () => {
    // The fixture plus lines that draw lint warnings, so there are several problems to walk.
    const text = `${fixture('with-errors.prom.txt')}# TYPE queueLength gauge\nqueueLength 3\nno_help_total 1\n`;
    const { page, problems } = await openPage(site.browser.context, site.server.url);
    await appReady(page, problems);
    await setEditorText(page, text);
    await page.locator(`${tid('problem')}`).first().waitFor(READY);
    assert.ok((await page.locator(tid('problem')).count()) >= 3, 'several problems to walk');
    const starts = (await page.locator(tid('problem')).evaluateAll((els) => els.map((e) => Number(e.dataset.start))))
      .sort((a, b) => a - b);
    const utf16 = (byte) => Buffer.from(text, 'utf8').subarray(0, byte).toString('utf8').length;
    const editor = page.locator(tid('metrics-input'));
    const caret = () => editor.evaluate((el) => el.selectionStart);

    await editor.evaluate((el) => {
      el.focus();
      el.setSelectionRange(0, 0);
    });
    // Forward from the top: the first problem after the caret, then the next, wrapping round.
    const firstAfterZero = starts.find((s) => s > 0) ?? starts[0];
    await page.keyboard.press('F8');
    assert.equal(await caret(), utf16(firstAfterZero), 'F8 selects the next problem');
    // Backward from there: the one before it, or round to the last.
    const before = [...starts].reverse().find((s) => s < firstAfterZero) ?? starts[starts.length - 1];
    await page.keyboard.press('Shift+F8');
    assert.equal(await caret(), utf16(before), 'Shift+F8 selects the previous problem');
    await page.close();
  });

  it('opens a local file into the editor', async () => {
    const { page, problems } = await openPage(site.browser.context, site.server.url);
    await appReady(page, problems);
    const path = new URL('./fixtures/with-errors.prom.txt', import.meta.url).pathname;
    await page.locator(tid('open-file')).setInputFiles(path);
    await page.locator('tr[data-testid=family-row][data-family="room_temperature_celsius"]').waitFor(READY);
    assert.equal(await page.locator(tid('metrics-input')).inputValue(), fixture('with-errors.prom.txt'));
    await page.close();
  });

  it('keeps the editor text across a reload', async () => {
    const text = '# TYPE kept_after_reload gauge\nkept_after_reload 42\n';
    const { page, problems } = await openPage(site.browser.context, site.server.url);
    await appReady(page, problems);
    await setEditorText(page, text);
    // Saving may be debounced: wait until some localStorage value holds the text.
    await page.waitForFunction(
      (t) => Object.keys(localStorage).some((k) => localStorage.getItem(k)?.includes(t)),
      text,
      READY,
    );
    await page.reload();
    await page.locator('tr[data-testid=family-row][data-family="kept_after_reload"]').waitFor(READY);
    assert.equal(await page.locator(tid('metrics-input')).inputValue(), text);
    await screenshot(page, '04-after-reload');
    await page.close();
  });

  it('loads every example, each rendering families without page errors', async () => {
    const { page, problems } = await openPage(site.browser.context, site.server.url);
    await appReady(page, problems);
    const select = page.locator(tid('example-select'));
    const ids = await select.locator('option').evaluateAll((opts) => opts.map((o) => o.value).filter(Boolean));
    assert.ok(ids.length >= 1, 'the example menu lists examples');
    const seen = [];
    for (const id of ids) {
      await select.selectOption(id);
      // The example's text is in the editor once the stats count its bytes.
      await page.waitForFunction(
        ([input, stats]) =>
          document.querySelector(stats)?.getAttribute('data-bytes') ===
          String(new TextEncoder().encode(document.querySelector(input).value).length),
        [tid('metrics-input'), tid('stats')],
        READY,
      );
      await page.locator('tr[data-testid=family-row]').first().waitFor(READY);
      const stats = await readStats(page);
      assert.ok(stats.families > 0, `example ${id} has families`);
      seen.push(`${id}: ${stats.families} families, ${stats.errors} errors, ${stats.warnings} warnings`);
      await screenshot(page, `06-example-${id}`, { fullPage: false });
    }
    console.log(`e2e examples: ${seen.join('; ')}`);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('re-analyses when the format or the Strict switch changes', async () => {
    const { page, problems } = await openPage(site.browser.context, site.server.url);
    await appReady(page, problems);
    const errorsAre = (pred) =>
      page.waitForFunction(
        ([sel, p]) => new Function('n', `return ${p}`)(Number(document.querySelector(sel)?.getAttribute('data-errors'))),
        [tid('stats'), pred],
        READY,
      );

    // Prometheus text read as OpenMetrics lacks the final `# EOF`.
    await setEditorText(page, '# TYPE up gauge\nup{job="node"} 1\n');
    await errorsAre('n === 0');
    await page.locator(tid('format-select')).selectOption('openmetrics');
    await errorsAre('n >= 1');
    await page.locator(tid('format-select')).selectOption('auto');
    await errorsAre('n === 0');

    // Label pairs without a comma: accepted as Prometheus does, an error under Strict.
    await setEditorText(page, '# TYPE up gauge\nup{job="node" instance="a"} 1\n');
    await errorsAre('n === 0');
    await page.locator(tid('strict-toggle')).check();
    await errorsAre('n >= 1');
    await screenshot(page, '07-strict');
    await page.locator(tid('strict-toggle')).uncheck();
    await errorsAre('n === 0');
    await page.close();
  });

  it('measures the parse speed on the 2 MB corpus file', async (t) => {
    const corpus = join(sharedDir, 'corpus', 'generated', 'small.prom.txt');
    if (!existsSync(corpus)) {
      t.skip(`${corpus} not found (set PROMPLAY_SHARED_DIR)`);
      return;
    }
    const text = readFileSync(corpus, 'utf8');
    const bytes = Buffer.byteLength(text, 'utf8');
    const { page, problems } = await openPage(site.browser.context, site.server.url);
    await appReady(page, problems);

    // Five runs, each text differing from the one before so the UI cannot reuse a result; the
    // first run includes the wasm engine's warm-up. The speed is printed for the report, never
    // asserted (no timed assertions in tests).
    const runs = [];
    for (const variant of [text, `${text}\n`, text, `${text}\n`, text]) {
      await setEditorText(page, variant);
      runs.push(await readStats(page));
    }
    const last = runs[runs.length - 1];
    assert.ok(last.families > 0 && last.samples > 0, 'the corpus file yields families and samples');
    const times = runs.map((r) => r['parse-ms']);
    const best = Math.min(...times);
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    const mb = bytes / 1e6;
    const speed = (ms) => (mb / (ms / 1000)).toFixed(1);
    console.log(
      `e2e parse speed: ${mb.toFixed(2)} MB, ${last.families} families, ${last.samples} samples, ` +
        `parse ${times.map((x) => x.toFixed(1)).join(' / ')} ms; ` +
        `median ${speed(median)} MB/s, best ${speed(best)} MB/s`,
    );
    await screenshot(page, '05-corpus', { fullPage: false });
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
