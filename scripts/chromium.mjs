// How the project starts headless Chromium (the end-to-end tests, the benchmarks and
// `npm run check-page`): Debian's, or $CHROME_PATH, without background networking (this
// machine's closed network refuses it, and a test must see only the page's own requests).

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function executablePath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}
