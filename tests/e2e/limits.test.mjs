// End-to-end tests of the input size limit (crates/promplay-web/src/limits.rs): a paste or a
// dropped file over 16 MB is refused with a message on every workbench, and the editor keeps
// its text, instead of the tab freezing on hundreds of megabytes.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshot, useSite } from './harness.js';

const READY = { timeout: 30_000 };
const ALERT = '#input-limit-alert';

describe('input size limit', () => {
  const site = useSite();

  it('refuses a 20 MB paste into the Metrics editor with a message', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.server.url}#/metrics`);
    const textarea = page.locator('textarea').first();
    await textarea.waitFor(READY);
    const before = await textarea.inputValue();
    const prevented = await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', 'x'.repeat(20_000_000));
      const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
      document.querySelector('textarea').dispatchEvent(ev);
      return ev.defaultPrevented;
    });
    assert.equal(prevented, true, 'the paste is cancelled');
    const alert = page.locator(ALERT);
    await alert.waitFor(READY);
    assert.match(
      await alert.innerText(),
      /the pasted text is 20\.0 MB; promplay reads at most 16\.0 MB per input, so it was not loaded/,
    );
    assert.equal(await textarea.inputValue(), before, 'the editor keeps its text');
    await screenshot(page, 'limits-01-paste', { fullPage: false });
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await page.locator(ALERT).count(), 0);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('refuses a dropped 20 MB file on the Operator workbench and accepts a small paste', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.server.url}#/operator`);
    const textarea = page.locator('textarea').last();
    await textarea.waitFor(READY);
    const prevented = await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['y'.repeat(20_000_000)], 'huge.yaml', { type: 'text/yaml' }));
      const target = document.querySelectorAll('textarea');
      const ev = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
      target[target.length - 1].dispatchEvent(ev);
      return ev.defaultPrevented;
    });
    assert.equal(prevented, true, 'the drop is cancelled');
    await page.locator(ALERT).waitFor(READY);
    assert.match(await page.locator(ALERT).innerText(), /“huge\.yaml” is 20\.0 MB; promplay reads at most 16\.0 MB/);
    // A paste within the limit is left to the browser (not cancelled).
    const small = await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.setData('text/plain', 'kind: ServiceMonitor');
      const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
      document.querySelector('textarea').dispatchEvent(ev);
      return ev.defaultPrevented;
    });
    assert.equal(small, false);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
