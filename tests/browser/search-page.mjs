// search-page.mjs -- drive the search page in headless Chromium as a
// visitor would, against the real bin/server; TAP on stdout.
//
// tests/T510-web-browser.sh starts the servers and passes, in the
// environment: BASE (the server over the test archive), BASE_EMPTY (a
// server whose index does not exist: 503), EMPTY_PID (that server's pid,
// stopped here to see the "unreachable" state) and SHOTS (where the
// screenshots go); with TAP_PLAN=0 the plan line is left to the script,
// which adds checks of its own. Each check is one TAP line; a step that
// throws fails its line with the error, and the next step starts from a
// fresh URL. Console errors and CSP violations are collected on every
// watched page and must stay none.

import { ok, is, like, step, launch, newPage as watchedPage, settled, finish,
  consoleErrors, cspViolations } from './tap.mjs';

const { BASE, BASE_EMPTY, EMPTY_PID, SHOTS } = process.env;
const browser = await launch();

// Each context is a fresh profile (playwright gives each launch its own
// temporary --user-data-dir). French by default.
const newPage = (opts = {}, watch = true) => watchedPage(browser, opts, watch);

const param = (page, name) => new URL(page.url()).searchParams.get(name);

async function searchFor(page, q) {
  await page.fill('#q', q);
  await page.press('#q', 'Enter');
  await page.waitForFunction((want) =>
    new URL(location.href).searchParams.get('q') === want, q);
  await settled(page);
}

// Wait until the suggestions shown are those for `typed`.
const suggestionsFor = (page, typed) => page.waitForFunction((want) => {
  const list = document.getElementById('suggestions');
  return !list.hidden && list.dataset.for === want && list.querySelector('li[role="option"]');
}, typed);

const texts = (page, sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent));

/* ---- The visit ------------------------------------------------------ */

const page = await newPage();

await step('landing', async () => {
  const res = await page.goto(`${BASE}/`);
  like(res.headers()['content-security-policy'], /default-src 'self'/,
    'the page is served under CSP default-src \'self\'');
  is(await page.getAttribute('html', 'lang'), 'fr', 'a French browser gets the French page');
  is(await page.textContent('label[for="q"]'), 'Rechercher dans l’archive',
    'the search box has its French label');
  await page.waitForFunction(() => document.getElementById('status').textContent);
  like(await page.textContent('#status'), /L’archive compte 17 documents/,
    'the landing page says how many documents the archive holds');
  ok(await page.$eval('#help', (d) => d.open), 'the syntax help is open on the landing page');
  like((await texts(page, '#help dt')).join(' '), /"appel à projets".*-europe.*financ\*.*titre:/,
    'the help shows phrases, -word, word* and titre:');
  const os = await page.getAttribute('link[rel="search"]', 'href');
  const osText = await (await page.request.get(new URL(os, BASE).href)).text();
  ok(osText.includes('template="./?q={searchTerms}"') &&
     osText.includes('type="application/x-suggestions+json"'),
  'the page links an OpenSearch description with search and suggestion URLs');
  const sugUrl = osText.match(/x-suggestions\+json"[^>]*template="([^"]+)"/)[1]
    .replace(/&amp;/g, '&').replace('{searchTerms}', 'assoc');
  const sug = await (await page.request.get(new URL(sugUrl, BASE).href)).json();
  ok(sug[0] === 'assoc' && Array.isArray(sug[1]) && sug[1].length > 0,
     'its suggestion URL answers in the OpenSearch shape [query, [completions]]', JSON.stringify(sug));
});

await step('slash and typing', async () => {
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('/');
  ok(await page.evaluate(() => document.activeElement.id === 'q'), '"/" puts the cursor in the search box');
  const before = await page.evaluate(() => history.length);
  // The first results arrive while the visitor is still typing: the
  // filters open beside them, and the cursor must stay in the box.
  await page.keyboard.type('econ', { delay: 40 });
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'econ');
  await settled(page);
  ok(await page.evaluate(() => document.getElementById('filters').open &&
    document.activeElement.id === 'q'),
  'results arriving while typing open the filters but leave the cursor in the box',
  await page.evaluate(() => `focus on #${document.activeElement.id}`));
  await page.keyboard.type('omie', { delay: 40 });
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'economie');
  await settled(page);
  is(await page.evaluate(() => history.length), before + 1,
    'typing a query adds one history entry, not one per key');
  const marks = await texts(page, '#hits .hit-snippet mark');
  ok(marks.length > 0 && marks.every((m) => m.toLowerCase() === 'économie'),
    'economie typed without accents finds "économie", highlighted with <mark>', JSON.stringify(marks));
  like(await page.textContent('#status'), /^1 résultat en [\d,]+ ms$/,
    'the number of results and the time taken are shown');
});

await step('suggestions', async () => {
  await page.fill('#q', '');
  await page.type('#q', 'associ', { delay: 30 });
  // On a slow machine a list for a shorter prefix can show first: wait
  // for the one that completes all that was typed.
  await suggestionsFor(page, 'associ');
  is(await page.getAttribute('#q', 'aria-expanded'), 'true', 'suggestions open under the box (aria-expanded)');
  const options = await texts(page, '#suggestions li');
  ok(options.length >= 2 && options.every((o) => o.startsWith('associ')),
    'suggestions complete the typed word', JSON.stringify(options));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  is(await page.getAttribute('#q', 'aria-activedescendant'), 'suggestion-1',
    'ArrowDown moves through the suggestions');
  is(await page.getAttribute('#suggestion-1', 'aria-selected'), 'true', '... and marks the option selected');
  await page.keyboard.press('ArrowUp');
  is(await page.getAttribute('#q', 'aria-activedescendant'), 'suggestion-0', 'ArrowUp moves back');
  await page.keyboard.press('Escape');
  ok(await page.$eval('#suggestions', (l) => l.hidden), 'Escape closes the suggestions');
  is(await page.inputValue('#q'), 'associ', '... and keeps what was typed');
  await page.keyboard.type('a');
  await suggestionsFor(page, 'associa');
  const first = await page.textContent('#suggestion-0');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForFunction((want) => new URL(location.href).searchParams.get('q') === want, first);
  await settled(page);
  is(await page.inputValue('#q'), first, 'Enter on a suggestion puts it in the box');
  ok((await page.$$('#hits .hit')).length > 0, '... and searches for it');
});

let page1Titles = [];
await step('pages and back', async () => {
  await searchFor(page, 'association');
  like(await page.textContent('#status'), /^Résultats 1 à 10 sur 1[6-9] en /, 'association finds more than 10 files');
  page1Titles = await texts(page, '#hits .hit-title');
  is(page1Titles.length, 10, 'ten results on page 1');
  await page.click('#pages a[rel="next"]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('page') === '2');
  await settled(page);
  like(await page.textContent('#status'), /^Résultats 11 à 1[6-9] sur /, 'page 2 shows the next results');
  is(await page.textContent('#pages [aria-current="page"]'), '2', 'the pagination marks page 2 as current');
  const page2Titles = await texts(page, '#hits .hit-title');
  ok(page2Titles.every((t) => !page1Titles.includes(t)), 'page 2 holds other files than page 1');
  await page.goBack();
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('page'));
  await settled(page);
  is(JSON.stringify(await texts(page, '#hits .hit-title')), JSON.stringify(page1Titles),
    'the back button shows page 1 again');
  is(await page.inputValue('#q'), 'association', '... with its query in the box');
});

await step('type filter', async () => {
  const pdf = page.locator('#facet-type input[value="pdf"]');
  const label = await page.textContent('#facet-type li:has(input[value="pdf"]) label');
  like(label, /PDF\s*\d+/, 'the type filter shows its count');
  await pdf.check();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('type') === 'pdf');
  await settled(page);
  const types = await page.$$eval('#hits .hit-meta .type', (els) => els.map((e) => e.className));
  ok(types.length > 0 && types.every((c) => c.includes('type-pdf')), 'filtering by PDF shows only PDFs', JSON.stringify(types));
  const count = label.match(/\d+/)[0];
  like(await page.textContent('#status'), new RegExp(`^${count} résultats`), 'the count matched the results');
  ok(await page.$('#facet-type input[value="html"]') !== null,
    'the other types stay offered, with their counts, while PDF is chosen');
  const hrefs = await page.$$eval('#hits .hit-title a', (as) => as.map((a) => a.getAttribute('href')));
  ok(hrefs.every((h) => /^\.\/archive\/.+\.pdf#page=\d+$/.test(h)), 'PDF titles link to the matching page, relative to the page', JSON.stringify(hrefs));
  const others = await page.$$eval('#hits .hit-pages a', (as) => as.map((a) => a.getAttribute('href')));
  ok(others.length > 0 && others.every((h) => /\.pdf#page=\d+$/.test(h)), '"aussi aux pages" links open the PDF at those pages', JSON.stringify(others));
  like(await page.textContent('#hits .hit-pages'), /^Aussi (aux pages|à la page) \d/, '... and say so in French');
  await page.reload();
  await settled(page);
  ok(await pdf.isChecked() && await page.inputValue('#q') === 'association',
    'a reload keeps the query and the filter');
  await page.goBack();
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('type'));
  await settled(page);
  ok(!(await pdf.isChecked()), 'back removes the filter again');
  is(JSON.stringify(await texts(page, '#hits .hit-title')), JSON.stringify(page1Titles),
    '... and shows the unfiltered results');
});

await step('sort by date', async () => {
  await page.selectOption('#sort', '-date');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === '-date');
  await settled(page);
  const dates = await page.$$eval('#hits time', (ts) => ts.map((t) => t.getAttribute('datetime')));
  ok(dates.length > 1 && dates.every((d, i) => !i || dates[i - 1] >= d), 'sorting by date puts the newest first', JSON.stringify(dates));
});

await step('did you mean', async () => {
  await page.goto(`${BASE}/`);
  await searchFor(page, 'mobilisaton');
  like(await page.textContent('#status'), /^Aucun résultat/, 'a misspelt query finds nothing');
  like(await page.textContent('#did-you-mean'), /^Vouliez-vous dire mobilisation\u202f\?$/, 'the page offers "Vouliez-vous dire mobilisation ?" (a narrow no-break space before ?)');
  like(await page.textContent('#message'), /Aucun document ne contient «\u202fmobilisaton\u202f»/, 'the empty state says nothing matched');
  await page.click('#did-you-mean a');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'mobilisation');
  await settled(page);
  ok((await page.$$('#hits .hit')).length > 0, 'following the link finds documents');
  ok(await page.$eval('#did-you-mean', (p) => p.hidden), '... and the suggestion is gone');
  is(await page.inputValue('#q'), 'mobilisation', '... and the box holds the corrected query');
});

await step('markup in titles is text', async () => {
  await page.goto(`${BASE}/?q=plateformes`);
  await settled(page);
  const titles = await texts(page, '#hits .hit-title a');
  ok(titles.includes('Pourquoi nous refusons les <script> des plateformes de financement'),
    'the title with a literal <script> is shown as text', JSON.stringify(titles));
  like((await texts(page, '#hits .hit-snippet')).join(' '), /les <script> des plateformes/,
    'the snippet shows it as text too');
  await page.goto(`${BASE}/?q=zygomatique`);
  await settled(page);
  like(await page.textContent('#hits .hit-title'), /^Piège <img src=x onerror="window.__xss=1">/,
    'a title holding an <img onerror> is shown as text');
  is(await page.$$eval('#hits script, #hits img, #hits [onerror]', (e) => e.length), 0,
    'no element came from the documents\' text');
  is(await page.evaluate(() => typeof window.__xss), 'undefined', 'and no script of theirs ran');
  const snippetTags = await page.$$eval('#hits .hit-snippet *', (e) => e.map((x) => x.localName));
  ok(snippetTags.length > 0 && snippetTags.every((t) => t === 'mark'), 'snippets hold <mark> elements and nothing else', JSON.stringify(snippetTags));
});

await step('screenshots', async () => {
  await page.goto(`${BASE}/?q=association`);
  await settled(page);
  await page.screenshot({ path: `${SHOTS}/search-1280.png`, fullPage: true });
  const phone = await newPage({ viewport: { width: 360, height: 760 }, isMobile: true, hasTouch: true });
  await phone.goto(`${BASE}/?q=financement&type=pdf`);
  await settled(phone);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  ok(width <= 360, 'nothing is wider than a 360 px screen', `scrollWidth ${width}`);
  await phone.screenshot({ path: `${SHOTS}/search-360.png` });
  await phone.setViewportSize({ width: 320, height: 700 });
  const width320 = await phone.evaluate(() => document.documentElement.scrollWidth);
  ok(width320 <= 320, 'nor wider than 320 px', `scrollWidth ${width320}`);
  await phone.goto(`${BASE}/`);
  await phone.waitForFunction(() => document.getElementById('status').textContent);
  const landing320 = await phone.evaluate(() => document.documentElement.scrollWidth);
  ok(landing320 <= 320, 'the landing page and its help fit in 320 px', `scrollWidth ${landing320}`);
  await phone.screenshot({ path: `${SHOTS}/landing-320.png` });
  await phone.context().close();
  const dark = await newPage({ colorScheme: 'dark' });
  await dark.goto(`${BASE}/?q=collectif`);
  await settled(dark);
  await dark.screenshot({ path: `${SHOTS}/search-1280-dark.png` });
  await dark.context().close();
});

await step('English', async () => {
  const en = await newPage({ locale: 'en-US' });
  await en.goto(`${BASE}/?q=economie`);
  await settled(en);
  is(await en.getAttribute('html', 'lang'), 'en', 'an English browser gets the English page');
  is(await en.textContent('label[for="q"]'), 'Search the archive', 'the label is in English');
  like(await en.textContent('#status'), /^1 result in [\d.]+ ms$/, 'so is the count');
  await en.context().close();
});

await step('no console errors', async () => {
  is(consoleErrors.join('\n'), '', 'no console error and no uncaught exception');
  is(cspViolations.join('\n'), '', 'no CSP violation');
  // The watch works: an inline handler is refused and reported.
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__xss = 1');
    img.src = '/no-such-image';
    document.body.append(img);
  });
  await page.waitForTimeout(300);
  ok(cspViolations.length > 0, 'the CSP watch does see a violation (an inline handler)');
  is(await page.evaluate(() => typeof window.__xss), 'undefined', '... and the handler did not run');
});

await step('index missing, server gone', async () => {
  const p = await newPage({}, false);
  await p.goto(`${BASE_EMPTY}/?q=association`);
  await p.waitForSelector('#message.message-wait');
  like(await p.textContent('#message'), /en cours d’indexation ou pas encore indexée/,
    'without an index the page says the archive is being indexed');
  process.kill(Number(EMPTY_PID), 'SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  await p.fill('#q', 'budget');
  await p.press('#q', 'Enter');
  await p.waitForSelector('#message.message-error');
  like(await p.textContent('#message'), /Le serveur de recherche ne répond pas/,
    'when the server is gone the page says it does not answer');
  ok(await p.$('#message button.retry') !== null, '... and offers to try again');
  await p.context().close();
});

await browser.close();
finish();
