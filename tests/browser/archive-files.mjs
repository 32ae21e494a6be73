// archive-files.mjs -- what headless Chromium does with archive files
// served by bin/server; TAP on stdout (tap.mjs). tests/T422-files-browser.sh
// starts the server over its archive and passes BASE.

import { ok, is, step, launch, finish } from './tap.mjs';

const { BASE } = process.env;
const TIMEOUT = 10000;

const browser = await launch();
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
await step('an archive HTML page', async () => {
  const p = await page();
  const blocked = [];
  p.on('console', (m) => { if (/sandboxed/.test(m.text())) blocked.push(m.text()); });
  const r = await p.goto(`${BASE}/archive/docs/page.html`);
  is(r.status(), 200, 'an archive HTML page opens');
  is(await p.evaluate(() => String(window.__ran)), 'undefined', '... its script does not run');
  ok(blocked.length > 0, '... the browser says the sandbox blocked it');
  is(await p.evaluate(() => self.origin), 'null', '... its origin is opaque');
  is(await p.evaluate(() => { try { return JSON.stringify(document.cookie); } catch (e) { return e.name; } }),
    'SecurityError', "... it cannot read the site's cookies");
  is(await p.evaluate(() => getComputedStyle(document.querySelector('p')).color),
    'rgb(200, 0, 0)', '... its inline styles apply');
  is(await p.evaluate(() => document.querySelector('img').naturalWidth), 1,
    '... an archive image shows');
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
    is(download.suggestedFilename(), f, `${f} is downloaded, not shown`);
    await p.close();
  });
}

// A PDF opens inline in the browser's viewer, at #page=N.
await step('a PDF', async () => {
  const p = await page();
  const r = await p.goto(`${BASE}/archive/docs/cr.pdf#page=2`);
  is(r.status(), 200, 'a PDF opens');
  is(await p.evaluate(() => document.contentType), 'application/pdf', '... as a PDF');
  let viewer = false;
  for (let i = 0; i < 50 && !viewer; i++) {
    viewer = p.frames().some((fr) => fr.url().startsWith('chrome-extension://'));
    if (!viewer)
      await p.waitForTimeout(100);
  }
  ok(viewer, "... in the browser's viewer, inline (#page=2)");
  await p.close();
});

await browser.close();
finish();
