// tap.mjs -- what the browser drivers share: TAP lines, steps that fail
// their line instead of the run, and a Chromium whose pages report their
// console errors and CSP violations.

import { chromium } from 'playwright-core';

const TIMEOUT = 10000;
let n = 0;
let failed = 0;

export function ok(cond, name, detail) {
  n++;
  if (!cond)
    failed++;
  console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!cond && detail !== undefined)
    for (const line of String(detail).split('\n'))
      console.log(`#   ${line}`);
}
export function is(got, want, name) {
  ok(got === want, name, `got:  ${JSON.stringify(got)}\nwant: ${JSON.stringify(want)}`);
}
export function like(got, re, name) {
  ok(re.test(String(got)), name, `got:     ${JSON.stringify(got)}\npattern: ${re}`);
}
export async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    ok(false, `${name}: ran to the end`, e.stack || e);
  }
}

export const consoleErrors = [];
export const cspViolations = [];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// A page in a fresh context (French, 1280x900 unless told), watched
// unless `watch` is false (a page meant to meet errors).
export async function newPage(browser, opts = {}, watch = true) {
  const context = await browser.newContext({
    locale: 'fr-FR', viewport: { width: 1280, height: 900 }, ...opts,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  if (!watch)
    return page;
  page.on('console', (m) => {
    if (m.type() === 'error')
      consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  await page.exposeBinding('__reportCsp', (_src, v) => cspViolations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__reportCsp(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return page;
}

// Wait until the search page shows its answer (or its message).
export async function settled(page) {
  await page.waitForFunction(() => {
    const hits = document.getElementById('hits');
    const msg = document.getElementById('message');
    return !hits.hasAttribute('aria-busy') &&
      (document.getElementById('status').textContent !== '' || !msg.hidden);
  });
}

export function finish() {
  if (process.env.TAP_PLAN !== '0')
    console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}
