// End-to-end tests of screen fit in the system Chromium: every workbench at laptop sizes
// (1366×768, 1280×720) and at a projector's 1024×768 with Large text, in light and dark.
// Nothing may scroll sideways (the page's scroll width stays within the window), the header's
// nav fits in the header, no button or tab is cut by its own box, and no control sticks out
// of its pane into the next one.
// Screenshots go to tests/e2e/screenshots/layout-<size>-<workbench>.png: look at them.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, READY, SCREENS, screenshot, tid, useSite } from './harness.js';

const SIZES = [
  { name: '1366x768', width: 1366, height: 768, large: false, theme: null },
  { name: '1280x720', width: 1280, height: 720, large: false, theme: 'dark' },
  { name: '1024x768-large', width: 1024, height: 768, large: true, theme: null },
];

/** What does not fit: sideways scrolling, a header wider than itself, clipped controls. */
function misfits(page) {
  return page.evaluate(() => {
    const found = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) found.push(`page scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth}`);
    const header = document.querySelector('.app-header');
    if (header && header.scrollWidth > header.clientWidth + 1) {
      found.push(`header content ${header.scrollWidth}px in ${header.clientWidth}px`);
    }
    for (const el of document.querySelectorAll('button, select, .button, a.workbench-nav-link, .workbench-nav a')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      // A control whose text is taller or wider than its box is cut off.
      if (el.scrollHeight > el.clientHeight + 2 || (el.tagName !== 'SELECT' && el.scrollWidth > el.clientWidth + 2)) {
        const style = getComputedStyle(el);
        if (style.overflow === 'visible' && el.scrollHeight <= box.height + 2) continue;
        found.push(`clipped ${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}": ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
      }
    }
    // A control sticking out of its pane runs into the next one (nothing scrolls it away).
    const scrolls = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    for (const pane of document.querySelectorAll('.pane, .results-pane, .editor-pane')) {
      const edge = pane.getBoundingClientRect().right;
      for (const el of pane.querySelectorAll('button, select, input, textarea, .button')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= edge + 1) continue;
        let inside = false;
        for (let a = el.parentElement; a && a !== pane; a = a.parentElement) inside ||= scrolls(a);
        if (!inside) found.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.dataset.testid || '').trim().slice(0, 30)}" ends ${Math.round(box.right - edge)}px past its pane`);
      }
    }
    return found;
  });
}

describe('laptop and projector screens', () => {
  const site = useSite();

  for (const size of SIZES) {
    it(`every workbench fits ${size.name}${size.theme ? ` (${size.theme})` : ''}`, async () => {
      const { page, problems } = await openPage(site.browser.context, `${site.base}/#/metrics`);
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.locator(tid(SCREENS.metrics)).waitFor(READY);
      await page.evaluate(({ large, theme }) => {
        if (large) localStorage.setItem('promplay.v1.ui.scale', 'large');
        else localStorage.removeItem('promplay.v1.ui.scale');
        if (theme) localStorage.setItem('promplay.v1.ui.theme', theme);
        else localStorage.removeItem('promplay.v1.ui.theme');
      }, size);
      const bad = {};
      for (const [name, ready] of Object.entries(SCREENS)) {
        await page.goto(`${site.base}/#/${name}`);
        await page.reload();
        await page.locator(tid(ready)).first().waitFor(READY);
        if (name === 'relabel') {
          // Computed in the engine worker: the stats count the label sets once it answered.
          await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.sets) > 0, tid('relabel-stats'), READY);
        }
        assert.equal(await page.evaluate(() => document.documentElement.dataset.scale), size.large ? 'large' : undefined);
        await screenshot(page, `layout-${size.name}-${name}`, { fullPage: false });
        const found = await misfits(page);
        if (found.length) bad[name] = found;
      }
      await page.evaluate(() => {
        localStorage.removeItem('promplay.v1.ui.scale');
        localStorage.removeItem('promplay.v1.ui.theme');
      });
      assert.deepEqual(bad, {}, `what does not fit at ${size.name}`);
      assert.deepEqual(problems.pageErrors, []);
      await page.close();
    });
  }
});
