// archive-files.mjs -- what headless Chromium does with archive files
// served by bin/server (tests/T422-files-browser.sh starts the server,
// passes BASE, and checks every fact). One line per fact on stdout,
// "name<TAB>value"; a step that throws prints "name<TAB>error: ...".

import { chromium } from 'playwright-core';

const { BASE } = process.env;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 10000;

function fact(name, value) {
  console.log(`${name}\t${String(value).replace(/\s+/g, ' ')}`);
}
async function step(name, fn) {
  try {
    await fn();
  } catch (e) {
    fact(name, `error: ${e.message.split('\n')[0]}`);
  }
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ acceptDownloads: true });
// A cookie of the site, which no archive file may read.
await context.addCookies([{ name: 'session', value: 'secret', url: BASE }]);

async function page() {
  const p = await context.newPage();
  p.setDefaultTimeout(TIMEOUT);
  return p;
}

// An archive HTML page: no script runs, an opaque origin, its inline
// styles and the archive's images kept.
await step('html', async () => {
  const p = await page();
  const blocked = [];
  p.on('console', (m) => { if (/sandboxed/.test(m.text())) blocked.push(m.text()); });
  const r = await p.goto(`${BASE}/archive/docs/page.html`);
  fact('html.status', r.status());
  fact('html.script_ran', await p.evaluate(() => String(window.__ran)));
  fact('html.script_blocked', blocked.length > 0);
  fact('html.origin', await p.evaluate(() => self.origin));
  fact('html.cookie', await p.evaluate(() => { try { return JSON.stringify(document.cookie); } catch (e) { return e.name; } }));
  fact('html.inline_style', await p.evaluate(() => getComputedStyle(document.querySelector('p')).color));
  fact('html.image', await p.evaluate(() => document.querySelector('img').naturalWidth));
  await p.close();
});

// Files that could run script are downloads, never pages.
for (const f of ['evil.xml', 'evil.xhtml', 'logo.svg', 'app.js']) {
  await step(f, async () => {
    const p = await page();
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.goto(`${BASE}/archive/docs/${f}`).catch(() => null),
    ]);
    fact(`${f}.download`, download.suggestedFilename());
    await p.close();
  });
}

// A PDF opens inline in the browser's viewer, at #page=N.
await step('pdf', async () => {
  const p = await page();
  const r = await p.goto(`${BASE}/archive/docs/cr.pdf#page=2`);
  fact('pdf.status', r.status());
  fact('pdf.type', await p.evaluate(() => document.contentType));
  let viewer = false;
  for (let i = 0; i < 50 && !viewer; i++) {
    viewer = p.frames().some((f) => f.url().startsWith('chrome-extension://'));
    if (!viewer)
      await p.waitForTimeout(100);
  }
  fact('pdf.viewer', viewer);
  await p.close();
});

await browser.close();
