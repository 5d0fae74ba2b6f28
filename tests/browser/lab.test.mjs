// What a learner sees: JupyterLab in a real (headless) Chromium opens the course, runs it on the course kernel and
// draws its charts. Run with `node --test tests/browser/` (tests/steps/browser.sh installs what it needs).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  Lab, ROOT, clearScreenshots, images, launchBrowser, logIn, notebookScreenshot, oneLine, openNotebook, problems,
  runAll, screenshot,
} from './jupyter.mjs';

const KERNEL = 'racelab';
const WELCOME = '00-welcome.ipynb';
const RACE = '02-data-race.ipynb';
// The lost-update histogram is the chart whose title starts with "Lost updates" (StartGate's "Lost updates per
// trial (...)"); "lost updates" alone is not enough: the sweeps' "Share of trials that lost updates ..." line charts
// contain it too. Results carry the title as the chart's alt text; a chart shown alone carries it in its text/plain
// ("[chart] title").
const LOST_UPDATE_HISTOGRAM = /^lost updates\b/i;
const MIN_CHART_WIDTH = 400;
const RUN_TIMEOUT_MS = Number(process.env.RACELAB_BROWSER_RUN_TIMEOUT_S || 200) * 1000;

const t0 = Date.now();
let lab;
let browser;
let displayName;
const notebookHashes = new Map();

const hashNotebooks = () => new Map(fs.readdirSync(path.join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb'))
  .map((f) => [f, crypto.createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'notebooks', f))).digest('hex')]));

/** Runs a notebook in the page; on any failure the message names the notebook, the cell and the output. */
async function runNotebook(name, drive) {
  const shot = name.replace(/\.ipynb$/, '');
  let page = null;
  let file = null;
  try {
    page = await openNotebook(browser, lab, name).catch((e) => { page = e.page; throw e; });
    const run = await runAll(page, name, { kernelName: KERNEL, displayName, timeoutMs: RUN_TIMEOUT_MS });
    file = (await notebookScreenshot(page, shot)).join(', ');
    const codeCells = run.cells.filter((c) => c.type === 'code');
    console.log(`${name}: kernel ready in ${run.kernelReadySeconds.toFixed(1)} s (status shown: ${run.statusBefore}), ` +
      `${codeCells.length} code cells run in ${run.runSeconds.toFixed(1)} s; screenshot ${file}`);
    const bad = problems(name, run.cells);
    assert.ok(bad.length === 0, `${bad.join('\n')}\nscreenshot: ${file}`);
    if (drive) await drive(page, file);
    return { cells: run.cells, file };
  } catch (e) {
    if (!file && page) {
      try { file = (await notebookScreenshot(page, shot)).join(', '); } catch { /* the page may be gone */ }
      if (file) e.message += `\nscreenshot: ${file}`;
    }
    throw e;
  } finally {
    await page?.close();
    await lab.shutdownKernels().catch(() => {});
  }
}

/**
 * Be the scheduler (notebook 02's stepper, plain HTML + JS in a cell's output): step the counter level into a lost
 * update by the buttons, check what the page says, undo one step and check again.
 */
async function driveStepper(page, notebookShot) {
  const root = page.locator('.racelab-stepper').first();
  const where = `${RACE}, the stepper (screenshot ${notebookShot})`;
  await root.scrollIntoViewIfNeeded();
  const step = (t) => root.locator(`button.racelab-step[data-thread="${t}"]`);
  assert.equal(await step(1).count(), 1, `${where}: no live stepper (its script did not run; static view: ` +
    `${oneLine(await root.innerText().catch(() => ''), 300)})`);
  await root.locator('button.racelab-reset').click();
  for (const t of [1, 2, 2, 2, 1, 1]) await step(t).click();   // read A, then B's whole increment, then A adds and writes
  const text = await root.innerText();
  const shot = await screenshot(page, 'stepper-lost-update');
  assert.match(await root.locator('.racelab-goal').innerText(), /Lost update: both threads finished and count is 1, not 2/,
    `${where}: no lost update shown after ABBBAA: ${oneLine(text, 400)}; screenshot ${shot}`);
  assert.match(text, /count = 1/, `${where}: shared memory does not show count = 1: ${oneLine(text, 400)}`);
  assert.match(await root.locator('.racelab-schedule').innerText(), /ABBBAA/, `${where}: schedule not shown`);
  assert.ok(await step(1).isDisabled() && await step(2).isDisabled(), `${where}: finished threads can still step`);
  await root.locator('button.racelab-undo').click();
  const undone = await root.innerText();
  assert.equal(await root.locator('.racelab-goal').count(), 0, `${where}: the goal is still shown after Undo: ${oneLine(undone, 400)}`);
  assert.match(await root.locator('.racelab-schedule').innerText(), /ABBBA$/, `${where}: Undo did not take back one step`);
  assert.ok(!(await step(1).isDisabled()), `${where}: after Undo, Thread 1 cannot take its write step`);
  assert.match(undone, /register r = 1/, `${where}: Thread 1's register is not shown: ${oneLine(undone, 400)}`);
  console.log(`${RACE}: stepper stepped into a lost update (ABBBAA) and undid one step; screenshot ${shot}`);
}

describe('JupyterLab in a real browser', () => {
  before(async () => {
    for (const f of ['login', 'launcher', WELCOME, RACE]) clearScreenshots(f.replace(/\.ipynb$/, ''));
    notebookHashes.clear();
    for (const [k, v] of hashNotebooks()) notebookHashes.set(k, v);
    lab = await Lab.start();
    browser = await launchBrowser();
    const specs = await (await lab.api('/api/kernelspecs')).json();
    displayName = specs.kernelspecs?.[KERNEL]?.spec?.display_name;
    assert.ok(displayName, `the server does not offer the course kernelspec '${KERNEL}' (./course setup writes it); ` +
      `it offers: ${Object.keys(specs.kernelspecs || {}).join(', ') || 'nothing'}`);
    console.log(`JupyterLab on ${lab.base} (token auth), Chromium ${browser.browser()?.version() ?? ''}, kernel "${displayName}"`);
  });

  after(async () => {
    const notes = [];
    if (browser) await browser.close().catch((e) => notes.push(`closing Chromium: ${e.message}`));
    if (lab) notes.push(...await lab.stop());
    for (const n of notes) console.log(n);
    console.log(`browser test wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

  test('the server refuses requests without the token; the login page takes it', async () => {
    for (const p of ['/api/contents', '/api/kernels', '/api/sessions']) {
      const r = await lab.api(p, { auth: false });
      assert.equal(r.status, 403, `GET ${p} without the token answered ${r.status}, expected 403`);
    }
    const r = await lab.api('/lab', { auth: false });
    assert.ok(r.status === 302 && /\/login/.test(r.headers.get('location') || ''),
      `GET /lab without the token answered ${r.status} ${r.headers.get('location') || ''}, expected a redirect to /login`);
    const page = await logIn(browser, lab);
    await page.close();
  });

  test('the launcher offers the course kernel', async () => {
    assert.match(displayName, /^Java \d+ \(racelab\)$/, `the course kernel's display name is "${displayName}"`);
    const page = await browser.newPage();
    try {
      await page.goto(`${lab.base}/lab/workspaces/launcher`);
      const section = page.locator('.jp-Launcher-section', { has: page.locator('.jp-Launcher-sectionTitle', { hasText: 'Notebook' }) });
      await section.locator('.jp-LauncherCard').first().waitFor();
      const cards = (await section.locator('.jp-LauncherCard-label').allInnerTexts()).map((s) => s.trim());
      const file = await screenshot(page, 'launcher');
      console.log(`launcher: notebook kernels ${JSON.stringify(cards)}; screenshot ${file}`);
      assert.ok(cards.includes(displayName), `the launcher's Notebook section shows ${JSON.stringify(cards)}, not "${displayName}"; screenshot: ${file}`);
    } finally {
      await page.close();
    }
  });

  test(`${WELCOME} runs and shows the environment check`, async () => {
    const { cells, file } = await runNotebook(WELCOME);
    const env = cells.flatMap((c) => (c.outputs || []).map((o) => ({ c, o }))).find(({ o }) => /Environment check/.test(o.text));
    assert.ok(env, `${WELCOME}: no cell shows the "Environment check" result; screenshot: ${file}`);
    const where = `${WELCOME}, cell ${env.c.index} (\`${oneLine(env.c.source, 40)}\`)`;
    assert.match(env.o.text, /kernel\s+JJava/, `${where}: the environment check does not name the JJava kernel: ${oneLine(env.o.text, 400)}; screenshot: ${file}`);
    assert.match(env.o.text, /chart rendering[^\n]*\bok\b/, `${where}: the environment check says charts do not render: ${oneLine(env.o.text, 400)}; screenshot: ${file}`);
    const verdict = cells.flatMap((c) => (c.outputs || []).map((o) => o.text.replace(/^\[\d+\]:\s*/, '')))
      .find((t) => /Everything the course needs|not ok/.test(t));
    console.log(`${WELCOME}: ${oneLine(verdict ?? '(no verdict line)', 200)}`);
  });

  test(`${RACE} runs, draws its charts and the lost-update histogram`, async (t) => {
    if (!fs.existsSync(path.join(ROOT, 'notebooks', RACE))) {
      t.skip(`notebooks/${RACE} is not there yet`);
      return;
    }
    const { cells, file } = await runNotebook(RACE, driveStepper);
    const imgs = images(cells);
    for (const i of imgs) console.log(`  cell ${i.cell}: ${i.png ? 'PNG' : 'image'} ${i.naturalWidth} px wide "${oneLine(i.title, 90)}"`);
    const charts = imgs.filter((i) => i.png && i.naturalWidth >= MIN_CHART_WIDTH);
    assert.ok(charts.length > 0, `${RACE}: no chart drawn (no PNG image ${MIN_CHART_WIDTH} px wide or more; images: ` +
      `${JSON.stringify(imgs)}); screenshot: ${file}`);
    const hist = charts.filter((i) => LOST_UPDATE_HISTOGRAM.test(i.title));
    assert.ok(hist.length > 0, `${RACE}: no lost-update histogram (a chart whose title matches ${LOST_UPDATE_HISTOGRAM}); ` +
      `charts drawn: ${charts.map((i) => `cell ${i.cell} "${i.title}"`).join('; ')}; screenshot: ${file}`);
    console.log(`${RACE}: ${charts.length} charts; lost-update histogram in cell ${hist[0].cell}: "${hist[0].title}"`);
  });

  test('the notebooks in the repository are unchanged (no outputs saved)', () => {
    const now = hashNotebooks();
    const changed = [...notebookHashes].filter(([f, h]) => now.get(f) !== h).map(([f]) => f);
    assert.deepEqual(changed, [], `running in the browser changed ${changed.join(', ')}`);
  });
});
