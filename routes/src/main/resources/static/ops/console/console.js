// Bawaba operations console: plain JavaScript against the hub's /ops/v1 API (docs/console.md).
'use strict';

(() => {
  // Relative to the page, so the console keeps working behind a proxy that mounts the hub under a prefix.
  const API = new URL('../v1', document.baseURI).pathname;
  const REFRESH_MS = 5000;
  // the operator's access token lives in this tab only (sessionStorage): closing it signs out
  const TOKEN_KEY = 'bawaba.ops-token';
  const STATUS_KEEP = 6;
  // what RFC 6750 allows a bearer token to be made of
  const TOKEN_CHARS = /^[A-Za-z0-9\-._~+/]+=*$/;
  const NO_TOKEN = 'paste an access token with scope ops:read (and ops:write to act) into Access token';

  const state = {
    connectors: [],
    renderedConnectors: null,
    renderedAudit: null,
    openPanels: new Set(),
    panels: new Map(),        // entityId -> <tr> of its dead-letter panel, kept across re-renders
    deadLetters: new Map(),   // entityId -> {json, data, error}
    pending: new Set(),       // "<action>:<target>" while a call is under way
    refreshing: false,
    again: false,
    timer: null,
  };

  class ConsoleError extends Error {
    constructor(title, detail, status) {
      super(detail ? `${title}: ${detail}` : title);
      this.title = title;
      this.detail = detail || '';
      this.status = status;
    }
  }

  // ---- small DOM helpers (text only: nothing from the API is ever parsed as HTML)

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'data') Object.entries(value).forEach(([k, v]) => { node.dataset[k] = v; });
      else if (key === 'testid') node.dataset.testid = value;
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function badge(kind, value, testid) {
    return el('span', { class: `badge ${kind}-${value}`, testid, title: value }, value);
  }

  function time(iso) {
    if (!iso) return el('span', { class: 'muted' }, '—');
    const date = new Date(iso);
    const text = Number.isNaN(date.getTime())
      ? iso
      : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
    return el('time', { datetime: iso, title: iso }, text);
  }

  function names(entityId) {
    const c = state.connectors.find((x) => x.entityId === entityId);
    return (c && c.names && (c.names.en || c.names.ar)) || entityId;
  }

  // ---- the API

  function token() {
    return document.getElementById('token').value.trim().replace(/^Bearer\s+/i, '');
  }

  // What the token says of itself, only to show it: the hub checks its signature, this page cannot.
  function claims(jwt) {
    try {
      const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const bytes = Uint8Array.from(atob(part + '='.repeat((4 - (part.length % 4)) % 4)), (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      return null;
    }
  }

  function showTokenState(kind, text) {
    const area = document.getElementById('token-state');
    area.className = `token-state ${kind}`;
    area.dataset.kind = kind;
    area.textContent = text;
  }

  function describeToken() {
    const c = claims(token());
    if (!c) return 'token accepted';
    const who = c.preferred_username || c.sub || 'unknown';
    const scopes = Array.isArray(c.scp) ? c.scp.join(' ') : (c.scope || c.scp || 'no scopes');
    const until = c.exp ? ` · until ${new Date(c.exp * 1000).toLocaleTimeString()}` : '';
    return `signed in as ${who} · ${scopes}${until}`;
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    const bearer = token();
    if (!bearer) throw new ConsoleError('Not signed in', NO_TOKEN, 401);
    if (!TOKEN_CHARS.test(bearer)) {
      throw new ConsoleError('Token cannot be sent', 'an access token is made of letters, digits and -._~+/ only', 401);
    }
    headers.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(API + path, {
        method,
        headers,
        cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ConsoleError('Hub unreachable', e.message);
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!response.ok) {
      // problem+json (RFC 9457) carries title and detail; anything else is shown as it came.
      let title = (json && json.title) || `HTTP ${response.status}`;
      let detail = (json && json.detail) || (json ? '' : text.slice(0, 300));
      if (response.status === 401) {
        title = 'Signed out: the hub refused the token';
        detail = `${detail}; ${NO_TOKEN}`;
      } else if (response.status === 403 && json && json.type && json.type.endsWith('/insufficient-scope')) {
        title = 'Not allowed with this token';
      }
      throw new ConsoleError(title, detail, response.status);
    }
    return json;
  }

  const enc = encodeURIComponent;

  // ---- status area

  function showStatus(kind, title, detail) {
    const area = document.getElementById('status');
    const stamp = new Date().toLocaleTimeString();
    const message = el('div', { class: `message ${kind}`, testid: 'status-message', data: { kind } },
      el('span', { class: 'stamp' }, stamp),
      el('strong', { class: 'title', dir: 'auto' }, title),
      detail ? el('span', { class: 'detail', dir: 'auto' }, detail) : null,
      el('button', { type: 'button', class: 'dismiss', title: 'Dismiss', 'aria-label': 'Dismiss' }, '×'));
    area.prepend(message);
    while (area.children.length > STATUS_KEEP) area.lastElementChild.remove();
  }

  function showError(error) {
    if (error instanceof ConsoleError) showStatus('error', error.title, error.detail);
    else showStatus('error', 'Console error', String(error && error.message ? error.message : error));
  }

  // ---- entities table

  function connectorRow(c) {
    const id = c.entityId;
    const n = c.names || {};
    return el('tr', { data: { entity: id, health: c.health, state: c.state }, class: `health-${c.health}` },
      el('td', { class: 'entity' },
        el('div', { class: 'name-ar', lang: 'ar', dir: 'auto', testid: `name-ar-${id}` }, n.ar || ''),
        el('div', { class: 'name-en', lang: 'en', dir: 'auto', testid: `name-en-${id}` }, n.en || ''),
        el('code', { class: 'entity-id' }, id)),
      healthCell(c),
      stateCell(c),
      syncCell(c),
      applicationsCell(c),
      failuresCell(c),
      actionsCell(c));
  }

  function healthCell(c) {
    // a disabled definition's problems usually reappear inside its health reasons; show each text once
    const given = c.healthReasons || [];
    const reasons = [...given, ...(c.problems || []).filter((p) => !given.some((r) => r.includes(p)))];
    return el('td', { class: 'health' },
      badge('health', c.health, `health-${c.entityId}`),
      reasons.length
        ? el('ul', { class: 'reasons', testid: `health-reasons-${c.entityId}` },
          reasons.map((r) => el('li', {}, el('span', { dir: 'auto', class: 'clamp', title: r }, r))))
        : null);
  }

  function stateCell(c) {
    const routes = c.routes || [];
    const started = routes.filter((r) => r.status === 'Started').length;
    const s = c.suspension;
    return el('td', { class: 'state' },
      badge('state', c.state, `state-${c.entityId}`),
      s ? el('div', { class: 'suspension', testid: `suspension-${c.entityId}` },
        'by ', el('span', { dir: 'auto' }, s.by || 'anonymous'), ' · ', time(s.at),
        s.reason ? el('div', { class: 'reason', dir: 'auto' }, s.reason) : null) : null,
      routes.length
        ? el('div', { class: 'routes muted', title: routes.map((r) => `${r.id}: ${r.status}`).join('\n') },
          `routes ${started}/${routes.length} started`)
        : null);
  }

  function syncCell(c) {
    const cat = c.catalogue;
    if (!cat) return el('td', { class: 'sync muted', testid: `last-sync-${c.entityId}` }, 'no catalogue feed');
    const s = cat.lastSync;
    const how = `${cat.protocol} · ${cat.scheduled ? 'scheduled' : 'on file drop'}`;
    if (!s) {
      return el('td', { class: 'sync', testid: `last-sync-${c.entityId}` },
        el('div', { class: 'muted' }, how), el('div', {}, 'never synced'));
    }
    return el('td', { class: 'sync', testid: `last-sync-${c.entityId}`, data: { outcome: s.outcome } },
      el('div', {}, badge('outcome', s.outcome), ' ', time(s.finishedAt || s.startedAt)),
      el('div', { class: 'muted' }, `${how} · ${String(s.trigger || '').toLowerCase().replace(/_/g, ' ')}`),
      el('div', { class: 'counts', testid: `sync-counts-${c.entityId}` },
        `${s.received} received: ${s.added} added, ${s.updated} updated, ${s.withdrawn} withdrawn, `
        + `${s.unchanged} unchanged, ${s.quarantined} quarantined`),
      s.error ? el('div', { class: 'error-text', dir: 'auto' }, s.error) : null,
      (s.warnings || []).length
        ? el('ul', { class: 'warnings', testid: `sync-warnings-${c.entityId}` },
          ...s.warnings.map((w) => el('li', { class: 'warn', dir: 'auto' }, w)))
        : null);
  }

  function applicationsCell(c) {
    const a = c.applications;
    const experts = expertsBlock(c);
    if (!a) return el('td', { class: 'apps muted' }, experts || 'takes no applications');
    return el('td', { class: 'apps' },
      el('div', {}, 'circuit ', badge('circuit', a.circuit, `circuit-${c.entityId}`)),
      el('div', {}, 'queued ', el('strong', { testid: `queue-depth-${c.entityId}` }, a.queueDepth)),
      el('div', { class: a.deadLetterDepth > 0 ? 'dead warn' : 'dead' },
        'dead letters ', el('strong', { testid: `dead-letter-depth-${c.entityId}` }, a.deadLetterDepth)),
      el('div', { class: 'muted' }, `${a.kind} delivery`),
      experts);
  }

  // an entity subscribed to expert profiles: its own queue, circuit and delivery outcomes (docs/operations.md)
  function expertsBlock(c) {
    const x = c.experts;
    if (!x) return null;
    const d = x.deliveries || {};
    return el('div', { class: 'experts', testid: `experts-${c.entityId}` },
      el('div', {}, 'expert profiles: circuit ', badge('circuit', x.circuit, `experts-circuit-${c.entityId}`)),
      el('div', {}, `queued ${x.queueDepth} · delivered ${d.DELIVERED || 0} · refused ${d.REJECTED || 0}`),
      el('div', { class: x.deadLetterDepth > 0 ? 'dead warn' : 'dead' },
        'dead letters ', el('strong', { testid: `experts-dead-letter-depth-${c.entityId}` }, x.deadLetterDepth)),
      el('div', { class: 'muted' }, `${x.kind} delivery`));
  }

  function failuresCell(c) {
    const failures = (c.recentFailures || []).slice(0, 5);
    if (!failures.length) return el('td', { class: 'failures muted', testid: `failures-${c.entityId}` }, 'none');
    return el('td', { class: 'failures', testid: `failures-${c.entityId}` },
      el('ul', {}, failures.map((f) => el('li', {},
        badge('kind', f.kind), ' ', time(f.at),
        el('div', { class: 'failure-detail', dir: 'auto', title: f.detail }, f.detail)))));
  }

  function actionButton(action, entityId, label, extra) {
    const busy = state.pending.has(`${action}:${entityId}`);
    return el('button', {
      type: 'button', testid: `${action}-${entityId}`, data: { action, entity: entityId },
      disabled: busy, ...extra,
    }, busy ? `${label}…` : label);
  }

  function actionsCell(c) {
    const id = c.entityId;
    const cat = c.catalogue;
    const syncable = cat && cat.scheduled;
    const buttons = [
      actionButton('sync', id, 'Sync now', {
        disabled: !syncable || state.pending.has(`sync:${id}`),
        title: !cat ? 'This entity has no catalogue feed'
          : !cat.scheduled ? 'This entity syncs when its files arrive' : 'Run a catalogue sync now',
      }),
    ];
    if (c.state === 'RUNNING') {
      buttons.push(actionButton('suspend', id, 'Suspend', { title: 'Stop its routes; applications keep queueing' }));
    } else if (c.state === 'SUSPENDED') {
      buttons.push(actionButton('resume', id, 'Resume', { title: 'Start its routes again' }));
    }
    if (cat) {
      buttons.push(actionButton('withdraw-catalogue', id, 'Withdraw all entries', {
        class: 'danger', title: 'Withdraw every active catalogue entry of this entity on purpose (a reason is required);'
          + ' its next sync republishes what its feed carries, so suspend it first to keep them withdrawn',
      }));
    }
    if (c.applications || c.experts) {
      const open = state.openPanels.has(id);
      const depth = (c.applications ? c.applications.deadLetterDepth : 0) + (c.experts ? c.experts.deadLetterDepth : 0);
      buttons.push(el('button', {
        type: 'button', testid: `dead-letters-${id}`, data: { action: 'dead-letters', entity: id },
        'aria-expanded': open ? 'true' : 'false',
      }, open ? 'Hide dead letters' : `Dead letters (${depth})`));
    }
    return el('td', { class: 'actions' }, buttons);
  }

  function renderConnectors(force) {
    const json = JSON.stringify(state.connectors);
    if (!force && json === state.renderedConnectors) return;
    state.renderedConnectors = json;
    const rows = [];
    for (const c of state.connectors) {
      rows.push(connectorRow(c));
      if (state.openPanels.has(c.entityId)) rows.push(panelRow(c.entityId));
    }
    if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No entities are configured.')));
    document.getElementById('connector-rows').replaceChildren(...rows);
    renderSummary();
    renderAuditFilter();
  }

  function renderSummary() {
    const count = (h) => state.connectors.filter((c) => c.health === h).length;
    document.getElementById('connectors-title').replaceChildren('Entities ',
      el('small', { id: 'summary', testid: 'summary' },
        `${state.connectors.length} · ${count('UP')} up · ${count('DEGRADED')} degraded · ${count('DOWN')} down`));
  }

  // ---- dead-letter panels

  function panelRow(entityId) {
    let row = state.panels.get(entityId);
    if (!row) {
      row = el('tr', { class: 'dead-letter-row', data: { deadLetters: entityId } },
        el('td', { colspan: 7 }, el('div', { class: 'panel', testid: `dead-letter-panel-${entityId}` }, 'loading…')));
      state.panels.set(entityId, row);
      renderPanel(entityId);
    }
    return row;
  }

  function renderPanel(entityId) {
    const row = state.panels.get(entityId);
    const dl = state.deadLetters.get(entityId);
    if (!row || !dl) return;
    const panel = row.querySelector('.panel');
    const messages = (dl.data && dl.data.messages) || [];
    const depth = dl.data ? dl.data.depth : 0;
    const header = el('div', { class: 'panel-head' },
      el('h3', {}, 'Dead letters of ', el('span', { dir: 'auto' }, names(entityId)), ' ',
        el('small', {}, messages.length < depth ? `(showing ${messages.length} of ${depth})` : `(${depth})`)),
      el('button', {
        type: 'button', testid: `replay-all-${entityId}`, data: { action: 'replay-all', entity: entityId },
        disabled: !depth || state.pending.has(`replay-all:${entityId}`),
      }, 'Replay all'));
    let content;
    if (dl.error) {
      content = el('p', { class: 'error-text' }, dl.error);
    } else if (!messages.length) {
      content = el('p', { class: 'muted', testid: `dead-letters-empty-${entityId}` }, 'No dead-lettered applications.');
    } else {
      content = el('table', { class: 'dead-letters', testid: `dead-letter-list-${entityId}` },
        el('thead', {}, el('tr', {},
          ['Application', 'Entry', 'Status', 'Dead-lettered', 'Failure', ''].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, messages.map((m) => deadLetterRow(entityId, m))));
    }
    const connector = state.connectors.find((c) => c.entityId === entityId) || {};
    const parts = connector.applications ? [header, content] : [];
    if (connector.experts) parts.push(...expertDeadLetters(entityId, dl));
    panel.replaceChildren(...parts);
  }

  // an entity subscribed to expert profiles: its dead-lettered (FAILED) deliveries, each replayable
  function expertDeadLetters(entityId, dl) {
    const failed = (dl.experts && dl.experts.deliveries) || [];
    const head = el('div', { class: 'panel-head' },
      el('h3', {}, 'Expert profile deliveries dead-lettered ', el('small', {}, `(${failed.length})`)),
      el('button', {
        type: 'button', testid: `replay-experts-all-${entityId}`, data: { action: 'replay-experts-all', entity: entityId },
        disabled: !failed.length || state.pending.has(`replay-experts-all:${entityId}`),
      }, 'Replay all'));
    if (dl.expertsError) return [head, el('p', { class: 'error-text' }, dl.expertsError)];
    if (!failed.length) {
      return [head, el('p', { class: 'muted', testid: `expert-dead-letters-empty-${entityId}` },
        'No dead-lettered expert profile deliveries.')];
    }
    return [head, el('table', { class: 'dead-letters', testid: `expert-dead-letter-list-${entityId}` },
      el('thead', {}, el('tr', {},
        ['Delivery', 'Expert', 'Event', 'Attempts', 'Failure', ''].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, failed.map((d) => el('tr', { data: { delivery: d.id }, testid: `expert-dead-letter-${d.id}` },
        el('td', {}, el('code', {}, d.id)),
        el('td', {}, el('code', {}, d.expertId)),
        el('td', {}, d.event),
        el('td', {}, String(d.attempts)),
        el('td', {}, el('span', { class: 'failure-detail', dir: 'auto', title: d.note || '' }, d.note || '')),
        el('td', { class: 'actions' }, el('button', {
          type: 'button', testid: `replay-expert-${d.id}`,
          data: { action: 'replay-expert', entity: entityId, application: d.id },
          disabled: state.pending.has(`replay-expert:${d.id}`),
        }, 'Replay'), el('button', {
          type: 'button', class: 'danger', testid: `discard-expert-${d.id}`,
          data: { action: 'discard-expert', entity: entityId, application: d.id },
          disabled: state.pending.has(`discard-expert:${d.id}`),
        }, 'Discard'))))))];
  }

  function deadLetterRow(entityId, m) {
    const app = m.applicationId;
    const busy = state.pending.has(`replay:${app}`) || state.pending.has(`discard:${app}`);
    return el('tr', { data: { application: app }, testid: `dead-letter-${app}` },
      el('td', {}, el('code', {}, app)),
      el('td', {}, m.entryId || ''),
      el('td', {}, m.applicationStatus ? badge('status', m.applicationStatus) : ''),
      el('td', {}, time(m.deadLetteredAt)),
      el('td', {}, el('span', { class: 'failure-detail', dir: 'auto', title: m.failure || '' }, m.failure || '')),
      el('td', { class: 'actions' },
        el('button', {
          type: 'button', testid: `replay-${app}`, data: { action: 'replay', entity: entityId, application: app },
          disabled: busy,
        }, 'Replay'),
        el('button', {
          type: 'button', class: 'danger', testid: `discard-${app}`,
          data: { action: 'discard', entity: entityId, application: app }, disabled: busy,
        }, 'Discard')));
  }

  async function loadDeadLetters(entityId) {
    const connector = state.connectors.find((c) => c.entityId === entityId) || {};
    let entry;
    try {
      const data = connector.applications ? await api('GET', `/entities/${enc(entityId)}/dead-letters`) : null;
      entry = { json: JSON.stringify(data), data, error: null };
    } catch (e) {
      entry = { json: `error:${e.message}`, data: null, error: e.message };
    }
    if (connector.experts) {
      try {
        entry.experts = await api('GET', `/experts/deliveries?entityId=${enc(entityId)}&status=FAILED&limit=100`);
        entry.json += JSON.stringify(entry.experts.deliveries);
      } catch (e) {
        entry.expertsError = e.message;
        entry.json += `error:${e.message}`;
      }
    }
    const before = state.deadLetters.get(entityId);
    state.deadLetters.set(entityId, entry);
    if (!before || before.json !== entry.json) renderPanel(entityId);
  }

  // ---- audit log

  function auditPath() {
    const entity = document.getElementById('audit-entity').value;
    return `/audit?limit=20${entity ? `&entity=${enc(entity)}` : ''}`;
  }

  function renderAudit(records) {
    const json = JSON.stringify(records);
    if (json === state.renderedAudit) return;
    state.renderedAudit = json;
    const rows = records.map((r) => el('tr', { data: { auditId: r.id, action: r.action }, testid: 'audit-record' },
      el('td', {}, time(r.at)),
      el('td', { dir: 'auto' }, r.actor),
      el('td', {}, r.action),
      el('td', { dir: 'auto' }, r.entityId && r.target && r.target !== r.entityId
        ? `${r.entityId} · ${r.target}` : (r.target || r.entityId || '—')),
      el('td', {}, badge('audit', r.outcome)),
      el('td', {}, el('span', { dir: 'auto', class: 'failure-detail', title: r.detail || '' }, r.detail || ''))));
    if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No operations recorded yet.')));
    document.getElementById('audit-rows').replaceChildren(...rows);
  }

  function renderAuditFilter() {
    const select = document.getElementById('audit-entity');
    const have = [...select.options].map((o) => o.value).filter(Boolean);
    const want = state.connectors.map((c) => c.entityId);
    if (have.join() === want.join()) return;
    const selected = select.value;
    select.replaceChildren(el('option', { value: '' }, 'all'),
      ...want.map((id) => el('option', { value: id, selected: id === selected }, id)));
  }

  // ---- refresh loop

  async function refresh() {
    if (state.refreshing) {
      state.again = true;
      return;
    }
    state.refreshing = true;
    clearTimeout(state.timer);
    const stamp = document.getElementById('last-refresh');
    try {
      const [connectors, audit] = await Promise.allSettled([api('GET', '/connectors'), api('GET', auditPath())]);
      if (connectors.status === 'rejected') throw connectors.reason;
      state.connectors = connectors.value.connectors || [];
      renderConnectors(false);
      await Promise.all([...state.openPanels].map(loadDeadLetters));
      showTokenState('ok', describeToken());
      if (audit.status === 'fulfilled') renderAudit(audit.value.records || []);
      stamp.className = audit.status === 'fulfilled' ? 'ok' : 'error';
      stamp.textContent = audit.status === 'fulfilled'
        ? `updated ${new Date().toLocaleTimeString()}`
        : `updated ${new Date().toLocaleTimeString()}; audit log: ${audit.reason.message}`;
    } catch (e) {
      stamp.className = 'error';
      stamp.textContent = `refresh failed: ${e.message}`;
      if (e.status === 401 || e.status === 403) showTokenState('error', e.message);
    } finally {
      state.refreshing = false;
      if (state.again) {
        state.again = false;
        refresh();
      } else {
        schedule();
      }
    }
  }

  function schedule() {
    clearTimeout(state.timer);
    if (document.getElementById('auto-refresh').checked) state.timer = setTimeout(refresh, REFRESH_MS);
  }

  // ---- actions

  async function run(key, work) {
    state.pending.add(key);
    renderConnectors(true);
    state.panels.forEach((row, id) => renderPanel(id));
    try {
      const [title, detail] = await work();
      showStatus('ok', title, detail);
    } catch (e) {
      showError(e);
    } finally {
      state.pending.delete(key);
      renderConnectors(true);
      state.panels.forEach((row, id) => renderPanel(id));
      refresh();
    }
  }

  function replayOutcome(entityId, result) {
    const replayed = result.replayed || [];
    const notFound = result.notFound || [];
    const detail = [
      replayed.length ? `${replayed.join(', ')} back on ${entityId}'s queue` : '',
      notFound.length ? `not in the dead-letter queue: ${notFound.join(', ')}` : '',
    ].filter(Boolean).join('; ');
    return [`Replayed ${replayed.length} application${replayed.length === 1 ? '' : 's'}`, detail];
  }

  const actions = {
    sync: (id) => run(`sync:${id}`, async () => {
      const s = await api('POST', `/entities/${enc(id)}/sync`);
      return [`Sync of ${names(id)}: ${s.outcome}`,
        `${s.added} added, ${s.updated} updated, ${s.withdrawn} withdrawn, ${s.quarantined} quarantined`
        + (s.error ? ` — ${s.error}` : '')
        + ((s.warnings || []).length ? ` — warnings: ${s.warnings.join('; ')}` : '')];
    }),
    suspend: (id) => {
      const reason = window.prompt(`Why suspend ${names(id)}? (kept in the audit log)`, '');
      if (reason === null) return undefined;
      return run(`suspend:${id}`, async () => {
        const c = await api('POST', `/entities/${enc(id)}/suspend`, reason.trim() ? { reason: reason.trim() } : {});
        return [`${names(id)} is ${c.state}`, 'its routes are stopped; applications keep queueing'];
      });
    },
    'withdraw-catalogue': (id) => {
      const reason = window.prompt(`Why withdraw every catalogue entry of ${names(id)}? `
        + '(required, kept in the audit log; the next sync republishes what the feed carries)', '');
      if (reason === null) return undefined;
      if (!reason.trim()) {
        showStatus('error', 'Nothing withdrawn', 'a reason is required');
        return undefined;
      }
      return run(`withdraw-catalogue:${id}`, async () => {
        const r = await api('POST', `/entities/${enc(id)}/catalogue/withdraw`, { reason: reason.trim() });
        return [`Withdrew ${r.withdrawn} entr${r.withdrawn === 1 ? 'y' : 'ies'} of ${names(id)}`, `reason: ${r.reason}`];
      });
    },
    resume: (id) => run(`resume:${id}`, async () => {
      const c = await api('POST', `/entities/${enc(id)}/resume`);
      return [`${names(id)} is ${c.state}`, `health ${c.health}`];
    }),
    'dead-letters': (id) => {
      if (state.openPanels.has(id)) {
        state.openPanels.delete(id);
        state.panels.delete(id);
        state.deadLetters.delete(id);
      } else {
        state.openPanels.add(id);
        loadDeadLetters(id);
      }
      renderConnectors(true);
    },
    'replay-experts-all': (id) => {
      if (!window.confirm(`Replay every dead-lettered expert profile delivery of ${names(id)}?`)) return undefined;
      return run(`replay-experts-all:${id}`, async () => {
        const r = await api('POST', `/entities/${enc(id)}/experts/dead-letters/replay`);
        return [`Replayed ${r.replayed.length} expert profile deliveries`, `back on ${names(id)}'s experts queue`];
      });
    },
    'discard-expert': (id, delivery) => {
      const reason = window.prompt(`Why discard expert profile delivery ${delivery}? (required, kept in the audit log)`, '');
      if (reason === null) return undefined;
      if (!reason.trim()) {
        showStatus('error', 'Not discarded', 'a reason is required');
        return undefined;
      }
      return run(`discard-expert:${delivery}`, async () => {
        const r = await api('POST', `/experts/deliveries/${enc(delivery)}/discard`, { reason: reason.trim() });
        return [`Discarded ${r.discarded}`, 'it will not be delivered'];
      });
    },
    'replay-expert': (id, delivery) => run(`replay-expert:${delivery}`, async () => {
      await api('POST', `/experts/deliveries/${enc(delivery)}/replay`);
      return [`Replayed expert profile delivery ${delivery}`, `back on ${names(id)}'s experts queue`];
    }),
    replay: (id, app) => run(`replay:${app}`, async () =>
      replayOutcome(id, await api('POST', `/entities/${enc(id)}/dead-letters/${enc(app)}/replay`))),
    'replay-all': (id) => {
      const depth = state.deadLetters.get(id)?.data?.depth ?? 0;
      if (!window.confirm(`Replay all ${depth} dead-lettered applications of ${names(id)} to its queue?`)) return undefined;
      return run(`replay-all:${id}`, async () =>
        replayOutcome(id, await api('POST', `/entities/${enc(id)}/dead-letters/replay`, { all: true })));
    },
    discard: (id, app) => {
      const reason = window.prompt(`Why discard application ${app}? (required, kept in the audit log)`, '');
      if (reason === null) return undefined;
      if (!reason.trim()) {
        showStatus('error', 'Not discarded', 'a reason is required');
        return undefined;
      }
      return run(`discard:${app}`, async () => {
        const r = await api('POST', `/entities/${enc(id)}/dead-letters/${enc(app)}/discard`, { reason: reason.trim() });
        return [`Discarded ${r.discarded}`, 'it will not be delivered'];
      });
    },
  };

  // ---- wiring

  function start() {
    const field = document.getElementById('token');
    field.value = sessionStorage.getItem(TOKEN_KEY) || '';
    // taken when complete (Enter, or leaving the field), not at every key: half a token is only refused
    const useToken = () => {
      sessionStorage.setItem(TOKEN_KEY, token());
      state.renderedAudit = null;
      refresh();
    };
    field.addEventListener('change', useToken);
    document.getElementById('token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      useToken();
    });

    // One listener for every action button, so buttons survive the table being redrawn.
    document.querySelector('main').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-action]');
      if (!button || button.disabled) return;
      const action = actions[button.dataset.action];
      if (action) action(button.dataset.entity, button.dataset.application);
    });
    document.getElementById('status').addEventListener('click', (e) => {
      if (e.target.closest('button.dismiss')) e.target.closest('.message').remove();
    });
    document.getElementById('auto-refresh').addEventListener('change', schedule);
    document.getElementById('refresh-now').addEventListener('click', refresh);
    document.getElementById('audit-entity').addEventListener('change', () => {
      state.renderedAudit = null;
      refresh();
    });
    refresh();
  }

  start();
})();
