// JupyterLab and headless Chromium for the browser test: start, log in, open and run a notebook, look at it,
// and stop everything again (also on failure, Ctrl-C or a kill).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = path.join(ROOT, 'build', 'screenshots');
const VENV = process.env.VENV || path.join(ROOT, '.venv');
const CHROMIUM = process.env.RACELAB_CHROMIUM || '/usr/bin/chromium';
// Without the networking flags Chromium keeps calling home, which a closed network answers with nothing.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WIDTH = 1280;
const HEIGHT = 900;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const later = (ms, value) => new Promise((r) => setTimeout(r, ms, value).unref());
const stripAnsi = (s) => String(s ?? '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
const oneLine = (s, n = 160) => {
  const t = String(s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Kernel processes whose command line names a file in `dir` (their connection file). */
function processesUsing(dir) {
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(dir)) found.push({ pid: Number(pid), cmd: cmd.replace(/\0/g, ' ').trim() });
    } catch { /* gone meanwhile */ }
  }
  return found;
}

/**
 * A JupyterLab server on a free loopback port with a generated token, rooted at notebooks/, offering only the
 * course kernel, with its own config, runtime, settings and workspace folders (so neither the user's JupyterLab
 * state nor ours leaks either way), autosave off and checkpoints outside the repository (the notebooks are
 * stored without outputs and must stay so), and the app exposed to the page for reading cell models.
 */
export class Lab {
  static async start({ timeoutMs = 90_000 } = {}) {
    const jupyter = path.join(VENV, 'bin', 'jupyter');
    if (!fs.existsSync(jupyter)) throw new Error(`${jupyter} is missing: run ./course setup first`);
    const lab = new Lab();
    lab.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'racelab-browser-'));
    lab.port = await freePort();
    lab.token = crypto.randomBytes(24).toString('hex');
    lab.base = `http://127.0.0.1:${lab.port}`;
    const dir = (name) => { const d = path.join(lab.tmp, name); fs.mkdirSync(d, { recursive: true }); return d; };
    const settings = dir('settings');
    const put = (rel, obj) => {
      const f = path.join(settings, rel);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, JSON.stringify(obj));
    };
    put('@jupyterlab/docmanager-extension/plugin.jupyterlab-settings', { autosave: false });
    put('@jupyterlab/apputils-extension/notification.jupyterlab-settings', { fetchNews: 'false', checkForUpdates: false });
    lab.runtime = dir('runtime');
    lab.log = path.join(ROOT, 'build', 'browser-test', 'jupyter-server.log');
    fs.mkdirSync(path.dirname(lab.log), { recursive: true });
    const logFd = fs.openSync(lab.log, 'w');
    const args = ['lab', '--no-browser', '--ServerApp.ip=127.0.0.1', `--ServerApp.port=${lab.port}`,
      '--ServerApp.port_retries=0', `--ServerApp.token=${lab.token}`,
      `--ServerApp.root_dir=${path.join(ROOT, 'notebooks')}`,
      '--KernelSpecManager.allowed_kernelspecs=racelab', '--MappingKernelManager.default_kernel_name=racelab',
      `--FileCheckpoints.checkpoint_dir=${dir('checkpoints')}`, '--LabApp.expose_app_in_browser=True'];
    if (process.getuid?.() === 0) args.push('--allow-root');
    lab.proc = spawn(jupyter, args, {
      cwd: ROOT,
      detached: true, // its own process group, so a stop reaches every child it has
      stdio: ['ignore', logFd, logFd],
      env: {
        ...process.env,
        RACELAB_PROFILE: process.env.RACELAB_PROFILE || 'quick',
        JUPYTER_CONFIG_DIR: dir('config'),
        JUPYTER_DATA_DIR: dir('data'),
        JUPYTER_RUNTIME_DIR: lab.runtime,
        JUPYTERLAB_SETTINGS_DIR: settings,
        JUPYTERLAB_WORKSPACES_DIR: dir('workspaces'),
      },
    });
    fs.closeSync(logFd);
    lab.exited = new Promise((r) => lab.proc.once('exit', (code, sig) => r({ code, sig })));
    Lab.live.add(lab);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (lab.proc.exitCode !== null || lab.proc.signalCode) {
        throw new Error(`JupyterLab exited at start (${lab.proc.exitCode ?? lab.proc.signalCode}); ` +
          `log ${path.relative(ROOT, lab.log)}:\n${fs.readFileSync(lab.log, 'utf8').split('\n').slice(-20).join('\n')}`);
      }
      try {
        const r = await lab.api('/api/status');
        if (r.ok) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) throw new Error(`JupyterLab did not answer on ${lab.base} within ${timeoutMs / 1000} s`);
      await sleep(300);
    }
    return lab;
  }

  /** A request to the server's REST API, with the token unless `auth: false`. */
  api(p, { method = 'GET', auth = true, redirect = 'manual' } = {}) {
    const headers = auth ? { Authorization: `token ${this.token}` } : {};
    return fetch(this.base + p, { method, headers, redirect, signal: AbortSignal.timeout(15_000) });
  }

  async shutdownKernels() {
    const r = await this.api('/api/kernels');
    for (const k of await r.json()) await this.api(`/api/kernels/${k.id}`, { method: 'DELETE' });
  }

  /** Asks the server to stop (it shuts its kernels down), then insists; kills kernels it left behind. */
  async stop() {
    Lab.live.delete(this);
    const notes = [];
    if (this.proc.exitCode === null && !this.proc.signalCode) {
      try { await this.api('/api/shutdown', { method: 'POST' }); } catch { /* it may close the socket */ }
      if (!(await Promise.race([this.exited, later(20_000, null)]))) {
        notes.push('JupyterLab did not stop on /api/shutdown; sent SIGTERM');
        try { process.kill(-this.proc.pid, 'SIGTERM'); } catch { /* gone */ }
        if (!(await Promise.race([this.exited, later(5_000, null)]))) {
          notes.push('sent SIGKILL');
          try { process.kill(-this.proc.pid, 'SIGKILL'); } catch { /* gone */ }
          await this.exited;
        }
      }
    }
    for (const p of processesUsing(this.runtime)) {
      notes.push(`killed a kernel JupyterLab left running: pid ${p.pid}`);
      try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    fs.rmSync(this.tmp, { recursive: true, force: true });
    return notes;
  }

  /** Last resort from a signal or exit handler: synchronous, no questions asked. */
  killNow() {
    try { process.kill(-this.proc.pid, 'SIGKILL'); } catch { /* gone */ }
    for (const p of processesUsing(this.runtime)) { try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } }
    try { fs.rmSync(this.tmp, { recursive: true, force: true }); } catch { /* best effort */ }
  }
}
Lab.live = new Set();
const profiles = new Set(); // Chromium profile folders still to delete
function emergencyCleanup() {
  for (const lab of Lab.live) lab.killNow();
  for (const p of profiles) { try { fs.rmSync(p, { recursive: true, force: true }); } catch { /* best effort */ } }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    emergencyCleanup();
    process.exit(128 + os.constants.signals[sig]);
  });
}
process.on('exit', emergencyCleanup);

/** Debian's Chromium, headless, with a fresh profile that is deleted on close. */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'racelab-chromium-'));
  profiles.add(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: WIDTH, height: HEIGHT },
  });
  context.setDefaultTimeout(30_000);
  const close = context.close.bind(context);
  context.close = async () => {
    try { await close(); } finally { fs.rmSync(profile, { recursive: true, force: true }); profiles.delete(profile); }
  };
  return context;
}

/** Logs in on JupyterLab's login page with the token, the way a learner pastes it. Returns the page at /lab. */
export async function logIn(context, lab) {
  const page = await context.newPage();
  await page.goto(`${lab.base}/lab`);
  if (!/\/login/.test(page.url())) throw new Error(`/lab without the token should lead to the login page, got ${page.url()}`);
  await page.locator('#password_input').fill(lab.token);
  await screenshot(page, 'login');
  await Promise.all([page.waitForURL(/\/lab(\/|\?|$)/), page.locator('#login_submit').click()]);
  await page.locator('#jp-main-dock-panel').waitFor();
  return page;
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return path.relative(ROOT, file);
}

/**
 * Screenshots of the whole notebook: JupyterLab scrolls inside its own panel, so the page is made as tall as the
 * notebook's cells (rendered cells can grow, hence a few rounds) and shot; a notebook taller than one shot can be
 * is shot in parts (NAME-1.png, NAME-2.png, ...), scrolling the panel between them. Off-screen cells are drawn
 * for it (JupyterLab skips them with `content-visibility: auto`, which also hides their true height).
 * Returns the files, relative to the repository.
 */
export async function notebookScreenshot(page, name) {
  const MAX = 8_000;
  const style = await page.addStyleTag({ content: '.jp-Notebook .jp-Cell { content-visibility: visible !important; }' });
  const scrollTo = (top) => page.evaluate((t) => {
    const panel = [...document.querySelectorAll('.jp-NotebookPanel')].find((p) => !p.classList.contains('lm-mod-hidden'));
    const outer = panel?.querySelector('.jp-WindowedPanel-outer');
    const cells = panel?.querySelectorAll('.jp-Notebook-cell');
    if (!outer || !cells?.length) return null;
    outer.scrollTop = t;
    const content = cells[cells.length - 1].getBoundingClientRect().bottom - cells[0].getBoundingClientRect().top;
    return { page: Math.ceil(window.innerHeight - outer.clientHeight + content + 60), content, view: outer.clientHeight };
  }, top);
  try {
    let height = HEIGHT;
    let m;
    for (let round = 0; round < 5; round++) {
      m = await scrollTo(0);
      const next = Math.min(Math.max(m?.page ?? HEIGHT, HEIGHT), MAX);
      if (Math.abs(next - height) < 20) break;
      height = next;
      await page.setViewportSize({ width: WIDTH, height });
      await sleep(700);
    }
    m = await scrollTo(0);
    if (!m || m.page <= MAX + 20) {
      await sleep(200);
      return [await screenshot(page, name)];
    }
    const files = [];
    const step = m.view - 80; // a little overlap between parts
    for (let top = 0, part = 1; top < m.content + 60; top += step, part++) {
      const left = m.content + 60 - top;
      if (left < m.view) await page.setViewportSize({ width: WIDTH, height: Math.ceil(Math.max(HEIGHT, MAX - (m.view - left))) });
      await scrollTo(top);
      await sleep(300);
      files.push(await screenshot(page, `${name}-${part}`));
    }
    return files;
  } finally {
    await style.evaluate((el) => el.remove()).catch(() => {});
    await page.setViewportSize({ width: WIDTH, height: HEIGHT });
  }
}

/** Deletes earlier screenshots named NAME.png or NAME-N.png. */
export function clearScreenshots(name) {
  if (!fs.existsSync(SHOTS)) return;
  for (const f of fs.readdirSync(SHOTS)) if (f === `${name}.png` || new RegExp(`^${name}-\\d+\\.png$`).test(f)) fs.rmSync(path.join(SHOTS, f));
}

/** Opens a notebook in a fresh workspace of its own (so earlier tabs are not restored). */
export async function openNotebook(context, lab, name) {
  const page = await context.newPage();
  const ws = name.replace(/[^A-Za-z0-9]/g, '');
  await page.goto(`${lab.base}/lab/workspaces/${ws}/tree/${encodeURIComponent(name)}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await page.evaluate((n) => {
      const dialog = document.querySelector('.jp-Dialog');
      if (dialog && !dialog.querySelector('select')) return { dialog: dialog.innerText };
      for (const w of window.jupyterapp?.shell.widgets('main') ?? []) {
        if (w.context?.path === n && w.content?.widgets?.length) return { ready: true };
      }
      return {};
    }, name);
    if (state.ready) return page;
    if (state.dialog) {
      const err = new Error(`${name}: JupyterLab shows a dialog instead of the notebook: ${oneLine(state.dialog, 600)}`);
      err.page = page;
      throw err;
    }
    if (Date.now() > deadline) {
      const err = new Error(`${name}: the notebook did not open within 60 s`);
      err.page = page;
      throw err;
    }
    await sleep(300);
  }
}

/** Kernel name, display name and status of the notebook's session, as JupyterLab sees them. */
export function kernelOf(page, name) {
  return page.evaluate(async (n) => {
    for (const w of window.jupyterapp.shell.widgets('main')) {
      if (w.context?.path !== n) continue;
      const sc = w.sessionContext;
      const k = sc.session?.kernel;
      const info = k ? await Promise.race([k.info.then(() => true, () => false), new Promise((r) => setTimeout(() => r(false), 50))]) : false;
      return { name: k?.name ?? null, displayName: sc.kernelDisplayName, status: k?.status ?? sc.kernelDisplayStatus,
        connection: k?.connectionStatus ?? null, info,
        toolbar: w.node.querySelector('.jp-Toolbar-kernelName')?.textContent?.trim() ?? null };
    }
    return null;
  }, name);
}

/** Every cell as JupyterLab shows it: the prompt, the model's outputs, and the images drawn in the page. */
export function cellsOf(page, name) {
  return page.evaluate(async (n) => {
    let panel = null;
    for (const w of window.jupyterapp.shell.widgets('main')) if (w.context?.path === n) panel = w;
    if (!panel) return null;
    const cells = [];
    let code = 0;
    for (const [i, cell] of panel.content.widgets.entries()) {
      const type = cell.model.type;
      const source = cell.model.sharedModel.getSource();
      const c = { index: i + 1, type, source };
      if (type === 'code') {
        c.code = ++code;
        c.executionCount = cell.model.executionCount ?? null;
        c.prompt = cell.node.querySelector('.jp-InputArea-prompt')?.textContent?.trim() ?? '';
        c.outputs = [];
        const children = cell.outputArea?.widgets ?? [];
        const models = cell.model.outputs.toJSON();
        for (const [j, out] of models.entries()) {
          const o = { type: out.output_type };
          if (out.output_type === 'error') Object.assign(o, { ename: out.ename, evalue: out.evalue, traceback: (out.traceback || []).join('\n') });
          if (out.output_type === 'stream') Object.assign(o, { name: out.name, text: [].concat(out.text).join('') });
          if (out.data) {
            o.mimes = Object.keys(out.data);
            o.plain = [].concat(out.data['text/plain'] ?? '').join('');
          }
          const node = children[j]?.node;
          o.text = node?.innerText ?? '';
          o.images = [];
          for (const img of node ? node.querySelectorAll('img') : []) {
            try { await img.decode(); } catch { /* reported through naturalWidth */ }
            o.images.push({ png: img.src.startsWith('data:image/png'), naturalWidth: img.naturalWidth,
              alt: img.getAttribute('alt') || img.getAttribute('title') || '' });
          }
          c.outputs.push(o);
        }
      }
      cells.push(c);
    }
    return cells;
  }, name);
}

/**
 * Chooses the course kernel in JupyterLab's "Select Kernel" dialog if one is showing; any other dialog (a file
 * that cannot be read, a kernel that died) ends the run with its text.
 */
async function answerKernelDialog(page, name, displayName) {
  const dialog = page.locator('.jp-Dialog').first();
  if (!(await dialog.count())) return false;
  const select = dialog.locator('select');
  if (!(await select.count())) {
    const text = (await dialog.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
    throw new Error(`${name}: JupyterLab shows a dialog: ${oneLine(text, 600)}`);
  }
  await select.selectOption({ label: displayName });
  await dialog.locator('.jp-mod-accept').click();
  return true;
}

/**
 * Makes sure the notebook runs on the course kernel, waits until it is idle, clicks Run → Run All Cells, and
 * waits until the kernel is idle, no cell is queued or running, and every code cell has an execution count (or
 * an error stopped the run). Returns the cells and how long the run took.
 */
export async function runAll(page, name, { kernelName, displayName, timeoutMs }) {
  const t0 = Date.now();
  let k;
  for (;;) {
    await answerKernelDialog(page, name, displayName);
    k = await kernelOf(page, name);
    // Ready: connected, kernel_info answered, not busy. JupyterLab may still say "unknown" here: the server does
    // not count the kernel_info exchange as activity, and JJava sends no status for the history request that
    // turns other kernels "idle" on opening; the first execution sets the status for real.
    if (k?.name === kernelName && k.toolbar === displayName && k.connection === 'connected' && k.info &&
        (k.status === 'idle' || k.status === 'unknown')) break;
    if (k?.name && k.name !== kernelName) {
      throw new Error(`${name}: the notebook started kernel '${k.name}' (${k.displayName}), not the course kernel '${kernelName}'`);
    }
    if (Date.now() - t0 > 90_000) {
      throw new Error(`${name}: the course kernel was not idle within 90 s (kernel ${JSON.stringify(k)})`);
    }
    await sleep(300);
  }
  const kernelReady = (Date.now() - t0) / 1000;
  const statusBefore = k.status;
  await page.locator('.lm-MenuBar-item', { hasText: /^Run$/ }).click();
  await page.locator('#jp-mainmenu-run li[role=menuitem]',
    { has: page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }) }).click();
  const started = Date.now();
  let settled = 0;
  let cells;
  for (;;) {
    await sleep(500);
    await answerKernelDialog(page, name, displayName);
    k = await kernelOf(page, name);
    cells = await cellsOf(page, name);
    const codeCells = cells.filter((c) => c.type === 'code' && c.source.trim());
    const busy = codeCells.some((c) => c.prompt.includes('*'));
    const allCounted = codeCells.every((c) => c.executionCount !== null && /\[\d+\]/.test(c.prompt));
    const errored = codeCells.some((c) => c.outputs.some((o) => o.type === 'error'));
    settled = k.status === 'idle' && !busy && (allCounted || errored) ? settled + 1 : 0;
    if (settled >= 3) break;
    if (Date.now() - started > timeoutMs) {
      const waiting = codeCells.filter((c) => c.executionCount === null || c.prompt.includes('*'));
      const err = new Error(`${name}: Run All did not finish within ${timeoutMs / 1000} s (kernel ${k.status}); ` +
        `cells not done: ${waiting.map((c) => `cell ${c.index} ${c.prompt || '[ ]'} \`${oneLine(c.source, 60)}\``).join('; ')}`);
      err.cells = cells;
      throw err;
    }
  }
  return { cells, kernelReadySeconds: kernelReady, statusBefore, runSeconds: (Date.now() - started) / 1000 };
}

/** What a learner would call wrong with a run: error and stderr outputs, code cells left without a count. */
export function problems(name, cells) {
  const out = [];
  const notRun = [];
  const where = (c) => `${name}, cell ${c.index} (code cell ${c.code}: \`${oneLine(c.source, 70)}\`)`;
  for (const c of cells.filter((x) => x.type === 'code' && x.source.trim())) {
    if (c.executionCount === null || !/\[\d+\]/.test(c.prompt)) notRun.push(c);
    for (const o of c.outputs) {
      if (o.type === 'error') {
        const tb = stripAnsi(o.traceback).split('\n').filter((l) => l.trim()).slice(0, 6).join(' | ');
        out.push(`${where(c)}: error output ${o.ename}: ${oneLine(stripAnsi(o.evalue), 300)}${tb ? ` — ${oneLine(tb, 500)}` : ''}`);
      } else if (o.type === 'stream' && o.name === 'stderr') {
        out.push(`${where(c)}: stderr output: ${oneLine(stripAnsi(o.text), 400)}`);
      }
    }
  }
  if (notRun.length && out.length) {
    out.push(`${name}: not executed after that (Run All stops at an error): cells ${notRun.map((c) => c.index).join(', ')}`);
  } else {
    for (const c of notRun) out.push(`${where(c)}: not executed (prompt '${c.prompt || '[ ]'}')`);
  }
  return out;
}

/** Every PNG drawn in the page, with the chart's title (alt text, or a bare chart's text/plain) and its cell. */
export function images(cells) {
  const found = [];
  for (const c of cells.filter((x) => x.type === 'code')) {
    for (const o of c.outputs) {
      for (const img of o.images) {
        const plain = o.plain || '';
        const title = img.alt || (plain.startsWith('[chart]') ? plain.replace(/^\[chart\]\s*/, '') : '');
        found.push({ cell: c.index, title, png: img.png, naturalWidth: img.naturalWidth });
      }
    }
  }
  return found;
}

export { oneLine };
