// Lighthouse (mobile preset: simulated slow 4G, 4x CPU slowdown) on the sign-in page and on the
// signed-in overview of a running server, and Chromium's own installability check.
//
//   node lighthouse.mjs http://127.0.0.1:18190 <report folder>
//
// Writes one JSON report per page into the folder, prints the figures, and exits non-zero when
// a gate fails. Gated (issue 13 §7): performance >= 90, LCP <= 2.5 s, accessibility 100, best
// practices 100, CLS <= 0.05, installable. Reported against issue 13's targets but not gated:
// performance >= 95, LCP <= 1.8 s, TBT <= 150 ms (TBT moves with the machine's load).
//
// CARRYOVER_LIGHTHOUSE_THROTTLING=devtools applies the same throttling to the real load instead
// of simulating it from an unthrottled one. (The simulation counts every request that finished
// before the observed LCP into the LCP; the pages' loader starts the app's download only after
// the first paint, xtask/src/loader.rs, so the drawn page is priced as what it waits for: the
// page and its CSS.)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from 'playwright-core';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node lighthouse.mjs <base url> <report folder>');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * The cookies a demo customer's sign-in sets, as the browser would keep them: in its cookie jar,
 * not as a request header, so the page's own script sees the signed-in hint cookie as it does
 * for a customer (index.html draws a signed-in customer's page differently).
 */
async function signIn() {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ login: 'max@example.com', password: 'carryover-demo' }),
  });
  if (!res.ok) throw new Error(`sign-in answered ${res.status}`);
  return res.headers.getSetCookie().map((c) => {
    const [pair, ...attrs] = c.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const has = (name) => attrs.some((a) => a.toLowerCase() === name);
    return {
      name: pair.slice(0, eq),
      value: pair.slice(eq + 1),
      url: base,
      httpOnly: has('httponly'),
      sameSite: 'Strict',
    };
  });
}

/** Puts `cookies` into the jar of the Chromium that listens on `port` (Lighthouse keeps cookies). */
async function keepCookies(port, cookies) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    await browser.contexts()[0].addCookies(cookies);
  } finally {
    await browser.close();
  }
}

const GATES = [
  ['performance', (r) => r.performance >= 90, '>= 90'],
  ['LCP', (r) => r.lcp <= 2500, '<= 2.5 s'],
  ['accessibility', (r) => r.accessibility === 100, '= 100'],
  ['best practices', (r) => r.bestPractices === 100, '= 100'],
  ['CLS', (r) => r.cls <= 0.05, '<= 0.05'],
];
const TARGETS = [
  ['performance', (r) => r.performance >= 95, '>= 95'],
  ['LCP', (r) => r.lcp <= 1800, '<= 1.8 s'],
  ['TBT', (r) => r.tbt <= 150, '<= 150 ms'],
];

async function audit(name, url, cookies) {
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox'],
  });
  try {
    if (cookies) await keepCookies(chrome.port, cookies);
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        throttlingMethod: process.env.CARRYOVER_LIGHTHOUSE_THROTTLING ?? 'simulate',
      },
    );
    writeFileSync(path.join(out, `lighthouse-${name}.json`), result.report);
    const { categories: c, audits: a } = result.lhr;
    // A page that sent us elsewhere (the overview to the sign-in page) measured the wrong page.
    const landed = new URL(result.lhr.finalDisplayedUrl).pathname;
    if (landed !== new URL(url).pathname) throw new Error(`${name}: ${url} ended on ${landed}`);
    return {
      name,
      performance: Math.round(c.performance.score * 100),
      accessibility: Math.round(c.accessibility.score * 100),
      bestPractices: Math.round(c['best-practices'].score * 100),
      lcp: a['largest-contentful-paint'].numericValue,
      cls: a['cumulative-layout-shift'].numericValue,
      tbt: a['total-blocking-time'].numericValue,
    };
  } finally {
    await chrome.kill();
  }
}

/** Chromium's reasons the app could not be installed (none when it can). */
async function installabilityErrors() {
  // A profile of its own: Chromium does not install from an incognito context.
  const profile = mkdtempSync(path.join(tmpdir(), 'carryover-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromePath,
    args: ['--no-sandbox'],
  });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    return installabilityErrors.map((e) => e.errorId);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const cookies = await signIn();
const results = [await audit('sign-in', `${base}/login`, null), await audit('overview', `${base}/`, cookies)];
const installErrors = await installabilityErrors();

let failed = false;
for (const r of results) {
  const figures =
    `performance ${r.performance}, accessibility ${r.accessibility}, best practices ${r.bestPractices}, ` +
    `LCP ${(r.lcp / 1000).toFixed(2)} s, CLS ${r.cls.toFixed(3)}, TBT ${Math.round(r.tbt)} ms`;
  console.log(`    ${r.name}: ${figures}`);
  for (const [what, ok, bound] of GATES) {
    if (!ok(r)) {
      failed = true;
      console.log(`      FAILED: ${what} must be ${bound}`);
    }
  }
  const missed = TARGETS.filter(([, ok]) => !ok(r)).map(([what, , bound]) => `${what} ${bound}`);
  if (missed.length) console.log(`      not yet at target (not gated): ${missed.join(', ')}`);
}
if (installErrors.length) {
  failed = true;
  console.log(`    installable: FAILED (${installErrors.join(', ')})`);
} else {
  console.log('    installable: yes');
}
console.log(`LIGHTHOUSE ${results.map((r) => `${r.name} ${r.performance}/${r.accessibility}/${r.bestPractices}`).join(', ')}`);
process.exit(failed ? 1 : 0);
