// /static/app.js: the admin page's only script (the CSP forbids inline
// script). It keeps the dashboard and the conference detail live through the
// "conferences" server-sent event, asks before destructive actions, and fills
// the directory form for editing. Data reaches the DOM only as text nodes and
// attribute values, never as HTML. The markup it builds mirrors
// pages_live.cpp: change both together.
#include "confab/web/pages.h"

namespace confab::web {

namespace {

constexpr std::string_view kAppJs = R"js('use strict';
(function () {
  // ---- small DOM helpers: data only ever becomes text or attribute values
  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    if (attributes) {
      for (const name of Object.keys(attributes)) {
        const value = attributes[name];
        if (value === null || value === undefined || value === false) continue;
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children || []) {
      if (child === null || child === undefined || child === '') continue;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  // Puts `fresh` in place of `old` unless they are equal, so unchanged parts
  // (and the button under the admin's pointer) stay put.
  function replaceIfDifferent(old, fresh) {
    if (!old.isEqualNode(fresh)) old.replaceWith(fresh);
  }

  // Keyed update of a container's children: reuses the element with the same
  // key (patching it with `update`) and only moves nodes that are out of place.
  function reconcile(container, keyAttribute, items, keyOf, build, update) {
    const existing = new Map();
    for (const child of Array.from(container.children)) {
      const key = child.getAttribute(keyAttribute);
      if (key !== null) existing.set(key, child);
    }
    let index = 0;
    for (const item of items) {
      const key = String(keyOf(item));
      const fresh = build(item);
      let node = existing.get(key);
      if (node) {
        existing.delete(key);
        update(node, fresh);
      } else {
        node = fresh;
      }
      const at = container.children[index] || null;
      if (at !== node) container.insertBefore(node, at);
      index += 1;
    }
    for (const stale of existing.values()) stale.remove();
  }

  function patchChildren(node, fresh) {
    if (node.className !== fresh.className) node.className = fresh.className;
    const oldChildren = Array.from(node.children);
    const newChildren = Array.from(fresh.children);
    if (oldChildren.length !== newChildren.length) {
      node.replaceChildren(...newChildren);
      return;
    }
    oldChildren.forEach(function (child, i) { replaceIfDifferent(child, newChildren[i]); });
  }

  // ---- formatting, as the server renders it (html.cpp)
  function measure(value, decimals) {
    return typeof value === 'number' && value >= 0 && isFinite(value) ? value.toFixed(decimals) : '\u2013';
  }
  function uptime(seconds) {
    const d = Math.floor(seconds / 86400), h = Math.floor(seconds / 3600) % 24;
    const m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    if (d > 0) return d + ' d ' + h + ' h';
    if (h > 0) return h + ' h ' + m + ' min';
    if (m > 0) return m + ' min ' + s + ' s';
    return s + ' s';
  }

  function legLabel(leg) {
    return leg.name || leg.number || leg.jid || ('participant ' + leg.participant);
  }
  function legSubtitle(leg) {
    return leg.name ? (leg.number || leg.jid) : '';
  }
  function legClasses(leg) {
    let classes = 'leg state-' + leg.state;
    if (leg.talking) classes += ' talking';
    if (leg.muted) classes += ' muted';
    if (leg.state === 'disconnected') classes += ' ended';
    return classes;
  }
  function talkIndicator(leg) {
    return leg.talking
      ? el('span', { class: 'talk-indicator talking' }, [el('span', { 'aria-hidden': 'true' }, ['\u25CF']), ' talking'])
      : el('span', { class: 'talk-indicator silent' }, [el('span', { 'aria-hidden': 'true' }, ['\u25CB']), ' silent']);
  }
  function muteMark() {
    return el('span', { class: 'mute-mark' }, [el('span', { 'aria-hidden': 'true' }, ['\u2298']), ' muted']);
  }
  function stateChip(leg) {
    let text = leg.state;
    if (leg.state === 'disconnected' && leg.end_reason) {
      const code = String(leg.sip_code);
      text += ' (' + leg.end_reason + (leg.sip_code && leg.end_reason.indexOf(code) < 0 ? ', SIP ' + code : '') + ')';
    }
    return el('span', { class: 'chip state state-' + leg.state }, [text]);
  }
  function lockChip(conference) {
    return conference.locked ? el('span', { class: 'chip locked' }, ['locked']) : null;
  }
  function meta(conference) {
    const parts = ['Owner ', el('span', { class: 'owner' }, [conference.owner_jid])];
    if (conference.room_jid) parts.push(' \u00B7 room ', el('span', { class: 'room' }, [conference.room_jid]));
    parts.push(' \u00B7 started ', el('time', { datetime: new Date(conference.started).toISOString().replace(/\.\d+Z$/, 'Z') },
                                       [conference.started_text]));
    return el('p', { class: 'meta' }, parts);
  }

  // ---- live status line
  const statusLine = document.getElementById('live-status');
  function setStatus(state, text) {
    if (!statusLine) return;
    statusLine.setAttribute('data-state', state);
    statusLine.textContent = text;
  }

  // ---- dashboard
  function renderCard(conference) {
    const href = '/conferences/' + conference.id;
    const title = el('h2', null, [el('a', { href: href }, ['Conference ' + conference.id])]);
    const chip = lockChip(conference);
    if (chip) title.append(' ', chip);
    const legs = el('ul', { class: 'legs' });
    for (const leg of conference.legs) {
      if (leg.state === 'disconnected') continue;
      const who = el('span', { class: 'leg-who' }, [el('span', { class: 'leg-name' }, [legLabel(leg)])]);
      const subtitle = legSubtitle(leg);
      if (subtitle) who.append(' ', el('span', { class: 'leg-number' }, [subtitle]));
      const status = el('span', { class: 'leg-status' }, [stateChip(leg)]);
      if (leg.muted) status.append(' ', muteMark());
      legs.appendChild(el('li', { class: legClasses(leg), 'data-participant': leg.participant }, [talkIndicator(leg), who, status]));
    }
    if (!legs.firstChild) legs.appendChild(el('li', { class: 'empty' }, ['No one connected yet.']));
    return el('article', { class: 'card conference', 'data-conference-id': conference.id }, [title, meta(conference), legs]);
  }

  // The uptime keeps ticking between events.
  const uptimeNode = document.querySelector('[data-health="uptime"][data-seconds]');
  let uptimeBase = uptimeNode ? { seconds: Number(uptimeNode.getAttribute('data-seconds')) || 0, at: Date.now() } : null;
  if (uptimeNode) {
    setInterval(function () {
      const text = uptime(uptimeBase.seconds + Math.floor((Date.now() - uptimeBase.at) / 1000));
      if (uptimeNode.textContent !== text) uptimeNode.textContent = text;
    }, 1000);
  }

  function renderHealth(health) {
    if (uptimeBase) uptimeBase = { seconds: health.uptime_seconds, at: Date.now() };
    const values = {
      uptime: uptime(health.uptime_seconds),
      live_conferences: String(health.live_conferences),
      live_legs: String(health.live_legs),
      media_cpu_percent: measure(health.media_cpu_percent, 1) + ' %',
      tick_p99_ms: measure(health.tick_p99_ms, 2) + ' ms',
      xmpp_status: health.xmpp_status || 'unknown',
      sip_status: health.sip_status || 'unknown'
    };
    for (const node of document.querySelectorAll('[data-health]')) {
      const key = node.getAttribute('data-health');
      if (key in values && node.textContent !== values[key]) node.textContent = values[key];
    }
    const xmpp = document.querySelector('[data-health="xmpp_status"]');
    if (xmpp && xmpp.parentElement) {
      xmpp.parentElement.classList.toggle('good', !!health.xmpp_connected);
      xmpp.parentElement.classList.toggle('bad', !health.xmpp_connected);
    }
  }

  function renderDashboard(data, cards) {
    renderHealth(data.health);
    reconcile(cards, 'data-conference-id', data.conferences, function (c) { return c.id; }, renderCard, patchChildren);
    const empty = document.getElementById('no-conferences');
    if (empty) empty.hidden = data.conferences.length > 0;
  }

  // ---- conference detail
  function csrfToken() {
    const field = document.querySelector('input[name="csrf"]');
    return field ? field.value : '';
  }
  function postButton(action, label, buttonClass, formClass, confirmText) {
    return el('form', { method: 'post', action: action, class: 'inline ' + formClass, 'data-confirm': confirmText || null },
              [el('input', { type: 'hidden', name: 'csrf', value: csrfToken() }),
               el('button', { type: 'submit', class: buttonClass }, [label])]);
  }
  function renderRow(conferenceId, leg) {
    const base = '/conferences/' + conferenceId + '/legs/' + leg.participant + '/';
    const who = el('td', { class: 'participant' }, [el('span', { class: 'leg-name' }, [legLabel(leg)])]);
    const subtitle = legSubtitle(leg);
    if (subtitle) who.append(el('br'), el('span', { class: 'leg-number' }, [subtitle]));
    const actions = el('td', { class: 'actions' });
    if (leg.state !== 'disconnected') {
      actions.append(leg.muted ? postButton(base + 'unmute', 'Unmute', 'button', 'leg-action')
                               : postButton(base + 'mute', 'Mute', 'button', 'leg-action'));
      actions.append(postButton(base + 'hangup', 'Hang up', 'button danger', 'leg-action', 'Hang up ' + legLabel(leg) + '?'));
    }
    return el('tr', { class: legClasses(leg), 'data-participant': leg.participant }, [
      who,
      el('td', { class: 'state-cell' }, [stateChip(leg)]),
      el('td', { class: 'talk-cell' }, [talkIndicator(leg)]),
      el('td', { class: 'mute-cell' }, [leg.muted ? muteMark() : 'no']),
      el('td', { class: 'num', 'data-measure': 'loss' }, [measure(leg.loss_percent, 1)]),
      el('td', { class: 'num', 'data-measure': 'jitter' }, [measure(leg.jitter_ms, 1)]),
      el('td', { class: 'num', 'data-measure': 'rtt' }, [measure(leg.rtt_ms, 0)]),
      actions
    ]);
  }

  function renderDetail(data, section) {
    const id = section.getAttribute('data-conference-id');
    const conference = data.conferences.find(function (c) { return String(c.id) === id; });
    if (!conference) {
      // Ended (or no longer live): say so and disable the actions.
      const note = document.getElementById('ended-note');
      if (note) note.hidden = false;
      for (const button of section.querySelectorAll('button')) button.disabled = true;
      for (const input of section.querySelectorAll('input')) input.disabled = true;
      setStatus('ended', 'ended');
      return false;
    }
    const chipHolder = document.getElementById('lock-chip');
    if (chipHolder) {
      const chip = lockChip(conference);
      const fresh = el('span', { id: 'lock-chip' }, chip ? [' ', chip] : []);
      replaceIfDifferent(chipHolder, fresh);
    }
    const lockForm = section.querySelector('.toolbar form.conference-action');
    if (lockForm) {
      const wanted = conference.locked ? 'unlock' : 'lock';
      if (!lockForm.getAttribute('action').endsWith('/' + wanted)) {
        lockForm.replaceWith(postButton('/conferences/' + id + '/' + wanted, conference.locked ? 'Unlock' : 'Lock', 'button',
                                        'conference-action'));
      }
    }
    const body = section.querySelector('#participants tbody');
    if (body) {
      reconcile(body, 'data-participant', conference.legs, function (leg) { return leg.participant; },
                function (leg) { return renderRow(id, leg); }, patchChildren);
    }
    return true;
  }

  // ---- the event stream
  function startLive(render) {
    let source = null;
    function connect() {
      setStatus('connecting', 'connecting\u2026');
      source = new EventSource('/events');
      source.addEventListener('open', function () { setStatus('live', 'live'); });
      source.addEventListener('conferences', function (event) {
        let data;
        try { data = JSON.parse(event.data); } catch (error) { return; }
        if (render(data) !== false) setStatus('live', 'live');
      });
      source.addEventListener('error', function () {
        if (source.readyState === EventSource.CLOSED) {
          setStatus('reconnecting', 'reconnecting\u2026');
          // Closed for good (for example the session expired): check, then
          // either go to the login page or open a new stream.
          setTimeout(function () {
            fetch('/api/conferences', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
              .then(function (response) {
                if (response.status === 401) window.location.assign('/login');
                else connect();
              })
              .catch(function () { setTimeout(connect, 5000); });
          }, 3000);
        } else {
          setStatus('reconnecting', 'reconnecting\u2026');
        }
      });
    }
    connect();
    window.addEventListener('pagehide', function () { if (source) source.close(); });
  }

  // ---- behaviour for every page
  document.addEventListener('submit', function (event) {
    const question = event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener('click', function (event) {
    const button = event.target.closest ? event.target.closest('button.edit-user') : null;
    if (!button) return;
    const set = function (id, value) { const field = document.getElementById(id); if (field) field.value = value || ''; };
    set('u-jid', button.getAttribute('data-jid'));
    set('u-name', button.getAttribute('data-name'));
    set('u-work', button.getAttribute('data-work'));
    set('u-mobile', button.getAttribute('data-mobile'));
    const preferred = document.getElementById(button.getAttribute('data-preferred') === 'mobile' ? 'u-pref-mobile' : 'u-pref-work');
    if (preferred) preferred.checked = true;
    const title = document.getElementById('user-form-title');
    if (title) title.textContent = 'Edit ' + button.getAttribute('data-jid');
    const name = document.getElementById('u-name');
    if (name) { name.scrollIntoView({ block: 'center' }); name.focus(); }
  });

  document.addEventListener('reset', function (event) {
    if (event.target.id !== 'user-form') return;
    const title = document.getElementById('user-form-title');
    if (title) title.textContent = 'Add or edit a user';
  });

  // The recent log is newest last: show its end.
  const log = document.getElementById('recent-log');
  if (log) log.scrollTop = log.scrollHeight;

  const cards = document.getElementById('conferences');
  const detail = document.getElementById('conference');
  if (cards) startLive(function (data) { renderDashboard(data, cards); return true; });
  else if (detail) startLive(function (data) { return renderDetail(data, detail); });
})();
)js";

}  // namespace

std::string_view appJs() { return kAppJs; }

}  // namespace confab::web
