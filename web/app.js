/* app.js -- the search page: state in the URL, the JSON API, rendering.
 *
 * Design: the page has one state { q, types, folders, years, sort, page },
 * and the URL is its only store (/?q=…&type=pdf&year=2022&sort=-date&page=2),
 * so a result page can be shared, bookmarked and reloaded, and the back
 * button restores it (popstate). Three views come from it: the front page
 * (no state at all: what the archive is, its latest documents, its
 * collections, years and kinds to browse), a list (a query, or only
 * filters: ?folder=comptes-rendus and ?type=pdf&sort=-date are browse
 * views, newest first), and a document's page (?doc=ID: its facts, the
 * start of each page with a link opening the file there, and similar
 * documents). A new search pushes a history entry; while a
 * person types, the first debounced change pushes and the following ones
 * replace that same entry. Each search aborts the previous request and
 * carries a sequence number, so a late answer never overwrites a newer one.
 *
 * Every text a visitor reads comes from STRINGS (French, or English when the
 * browser prefers it) and reaches the page through textContent. The only
 * markup that comes from the server, the snippet, is parsed inertly and
 * rebuilt from its text and <mark> elements alone (snippetFragment).
 * Text from the documents (titles, snippets) gets French spacing: a narrow
 * no-break space before : ; ? ! and inside « » (frSpaces).
 *
 * Filters are a <dialog>: shown in place beside the results on a wide
 * screen, a modal sheet over them on a narrow one, which closes itself
 * after a choice so the results show. They come after the results in the
 * tab order. A polite live region says the count once the results have
 * settled (ANNOUNCE_MS after the last change), not at every keystroke.
 * No inline script, style or handler anywhere: the server's CSP is
 * default-src 'self'.
 */
'use strict';

/* ---- Strings ------------------------------------------------------- */

/* One table, one entry per language; a function takes what varies. */
const STRINGS = {
  fr: {
    pageTitle: 'Archive du collectif – recherche',
    pageTitleQuery: (q) => `${q} – recherche dans l’archive`,
    skip: 'Aller aux résultats',
    siteTitle: 'Archive du collectif',
    searchLabel: 'Rechercher dans l’archive',
    searchButton: 'Rechercher',
    searchHint: 'Accents et majuscules sont facultatifs. Touche / pour revenir ici.',
    suggestionsLabel: 'Suggestions',
    filtersLabel: 'Filtres et tri',
    filtersSummary: (n) => n ? `Filtres et tri (${n} actif${n > 1 ? 's' : ''})` : 'Filtres et tri',
    filtersClose: 'Voir les résultats',
    facetFolder: 'Collection',
    noDate: 'sans date',
    noDateFacet: 'Sans date',
    added: (d) => `ajouté le ${d}`,
    docsCount: (n) => n === 1 ? '1 document' : `${fmtInt(n)} documents`,
    yearName: (y) => y === 'none' ? 'Sans date' : `Année ${y}`,
    folderName: (t) => `Collection ${t}`,
    facetLabel: (what, n) => `${what}, ${n === 1 ? '1 document' : `${fmtInt(n || 0)} documents`}`,
    latestHeading: 'Derniers documents',
    latestAll: 'Tous les documents, du plus récent au plus ancien',
    collectionsHeading: 'Collections',
    yearsHeading: 'Années',
    kindsHeading: 'Types de documents',
    frontTitle: 'Parcourir l’archive',
    frontRange: (n, from, to) => from === to ?
      `${n === 1 ? '1 document' : `${fmtInt(n)} documents`}, de ${from}.` :
      `${n === 1 ? '1 document' : `${fmtInt(n)} documents`}, de ${from} à ${to}.`,
    browseAll: 'Tous les documents',
    browseYear: (y) => y === 'none' ? 'Documents sans date' : `Documents de ${y}`,
    browseType: (t) => t,
    browseMany: 'Documents choisis',
    typeNames: { pdf: 'Documents PDF', html: 'Pages web', text: 'Textes', image: 'Images',
      document: 'Documents de traitement de texte', spreadsheet: 'Tableurs',
      presentation: 'Présentations' },
    docOpen: 'Ouvrir le document',
    docPages: 'Pages',
    docSimilar: 'Documents semblables',
    docCard: 'fiche',
    docCardLabel: (t) => `Fiche du document «\u202f${t}\u202f»`,
    docFacts: { date: 'Date', type: 'Type', folder: 'Collection', added: 'Ajouté le',
      size: 'Taille', pages: 'Pages', author: 'Auteur', path: 'Fichier' },
    dateFrom: { metadata: 'd’après ses métadonnées', filename: 'd’après son nom',
      text: 'd’après son texte' },
    pageN1: (n) => `Page ${n}`,
    docMissing: 'Ce document n’est pas (ou plus) dans l’archive.',
    sortLabel: 'Trier par',
    sortRelevance: 'pertinence',
    sortNewest: 'date, plus récents d’abord',
    sortOldest: 'date, plus anciens d’abord',
    facetType: 'Type',
    facetYear: 'Année',
    clearFilters: 'Retirer les filtres',
    resultsHeading: 'Résultats',
    pagesLabel: 'Pages de résultats',
    previous: '‹ Précédente',
    next: 'Suivante ›',
    pageN: (n) => `Page ${n}`,
    types: { pdf: 'PDF', html: 'Page web', text: 'Texte', image: 'Image',
      document: 'Document', spreadsheet: 'Tableur', presentation: 'Présentation' },
    slideOf: (p, n) => n ? `diapositive ${p} sur ${n}` : `diapositive ${p}`,
    alsoSlides: (n) => n === 1 ? 'Aussi à la diapositive ' : 'Aussi aux diapositives ',
    ocr: 'texte reconnu automatiquement',
    ocrTitle: 'Ce texte a été lu dans une image (numérisation, photo) : des mots peuvent être mal reconnus.',
    count: (n) => n === 0 ? 'Aucun résultat' :
      n === 1 ? '1 résultat' : `${fmtInt(n)} résultats`,
    range: (from, to, n) => `Résultats ${fmtInt(from)} à ${fmtInt(to)} sur ${fmtInt(n)}`,
    took: (ms) => `en ${fmtMs(ms)} ms`,
    didYouMean: ['Vouliez-vous dire ', '\u202f?'],
    pageOf: (p, n) => n ? `page ${p} sur ${n}` : `page ${p}`,
    pagesCount: (n) => n === 1 ? '1 page' : `${fmtInt(n)} pages`,
    alsoPages: (n) => n === 1 ? 'Aussi à la page ' : 'Aussi aux pages ',
    size: (bytes) => bytes < 1024 ? `${fmtInt(bytes)} o` :
      bytes < 1048576 ? `${fmtInt(Math.round(bytes / 1024))} Ko` :
        `${fmtMs(bytes / 1048576)} Mo`,
    welcome: (n) => n === 1 ? 'L’archive compte 1 document. Tapez un mot pour chercher.' :
      `L’archive compte ${fmtInt(n)} documents. Tapez un mot pour chercher.`,
    welcomePlain: 'Tapez un mot pour chercher dans l’archive.',
    noResults: (q) => `Aucun document ne contient «\u202f${q}\u202f».`,
    wordsLeftOut: (left, kept) =>
      `Aucun document ne contient «\u202f${left}\u202f» ; résultats pour «\u202f${kept}\u202f».`,
    noResultsFiltered: 'Aucun document ne correspond avec ces filtres.',
    noResultsTips: 'Vérifiez l’orthographe, essayez un mot plus général, un début de mot suivi de *, ou retirez des filtres.',
    unavailable: 'L’archive est en cours d’indexation ou pas encore indexée\u202f: nouvel essai automatique dans quelques secondes.',
    unreachable: 'Le serveur de recherche ne répond pas. Vérifiez votre connexion, puis réessayez.',
    badQuery: 'Cette recherche n’a pas pu être comprise\u202f:',
    failed: 'La recherche a échoué. Réessayez dans un instant.',
    retry: 'Réessayer',
    helpTitle: 'Aide à la recherche',
    helpPhraseEx: '"appel à projets"',
    helpPhrase: 'ces mots côte à côte, dans cet ordre',
    helpExcludeEx: 'subvention -europe',
    helpExclude: 'sans les documents qui contiennent «\u202feurope\u202f»',
    helpPrefixEx: 'financ*',
    helpPrefix: 'les mots qui commencent ainsi\u202f: financement, financer…',
    helpTitleEx: 'titre:livret',
    helpTitleField: 'le mot dans le titre du document',
    helpOrEx: 'chorale OR kakémono',
    helpOr: 'l’un ou l’autre (OR, AND, NOT en majuscules)',
    helpSlash: 'place le curseur dans la boîte de recherche',
    helpAccents: 'Plusieurs mots\u202f: les documents qui les contiennent tous. Accents, majuscules et pluriels ne comptent pas\u202f: «\u202feconomie\u202f» trouve «\u202féconomie\u202f».',
  },
  en: {
    pageTitle: 'Collective’s archive – search',
    pageTitleQuery: (q) => `${q} – archive search`,
    skip: 'Skip to results',
    siteTitle: 'Collective’s archive',
    searchLabel: 'Search the archive',
    searchButton: 'Search',
    searchHint: 'Accents and capitals are optional. Press / to come back here.',
    suggestionsLabel: 'Suggestions',
    filtersLabel: 'Filters and sorting',
    filtersSummary: (n) => n ? `Filters and sorting (${n} on)` : 'Filters and sorting',
    filtersClose: 'Show the results',
    facetFolder: 'Collection',
    noDate: 'undated',
    noDateFacet: 'Undated',
    added: (d) => `added on ${d}`,
    docsCount: (n) => n === 1 ? '1 document' : `${fmtInt(n)} documents`,
    yearName: (y) => y === 'none' ? 'Undated' : `Year ${y}`,
    folderName: (t) => `Collection ${t}`,
    facetLabel: (what, n) => `${what}, ${n === 1 ? '1 document' : `${fmtInt(n || 0)} documents`}`,
    latestHeading: 'Latest documents',
    latestAll: 'All documents, newest first',
    collectionsHeading: 'Collections',
    yearsHeading: 'Years',
    kindsHeading: 'Kinds of documents',
    frontTitle: 'Browse the archive',
    frontRange: (n, from, to) => from === to ?
      `${n === 1 ? '1 document' : `${fmtInt(n)} documents`}, from ${from}.` :
      `${n === 1 ? '1 document' : `${fmtInt(n)} documents`}, from ${from} to ${to}.`,
    browseAll: 'All documents',
    browseYear: (y) => y === 'none' ? 'Undated documents' : `Documents of ${y}`,
    browseType: (t) => t,
    browseMany: 'Chosen documents',
    typeNames: { pdf: 'PDF documents', html: 'Web pages', text: 'Texts', image: 'Images',
      document: 'Word-processor documents', spreadsheet: 'Spreadsheets',
      presentation: 'Presentations' },
    docOpen: 'Open the document',
    docPages: 'Pages',
    docSimilar: 'Similar documents',
    docCard: 'details',
    docCardLabel: (t) => `Details of “${t}”`,
    docFacts: { date: 'Date', type: 'Kind', folder: 'Collection', added: 'Added on',
      size: 'Size', pages: 'Pages', author: 'Author', path: 'File' },
    dateFrom: { metadata: 'from its metadata', filename: 'from its name',
      text: 'from its text' },
    pageN1: (n) => `Page ${n}`,
    docMissing: 'This document is not (or no longer) in the archive.',
    sortLabel: 'Sort by',
    sortRelevance: 'relevance',
    sortNewest: 'date, newest first',
    sortOldest: 'date, oldest first',
    facetType: 'Type',
    facetYear: 'Year',
    clearFilters: 'Remove filters',
    resultsHeading: 'Results',
    pagesLabel: 'Result pages',
    previous: '‹ Previous',
    next: 'Next ›',
    pageN: (n) => `Page ${n}`,
    types: { pdf: 'PDF', html: 'Web page', text: 'Text', image: 'Image',
      document: 'Document', spreadsheet: 'Spreadsheet', presentation: 'Presentation' },
    slideOf: (p, n) => n ? `slide ${p} of ${n}` : `slide ${p}`,
    alsoSlides: (n) => n === 1 ? 'Also on slide ' : 'Also on slides ',
    ocr: 'text read automatically',
    ocrTitle: 'This text was read from an image (a scan, a photo): some words may be misread.',
    count: (n) => n === 0 ? 'No results' :
      n === 1 ? '1 result' : `${fmtInt(n)} results`,
    range: (from, to, n) => `Results ${fmtInt(from)} to ${fmtInt(to)} of ${fmtInt(n)}`,
    took: (ms) => `in ${fmtMs(ms)} ms`,
    didYouMean: ['Did you mean ', '?'],
    pageOf: (p, n) => n ? `page ${p} of ${n}` : `page ${p}`,
    pagesCount: (n) => n === 1 ? '1 page' : `${fmtInt(n)} pages`,
    alsoPages: (n) => n === 1 ? 'Also on page ' : 'Also on pages ',
    size: (bytes) => bytes < 1024 ? `${fmtInt(bytes)} B` :
      bytes < 1048576 ? `${fmtInt(Math.round(bytes / 1024))} KB` :
        `${fmtMs(bytes / 1048576)} MB`,
    welcome: (n) => n === 1 ? 'The archive holds 1 document. Type a word to search.' :
      `The archive holds ${fmtInt(n)} documents. Type a word to search.`,
    welcomePlain: 'Type a word to search the archive.',
    noResults: (q) => `No document contains “${q}”.`,
    wordsLeftOut: (left, kept) => `No document contains “${left}”; results for “${kept}”.`,
    noResultsFiltered: 'No document matches with these filters.',
    noResultsTips: 'Check the spelling, try a more general word, the start of a word followed by *, or remove filters.',
    unavailable: 'The archive is being indexed or has not been indexed yet: trying again in a few seconds.',
    unreachable: 'The search server does not answer. Check your connection, then try again.',
    badQuery: 'This search could not be understood:',
    failed: 'The search failed. Please try again in a moment.',
    retry: 'Try again',
    helpTitle: 'Search help',
    helpPhraseEx: '"appel à projets"',
    helpPhrase: 'these words side by side, in this order',
    helpExcludeEx: 'subvention -europe',
    helpExclude: 'leaving out the documents that contain “europe”',
    helpPrefixEx: 'financ*',
    helpPrefix: 'words that start so: financement, financer…',
    helpTitleEx: 'title:livret',
    helpTitleField: 'the word in the document’s title',
    helpOrEx: 'chorale OR kakémono',
    helpOr: 'either one (OR, AND, NOT in capitals)',
    helpSlash: 'puts the cursor in the search box',
    helpAccents: 'Several words: the documents that contain them all. Accents, capitals and plurals do not matter: “economie” finds “économie”.',
  },
};

/* French unless the first French or English language the browser lists
 * is English. */
function langPick(langs) {
  for (const l of langs || []) {
    const base = String(l).toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en')
      return base;
  }
  return 'fr';
}

const LANG = langPick(navigator.languages && navigator.languages.length ?
  navigator.languages : [navigator.language]);
const T = STRINGS[LANG];
const LOCALE = LANG === 'fr' ? 'fr-FR' : 'en-GB';

function fmtInt(n) {
  return new Intl.NumberFormat(LOCALE).format(n);
}

function fmtMs(ms) {
  return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: ms < 10 ? 1 : 0 })
    .format(ms);
}

/* French spacing in a document's text: a narrow no-break space (U+202F)
 * where a plain one stood before : ; ? ! », and inside « » whether a
 * space stood there or not, so that they never end or start a line. */
function frSpaces(text) {
  return String(text)
    .replace(/[ \u00a0]+([:;?!»])/g, '\u202f$1')
    .replace(/«[ \u00a0]*/g, '«\u202f')
    .replace(/([^ \u00a0\u202f])»/g, '$1\u202f»');
}

/* "2022-05-19" -> "19 mai 2022"; anything else is shown as it is. */
function fmtDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m)
    return iso || '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeZone: 'UTC' })
    .format(d);
}

/* ---- Constants and elements ---------------------------------------- */

const DEBOUNCE_MS = 150;
const RETRY_MS = 5000;     /* after a 503: the index is being built */
const PAGE_WINDOW = 2;     /* page links shown on each side of the current */
const WIDE = window.matchMedia('(min-width: 52rem)');   /* as in style.css */
const TYPE_ORDER = ['pdf', 'html', 'text', 'document', 'spreadsheet', 'presentation',
  'image'];
const ANNOUNCE_MS = 1000;  /* quiet time before the live region speaks */
const FRONT_LATEST = 5;    /* documents listed on the front page */

const $ = (id) => document.getElementById(id);
const el = {
  form: $('search'), q: $('q'), list: $('suggestions'), home: $('home'),
  help: $('help'), layout: $('layout'), filters: $('filters'), sort: $('sort'),
  typeList: document.querySelector('#facet-type ul'),
  yearList: document.querySelector('#facet-year ul'),
  typeBox: $('facet-type'), yearBox: $('facet-year'),
  folderList: document.querySelector('#facet-folder ul'), folderBox: $('facet-folder'),
  filtersOpen: $('filters-open'), filtersClose: $('filters-close'), live: $('live'),
  results: $('results'), doc: $('doc'), docTitle: $('doc-title'), docFacts: $('doc-facts'),
  docOpen: $('doc-open'), docPages: $('doc-pages'), docSimilar: $('doc-similar'),
  front: $('front'), frontTitle: $('front-title'), frontAbout: $('front-about'),
  frontRange: $('front-range'), latest: $('latest'), latestAll: $('latest-all'),
  collections: $('collections'), years: $('years'), kinds: $('kinds'),
  clear: $('clear-filters'), heading: $('results-heading'), status: $('status'),
  dym: $('did-you-mean'), message: $('message'), hits: $('hits'), pages: $('pages'),
};

/* h('a', { href: '/', class: 'x' }, 'text', child…): an element whose
 * attributes are set with setAttribute and whose text children become
 * text nodes; never markup. */
function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {}))
    if (v !== null && v !== undefined && v !== false)
      node.setAttribute(k, v === true ? '' : String(v));
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/* ---- State and URL ------------------------------------------------- */

const SORTS = ['', 'date', '-date'];

const EMPTY_STATE = { q: '', types: [], folders: [], years: [], sort: '', page: 1, doc: '' };

function stateFromUrl(href) {
  const p = new URL(href).searchParams;
  const page = parseInt(p.get('page') || '1', 10);
  const sort = p.get('sort') || '';
  return {
    q: p.get('q') || '',
    types: p.getAll('type').filter((t) => TYPE_ORDER.includes(t)),
    folders: p.getAll('folder').filter((f) => f && f.length <= 255 && !f.includes('/')),
    years: p.getAll('year').filter((y) => /^(\d{4}|none)$/.test(y)),
    sort: SORTS.includes(sort) ? sort : '',
    page: page >= 1 && page <= 1000 ? page : 1,
    doc: /^[0-9a-f]{8,64}$/.test(p.get('doc') || '') ? p.get('doc') : '',
  };
}

function filtered(s) {
  return s.types.length > 0 || s.folders.length > 0 || s.years.length > 0;
}

/* The front page: nothing asked, nothing chosen. */
function isFront(s) {
  return !s.doc && !s.q.trim() && !filtered(s) && !s.sort && s.page === 1;
}

/* A list without a query is a browse view: newest first unless asked. */
function effectiveSort(s) {
  return s.sort || (s.q.trim() ? '' : '-date');
}

/* The query string shared by the page's URL and /api/search. */
function stateParams(s) {
  const p = new URLSearchParams();
  if (s.doc) {
    p.set('doc', s.doc);
    return p;
  }
  if (s.q)
    p.set('q', s.q);
  for (const t of s.types)
    p.append('type', t);
  for (const f of s.folders)
    p.append('folder', f);
  for (const y of s.years)
    p.append('year', y);
  if (s.sort)
    p.set('sort', s.sort);
  if (s.page > 1)
    p.set('page', String(s.page));
  return p;
}

/* The same for /api/search, with the browse view's default sort. */
function apiParams(s) {
  const p = stateParams(s);
  if (!s.sort && effectiveSort(s))
    p.set('sort', effectiveSort(s));
  return p;
}

function stateUrl(s) {
  const qs = stateParams(s).toString();
  return qs ? `./?${qs}` : './';
}

function stateWith(s, changes) {
  return { ...s, page: 1, ...changes };
}

/* ---- History ------------------------------------------------------- */

let current = stateFromUrl(location.href);
let typingEntry = false;   /* the current history entry belongs to typing */

/* Show state s: 'push' a new history entry, 'replace' the current one,
 * or 'none' (popstate, first load); `typing` while the box is typed in. */
function go(s, mode, typing) {
  const url = stateUrl(s);
  if (mode === 'push' && url !== location.pathname + location.search)
    history.pushState(null, '', url);
  else if (mode !== 'none')
    history.replaceState(null, '', url);
  current = s;
  syncControls(s);
  search(s, typing);
}

/* A committed search: a new entry. From the box (Enter, a suggestion)
 * the entry typing made, if any, becomes the committed one instead. */
function commit(s, fromBox) {
  const mode = fromBox && typingEntry ? 'replace' : 'push';
  typingEntry = false;
  go(s, mode);
}

/* A search while typing: the first change pushes, the next ones replace. */
function typed(s) {
  const mode = typingEntry ? 'replace' : 'push';
  typingEntry = true;
  go(s, mode, true);
}

window.addEventListener('popstate', () => {
  typingEntry = false;
  cancelTyping();
  suggestClose();
  go(stateFromUrl(location.href), 'none');
});

/* ---- Searching ----------------------------------------------------- */

let searchSeq = 0;
let searchAbort = null;
let retryTimer = 0;

/* Fetch JSON; resolves to { status, body } (body null when not JSON),
 * rejects on network failure or abort. */
async function getJson(url, signal) {
  const res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    if (signal && signal.aborted)
      throw e;
  }
  return { status: res.status, body };
}

/* While typing, the last word is also a prefix (partial=1: every start of
 * a word finds something), and an answer without hits leaves the results
 * shown until a better one comes: no "no results" flashing at each key. */
async function search(s, typing) {
  const seq = ++searchSeq;
  if (searchAbort)
    searchAbort.abort();
  clearTimeout(retryTimer);
  const ctl = new AbortController();
  searchAbort = ctl;
  document.title = s.q ? T.pageTitleQuery(s.q) : T.pageTitle;
  el.layout.classList.toggle('landing', isFront(s) || !!s.doc);
  el.front.hidden = !isFront(s);
  el.doc.hidden = true;
  el.results.hidden = !!s.doc;
  if (s.doc) {
    showDocument(s, seq, ctl.signal);
    return;
  }
  if (isFront(s)) {
    showLanding(seq, ctl.signal);
    return;
  }
  el.hits.setAttribute('aria-busy', 'true');
  try {
    /* The server counts each facet without its own filter, so choosing
     * "PDF" still shows how many web pages match. */
    const partial = typing ? '&partial=1' : '';
    const r = await getJson(`api/search?${apiParams(s)}${partial}`, ctl.signal);
    if (seq !== searchSeq)
      return;
    const empty = r.status !== 200 || !r.body || !(r.body.hits || []).length;
    if (typing && empty && el.hits.children.length)
      return;
    if (r.status === 200 && r.body) {
      showResults(s, r.body, r.body.facets || {});
    } else {
      showFailure(s, seq, r.status, r.body);
    }
  } catch (e) {
    if (seq !== searchSeq || e.name === 'AbortError')
      return;
    showFailure(s, seq, 0, null);
  } finally {
    if (seq === searchSeq)
      el.hits.removeAttribute('aria-busy');
  }
}

/* ---- Rendering: page states ---------------------------------------- */

function clearResults() {
  el.hits.replaceChildren();
  el.hits.removeAttribute('aria-label');
  el.pages.replaceChildren();
  el.pages.hidden = true;
  el.dym.hidden = true;
  el.message.hidden = true;
  el.message.replaceChildren();
  el.status.textContent = '';
}

function showMessage(kind, ...children) {
  el.message.className = `message message-${kind}`;
  el.message.replaceChildren(...children);
  el.message.hidden = false;
}

function retryButton() {
  const b = h('button', { type: 'button', class: 'retry' }, T.retry);
  b.addEventListener('click', () => search(current));
  return b;
}

/* The front page: how many documents there are and the help, then what
 * the archive is (its maintainer's words from /api/stats "archive"), its
 * latest documents, and its collections, years and kinds to browse (the
 * facets of the list of every document). */
async function showLanding(seq, signal) {
  clearResults();
  filtersShow(false);
  el.help.open = true;
  let r, list;
  try {
    [r, list] = await Promise.all([getJson('api/stats', signal),
      getJson(`api/search?sort=-date&per_page=${FRONT_LATEST}`, signal)]);
  } catch (e) {
    if (seq === searchSeq && e.name !== 'AbortError')
      showMessage('error', h('p', null, T.unreachable), retryButton());
    return;
  }
  if (seq !== searchSeq)
    return;
  if (r.status === 200 && r.body && Number.isInteger(r.body.documents))
    el.status.textContent = T.welcome(r.body.documents);
  else if (r.status === 503)
    showUnavailable(seq);
  else
    el.status.textContent = T.welcomePlain;
  if (list.status === 200 && list.body)
    renderFront(r.status === 200 && r.body ? r.body.archive || {} : {}, list.body);
  else
    el.front.hidden = true;
}

/* A browse link: a same-page link to the list of state s. */
function browseLink(s, ...children) {
  const a = h('a', { href: stateUrl(s) }, ...children);
  a.addEventListener('click', (ev) => followLink(ev, s));
  return a;
}

/* One entry of a browse list: "Comptes rendus  3 documents". */
function browseItem(s, label, count) {
  return h('li', null, browseLink(s, h('span', { class: 'browse-name' }, label),
    h('span', { class: 'count' }, T.docsCount(count))));
}

/* "comptes-rendus" -> "Comptes rendus" when the maintainer gave no title. */
function folderTitle(archive, name) {
  const titles = archive && typeof archive.collections === 'object' ? archive.collections : {};
  if (titles && typeof titles[name] === 'string' && titles[name])
    return titles[name];
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words ? words[0].toLocaleUpperCase(LOCALE) + words.slice(1) : name;
}

let archiveInfo = {};

function renderFront(archive, res) {
  archiveInfo = archive || {};
  const facets = res.facets || {};
  const total = Number(res.total) || 0;
  el.frontTitle.textContent = typeof archive.title === 'string' && archive.title ?
    archive.title : T.frontTitle;
  el.frontAbout.textContent = typeof archive.description === 'string' ?
    frSpaces(archive.description) : '';
  el.frontAbout.hidden = !el.frontAbout.textContent;
  const years = Object.keys(facets.year || {}).filter((y) => /^\d{4}$/.test(y)).sort();
  el.frontRange.textContent = years.length ?
    T.frontRange(total, years[0], years[years.length - 1]) : '';
  el.frontRange.hidden = !years.length;

  const hits = Array.isArray(res.hits) ? res.hits : [];
  el.latest.replaceChildren(...hits.map((hit) => h('li', null, renderHit(hit, 'h4'))));
  el.latestAll.href = stateUrl({ ...EMPTY_STATE, sort: '-date' });
  el.latestAll.onclick = (ev) => followLink(ev, { ...EMPTY_STATE, sort: '-date' });
  $('front-latest').hidden = !hits.length;

  const folders = Object.entries(facets.folder || {})
    .sort((a, b) => folderTitle(archive, a[0]).localeCompare(folderTitle(archive, b[0]), LOCALE));
  el.collections.replaceChildren(...folders.map(([name, n]) =>
    browseItem({ ...EMPTY_STATE, folders: [name] }, folderTitle(archive, name), n)));
  $('front-collections').hidden = !folders.length;

  const yearList = Object.entries(facets.year || {})
    .sort((a, b) => (a[0] === 'none') - (b[0] === 'none') || b[0].localeCompare(a[0]));
  el.years.replaceChildren(...yearList.map(([y, n]) =>
    browseItem({ ...EMPTY_STATE, years: [y] }, y === 'none' ? T.noDateFacet : y, n)));
  $('front-years').hidden = !yearList.length;

  const kinds = Object.entries(facets.type || {})
    .sort((a, b) => TYPE_ORDER.indexOf(a[0]) - TYPE_ORDER.indexOf(b[0]));
  el.kinds.replaceChildren(...kinds.map(([t, n]) =>
    browseItem({ ...EMPTY_STATE, types: [t] }, T.typeNames[t] || t, n)));
  $('front-kinds').hidden = !kinds.length;
  el.front.hidden = false;
}

function showUnavailable(seq) {
  showMessage('wait', h('p', null, T.unavailable), retryButton());
  retryTimer = setTimeout(() => {
    if (seq === searchSeq)
      search(current);
  }, RETRY_MS);
}

function showFailure(s, seq, status, body) {
  clearResults();
  filtersShow(false);
  if (status === 503) {
    showUnavailable(seq);
  } else if (status === 0) {
    showMessage('error', h('p', null, T.unreachable), retryButton());
  } else if (status === 400) {
    const why = body && body.error && body.error.message ? body.error.message : '';
    showMessage('error', h('p', null, T.badQuery, ' ', h('code', null, why)));
  } else {
    showMessage('error', h('p', null, T.failed), retryButton());
  }
}

function showResults(s, res, facets) {
  clearResults();
  const hits = Array.isArray(res.hits) ? res.hits : [];
  const total = Number(res.total) || 0;
  const perPage = Number(res.per_page) || 10;
  const first = (s.page - 1) * perPage + 1;

  el.help.open = false;
  const count = total > hits.length && hits.length ?
    T.range(first, first + hits.length - 1, total) :
    s.q.trim() ? T.count(total) : T.docsCount(total);
  el.status.textContent = count +
    (typeof res.took_ms === 'number' ? ` ${T.took(res.took_ms)}` : '');
  announce(count);
  showBrowseHeading(s);
  if (res.suggestion)
    showDidYouMean(s, res.suggestion);
  if (hits.length && Array.isArray(res.ignored_words) && res.ignored_words.length)
    showWordsLeftOut(s.q, res.ignored_words);
  if (!hits.length) {
    const parts = [h('p', null, total ? T.count(0) :
      filtered(s) || !s.q.trim() ? T.noResultsFiltered : T.noResults(s.q)),
    h('p', null, T.noResultsTips)];
    showMessage('empty', ...parts);
  }
  el.hits.setAttribute('start', String(first));
  el.hits.append(...hits.map((hit) => renderHit(hit)));
  renderFacets(s, facets, total);
  renderPages(s, total, perPage);
}

/* ---- The document page --------------------------------------------- */

/* "fr" dates of a Unix time: "2 décembre 2026". */
function fmtTime(t) {
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeZone: 'UTC' })
    .format(new Date(t * 1000));
}

async function showDocument(s, seq, signal) {
  clearResults();
  filtersShow(false);
  el.help.open = false;
  let r, sim;
  try {
    [r, sim] = await Promise.all([getJson(`api/documents/${s.doc}`, signal),
      getJson(`api/documents/${s.doc}/similar`, signal)]);
  } catch (e) {
    if (seq === searchSeq && e.name !== 'AbortError') {
      el.results.hidden = false;
      showMessage('error', h('p', null, T.unreachable), retryButton());
    }
    return;
  }
  if (seq !== searchSeq)
    return;
  if (r.status !== 200 || !r.body) {
    el.results.hidden = false;
    if (r.status === 503)
      showUnavailable(seq);
    else
      showMessage(r.status === 404 ? 'empty' : 'error',
        h('p', null, r.status === 404 ? T.docMissing : T.failed));
    return;
  }
  renderDocument(r.body, sim.status === 200 && sim.body ? sim.body.hits : []);
}

function renderDocument(d, similar) {
  const title = frSpaces(d.title || d.path || '?');
  document.title = `${title} – ${T.siteTitle}`;
  el.docTitle.textContent = title;
  const facts = [];
  const fact = (name, ...value) => facts.push(h('dt', null, T.docFacts[name]), h('dd', null, ...value));
  if (d.date)
    fact('date', h('time', { datetime: d.date }, fmtDate(d.date)),
      T.dateFrom[d.date_source] ? ` (${T.dateFrom[d.date_source]})` : '');
  else
    fact('date', h('span', { class: 'no-date' }, T.noDate));
  fact('type', T.types[d.type] || d.type || '?');
  if (d.folder)
    fact('folder', browseLink({ ...EMPTY_STATE, folders: [d.folder] }, folderTitle(archiveInfo, d.folder)));
  if (d.author)
    fact('author', frSpaces(d.author));
  if (d.date_added)
    fact('added', h('time', { datetime: d.date_added }, fmtDate(d.date_added)));
  if (d.pages > 1)
    fact('pages', T.pagesCount(d.pages));
  if (typeof d.size === 'number')
    fact('size', T.size(d.size));
  fact('path', h('code', null, d.path || ''));
  el.docFacts.replaceChildren(...facts);
  const href = d.url ? safeHref(d.url) : null;
  el.docOpen.hidden = !href;
  if (href)
    el.docOpen.href = href;
  const starts = Array.isArray(d.page_starts) ? d.page_starts : [];
  el.docPages.replaceChildren(...starts.map((p) => h('li', null,
    h('a', { href: p.page && href ? pageHref(d.url, p.page) : href || '#' },
      p.page ? T.pageN1(p.page) : T.docOpen),
    h('p', { class: 'hit-snippet' }, snippetFragment(p.text || '')))));
  $('doc-pages-box').hidden = !starts.length;
  const sims = Array.isArray(similar) ? similar : [];
  el.docSimilar.replaceChildren(...sims.map((hit) => h('li', null, renderHit(hit, 'h4'))));
  $('doc-similar-box').hidden = !sims.length;
  el.doc.hidden = false;
  el.docTitle.focus({ preventScroll: true });
}

/* Say `text` in the live region once the results stop changing: a query
 * typed letter by letter is announced once, with its count only. */
let announceTimer = 0;
function announce(text) {
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    el.live.textContent = '';
    requestAnimationFrame(() => { el.live.textContent = text; });
  }, ANNOUNCE_MS);
}

/* A browse view (no query) shows what it lists as its heading. */
function showBrowseHeading(s) {
  const browse = !s.q.trim();
  el.heading.classList.toggle('visually-hidden', !browse);
  if (!browse) {
    el.heading.textContent = T.resultsHeading;
    return;
  }
  const parts = [...s.folders.map((f) => folderTitle(archiveInfo, f)),
    ...s.types.map((t) => T.typeNames[t] || t), ...s.years.map((y) => T.browseYear(y))];
  el.heading.textContent = parts.length === 1 ? parts[0] :
    parts.length ? parts.join(' · ') : T.browseAll;
  document.title = `${el.heading.textContent} – ${T.siteTitle}`;
}

/* A word as the index folds it: lower case, no accents, no elision. */
function foldWord(w) {
  return w.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/, '');
}

/* The answer left out words no document holds: say which, and what the
 * results are for. */
function showWordsLeftOut(q, ignored) {
  const words = q.trim().split(/\s+/);
  const out = words.filter((w) => ignored.includes(foldWord(w)));
  const kept = words.filter((w) => !ignored.includes(foldWord(w)));
  showMessage('partial', h('p', null,
    T.wordsLeftOut((out.length ? out : ignored).join(' '), kept.join(' '))));
}

function showDidYouMean(s, suggestion) {
  const a = h('a', { href: stateUrl(stateWith(s, { q: suggestion })) }, suggestion);
  a.addEventListener('click', (ev) => followLink(ev, stateWith(s, { q: suggestion })));
  el.dym.replaceChildren(T.didYouMean[0], a, T.didYouMean[1]);
  el.dym.hidden = false;
}

/* A same-page link: a plain click becomes a committed search; a middle
 * click or Ctrl-click keeps opening a new tab. */
function followLink(ev, s) {
  if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey)
    return;
  ev.preventDefault();
  el.q.value = s.q;
  commit(s);
}

/* ---- Rendering: one hit -------------------------------------------- */

/* The server's snippet is HTML-escaped text with <mark> elements. Parse
 * it inertly (DOMParser runs no script and loads nothing) and rebuild it
 * from text nodes and fresh <mark> elements only; any other element is
 * reduced to its text. */
function snippetFragment(html) {
  const doc = new DOMParser().parseFromString(`<!DOCTYPE html><body>${html}`, 'text/html');
  const frag = document.createDocumentFragment();
  for (const node of doc.body.childNodes) {
    if (node.nodeType === Node.TEXT_NODE)
      frag.append(frSpaces(node.data));
    else if (node.nodeType === Node.ELEMENT_NODE && node.localName === 'mark')
      frag.append(h('mark', null, node.textContent));
    else if (node.nodeType === Node.ELEMENT_NODE)
      frag.append(node.textContent);
  }
  return frag;
}

/* The link as the server gave it, if it leads to this site or a plain
 * http(s) one; anything else (javascript:, data:) is none. */
/* The API's links start at the server's root ("/archive/…"), or at the
 * prefix a trusted proxy gave it ("/recherche/archive/…"); the page may be
 * served under a prefix by a reverse proxy (/recherche/), so they are made
 * relative to the page ("./archive/…"), like every other address it
 * uses. */
function safeHref(url) {
  try {
    url = String(url);
    const folder = location.pathname.replace(/[^/]*$/, '');
    if (folder !== '/' && url.startsWith(`${folder}archive/`))
      url = `./${url.slice(folder.length)}`;
    else if (url.startsWith('/') && !url.startsWith('//'))
      url = `.${url}`;
    const u = new URL(url, location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? url : null;
  } catch (e) {
    return null;
  }
}

function pageHref(url, page) {
  return safeHref(`${String(url).split('#')[0]}#page=${page}`);
}

/* One hit as an <li> of the results (or, with `heading`, the inside of
 * one for another list: the front page's latest documents). */
function renderHit(hit, heading) {
  const href = hit.url ? safeHref(hit.url) : null;
  const title = frSpaces(hit.title || hit.path || '?');
  const meta = [];
  meta.push(h('span', { class: `type type-${hit.type || 'other'}` },
    (T.types[hit.type] || hit.type || '?')));
  if (hit.date)
    meta.push(h('time', { datetime: hit.date }, fmtDate(hit.date)));
  else
    meta.push(h('span', { class: 'no-date' }, T.noDate));
  if (hit.type === 'pdf' && hit.page)
    meta.push(h('span', null, T.pageOf(hit.page, hit.pages)));
  else if (hit.type === 'presentation' && hit.page)
    meta.push(h('span', null, T.slideOf(hit.page, hit.pages)));
  else if (hit.pages > 1)
    meta.push(h('span', null, T.pagesCount(hit.pages)));
  if (typeof hit.size === 'number')
    meta.push(h('span', null, T.size(hit.size)));
  if (hit.ocr === true)
    meta.push(h('span', { class: 'ocr', title: T.ocrTitle }, T.ocr));

  /* In a list of documents (front page, similar ones) the title leads to
   * the document's page; in results, to the file at its page, and a
   * "fiche" link to the document's page. */
  const card = hit.id ? { ...EMPTY_STATE, doc: String(hit.id) } : null;
  let link = href && !heading ? h('a', { href }, title) : null;
  if (heading && card)
    link = browseLink(card, title);
  if (!heading && card)
    meta.push(browseLink(card, T.docCard));
  if (card && !heading)
    meta[meta.length - 1].setAttribute('aria-label', T.docCardLabel(title));
  const li = h(heading ? 'div' : 'li', { class: 'hit' },
    h(heading || 'h3', { class: 'hit-title' }, link || title),
    h('p', { class: 'hit-meta' }, ...meta.flatMap((m, i) => i ? [' · ', m] : [m])));
  if (heading)
    return li;
  if (hit.snippet)
    li.append(h('p', { class: 'hit-snippet' }, snippetFragment(hit.snippet)));
  if (href && Array.isArray(hit.other_pages) && hit.other_pages.length)
    li.append(renderOtherPages(hit));
  if (hit.path && !heading)
    li.append(h('p', { class: 'hit-path' }, hit.path));
  return li;
}

/* Other matching pages: links to a PDF's pages; a presentation's slides
 * as numbers (no viewer opens a slide from its address). */
function renderOtherPages(hit) {
  const slides = hit.type === 'presentation';
  const p = h('p', { class: 'hit-pages' },
    (slides ? T.alsoSlides : T.alsoPages)(hit.other_pages.length));
  hit.other_pages.forEach((n, i) => {
    if (slides)
      p.append(i ? `, ${n}` : String(n));
    else
      p.append(h('a', { href: pageHref(hit.url, n), 'aria-label': T.pageN(n) }, String(n)));
  });
  return p;
}

/* ---- Rendering: filters and pages ---------------------------------- */

function facetItems(counts, selected, order) {
  const names = new Set([...Object.keys(counts || {}), ...selected]);
  return [...names].sort(order).map((name) => ({
    name, count: counts && name in counts ? counts[name] : null,
    checked: selected.includes(name),
  }));
}

const FACET_KEYS = { type: 'types', folder: 'folders', year: 'years' };

/* Checkboxes that read as sentences: "Année 2026, 1 document". A choice
 * closes the phone's sheet and shows the results. */
function renderFacetList(list, group, items, label, spoken) {
  list.replaceChildren(...items.map((it) => {
    const box = h('input', { type: 'checkbox', name: group, value: it.name,
      checked: it.checked, 'aria-label': T.facetLabel(spoken(it.name), it.count) });
    box.addEventListener('change', () => {
      const key = FACET_KEYS[group];
      const chosen = box.checked ? [...current[key], it.name] :
        current[key].filter((v) => v !== it.name);
      commit(stateWith(current, { [key]: chosen }));
      filtersChosen();
    });
    return h('li', null, h('label', null, box, ' ', label(it.name),
      it.count === null ? null : h('span', { class: 'count' }, fmtInt(it.count))));
  }));
}

function renderFacets(s, facets, total) {
  filtersShow(total > 0 || filtered(s));
  const typeOrder = (a, b) => (TYPE_ORDER.indexOf(a) + 99 * !TYPE_ORDER.includes(a)) -
    (TYPE_ORDER.indexOf(b) + 99 * !TYPE_ORDER.includes(b)) || a.localeCompare(b);
  const types = facetItems(facets.type, s.types, typeOrder);
  /* Newest first, "sans date" last. */
  const years = facetItems(facets.year, s.years,
    (a, b) => (a === 'none') - (b === 'none') || b.localeCompare(a));
  const folders = facetItems(facets.folder, s.folders,
    (a, b) => folderTitle(archiveInfo, a).localeCompare(folderTitle(archiveInfo, b), LOCALE));
  renderFacetList(el.typeList, 'type', types, (n) => T.types[n] || n, (n) => T.types[n] || n);
  renderFacetList(el.folderList, 'folder', folders, (n) => folderTitle(archiveInfo, n),
    (n) => T.folderName(folderTitle(archiveInfo, n)));
  renderFacetList(el.yearList, 'year', years, (n) => n === 'none' ? T.noDateFacet : n,
    (n) => T.yearName(n));
  el.typeBox.hidden = !types.length;
  el.folderBox.hidden = !folders.length;
  el.yearBox.hidden = !years.length;
  el.clear.hidden = !filtered(s);
  el.filtersOpen.textContent = T.filtersSummary(s.types.length + s.folders.length +
    s.years.length + (s.sort ? 1 : 0));
}

function pageLink(s, n, text, attrs) {
  const target = { ...s, page: n };
  const a = h('a', { href: stateUrl(target), ...attrs }, text);
  a.addEventListener('click', (ev) => {
    followLink(ev, target);
    if (ev.defaultPrevented) {
      window.scrollTo(0, 0);
      el.heading.focus({ preventScroll: true });
    }
  });
  return a;
}

/* Previous, 1 … 4 5 [6] 7 8 … 20, Next. */
function renderPages(s, total, perPage) {
  const last = Math.min(Math.ceil(total / perPage), 1000);
  if (last <= 1)
    return;
  const items = [];
  if (s.page > 1)
    items.push(pageLink(s, s.page - 1, T.previous, { rel: 'prev', class: 'step' }));
  let gap = false;
  for (let n = 1; n <= last; n++) {
    if (n === 1 || n === last || Math.abs(n - s.page) <= PAGE_WINDOW) {
      items.push(n === s.page ?
        h('span', { 'aria-current': 'page', class: 'current' }, String(n)) :
        pageLink(s, n, String(n), { 'aria-label': T.pageN(n) }));
      gap = false;
    } else if (!gap) {
      items.push(h('span', { class: 'gap', 'aria-hidden': 'true' }, '…'));
      gap = true;
    }
  }
  if (s.page < last)
    items.push(pageLink(s, s.page + 1, T.next, { rel: 'next', class: 'step' }));
  el.pages.replaceChildren(h('ul', null, ...items.map((it) => h('li', null, it))));
  el.pages.hidden = false;
}

function syncControls(s) {
  if (el.q.value !== s.q)
    el.q.value = s.q;
  el.sort.value = effectiveSort(s);
}

/* ---- Typing and suggestions (ARIA combobox) ------------------------ */

let typingTimer = 0;
let suggestTimer = 0;
let suggestSeq = 0;
let suggestAbort = null;
let suggestItems = [];
let suggestActive = -1;

function cancelTyping() {
  clearTimeout(typingTimer);
  clearTimeout(suggestTimer);
}

function suggestClose() {
  suggestSeq++;
  if (suggestAbort)
    suggestAbort.abort();
  suggestItems = [];
  suggestActive = -1;
  el.list.replaceChildren();
  delete el.list.dataset.for;
  el.list.hidden = true;
  el.q.setAttribute('aria-expanded', 'false');
  el.q.removeAttribute('aria-activedescendant');
}

function suggestRender() {
  el.list.replaceChildren(...suggestItems.map((text, i) => {
    const li = h('li', { id: `suggestion-${i}`, role: 'option',
      'aria-selected': i === suggestActive ? 'true' : 'false' }, text);
    /* Keep the focus in the box: a press on the list must not blur it. */
    li.addEventListener('mousedown', (ev) => ev.preventDefault());
    li.addEventListener('click', () => suggestPick(i));
    return li;
  }));
  const open = suggestItems.length > 0;
  el.list.hidden = !open;
  el.q.setAttribute('aria-expanded', open ? 'true' : 'false');
  if (suggestActive >= 0)
    el.q.setAttribute('aria-activedescendant', `suggestion-${suggestActive}`);
  else
    el.q.removeAttribute('aria-activedescendant');
}

async function suggestFetch(text) {
  const seq = ++suggestSeq;
  if (suggestAbort)
    suggestAbort.abort();
  const ctl = new AbortController();
  suggestAbort = ctl;
  try {
    const r = await getJson(`api/suggest?${new URLSearchParams({ q: text })}`, ctl.signal);
    if (seq !== suggestSeq || document.activeElement !== el.q || el.q.value !== text)
      return;
    const list = r.status === 200 && r.body && Array.isArray(r.body.suggestions) ?
      r.body.suggestions.filter((x) => typeof x === 'string' && x !== text) : [];
    suggestItems = list;
    suggestActive = -1;
    el.list.dataset.for = text;   /* what the list completes (tests wait on it) */
    suggestRender();
  } catch (e) {
    /* Suggestions are a help, not a need: a failure shows none. */
  }
}

function suggestMove(delta) {
  if (!suggestItems.length)
    return;
  const n = suggestItems.length;
  suggestActive = suggestActive < 0 ? (delta > 0 ? 0 : n - 1) :
    (suggestActive + delta + n) % n;
  suggestRender();
  const li = $(`suggestion-${suggestActive}`);
  if (li)
    li.scrollIntoView({ block: 'nearest' });
}

function suggestPick(i) {
  const text = suggestItems[i];
  suggestClose();
  cancelTyping();
  el.q.value = text;
  commit(stateWith(current, { q: text }), true);
}

el.q.addEventListener('input', () => {
  const text = el.q.value;
  cancelTyping();
  typingTimer = setTimeout(() => {
    if (text !== current.q)
      typed(stateWith(current, { q: text }));
  }, DEBOUNCE_MS);
  if (text.trim())
    suggestTimer = setTimeout(() => suggestFetch(text), DEBOUNCE_MS);
  else
    suggestClose();
});

el.q.addEventListener('keydown', (ev) => {
  if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
    if (!suggestItems.length)
      return;
    ev.preventDefault();
    suggestMove(ev.key === 'ArrowDown' ? 1 : -1);
  } else if (ev.key === 'Enter' && suggestActive >= 0) {
    ev.preventDefault();
    suggestPick(suggestActive);
  } else if (ev.key === 'Escape' && !el.list.hidden) {
    ev.preventDefault();   /* close the list; do not clear the box */
    suggestClose();
  }
});

el.q.addEventListener('blur', () => suggestClose());

el.form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  cancelTyping();
  suggestClose();
  commit(stateWith(current, { q: el.q.value }), true);
});

/* ---- Other controls ------------------------------------------------ */

el.sort.addEventListener('change', () => {
  commit(stateWith(current, { sort: el.sort.value }));
  filtersChosen();
});

el.clear.addEventListener('click', () => {
  commit(stateWith(current, { types: [], folders: [], years: [] }));
  filtersChosen();
});

el.home.addEventListener('click', (ev) => {
  followLink(ev, EMPTY_STATE);
  if (ev.defaultPrevented)
    el.q.focus();
});

/* "/" anywhere but in a text field puts the cursor in the search box. */
document.addEventListener('keydown', (ev) => {
  if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey)
    return;
  const t = ev.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))
    return;
  ev.preventDefault();
  el.q.focus();
  el.q.select();
});

/* ---- Start --------------------------------------------------------- */

/* Fill the static page's texts: data-i18n names a string for the
 * element's text, data-i18n-aria-label one for its aria-label, and
 * data-example a sample query that becomes a link to its search. */
function translatePage() {
  document.documentElement.lang = LANG;
  for (const node of document.querySelectorAll('[data-i18n]'))
    node.textContent = T[node.dataset.i18n];
  for (const node of document.querySelectorAll('[data-i18n-aria-label]'))
    node.setAttribute('aria-label', T[node.dataset.i18nAriaLabel]);
  for (const node of document.querySelectorAll('[data-example]')) {
    const q = T[node.dataset.example];
    const target = { ...EMPTY_STATE, q };
    node.textContent = q;
    node.href = stateUrl(target);
    node.addEventListener('click', (ev) => followLink(ev, target));
  }
}

/* ---- Filters: in place or a sheet ---------------------------------- */

let filtersWanted = false;   /* the current list has filters to offer */

/* On a wide screen the dialog is shown in place (non-modal) whenever
 * there are filters; on a narrow one it stays closed behind its button
 * until asked for, then opens as a modal sheet. In place, it is opened
 * by its open attribute, not show(): show() runs the dialog focusing
 * steps, which would take the focus from the search box to the sort
 * menu when the first results arrive while the visitor is still typing
 * (the rest of the word would then go to the menu). */
function filtersShow(wanted) {
  filtersWanted = wanted;
  const wide = WIDE.matches;
  el.filtersOpen.hidden = !wanted || wide;
  if (wide && wanted && !el.filters.open)
    el.filters.setAttribute('open', '');
  else if (wide && !wanted && el.filters.open)
    el.filters.close();
  else if (!wide && el.filters.open && (!wanted || !filtersModal()))
    el.filters.close();
}

function filtersModal() {
  return el.filters.open && el.filters.matches(':modal');
}

/* After a choice in the sheet: close it, and take the focus to the
 * results, which its closing uncovers. */
function filtersChosen() {
  if (!filtersModal())
    return;
  el.filters.close();
  el.heading.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function filtersLayout() {
  if (filtersModal())
    el.filters.close();
  filtersShow(filtersWanted);
}

el.filtersOpen.addEventListener('click', () => {
  if (el.filters.open)
    el.filters.close();
  el.filters.showModal();
  el.filtersOpen.setAttribute('aria-expanded', 'true');
});
el.filters.addEventListener('close', () => {
  el.filtersOpen.setAttribute('aria-expanded', 'false');
});
el.filtersClose.addEventListener('click', () => {
  el.filters.close();
  el.heading.focus({ preventScroll: true });
});

translatePage();
el.filtersOpen.setAttribute('aria-expanded', 'false');
WIDE.addEventListener('change', filtersLayout);
el.q.value = current.q;
go(current, 'none');
if (!current.q)
  el.q.focus();
