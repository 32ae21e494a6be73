// visit-pages.mjs -- the archive as a visitor meets it, in headless
// Chromium against the real bin/server (tests/T530-web-front.sh passes
// BASE and SHOTS): the front page (what the archive is, its latest
// documents, years and kinds to browse), browse views that are URLs
// (?type=pdf&sort=-date is a list, not the front page), the phone's
// filter sheet that closes on a choice and shows the results, 44 px
// targets, the number of Tab presses to the first result, a live region
// that speaks once, labels that read as sentences, French spacing
// (U+202F) and undated documents shown as « sans date ». TAP on stdout;
// screenshots in SHOTS.

import { ok, is, like, step, launch, newPage, settled, finish, consoleErrors,
  cspViolations } from './tap.mjs';

const { BASE, SHOTS } = process.env;
const NNBSP = '\u202f';
const browser = await launch();

async function frontReady(page) {
  await page.waitForFunction(() => !document.getElementById('front').hidden &&
    document.querySelectorAll('#latest li').length > 0);
}
const texts = (page, sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent));
const box = (page, sel) => page.$eval(sel, (e) => {
  const r = e.getBoundingClientRect();
  return { x: r.x, y: r.y, w: r.width, h: r.height };
});

const page = await newPage(browser);

await step('front page', async () => {
  await page.goto(`${BASE}/`);
  await frontReady(page);
  is(await page.textContent('#front-title'), 'Archive du Collectif Liens Associatifs',
    'the front page has the title its maintainer gave (.fouille.json)');
  is(await page.textContent('#front-about'),
    `Les comptes rendus, feuilles de route, lettres et articles du collectif${NNBSP}: tout ce qu'il a publié depuis 2019${NNBSP}!`,
    '... and its description, with French spacing');
  like(await page.textContent('#front-range'), /^16 documents, de 2019 à 2024\.$/,
    'it says how many documents the archive holds and the years they span');
  const latest = await texts(page, '#latest .hit-title');
  is(latest.length, 5, 'it lists the 5 latest documents');
  const dates = await page.$$eval('#latest time', (ts) => ts.map((t) => t.getAttribute('datetime')));
  ok(dates.length === 5 && dates.every((d, i) => !i || dates[i - 1] >= d),
    '... newest first', JSON.stringify(dates));
  is(await page.getAttribute('#latest-all', 'href'), './?sort=-date',
    'a link lists every document, newest first');
  const years = await page.$$eval('#years a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
  ok(years.length >= 6 && years[0][0] === './?year=2024' && /^2024\s*1 document$/.test(years[0][1]),
    'years to browse, newest first, each a URL with its count', JSON.stringify(years));
  ok(years[years.length - 1][0] === './?year=none' && /^Sans date\s*1 document$/.test(years[years.length - 1][1]),
    'undated documents are filed under « Sans date », last', JSON.stringify(years));
  const cols = await page.$$eval('#collections a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
  ok(cols.some(([href, t]) => href === './?folder=comptes-rendus' && /^Comptes rendus de réunion\s*3 documents$/.test(t)),
    'collections: the maintainer\'s title for a folder, with its count', JSON.stringify(cols));
  ok(cols.some(([href, t]) => href === './?folder=feuilles-de-route' && /^Feuilles de route\s*1 document$/.test(t)),
    '... or one made from its name', JSON.stringify(cols));
  const kinds = await page.$$eval('#kinds a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
  ok(kinds.some(([href, t]) => href === './?type=pdf' && /^Documents PDF\s*7 documents$/.test(t)),
    'kinds to browse: « Documents PDF, 7 documents »', JSON.stringify(kinds));
  ok(await page.$eval('#filters', (d) => !d.open), 'no filters on the front page');
  await page.screenshot({ path: `${SHOTS}/front-1280.png`, fullPage: true });
});

await step('browse views are URLs', async () => {
  await page.click('#kinds a[href="./?type=pdf"]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('type') === 'pdf');
  await settled(page);
  ok(await page.$eval('#front', (f) => f.hidden), 'following a kind leaves the front page');
  is(await page.textContent('#results-heading'), 'Documents PDF', 'the list says what it lists');
  ok(await page.$eval('#results-heading', (h) => !h.classList.contains('visually-hidden')),
    '... in a visible heading');
  like(await page.textContent('#status'), /^7 documents/, 'its count is in documents');
  const types = await page.$$eval('#hits .hit-meta .type', (els) => els.map((e) => e.className));
  ok(types.length === 7 && types.every((c) => c.includes('type-pdf')), 'every PDF, nothing else');
  const dates = await page.$$eval('#hits time', (ts) => ts.map((t) => t.getAttribute('datetime')));
  ok(dates.every((d, i) => !i || dates[i - 1] >= d), 'a browse view is newest first', JSON.stringify(dates));
  is(await page.inputValue('#sort'), '-date', 'and its sort control says so');
  await page.screenshot({ path: `${SHOTS}/browse-1280.png`, fullPage: true });

  const direct = await newPage(browser);
  await direct.goto(`${BASE}/?type=pdf&sort=-date`);
  await settled(direct);
  ok(await direct.$eval('#front', (f) => f.hidden) && (await direct.$$('#hits .hit')).length === 7,
    '?type=pdf&sort=-date opened directly shows the list, not the front page');
  await direct.goto(`${BASE}/?year=2023`);
  await settled(direct);
  is(await direct.textContent('#results-heading'), 'Documents de 2023', '?year=2023 lists that year');
  const years = await direct.$$eval('#hits time', (ts) => ts.map((t) => t.getAttribute('datetime').slice(0, 4)));
  ok(years.length === 3 && years.every((y) => y === '2023'), '... its 3 documents', JSON.stringify(years));
  await direct.goBack();
  await direct.context().close();
  await page.goBack();
  await frontReady(page);
  ok(true, 'back returns to the front page');
});

await step('a collection', async () => {
  await page.goto(`${BASE}/`);
  await frontReady(page);
  await page.click('#collections a[href="./?folder=comptes-rendus"]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('folder') === 'comptes-rendus');
  await settled(page);
  is(await page.textContent('#results-heading'), 'Comptes rendus de réunion', 'a collection lists under its title');
  const paths = await texts(page, '#hits .hit-path');
  ok(paths.length === 3 && paths.every((p) => p.startsWith('comptes-rendus/')), '... its 3 documents', JSON.stringify(paths));
  ok(await page.isChecked('#facet-folder input[value="comptes-rendus"]'), 'the collection filter is on');
  like(await page.getAttribute('#facet-folder input[value="comptes-rendus"]', 'aria-label'),
    /^Collection Comptes rendus de réunion, 3 documents$/, '... and reads as a sentence');
});

await step('a document\'s page', async () => {
  await page.goto(`${BASE}/?q=marchandisation&type=pdf`);
  await settled(page);
  const card = page.locator('#hits .hit-meta a').first();
  like(await card.getAttribute('aria-label'), /^Fiche du document «\u202f.+\u202f»$/, 'each hit links to its document\'s page');
  await card.click();
  await page.waitForFunction(() => new URL(location.href).searchParams.has('doc'));
  await page.waitForFunction(() => !document.getElementById('doc').hidden);
  like(await page.textContent('#doc-title'), /Financements publics/, 'the page has the document\'s title');
  ok(await page.$eval('#results', (r) => r.hidden) && await page.$eval('#front', (f) => f.hidden),
    'and nothing else');
  const facts = await page.$$eval('#doc-facts dt', (d) => d.map((x) => x.textContent));
  ok(['Date', 'Type', 'Collection', 'Ajouté le', 'Pages'].every((f) => facts.includes(f)),
    'date, kind, collection, date added, pages', JSON.stringify(facts));
  like(await page.textContent('#doc-facts'), /19 mai 2022/, 'its date in French');
  const pages = await page.$$eval('#doc-pages li a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
  ok(pages.length === 3 && pages.every(([t, h], i) => t === `Page ${i + 1}` && h.endsWith(`.pdf#page=${i + 1}`)),
    'each page, with a link opening the file there', JSON.stringify(pages));
  like((await texts(page, '#doc-pages .hit-snippet'))[0], /^Groupe de travail/, '... and its first lines');
  const similar = await texts(page, '#doc-similar .hit-title');
  ok(similar.length > 0 && !similar.some((t) => /Financements publics/.test(t)),
    'similar documents, not itself', JSON.stringify(similar));
  is(await page.evaluate(() => document.activeElement.id), 'doc-title', 'the focus is on its title');
  await page.screenshot({ path: `${SHOTS}/doc-1280.png`, fullPage: true });
  await page.click('#doc-similar .hit-title a');
  await page.waitForFunction(() => document.getElementById('doc-title').textContent !== '' &&
    !document.getElementById('doc-title').textContent.includes('Financements publics'));
  ok(true, 'a similar document opens its own page');
  await page.goBack();
  await page.waitForFunction(() => document.getElementById('doc-title').textContent.includes('Financements publics'));
  ok(true, 'back returns to the first one');
  const missing = await newPage(browser);
  await missing.goto(`${BASE}/?doc=0123456789abcdef`);
  await missing.waitForSelector('#message:not([hidden])');
  like(await missing.textContent('#message'), /n’est pas \(ou plus\) dans l’archive/, 'an unknown id says so');
  await missing.context().close();
});

await step('undated documents', async () => {
  await page.goto(`${BASE}/?q=vol%C3%A9e`);
  await settled(page);
  like(await page.textContent('#hits .hit-meta'), /sans date/,
    'a document without a date says « sans date », not a made-up date');
  await page.goto(`${BASE}/?sort=-date&page=2`);
  await settled(page);
  const last = await page.$$eval('#hits .hit-meta', (m) => m.map((x) => x.textContent));
  like(last[last.length - 1], /sans date/, 'it comes last under « plus récents d’abord »');
});

await step('French spacing', async () => {
  await page.goto(`${BASE}/?q=financements+publics`);
  await settled(page);
  const titles = await texts(page, '#hits .hit-title');
  ok(titles.some((t) => t.includes(`«${NNBSP}Financements publics${NNBSP}»`)),
    'a title\'s « » hold their words with narrow no-break spaces', JSON.stringify(titles));
  const snippets = (await texts(page, '#hits .hit-snippet')).join(' ');
  ok(!/[«] |\s[»:;?!]/.test(snippets.replace(/\u202f/g, '')) || !/ [:;?!»]|« /.test(snippets),
    'snippets have no plain space before : ; ? ! » nor after «', snippets);
  like(await page.textContent('#help'), /ainsi\u202f: financement/, 'the help\'s own text too');
});

await step('labels read as sentences', async () => {
  await page.goto(`${BASE}/?q=association`);
  await settled(page);
  like(await page.getAttribute('#facet-year input[value="2023"]', 'aria-label'),
    /^Année 2023, \d+ documents?$/, 'a year checkbox reads « Année 2023, 3 documents »');
  like(await page.getAttribute('#facet-type input[value="pdf"]', 'aria-label'),
    /^PDF, \d+ documents?$/, 'a type checkbox reads « PDF, 7 documents »');
});

await step('Tab count', async () => {
  await page.goto(`${BASE}/?q=association`);
  await settled(page);
  await page.focus('#q');
  let presses = 0;
  for (; presses < 30; presses++) {
    if (await page.evaluate(() => document.activeElement ===
      document.querySelector('#hits .hit-title a')))
      break;
    await page.keyboard.press('Tab');
  }
  ok(presses <= 3, `from the search box, ${presses} Tab presses reach the first result (at most 3)`);
});

await step('live region', async () => {
  const p = await newPage(browser);
  await p.addInitScript(() => {
    window.__spoken = [];
    document.addEventListener('DOMContentLoaded', () => {
      const live = document.getElementById('live');
      new MutationObserver(() => {
        if (live.textContent)
          window.__spoken.push(live.textContent);
      }).observe(live, { childList: true, characterData: true, subtree: true });
    });
  });
  await p.goto(`${BASE}/`);
  await frontReady(p);
  await p.focus('#q');
  await p.keyboard.type('association', { delay: 80 });
  /* Polled from here: a waitForFunction polling on animation frames can
   * starve while the page answers every key. */
  for (let i = 0; i < 100 && new URL(p.url()).searchParams.get('q') !== 'association'; i++)
    await p.waitForTimeout(100);
  await settled(p);
  await p.waitForTimeout(1600);
  const spoken = await p.evaluate(() => window.__spoken);
  /* Once when the typing stops; a loaded machine may pause more than the
   * quiet time mid-word, which may be said too: never once a key. */
  ok(spoken.length >= 1 && spoken.length <= 2,
    `typing 11 letters, the live region speaks once the results settle (${spoken.length} times)`,
    JSON.stringify(spoken));
  like(spoken[spoken.length - 1], /^Résultats 1 à 10 sur \d+$/,
    '... the final count only, without the time', spoken[spoken.length - 1]);
  is(await p.getAttribute('#status', 'role'), null, 'the visible status line is not itself live');
  await p.context().close();
});

await step('phone: the filter sheet', async () => {
  const phone = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await phone.goto(`${BASE}/?q=association`);
  await settled(phone);
  const first = await box(phone, '#hits .hit');
  ok(first.y < 740 - 100, `the first result starts on the first screen (${Math.round(first.y)} px down)`);
  ok(await phone.$eval('#filters', (d) => !d.open), 'the filters are folded away');
  const btn = await box(phone, '#filters-open');
  ok(btn.h >= 44, `their button is a 44 px target (${btn.w}×${btn.h})`);
  await phone.click('#filters-open');
  ok(await phone.$eval('#filters', (d) => d.open && d.matches(':modal')), 'it opens the filters as a sheet');
  await phone.screenshot({ path: `${SHOTS}/phone-sheet-360.png` });
  const labels = await phone.$$eval('#filters .facet label', (ls) => ls.map((l) => l.getBoundingClientRect().height));
  ok(labels.length > 0 && labels.every((h) => h >= 44), 'each choice is 44 px high', JSON.stringify(labels));
  await phone.click('#facet-type label:has(input[value="pdf"])');
  await phone.waitForFunction(() => new URL(location.href).searchParams.get('type') === 'pdf');
  await settled(phone);
  ok(await phone.$eval('#filters', (d) => !d.open), 'a choice closes the sheet');
  const hit = await box(phone, '#hits .hit');
  ok(hit.y >= 0 && hit.y < 740 - 100, `and the results show at once (${Math.round(hit.y)} px down)`);
  is(await phone.evaluate(() => document.activeElement.id), 'results-heading', 'the focus goes to the results');
  like(await phone.textContent('#filters-open'), /\(1 actif\)/, 'the button says one filter is on');
  await phone.screenshot({ path: `${SHOTS}/phone-after-choice-360.png` });
  const pages = await phone.$$eval('#hits .hit-pages a', (as) => as.map((a) => {
    const r = a.getBoundingClientRect();
    return [Math.round(r.width), Math.round(r.height)];
  }));
  ok(pages.length > 0 && pages.every(([w, h]) => w >= 44 && h >= 44),
    '« Aussi aux pages 2, 3 » links are 44×44 px targets', JSON.stringify(pages));
  await phone.focus('#q');
  let presses = 0;
  for (; presses < 30; presses++) {
    if (await phone.evaluate(() => document.activeElement ===
      document.querySelector('#hits .hit-title a')))
      break;
    await phone.keyboard.press('Tab');
  }
  ok(presses <= 4, `on a phone, ${presses} Tab presses reach the first result (at most 4)`);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  ok(width <= 360, 'nothing is wider than the screen', `scrollWidth ${width}`);
  await phone.goto(`${BASE}/`);
  await frontReady(phone);
  await phone.screenshot({ path: `${SHOTS}/front-360.png`, fullPage: true });
  const fw = await phone.evaluate(() => document.documentElement.scrollWidth);
  ok(fw <= 360, 'the front page fits a 360 px screen', `scrollWidth ${fw}`);
  await phone.context().close();
});

await step('English', async () => {
  const en = await newPage(browser, { locale: 'en-GB' });
  await en.goto(`${BASE}/`);
  await frontReady(en);
  like(await en.textContent('#front-range'), /^16 documents, from 2019 to 2024\.$/, '... with its range');
  is(await en.textContent('#front-title'), 'Archive du Collectif Liens Associatifs',
    'the maintainer\'s title stays as written');
  await en.context().close();
});

await step('no console errors', async () => {
  /* The unknown document's 404s are the browser's own report of them. */
  const errors = consoleErrors.filter((e) => !/\?doc=0123456789abcdef: .*status of 404/.test(e));
  is(errors.join('\n'), '', 'no console error and no uncaught exception');
  is(cspViolations.join('\n'), '', 'no CSP violation');
});

await browser.close();
finish();
