// The course site (./course site: a Jupyter Book of the executed notebooks) in headless Chromium: it opens from
// disk with no network, lists the notebooks in its navigation, and one link leads to notebook 02 with its charts
// drawn from inlined images. Builds the site from build/notebooks/ first (the notebooks step wrote them).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { ROOT, launchBrowser, screenshot } from './jupyter.mjs';

const SITE = process.env.RACELAB_SITE_DIR || path.join(ROOT, 'build', 'site');
const VENV = process.env.VENV || path.join(ROOT, '.venv');
let browser;

before(async () => {
  if (!process.env.RACELAB_SITE_DIR) {
    execFileSync(path.join(VENV, 'bin', 'python'), [path.join(ROOT, 'tools', 'site.py'), '--no-run'], { stdio: 'inherit' });
  }
  assert.ok(fs.existsSync(path.join(SITE, 'index.html')), `${SITE}/index.html missing`);
  browser = await launchBrowser();
});

after(async () => { await browser?.close(); });

test('the site opens offline and one link leads to notebook 02 with its charts', async () => {
  const page = await browser.newPage();
  const remote = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    remote.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(path.join(SITE, 'index.html')).href);
  await page.waitForURL(/intro\.html$/);
  const nav = page.locator('nav.bd-links a.reference.internal');
  await nav.first().waitFor();
  const entries = await nav.allTextContents();
  assert.ok(entries.length >= 9, `the navigation lists every notebook (found ${entries.length}: ${entries.join(' | ')})`);
  const link = page.locator('nav.bd-links a.reference.internal[href="02-data-race.html"]');
  await Promise.all([page.waitForURL(/02-data-race\.html$/), link.click()]);
  const charts = await page.locator('article img[src^="data:image/png"]').evaluateAll(
    (imgs) => imgs.map((i) => ({ w: i.naturalWidth, ok: i.complete })));
  assert.ok(charts.length >= 1 && charts.every((c) => c.ok && c.w > 0),
    `notebook 02's page shows its charts from inlined images (${JSON.stringify(charts.slice(0, 5))})`);
  assert.deepEqual(remote, [], 'no request left the disk');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'site-02-phone');
});
