// The browser half of `promplay bench` (run by scripts/bench, skipped otherwise): opens the
// bench page (web/bench.html, built into PROMPLAY_BENCH_DIST), hands it the inputs
// `promplay bench --inputs` wrote (PROMPLAY_BENCH_INPUTS) and writes the measured rows to
// PROMPLAY_BENCH_OUT, which `promplay bench --browser` puts beside the native figures.
// Numbers are printed, never asserted: timing belongs in benchmarks, not tests.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser, openPage, serveStatic } from './harness.js';

const dist = process.env.PROMPLAY_BENCH_DIST;
const inputsPath = process.env.PROMPLAY_BENCH_INPUTS;
const outPath = process.env.PROMPLAY_BENCH_OUT;
const enabled = Boolean(dist && inputsPath && outPath);

describe('bench in headless Chromium', { skip: enabled ? false : 'run by scripts/bench' }, () => {
  let server;
  let browser;
  before(async () => {
    server = await serveStatic(dist);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('measures the same workloads as promplay bench', { timeout: 600_000 }, async () => {
    const { page, problems } = await openPage(browser.context, server.url);
    await page.waitForFunction(() => typeof window.promplayBench === 'function', null, { timeout: 60_000 });
    const inputs = readFileSync(inputsPath, 'utf8');
    const rowsJson = await page.evaluate((json) => window.promplayBench(json), inputs);
    const rows = JSON.parse(rowsJson);
    assert.ok(Array.isArray(rows), rowsJson.slice(0, 200));
    writeFileSync(outPath, JSON.stringify(rows, null, 2));
    for (const r of rows) {
      const rate = (r.work * r.runs) / (r.ms / 1000);
      console.log(`browser bench: ${r.name}: ${rate.toFixed(1)} ${r.unit}/s (${r.runs} runs in ${r.ms.toFixed(0)} ms)`);
    }
    assert.deepEqual(problems.pageErrors, []);
    await page.close();
  });
});
