import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { expect } from 'vitest';

const web = path.resolve(import.meta.dirname, '..');
const repo = path.resolve(web, '..');
const work = path.join(web, '.e2e');
export const artifacts = path.join(web, 'artifacts');

// chromium is Debian's Chromium (or $CHROMIUM_PATH); the browser downloads
// of the test tools are not used.
export function chromiumPath(): string | null {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  return null;
}

export type Demo = {
  url: string;
  adminKey: string;
  viewerKey: string;
  tanium: Record<string, string>;
  stop: () => void;
};

// startDemo builds rmmgraph with the e2e tag (which adds the in-memory
// test provider the console has never seen) and runs `rmmgraph demo` on a
// fresh database with Tanium left unconfigured.
export async function startDemo(): Promise<Demo> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  const bin = path.join(work, 'rmmgraph');
  execFileSync('go', ['build', '-tags', 'e2e', '-o', bin, './cmd/rmmgraph'], { cwd: repo, stdio: 'inherit' });
  const db = path.join(work, 'demo.db');
  const child: ChildProcess = spawn(bin, ['demo', '--fresh', '--database', db, '--addr', '127.0.0.1:0', '--fake-addr', '127.0.0.1:0',
    '--fake-devices', '200', '--fake-scopes', '4', '--unconfigured', 'tanium', '--log-level', 'warn'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { process.stderr.write(d); });
  const deadline = Date.now() + 60_000;
  while (!/Open the console at (\S+)\/ /.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`rmmgraph demo did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = out.match(/Open the console at (\S+)\/ /)![1];
  const adminKey = out.match(/Created tenant[^\n]*\n\s*(rmg_\S+)/)![1];
  const tanium: Record<string, string> = {};
  const block = out.split(/Tanium's fake runs at \S+ \([^)]*\); connect it with these settings:\n/)[1] ?? '';
  for (const line of block.split('\n')) {
    const m = line.match(/^ {4}(\w+): (.*)$/);
    if (!m) break;
    tanium[m[1]] = m[2];
  }
  const viewer = execFileSync(bin, ['apikey', 'create', '--name', 'e2e-viewer', '--role', 'viewer', '--database', db], { cwd: work }).toString();
  const viewerKey = viewer.match(/(rmg_\S+)/)![1];
  return { url, adminKey, viewerKey, tanium, stop: () => child.kill('SIGTERM') };
}

export async function launch(executablePath: string): Promise<Browser> {
  return puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

// newPage opens a page that lets axe-core be injected (the console's CSP
// would refuse an inline script) and fails the test on page errors.
export async function newPage(browser: Browser | Awaited<ReturnType<Browser['createBrowserContext']>>): Promise<Page> {
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  await page.setViewport({ width: 1300, height: 900 });
  page.on('pageerror', (e) => { throw e; });
  return page;
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

// waitText waits until the page shows the text.
export async function waitText(page: Page, text: string, timeout = 30_000) {
  await page.waitForFunction((t) => document.body.innerText.includes(t), { timeout }, text);
}

export function button(name: string) {
  return `::-p-aria([name="${name}"][role="button"])`;
}

export function field(name: string) {
  return `::-p-aria(${name})`;
}

export async function fill(page: Page, label: string, value: string) {
  const el = await page.waitForSelector(field(label));
  await el!.click({ count: 3 });
  await el!.type(value);
}

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

// axe runs axe-core on the page and fails on serious or critical
// violations.
export async function axe(page: Page, screen: string) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: { id: string; help: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  expect(violations.join('\n'), `axe on ${screen}`).toBe('');
}

// keyboard tabs through the page and fails unless every visible, enabled
// control receives focus.
export async function keyboard(page: Page, screen: string) {
  const total = await page.evaluate(() => {
    const els = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary')]
      .filter((el) => !(el as HTMLButtonElement).disabled && el.checkVisibility({ visibilityProperty: true })
        && (el.tagName === 'SUMMARY' || !el.closest('details:not([open])')));
    els.forEach((el, i) => el.setAttribute('data-kb', String(i)));
    (document.activeElement as HTMLElement | null)?.blur();
    return els.length;
  });
  const reached = new Set<string>();
  for (let i = 0; i < total + 15; i++) {
    await page.keyboard.press('Tab');
    const k = await page.evaluate(() => document.activeElement?.getAttribute('data-kb') ?? '');
    if (k) reached.add(k);
  }
  const missed = await page.evaluate((got: string[]) => [...document.querySelectorAll('[data-kb]')]
    .filter((el) => !got.includes(el.getAttribute('data-kb')!)).map((el) => el.outerHTML.slice(0, 120)), [...reached]);
  expect(missed.join('\n'), `controls on ${screen} that Tab never reaches`).toBe('');
}

// gql runs a query as the given key, for checks the UI does not show.
export async function gql<T>(demo: Demo, key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${demo.url}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}
