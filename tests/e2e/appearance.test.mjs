// End-to-end tests of appearance and accessibility basics in the system Chromium: the
// "Appearance" section of the workspace menu (System / Light / Dark, Large text) sets
// <html data-theme / data-scale>, persists across a reload, turns the page and the Query
// graph's canvas dark, follows the OS preference under System (the canvas redraws when the
// OS switches), a stored choice is applied before the wasm runs (no light flash), Large text
// enlarges every text on every workbench, reduced motion stops transitions; every button,
// textarea, input and select of each workbench has an accessible name.
// Screenshots go to tests/e2e/screenshots/appearance-*.png.

import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, READY, SCREENS, screenshot, tid, useSite } from './harness.js';

async function ready(page, name) {
  await page.locator(tid(SCREENS[name])).first().waitFor(READY);
  if (name === 'relabel') {
    // Computed in the engine worker: the stats count the label sets once it answered.
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.sets) > 0, tid('relabel-stats'), READY);
  }
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

/** Waits until the Query graph's canvas has its top-left background pixel drawn dark or light. */
async function canvasBackground(page, dark) {
  await page.waitForFunction((wantDark) => {
    const c = document.querySelector('[data-testid=graph-canvas]');
    if (!c || c.width === 0) return false;
    const [r, g, b] = c.getContext('2d').getImageData(2, 2, 1, 1).data;
    return wantDark ? r < 60 && g < 60 && b < 70 : r > 200 && g > 200 && b > 200;
  }, dark, READY);
}

/**
 * The font size of every visible element holding text of its own (or a form control),
 * keyed by its path in the DOM, so that two loads of the same screen can be compared.
 */
function textSizes(page) {
  return page.evaluate(() => {
    const path = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const i = e.parentElement ? [...e.parentElement.children].indexOf(e) : 0;
        parts.push(`${e.tagName}${i}`);
      }
      return parts.reverse().join('/');
    };
    const sizes = {};
    for (const el of document.body.querySelectorAll('*')) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      const control = el.matches('textarea, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select');
      if (!own && !control) continue;
      if (el.closest('.visually-hidden, [aria-hidden=true]')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      sizes[path(el)] = { size: parseFloat(style.fontSize), text: (el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40) };
    }
    return sizes;
  });
}

/**
 * Opens `url` in a fresh profile whose localStorage holds Dark and Large text, with the
 * .wasm request blocked, and returns the page as a slow laptop shows it before the app
 * starts. A fresh profile has no service worker yet, so the block really keeps the app
 * from starting (a worker would answer from its cache, past `page.route`).
 * Resolves to `{ page, close }`; `close` ends that browser.
 */
async function beforeWasm(url) {
  const fresh = await launchBrowser();
  const page = await fresh.context.newPage();
  await page.addInitScript(() => {
    localStorage.setItem('promplay.v1.ui.theme', 'dark');
    localStorage.setItem('promplay.v1.ui.scale', 'large');
  });
  let blocked = 0;
  await page.route('**/*.wasm', (route) => {
    blocked += 1;
    return route.abort();
  });
  await page.goto(url);
  await page.locator('#boot').waitFor(READY);
  assert.ok(blocked >= 1, 'the wasm was requested and blocked');
  assert.equal(await page.locator('#boot').count(), 1, 'the app never mounted (main.rs removes #boot)');
  return { page, close: fresh.close };
}

const bodyBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe('appearance and accessibility', () => {
  const site = useSite();

  // Every test starts from the defaults (System, normal text, no OS preference), whatever
  // the one before it left behind when it failed.
  beforeEach(async () => {
    const page = await site.browser.context.newPage();
    await page.goto(`${site.base}/public/favicon.svg`);
    await page.evaluate(() => {
      localStorage.removeItem('promplay.v1.ui.theme');
      localStorage.removeItem('promplay.v1.ui.scale');
    });
    await page.close();
  });

  it('Dark is kept across a reload and darkens the page, the Query graph and every workbench', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/metrics`);
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

    await page.goto(`${site.base}/#/query`);
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
      await page.goto(`${site.base}/#/${name}`);
      await ready(page, name);
      assert.ok(luminance(await bodyBackground(page)) < 0.15);
      await screenshot(page, `appearance-${name}-dark`, { fullPage: false });
    }

    // Back to Light: the attribute goes, the canvas redraws light without a reload.
    await page.goto(`${site.base}/#/query`);
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
    const { page } = await openPage(site.browser.context, `${site.base}/#/metrics`);
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
    const { page } = await openPage(site.browser.context, `${site.base}/#/metrics`);
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
    assert.equal(lineHeight, '26px', 'the line height editor.rs computes with');
    await screenshot(page, 'appearance-metrics-large', { fullPage: false });
    await choose(page, 'large-text');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.scale), undefined);
    assert.equal(await size(), before);
    await page.close();
  });

  it('a stored Dark and Large text are applied before the wasm runs: no light flash', async () => {
    const { page, close } = await beforeWasm(`${site.base}/#/metrics`);
    try {
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.scale), 'large');
      const bg = await bodyBackground(page);
      assert.ok(luminance(bg) < 0.15, `dark page before the wasm, got ${bg}`);
      const boot = await page.locator('#boot').evaluate((el) => {
        const s = getComputedStyle(el);
        return { color: s.color, size: parseFloat(s.fontSize) };
      });
      assert.ok(luminance(boot.color) - luminance(bg) > 0.45, `the Loading line is legible: ${boot.color} on ${bg}`);
      assert.ok(boot.size >= 20, `the Loading line is large: ${boot.size}px`);
      await screenshot(page, 'appearance-boot-dark', { fullPage: false });
    } finally {
      await close();
    }
    // An embed follows the OS, not the visitor's stored choice, from the first frame too.
    const embed = await beforeWasm(`${site.base}/?embed=query&input=up#/query`);
    try {
      assert.equal(await embed.page.evaluate(() => document.documentElement.dataset.theme), undefined);
      assert.ok(luminance(await bodyBackground(embed.page)) > 0.8, 'an embed stays light under a light OS');
    } finally {
      await embed.close();
    }
  });

  it('an embed ignores the stored theme once the app runs too', async () => {
    const { page } = await openPage(site.browser.context, `${site.base}/#/metrics`);
    await ready(page, 'metrics');
    await page.evaluate(() => localStorage.setItem('promplay.v1.ui.theme', 'dark'));
    await page.goto(`${site.base}/?embed=metrics&input=up%201#/metrics`);
    await page.locator(tid('embed')).waitFor(READY);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
    assert.ok(luminance(await bodyBackground(page)) > 0.8, 'light under a light OS');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.ok(luminance(await bodyBackground(page)) < 0.15, 'dark under a dark OS');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => localStorage.removeItem('promplay.v1.ui.theme'));
    await page.close();
  });

  it('under System the Query graph redraws when the OS switches between light and dark', async () => {
    const { page, problems } = await openPage(site.browser.context, `${site.base}/#/query`);
    await ready(page, 'query');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined, 'System');
    await page.emulateMedia({ colorScheme: 'light' });
    await canvasBackground(page, false);
    // No reload, no click: only the OS preference changes.
    await page.emulateMedia({ colorScheme: 'dark' });
    await canvasBackground(page, true);
    await screenshot(page, 'appearance-query-os-dark', { fullPage: false });
    await page.emulateMedia({ colorScheme: 'light' });
    await canvasBackground(page, false);
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });

  it('Large text enlarges every text of every workbench, none below 14px', async () => {
    const { page } = await openPage(site.browser.context, `${site.base}/#/metrics`);
    await ready(page, 'metrics');
    const normal = {};
    for (const name of Object.keys(SCREENS)) {
      await page.goto(`${site.base}/#/${name}`);
      await ready(page, name);
      normal[name] = await textSizes(page);
    }
    await choose(page, 'large-text');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.scale), 'large');
    for (const name of Object.keys(SCREENS)) {
      await page.goto(`${site.base}/#/${name}`);
      await page.reload();
      await ready(page, name);
      const large = await textSizes(page);
      let compared = 0;
      const small = [];
      for (const [key, { size, text }] of Object.entries(large)) {
        if (size < 14) small.push(`${text} (${size}px)`);
        const before = normal[name][key];
        if (!before) continue;
        compared += 1;
        if (size < before.size * 1.2) small.push(`${text}: ${before.size}px → ${size}px`);
      }
      assert.ok(compared >= 10, `#/${name}: ${compared} texts compared`);
      assert.deepEqual(small, [], `#/${name}: texts not enlarged enough`);
    }
    // Canvas labels grow too: the plot starts further right to make room for them.
    await page.goto(`${site.base}/#/query`);
    await ready(page, 'query');
    await screenshot(page, 'appearance-query-large', { fullPage: false });
    await choose(page, 'large-text');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.scale), undefined);
    await page.close();
  });

  it('reduced motion: no transitions or animations when the OS asks for less', async () => {
    const { page } = await openPage(site.browser.context, `${site.base}/#/learn`);
    await ready(page, 'learn');
    const duration = () =>
      page.locator('.learn-progress-bar span').evaluate((el) => parseFloat(getComputedStyle(el).transitionDuration));
    assert.ok((await duration()) >= 0.2, 'the progress bar animates normally');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    assert.ok((await duration()) < 0.001, 'no animation under reduced motion');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.close();
  });

  it('every control of every workbench has an accessible name; the nav is labelled', async () => {
    const { page } = await openPage(site.browser.context, `${site.base}/#/metrics`);
    for (const name of Object.keys(SCREENS)) {
      await page.goto(`${site.base}/#/${name}`);
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
    const { page } = await openPage(site.browser.context, `${site.base}/#/query`);
    await ready(page, 'query');
    await page.locator(tid('tab-table')).click();
    const input = page.locator(tid('query-input'));
    await input.fill('vector(42)');
    await input.press('Control+Enter');
    await page.locator(`${tid('result-table')} ${tid('result-row')}`).filter({ hasText: '42' }).first().waitFor(READY);
    await page.close();
  });
});
