// meili-client.mjs -- the published Meilisearch JavaScript client, as an
// instant-search front end uses it, against fouille's
// /indexes/archive/search (tests/T475-api-meilisearch.sh runs it with
// BASE set): its answers must be /api/search's, in Meilisearch's shape.

import { Meilisearch, MeilisearchApiError } from 'meilisearch';
import { ok, is, like, step, finish } from './tap.mjs';

const BASE = process.env.BASE;
const index = new Meilisearch({ host: BASE }).index('archive');
const fouille = async (qs) => (await fetch(`${BASE}/api/search?${qs}`)).json();
const titles = (hits) => JSON.stringify(hits.map((h) => h.title));
const ids = (hits) => JSON.stringify(hits.map((h) => h.id).sort());

await step('a French query, accents folded', async () => {
  const r = await index.search('reunion', { limit: 5 });
  const mine = await fouille('q=r%C3%A9union&per_page=5');
  is(titles(r.hits), titles(mine.hits), 'search("reunion"): the hits of /api/search?q=réunion, in order');
  ok(r.hits.some((h) => /Réunion du bureau/.test(h.title)), 'the hits hold "Réunion du bureau…"');
  is(r.estimatedTotalHits, mine.total, 'estimatedTotalHits is /api/search\'s total');
  is(r.limit, 5, 'limit is echoed');
  is(r.offset, 0, 'offset is 0 by default');
  is(r.query, 'reunion', 'query is echoed');
  ok(Number.isInteger(r.processingTimeMs), 'processingTimeMs is a whole number');
  for (const k of ['id', 'path', 'url', 'title', 'type', 'date', 'folder', 'page'])
    ok(k in r.hits[0], `a hit has ${k}`);
  ok(!('_formatted' in r.hits[0]), 'no _formatted unless attributesToHighlight is asked');
});

await step('paging: limit/offset and hitsPerPage/page', async () => {
  const all = await index.search('subvention', { limit: 6 });
  const part = await index.search('subvention', { limit: 2, offset: 2 });
  is(titles(part.hits), titles(all.hits.slice(2, 4)), 'offset 2, limit 2: hits 3 and 4');
  const page = await index.search('subvention', { hitsPerPage: 2, page: 2 });
  is(titles(page.hits), titles(all.hits.slice(2, 4)), 'hitsPerPage 2, page 2: hits 3 and 4');
  is(page.totalHits, all.estimatedTotalHits, 'totalHits with pages');
  is(page.totalPages, Math.ceil(all.estimatedTotalHits / 2), 'totalPages');
});

await step('filters: strings and arrays', async () => {
  const pdf = await index.search('subvention', { filter: 'type = pdf', limit: 20 });
  const mine = await fouille('q=subvention&type=pdf&per_page=20');
  ok(pdf.hits.length > 0 && pdf.hits.every((h) => h.type === 'pdf'), '"type = pdf": PDF files only');
  is(ids(pdf.hits), ids(mine.hits), '"type = pdf": /api/search?type=pdf\'s files');
  const arr = await index.search('réunion', {
    filter: [['type = pdf', 'type = html'], 'year = 2022'], limit: 20 });
  const mine2 = await fouille('q=r%C3%A9union&type=pdf&type=html&year=2022&per_page=20');
  ok(mine2.total > 0, 'the sample archive has PDF or HTML files of 2022 about "réunion"');
  is(ids(arr.hits), ids(mine2.hits), '[["type = pdf", "type = html"], "year = 2022"]: inner OR, outer AND');
  const str = await index.search('réunion', {
    filter: '(type = pdf OR type = html) AND year IN [2022]', limit: 20 });
  is(ids(str.hits), ids(mine2.hits), 'the same as one string with OR, AND, IN and parentheses');
  const not = await index.search('réunion', { filter: 'type != pdf', limit: 20 });
  ok(not.hits.length > 0 && not.hits.every((h) => h.type !== 'pdf'), '"type != pdf": no PDF');
  const folder = await index.search('', { filter: "folder = 'comptes-rendus'", limit: 20 });
  ok(folder.hits.length > 0 && folder.hits.every((h) => h.folder === 'comptes-rendus'),
     'a quoted value: folder = \'comptes-rendus\'');
});

await step('facets: facetDistribution as /api/search counts them', async () => {
  const r = await index.search('subvention', { facets: ['type', 'year', 'folder'], limit: 1 });
  const mine = await fouille('q=subvention&per_page=1');
  is(JSON.stringify(r.facetDistribution), JSON.stringify(mine.facets), 'type, year and folder counts');
  const one = await index.search('subvention', { facets: ['type'], limit: 1 });
  is(JSON.stringify(Object.keys(one.facetDistribution)), '["type"]', 'only the facets asked');
  ok(!('facetStats' in r), 'no facetStats');
});

await step('attributesToHighlight: _formatted with <em>, escaped', async () => {
  const r = await index.search('réunion', { attributesToHighlight: ['title', 'snippet'], limit: 3 });
  const f = r.hits[0]._formatted;
  // Which meeting ranks first is the ranking's business; the highlight must
  // mark the word in whichever title it is, and leave the title whole.
  like(f.title, /<em>[Rr]éunion<\/em>/, 'the title\'s matching word in <em>');
  const plain = f.title.replace(/<\/?em>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  is(plain, r.hits[0].title, 'the title whole');
  like(f.snippet, /<em>[Rr]éunion<\/em>/, 'the snippet\'s matching words in <em>');
  ok(!/<mark>/.test(JSON.stringify(r.hits.map((h) => h._formatted))), 'no <mark> left');
  is(f.path, r.hits[0].path, 'a field without markup is as it is');
  const trap = await index.search('zygomatique', { attributesToHighlight: ['*'] });
  const t = trap.hits[0]._formatted.title;
  like(t, /&lt;b&gt;/, 'the title\'s own <b> is escaped');
  ok(!/<b>|<img/.test(t), 'no markup but <em> comes from a title');
  like(t, /<em>zygomatique<\/em>/i, '"*" highlights the title too');
});

await step('GET with searchGet', async () => {
  const r = await index.searchGet('subvention', { filter: 'type = pdf', facets: ['type'], limit: 3 });
  const p = await index.search('subvention', { filter: 'type = pdf', facets: ['type'], limit: 3 });
  is(titles(r.hits), titles(p.hits), 'GET answers as POST');
  is(JSON.stringify(r.facetDistribution), JSON.stringify(p.facetDistribution), 'with its facets');
});

await step('errors: MeilisearchApiError with Meilisearch\'s codes', async () => {
  const cases = [
    [{ filter: 'type = pdf OR year = 2022' }, 'invalid_search_filter', 'OR across attributes'],
    [{ filter: 'author = Claire' }, 'invalid_search_filter', 'an attribute that is not filterable'],
    [{ filter: 'year > 2020' }, 'invalid_search_filter', 'an operator not supported'],
    [{ facets: ['author'] }, 'invalid_search_facets', 'a facet that is not one'],
    [{ limit: -1 }, 'invalid_search_limit', 'a negative limit'],
  ];
  for (const [params, code, what] of cases) {
    let err;
    try {
      await index.search('x', params);
    } catch (e) {
      err = e;
    }
    ok(err instanceof MeilisearchApiError, `${what}: a MeilisearchApiError`, err);
    is(err?.cause?.code, code, `${what}: code ${code}`);
    is(err?.cause?.type, 'invalid_request', `${what}: type invalid_request`);
    is(err?.response?.status, 400, `${what}: status 400`);
    like(err?.cause?.link, /^https:\/\/docs\.meilisearch\.com\/errors#/, `${what}: a link`);
  }
});

finish();
