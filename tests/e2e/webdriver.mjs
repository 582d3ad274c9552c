// A small W3C WebDriver client (the classic HTTP protocol), to drive the three engines a
// shopper's browser runs on with one API: Chromium (chromedriver), Firefox ESR (geckodriver)
// and WebKitGTK, Safari's engine (WebKitWebDriver, in a virtual X display). Playwright drives
// Chromium for the main suite; its Firefox and WebKit need its own patched builds, so the
// engines smoke path (engines.test.mjs) speaks WebDriver to the browsers Debian ships.
//
// Installed by scripts/setup.sh: chromium-driver, firefox-esr, webkit2gtk-driver and xvfb
// from Debian, geckodriver from crates.io (into ~/.cargo/bin).

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, executablePath } from '../../scripts/chromium.mjs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export const KEY = { Enter: '\uE007', Escape: '\uE00C', Tab: '\uE004' };

/** The engines, each with its driver and capabilities. */
export const ENGINES = {
  chromium: {
    driver: () => [process.env.CHROMEDRIVER || '/usr/bin/chromedriver', (port) => [`--port=${port}`]],
    capabilities: () => ({ browserName: 'chrome', 'goog:chromeOptions': { binary: executablePath(), args: [...CHROMIUM_ARGS, '--window-size=1280,800'] } }),
  },
  firefox: {
    driver: () => [findGeckodriver(), (port) => ['--port', String(port)]],
    capabilities: () => ({ browserName: 'firefox', 'moz:firefoxOptions': { binary: process.env.FIREFOX_PATH || '/usr/lib/firefox-esr/firefox-esr', args: ['-headless', '--width=1280', '--height=800'], prefs: FIREFOX_PREFS } }),
  },
  webkit: {
    driver: () => ['/usr/bin/WebKitWebDriver', (port) => [`--port=${port}`]],
    capabilities: () => ({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] } }),
    display: true,
  },
};

// Firefox's own background traffic (updates, telemetry, remote settings) off: the page's
// requests are the only ones, as with Chromium's flags.
const FIREFOX_PREFS = {
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
};

export function findGeckodriver() {
  const candidates = [process.env.GECKODRIVER, join(process.env.CARGO_HOME || join(homedir(), '.cargo'), 'bin', 'geckodriver'), '/usr/local/bin/geckodriver', '/usr/bin/geckodriver'];
  return candidates.find((p) => p && existsSync(p)) || 'geckodriver';
}

/** WebKitGTK's MiniBrowser, in the architecture's library folder (webkit2gtk-driver's). */
function miniBrowser() {
  const dirs = readdirSync('/usr/lib').map((d) => `/usr/lib/${d}/webkit2gtk-4.1/MiniBrowser`);
  return process.env.MINIBROWSER_PATH || dirs.find((p) => existsSync(p)) || 'MiniBrowser';
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A virtual X display (Xvfb picks a free number and writes it to the pipe). */
function startDisplay() {
  return new Promise((resolve, reject) => {
    const x = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    x.once('error', reject);
    x.stdout.once('data', (d) => resolve({ display: ':' + String(d).trim(), stop: () => x.kill() }));
    setTimeout(() => reject(new Error('Xvfb did not start in 10 s')), 10000).unref();
  });
}

/** Starts `engine`'s driver and a browser session. `quit()` ends both. */
export async function launch(engine) {
  const spec = ENGINES[engine];
  const display = spec.display ? await startDisplay() : null;
  const port = await freePort();
  const [bin, args] = spec.driver();
  const env = display ? { ...process.env, DISPLAY: display.display } : process.env;
  const proc = spawn(bin, args(port), { env, stdio: 'ignore' });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.once('error', () => {});
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 15000;
  for (;;) {
    try {
      const r = await fetch(base + '/status');
      if ((await r.json()).value?.ready !== false) break;
    } catch { /* not listening yet */ }
    if (Date.now() > end || proc.exitCode !== null) {
      proc.kill();
      display?.stop();
      throw new Error(`${engine}: ${bin} did not start`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const send = async (method, path, body) => {
    const r = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30000),
    });
    const j = await r.json();
    if (j.value && j.value.error) throw new Error(`${engine} ${method} ${path}: ${j.value.error}: ${String(j.value.message).slice(0, 300)}`);
    return j.value;
  };
  const created = await send('POST', '/session', { capabilities: { alwaysMatch: spec.capabilities() } });
  return new Session(engine, created, send, async () => {
    proc.kill();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    display?.stop();
  });
}

export class Session {
  constructor(engine, created, send, stop) {
    this.engine = engine;
    this.version = `${created.capabilities.browserName} ${created.capabilities.browserVersion}`;
    this.s = `/session/${created.sessionId}`;
    this.send = send;
    this.stop = stop;
  }

  async quit() {
    try { await this.send('DELETE', this.s); } finally { await this.stop(); }
  }

  goto(url) { return this.send('POST', this.s + '/url', { url }); }
  url() { return this.send('GET', this.s + '/url'); }
  setWindow(width, height) { return this.send('POST', this.s + '/window/rect', { width, height }); }

  /** Runs `fn` (a function, or the text of its body) in the page with `args`; returns its value. */
  run(fn, ...args) {
    const script = typeof fn === 'function' ? `return (${fn}).apply(null, arguments)` : fn;
    return this.send('POST', this.s + '/execute/sync', { script, args });
  }

  /** Like `run`, for a function returning a promise. */
  runAsync(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve((${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1))).then(done, (e) => done({ error: String(e && e.message || e) }));`;
    return this.send('POST', this.s + '/execute/async', { script, args });
  }

  /** Polls `fn` in the page until it returns something truthy; throws after `ms`. */
  async waitFor(fn, what, ms = 5000, ...args) {
    const end = Date.now() + ms;
    for (;;) {
      const v = await this.run(fn, ...args);
      if (v) return v;
      if (Date.now() > end) throw new Error(`${this.engine}: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** A real click (the driver moves the pointer there) on an element `find` returns. */
  async click(find, what, ...args) {
    const el = await this.waitFor(find, what, 5000, ...args);
    if (!el[ELEMENT]) throw new Error(`${this.engine}: ${what} is not an element`);
    return this.send('POST', `${this.s}/element/${el[ELEMENT]}/click`, {});
  }

  /** Presses keys, one after another, as the keyboard would. */
  keys(...keys) {
    const actions = keys.flatMap((k) => [{ type: 'keyDown', value: k }, { type: 'keyUp', value: k }]);
    return this.send('POST', this.s + '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  /** Saves what the shopper sees, once running animations have ended and a frame is drawn. */
  async screenshot(file) {
    await this.runAsync(() => Promise.all(document.getAnimations({ subtree: true }).map((a) => a.finished))
      .then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
    writeFileSync(file, Buffer.from(await this.send('GET', this.s + '/screenshot'), 'base64'));
  }
}
