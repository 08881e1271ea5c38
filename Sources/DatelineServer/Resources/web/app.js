// Dateline timeline viewer. Plain JavaScript, no build step, no third-party code.
//
// Safety rules kept throughout: every string from the API reaches the page through
// textContent or an attribute set with setAttribute (never parsed as HTML); links are made only for
// http(s) URLs and open with rel="noopener noreferrer"; the token lives in sessionStorage and
// travels only in the Authorization header, never in a URL.
'use strict';

(function () {
  // Every API path this page calls. A test parses these literals and checks each one against
  // openapi.json, so the page and the API cannot drift apart.
  const ENDPOINTS = {
    entities: '/v1/entities',
    watchlists: '/v1/watchlists',
    timeline: '/v1/timeline',
    event: '/v1/events/{id}',
  };
  const KINDS = ['resignation', 'dismissal', 'appointment', 'nomination', 'agreement', 'lawsuit',
    'court_filing', 'ruling', 'charge', 'hearing', 'investigation'];
  const STATUSES = ['occurred', 'expected', 'reported', 'denied'];
  const PAGE_SIZE = 200;
  const TOKEN_KEY = 'dateline.token';
  const PRECISION_WORDS = {
    day: '', week: 'week', part_of_month: 'part of a month', month: 'month', quarter: 'quarter',
    season: 'season', year: 'year', decade: 'decade', century: 'century',
  };

  const $ = (id) => document.getElementById(id);
  let chosenEntity = null;   // {id, name}
  let nextCursor = null;
  let lastParams = null;
  let searchTimer = null;
  let searchSerial = 0;

  // ---- DOM helpers (text only) ----

  function el(tag, props, children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === null || value === undefined) continue;
        if (key === 'text') node.textContent = String(value);
        else if (key === 'className') node.className = value;
        else node.setAttribute(key, String(value));
      }
    }
    for (const child of children || []) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // A link to an article, only for http(s) URLs; otherwise the plain text.
  function sourceLink(url, label) {
    let parsed = null;
    try { parsed = url ? new URL(url) : null; } catch (e) { parsed = null; }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      return document.createTextNode(label);
    }
    return el('a', { href: parsed.href, rel: 'noopener noreferrer', target: '_blank', text: label });
  }

  function say(node, message, isError) {
    node.textContent = message || '';
    node.classList.toggle('error', Boolean(isError));
  }

  // ---- API ----

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  }

  function query(params) {
    const parts = [];
    for (const [name, value] of params) {
      parts.push(encodeURIComponent(name) + '=' + encodeURIComponent(value));
    }
    return parts.length ? '?' + parts.join('&') : '';
  }

  async function api(path, params) {
    const current = token();
    if (!current) throw new Error('Enter an API token first.');
    let response;
    try {
      response = await fetch(path + query(params || []), {
        headers: { Authorization: 'Bearer ' + current, Accept: 'application/json' },
        cache: 'no-cache',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      throw new Error('The server cannot be reached.');
    }
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      const detail = body && typeof body.detail === 'string' ? body.detail : response.statusText;
      if (response.status === 401) throw new Error('The token was refused: ' + detail);
      if (response.status === 403) throw new Error('This token may not do that: ' + detail);
      throw new Error(detail || ('HTTP ' + response.status));
    }
    if (!body || typeof body !== 'object') throw new Error('The server sent something unexpected.');
    return body;
  }

  // ---- token ----

  function showTokenState() {
    say($('token-status'), token() ? 'A token is set for this tab.' : 'No token yet.', false);
  }

  async function useToken(event) {
    event.preventDefault();
    const value = $('token').value.trim();
    $('token').value = '';
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    try {
      await loadWatchlists();
      say($('token-status'), 'Token accepted for this tab.', false);
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
      say($('token-status'), e.message, true);
    }
  }

  function forgetToken() {
    sessionStorage.removeItem(TOKEN_KEY);
    showTokenState();
  }

  // ---- pickers ----

  async function loadWatchlists() {
    const body = await api(ENDPOINTS.watchlists);
    const select = $('watchlist');
    clear(select);
    const lists = Array.isArray(body.watchlists) ? body.watchlists : [];
    if (lists.length === 0) select.appendChild(el('option', { value: '', text: '(no watchlists yet)' }));
    for (const list of lists) {
      const members = Number(list.members) || 0;
      select.appendChild(el('option', { value: String(list.name), text: list.name + ' (' + members + ' member' + (members === 1 ? '' : 's') + ')' }));
    }
  }

  function scheduleSearch() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(searchEntities, 250);
  }

  async function searchEntities() {
    const text = $('entity-search').value.trim();
    const list = $('entity-results');
    const serial = ++searchSerial;
    if (text.length < 2) { clear(list); return; }
    try {
      const body = await api(ENDPOINTS.entities, [['query', text], ['limit', '20']]);
      if (serial !== searchSerial) return;  // a newer search is under way
      clear(list);
      const entities = Array.isArray(body.entities) ? body.entities : [];
      if (entities.length === 0) list.appendChild(el('li', { text: 'No entity matches.' }));
      for (const entity of entities) {
        const button = el('button', { type: 'button', 'aria-pressed': chosenEntity && chosenEntity.id === entity.id ? 'true' : 'false' },
          [String(entity.name), ' ', el('span', { className: 'kind', text: '(' + entity.kind + ')' })]);
        button.addEventListener('click', () => chooseEntity(entity));
        list.appendChild(el('li', null, [button]));
      }
    } catch (e) {
      if (serial === searchSerial) say($('form-status'), e.message, true);
    }
  }

  function chooseEntity(entity) {
    chosenEntity = { id: entity.id, name: String(entity.name) };
    $('entity-chosen').textContent = 'Chosen: ' + chosenEntity.name + ' (' + entity.kind + ')';
    for (const button of $('entity-results').querySelectorAll('button')) button.setAttribute('aria-pressed', 'false');
    clear($('entity-results'));
    $('entity-search').value = chosenEntity.name;
    $('show').focus();
  }

  function subject() {
    const checked = document.querySelector('input[name=subject]:checked');
    return checked ? checked.value : 'entity';
  }

  function showPicker() {
    $('entity-picker').hidden = subject() !== 'entity';
    $('watchlist-picker').hidden = subject() !== 'watchlist';
  }

  function buildChecks(container, name, values) {
    for (const value of values) {
      const id = name + '-' + value;
      const box = el('input', { type: 'checkbox', id: id, value: value, name: name });
      container.appendChild(el('label', { for: id }, [box, value.replace(/_/g, ' ')]));
    }
  }

  // ---- timeline ----

  function selectionParams() {
    const params = [];
    const kind = subject();
    if (kind === 'entity') {
      if (!chosenEntity) throw new Error('Pick an entity from the search results first.');
      params.push(['entity', String(chosenEntity.id)]);
    } else if (kind === 'watchlist') {
      const name = $('watchlist').value;
      if (!name) throw new Error('Choose a watchlist (enter a token to load them).');
      params.push(['watchlist', name]);
    }
    for (const box of document.querySelectorAll('input[name=kind]:checked')) params.push(['kind', box.value]);
    for (const box of document.querySelectorAll('input[name=status]:checked')) params.push(['status', box.value]);
    if ($('from').value) params.push(['from', $('from').value]);
    if ($('to').value) params.push(['to', $('to').value]);
    const text = $('text-query').value.trim();
    if (text) params.push(['query', text]);
    params.push(['format', 'json'], ['limit', String(PAGE_SIZE)]);
    return params;
  }

  async function showTimeline(event) {
    event.preventDefault();
    let params;
    try { params = selectionParams(); } catch (e) { say($('form-status'), e.message, true); return; }
    say($('form-status'), 'Loading…', false);
    try {
      const body = await api(ENDPOINTS.timeline, params);
      lastParams = params;
      clear($('entries'));
      clear($('undated'));
      renderTimeline(body, false);
      const count = (body.entries || []).length + (body.undated || []).length;
      say($('form-status'), count === 0 ? 'No events match.' : count + ' event' + (count === 1 ? '' : 's') + (body.next_cursor ? ' so far.' : '.'), false);
      $('results').focus();
    } catch (e) {
      say($('form-status'), e.message, true);
    }
  }

  async function showMore() {
    if (!nextCursor || !lastParams) return;
    try {
      const body = await api(ENDPOINTS.timeline, lastParams.concat([['cursor', nextCursor]]));
      renderTimeline(body, true);
    } catch (e) {
      say($('form-status'), e.message, true);
    }
  }

  function renderTimeline(body, appending) {
    const title = $('timeline-title');
    title.hidden = false;
    title.textContent = String(body.title || 'Timeline');
    $('timeline-selection').textContent = body.selection ? 'Selection: ' + body.selection : '';
    for (const entry of body.entries || []) $('entries').appendChild(renderEntry(entry));
    const undated = body.undated || [];
    for (const entry of undated) $('undated').appendChild(renderEntry(entry));
    if (!appending) $('undated-section').hidden = undated.length === 0;
    else if (undated.length) $('undated-section').hidden = false;
    nextCursor = body.next_cursor || null;
    $('more').hidden = !nextCursor;
  }

  // The date as precisely as it is known: "8 April 2025", "April 2025 (month)", "2025 (year)".
  function renderDate(date) {
    if (!date) return el('span', { className: 'when', text: 'Date unknown' });
    const words = PRECISION_WORDS[date.precision];
    const time = el('time', { datetime: /^\d{4}(-\d{2}){0,2}$/.test(date.value) ? date.value : null, text: String(date.display) });
    const children = [time];
    if (words) children.push(' ', el('span', { className: 'precision', text: '(' + words + ')' }));
    return el('span', { className: 'when' }, children);
  }

  function renderEntry(entry) {
    const item = el('li');
    const article = el('article', { 'aria-label': String(entry.headline) });
    article.appendChild(renderDate(entry.date));
    article.appendChild(el('h3', { className: 'headline', text: String(entry.headline) }));
    article.appendChild(el('div', { className: 'badges' }, [
      el('span', { className: 'badge ' + (STATUSES.includes(entry.status) ? entry.status : ''), text: String(entry.status) }),
      el('span', { className: 'badge kind', text: String(entry.kind).replace(/_/g, ' ') }),
      el('span', { className: 'badge kind', text: entry.source_count + ' source' + (entry.source_count === 1 ? '' : 's') }),
    ]));
    if (entry.evidence) article.appendChild(el('blockquote', { text: String(entry.evidence) }));
    const sources = Array.isArray(entry.sources) ? entry.sources : [];
    if (sources.length) {
      const list = el('ul', { className: 'sources', 'aria-label': 'Sources' });
      for (const source of sources) list.appendChild(el('li', null, [sourceLabel(source)]));
      article.appendChild(list);
    }
    if (Array.isArray(entry.history) && entry.history.length > 1) {
      article.appendChild(el('p', { className: 'precision', text: 'Status: ' + entry.history.map((h) => h.to).join(' → ') }));
    }
    const detail = el('div', { className: 'detail', id: 'detail-' + entry.id, hidden: 'hidden' });
    const toggle = el('button', { type: 'button', className: 'link', 'aria-expanded': 'false', 'aria-controls': 'detail-' + entry.id,
      text: 'Every report and the status history' });
    toggle.addEventListener('click', () => toggleDetail(entry.id, toggle, detail));
    article.appendChild(toggle);
    article.appendChild(detail);
    item.appendChild(article);
    return item;
  }

  // "Harbor Gazette, 2026-03-09: Port authority names director" with the headline linked.
  function sourceLabel(source) {
    const span = el('span');
    const name = source.publication ? String(source.publication) : 'Unknown publication';
    span.appendChild(document.createTextNode(name + (source.published ? ', ' + source.published : '') + ': '));
    span.appendChild(sourceLink(source.url, source.headline ? String(source.headline) : (source.url ? String(source.url) : 'article ' + source.article_id)));
    return span;
  }

  async function toggleDetail(id, toggle, detail) {
    const open = toggle.getAttribute('aria-expanded') === 'true';
    if (open) {
      toggle.setAttribute('aria-expanded', 'false');
      detail.hidden = true;
      return;
    }
    toggle.setAttribute('aria-expanded', 'true');
    detail.hidden = false;
    if (detail.dataset.loaded === 'yes') return;
    clear(detail);
    detail.appendChild(el('p', { text: 'Loading…' }));
    try {
      const body = await api(ENDPOINTS.event.replace('{id}', encodeURIComponent(String(id))));
      clear(detail);
      renderDetail(detail, body);
      detail.dataset.loaded = 'yes';
    } catch (e) {
      clear(detail);
      detail.appendChild(el('p', { className: 'status error', text: e.message }));
    }
  }

  function renderDetail(detail, body) {
    const mentions = Array.isArray(body.mentions) ? body.mentions : [];
    detail.appendChild(el('h4', { text: mentions.length + ' report' + (mentions.length === 1 ? '' : 's') }));
    const list = el('ol');
    for (const m of mentions) {
      const item = el('li');
      item.appendChild(sourceLabel({ publication: m.source, published: m.published, url: m.url, headline: m.headline, article_id: m.article_id }));
      item.appendChild(el('blockquote', { text: String(m.sentence) }));
      const said = 'This report: ' + m.status + (m.date_text ? '; date as written: “' + m.date_text + '”' : '');
      item.appendChild(el('span', { className: 'precision', text: said }));
      list.appendChild(item);
    }
    detail.appendChild(list);
    const history = Array.isArray(body.history) ? body.history : [];
    if (history.length) {
      detail.appendChild(el('h4', { text: 'Status history' }));
      const steps = el('ol');
      for (const h of history) {
        const change = (h.from ? h.from + ' → ' : '') + h.to;
        const when = String(h.at).replace('T', ' ').replace('Z', ' UTC');
        steps.appendChild(el('li', { text: change + ' (' + when + ')' + (h.note ? ': ' + h.note : '') }));
      }
      detail.appendChild(steps);
    }
  }

  // ---- start ----

  function start() {
    buildChecks($('kinds'), 'kind', KINDS);
    buildChecks($('statuses'), 'status', STATUSES);
    $('token-form').addEventListener('submit', useToken);
    $('forget-token').addEventListener('click', forgetToken);
    $('timeline-form').addEventListener('submit', showTimeline);
    $('entity-search').addEventListener('input', () => {
      chosenEntity = null;
      $('entity-chosen').textContent = 'No entity chosen yet: type a name and pick one.';
      scheduleSearch();
    });
    for (const radio of document.querySelectorAll('input[name=subject]')) radio.addEventListener('change', showPicker);
    $('more').addEventListener('click', showMore);
    showPicker();
    showTokenState();
    if (token()) loadWatchlists().catch((e) => say($('token-status'), e.message, true));
  }

  document.addEventListener('DOMContentLoaded', start);
})();
