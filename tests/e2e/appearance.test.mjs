// End-to-end tests of appearance and accessibility basics in the system Chromium: the
// "Appearance" section of the workspace menu (System / Light / Dark, Large text) sets
// <html data-theme / data-scale>, persists across a reload, turns the page and the Query
// graph's canvas dark, follows the OS preference under System, and Large text enlarges the
// editor; every button, textarea, input and select of each workbench has an accessible name.
// Screenshots go to tests/e2e/screenshots/appearance-*.png.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, screenshot, serveStatic, tid } from './harness.js';

const READY = { timeout: 30_000 };

/** The test id each workbench shows once it has computed. */
const WORKBENCHES = {
  metrics: 'metrics-input',
  query: 'legend-item',
  operator: 'operator-stats',
  targets: 'targets-stats',
  relabel: 'relabel-example',
  rules: 'rules-stats',
};

async function ready(page, name) {
  await page.locator(tid(WORKBENCHES[name])).first().waitFor(READY);
}

async function choose(page, id) {
  await page.locator(tid('workspace-menu-button')).click();
  await page.locator(tid(id)).click();
  await page.keyboard.press('Escape');
}

/** Relative luminance (0 black … 1 white) of a CSS `rgb(…)` colour. */
function luminance(css) {
  const [r, g, b] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

const bodyBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe('appearance and accessibility', () => {
  let server;
  let browser;
  let base;

  before(async () => {
    server = await serveStatic();
    browser = await launchBrowser();
    base = server.url.replace(/\/$/, '');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('Dark is kept across a reload and darkens the page, the Query graph and every workbench', async () => {
    const { page, problems } = await openPage(browser.context, `${base}/#/metrics`);
    await ready(page, 'metrics');
    assert.ok(luminance(await bodyBackground(page)) > 0.8, 'light by default');

    await choose(page, 'theme-dark');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await page.evaluate(() => localStorage.getItem('promplay.v1.ui.theme')), 'dark');

    await page.reload();
    await ready(page, 'metrics');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.ok(luminance(await bodyBackground(page)) < 0.15, `dark body, got ${await bodyBackground(page)}`);
    const text = await page.locator(tid('metrics-input')).evaluate((el) => getComputedStyle(el).caretColor);
    assert.ok(luminance(text) > 0.7, `light text, got ${text}`);
    await page.locator(tid('workspace-menu-button')).click();
    assert.ok(await page.locator(tid('theme-dark')).isChecked(), 'the menu shows the choice');
    await screenshot(page, 'appearance-menu-dark', { fullPage: false });
    await page.keyboard.press('Escape');
    await screenshot(page, 'appearance-metrics-dark');

    await page.goto(`${base}/#/query`);
    await ready(page, 'query');
    // The canvas is drawn by plotters: its background and tick labels follow the theme.
    const pixels = await page.locator(tid('graph-canvas')).evaluate((canvas) => {
      const ctx = canvas.getContext('2d');
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let dark = 0;
      let bright = 0;
      for (let i = 0; i < data.length; i += 4) {
        const l = (0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]) / 255;
        if (l < 0.2) dark += 1;
        if (l > 0.6) bright += 1;
      }
      return { dark, bright, total: data.length / 4 };
    });
    assert.ok(pixels.dark > pixels.total * 0.6, `mostly dark canvas: ${JSON.stringify(pixels)}`);
    assert.ok(pixels.bright > 0, 'some light pixels (labels) on the dark canvas');
    await screenshot(page, 'appearance-query-dark');

    for (const name of ['operator', 'rules', 'targets', 'relabel']) {
      await page.goto(`${base}/#/${name}`);
      await ready(page, name);
      assert.ok(luminance(await bodyBackground(page)) < 0.15);
      await screenshot(page, `appearance-${name}-dark`, { fullPage: false });
    }

    // Back to Light: the attribute goes, the canvas redraws light without a reload.
    await page.goto(`${base}/#/query`);
    await ready(page, 'query');
    await choose(page, 'theme-light');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
    assert.ok(luminance(await bodyBackground(page)) > 0.8);
    await page.waitForFunction(() => {
      const c = document.querySelector('[data-testid=graph-canvas]');
      const [r, g, b] = c.getContext('2d').getImageData(2, 2, 1, 1).data;
      return r > 200 && g > 200 && b > 200;
    }, null, READY);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('System follows the OS colour scheme', async () => {
    const { page } = await openPage(browser.context, `${base}/#/metrics`);
    await ready(page, 'metrics');
    await choose(page, 'theme-system');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
    assert.equal(await page.evaluate(() => localStorage.getItem('promplay.v1.ui.theme')), null);
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.ok(luminance(await bodyBackground(page)) < 0.15, 'dark under a dark OS');
    await page.emulateMedia({ colorScheme: 'light' });
    assert.ok(luminance(await bodyBackground(page)) > 0.8, 'light under a light OS');
    // An explicit Light wins over a dark OS.
    await choose(page, 'theme-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.ok(luminance(await bodyBackground(page)) > 0.8, 'Light beats the OS');
    await choose(page, 'theme-system');
    await page.close();
  });

  it('Large text enlarges the editors and is kept across a reload', async () => {
    const { page } = await openPage(browser.context, `${base}/#/metrics`);
    await ready(page, 'metrics');
    const size = () => page.locator(tid('metrics-input')).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const before = await size();
    await choose(page, 'large-text');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.scale), 'large');
    await page.reload();
    await ready(page, 'metrics');
    const after = await size();
    assert.ok(after >= before * 1.2, `editor font ${before}px → ${after}px`);
    const lineHeight = await page.locator(tid('metrics-input')).evaluate((el) => getComputedStyle(el).lineHeight);
    assert.equal(lineHeight, '25px', 'the line height editor.rs computes with');
    await screenshot(page, 'appearance-metrics-large', { fullPage: false });
    await choose(page, 'large-text');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.scale), undefined);
    assert.equal(await size(), before);
    await page.close();
  });

  it('every control of every workbench has an accessible name; the nav is labelled', async () => {
    const { page } = await openPage(browser.context, `${base}/#/metrics`);
    for (const name of Object.keys(WORKBENCHES)) {
      await page.goto(`${base}/#/${name}`);
      await ready(page, name);
      const nav = await page.locator('nav[aria-label]').count();
      assert.ok(nav >= 1, 'a labelled <nav>');
      const nameless = await page.evaluate(() => {
        const nameOf = (el) => {
          const aria = el.getAttribute('aria-label');
          if (aria && aria.trim()) return aria;
          const by = el.getAttribute('aria-labelledby');
          if (by) {
            const t = by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
            if (t.trim()) return t;
          }
          if (el.labels && el.labels.length) {
            const t = [...el.labels].map((l) => l.textContent).join(' ');
            if (t.trim()) return t;
          }
          if (el.tagName === 'BUTTON' && el.textContent.trim()) return el.textContent;
          if (el.getAttribute('title')?.trim()) return el.title;
          return '';
        };
        return [...document.querySelectorAll('button, textarea, input:not([type=hidden]), select')]
          .filter((el) => !nameOf(el).trim())
          .map((el) => el.outerHTML.slice(0, 160));
      });
      assert.deepEqual(nameless, [], `controls without a name on #/${name}`);
    }
    await page.close();
  });

  it('Ctrl+Enter runs the query in the Query workbench', async () => {
    const { page } = await openPage(browser.context, `${base}/#/query`);
    await ready(page, 'query');
    await page.locator(tid('tab-table')).click();
    const input = page.locator(tid('query-input'));
    await input.fill('vector(42)');
    await input.press('Control+Enter');
    await page.locator(`${tid('result-table')} ${tid('result-row')}`).filter({ hasText: '42' }).first().waitFor(READY);
    await page.close();
  });
});
