/**
 * The agent console's browser script (plain ES2020, served as `/agent/console.js`). It polls `/_emulator/state` every
 * second and reloads what changed; every action is a test API call. Text is set with `textContent`, never as HTML.
 */
export const AGENT_CONSOLE_SCRIPT = String.raw`
(function () {
  'use strict';
  var tag = document.currentScript;
  var base = (tag && tag.getAttribute('data-base') || '') + '/_emulator';
  var $ = function (id) { return document.getElementById(id); };
  var version = -1;
  var selected = location.hash.indexOf('#case=') === 0 ? decodeURIComponent(location.hash.slice(6)) : null;
  var cases = [];

  function describe(body, status) {
    if (body && body.errors) return body.errors.map(function (e) { return (e.field ? e.field + ': ' : '') + e.message; }).join('; ');
    return 'HTTP ' + status;
  }
  function api(method, path, body) {
    var init = { method: method, headers: {} };
    if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
    return fetch(base + path, init).then(function (r) {
      return (r.status === 204 ? Promise.resolve(null) : r.json()).then(function (json) {
        if (!r.ok) throw new Error(describe(json, r.status));
        return json;
      });
    });
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function notice(text) { $('notice').textContent = text; }
  function time(iso) { return new Date(iso).toLocaleTimeString(); }
  function deliveryText(d) {
    if (!d) return '';
    if (d.state === 'sending') return 'sending to the middleware…';
    if (d.state === 'failed') return 'failed: ' + d.error + (d.httpStatus ? ' (HTTP ' + d.httpStatus + ')' : '');
    return 'sent (HTTP ' + d.httpStatus + ')' + (d.warnings.length ? ' · warnings: ' + d.warnings.join('; ') : '');
  }

  function renderCases() {
    var list = $('case-list');
    list.textContent = '';
    $('empty-cases').hidden = cases.length > 0;
    cases.forEach(function (c) {
      var who = c.endUserName || (c.endUser && c.endUser.idOnExternalPlatform) || 'unknown end user';
      var button = el('button', { type: 'button', 'aria-current': String(c.id === selected), 'data-case-id': c.id }, [
        el('div', {}, [el('strong', { text: who }), document.createTextNode(' '), el('span', { class: 'status status-' + c.status, text: c.status })]),
        el('div', { class: 'muted', text: 'Case ' + c.id + ' · ' + c.channelName }),
        el('div', { text: c.lastMessage ? (c.lastMessage.direction === 'inbound' ? '' : '↩ ') + c.lastMessage.text : '' }),
      ]);
      button.addEventListener('click', function () { select(c.id); });
      list.appendChild(el('li', {}, [button]));
    });
  }

  function renderMessage(m) {
    var author = m.origin === 'agent' ? 'Baloo Bear (agent)' : m.origin === 'api_outbound' ? 'API outbound'
      : m.direction === 'outbound' ? 'Outbound echo' : [m.authorEndUserIdentity.firstName, m.authorEndUserIdentity.lastName].filter(Boolean).join(' ') || m.authorEndUserIdentity.idOnExternalPlatform;
    var statuses = m.deliveryStatuses.map(function (s) { return s.status; }).join(' → ');
    var failed = m.agentDelivery && m.agentDelivery.state === 'failed';
    return el('li', { class: m.direction + (failed ? ' failed' : ''), 'data-message-id': m.id }, [
      el('div', { class: 'muted', text: author + ' · ' + time(m.createdAt) }),
      el('div', { class: 'text', text: m.text }),
      el('div', { class: 'muted', text: 'id on platform: ' + (m.idOnExternalPlatform || 'not yet known') + (m.receivedCount > 1 ? ' · received ' + m.receivedCount + '×' : '') }),
      m.agentDelivery ? el('div', { class: 'muted delivery', text: deliveryText(m.agentDelivery) }) : null,
      statuses ? el('div', { class: 'muted', text: 'status from the middleware: ' + statuses }) : null,
    ]);
  }

  function loadCase(id) {
    return api('GET', '/cases/' + encodeURIComponent(id)).then(function (detail) {
      var c = detail.case;
      $('case-title').textContent = 'Case ' + c.id + ' · ' + (c.endUserName || 'unknown end user');
      $('case-meta').textContent = 'Status ' + c.status + ' · ' + c.channelName + ' · thread ' + c.thread.idOnExternalPlatform +
        (c.thread.canAddMoreMessages ? '' : ' · thread locked');
      $('customer-typing').textContent = c.thread.customerTyping && c.thread.customerTyping.on ? (c.endUserName || 'The customer') + ' is typing…' : '';
      $('status-select').value = c.status;
      $('case-actions').hidden = false;
      var list = $('message-list');
      list.textContent = '';
      detail.messages.forEach(function (m) { list.appendChild(renderMessage(m)); });
    });
  }

  function loadChannels() {
    return api('GET', '/channels').then(function (res) {
      var select = $('outbound-channel');
      var current = select.value;
      select.textContent = '';
      res.data.filter(function (ch) { return !ch.isDeleted; }).forEach(function (ch) {
        select.appendChild(el('option', { value: ch.id, text: ch.name + ' (' + ch.id + ')' }));
      });
      if (current) select.value = current;
    });
  }

  function refresh(force) {
    return api('GET', '/state').then(function (state) {
      if (!force && state.version === version) return;
      version = state.version;
      var filter = $('status-filter').value;
      return api('GET', '/cases' + (filter ? '?status=' + encodeURIComponent(filter) : '')).then(function (res) {
        cases = res.data;
        renderCases();
        return Promise.all([loadChannels(), selected ? loadCase(selected) : null]);
      });
    });
  }

  function select(id) {
    selected = id;
    history.replaceState(null, '', '#case=' + encodeURIComponent(id));
    $('typing-toggle').checked = false;
    renderCases();
    loadCase(id).catch(function (e) { notice(e.message); });
  }

  function act(promise, done) {
    return promise.then(function (res) { notice(done(res)); return refresh(true); }).catch(function (e) { notice('Failed: ' + e.message); });
  }

  $('reply-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('reply-text').value;
    if (!selected || !text.trim()) return;
    $('reply-text').value = '';
    act(api('POST', '/cases/' + encodeURIComponent(selected) + '/reply', { text: text }), function (res) {
      var d = res.message.agentDelivery;
      return d.state === 'sent' ? 'Reply delivered to the middleware (id ' + res.message.idOnExternalPlatform + ').' : 'Reply failed: ' + d.error;
    });
  });
  $('typing-toggle').addEventListener('change', function (ev) {
    if (!selected) return;
    var on = ev.target.checked;
    act(api('POST', '/cases/' + encodeURIComponent(selected) + '/typing', { on: on }), function (res) {
      return res.delivery.state === 'sent' ? 'Typing ' + (on ? 'on' : 'off') + ' sent.' : 'Typing failed: ' + res.delivery.error;
    });
  });
  function setStatus(status) {
    if (!selected) return;
    act(api('PUT', '/cases/' + encodeURIComponent(selected) + '/status', { status: status }), function (res) { return 'Case ' + res.case.id + ' is now ' + res.case.status + '.'; });
  }
  $('set-status').addEventListener('click', function () { setStatus($('status-select').value); });
  $('close-case').addEventListener('click', function () { setStatus('closed'); });
  $('status-filter').addEventListener('change', function () { refresh(true); });
  $('outbound-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var recipient = { idOnExternalPlatform: $('outbound-recipient-id').value.trim() };
    var name = $('outbound-recipient-name').value.trim();
    if (name) recipient.name = name;
    api('POST', '/outbound', { channelId: $('outbound-channel').value, recipient: recipient, text: $('outbound-text').value })
      .then(function (res) {
        $('outbound-text').value = '';
        var d = res.message.agentDelivery;
        notice(d.state === 'sent' ? 'Outbound conversation started (case ' + res.case.id + ').' : 'Outbound failed: ' + d.error);
        select(res.case.id);
        return refresh(true);
      })
      .catch(function (e) { notice('Failed: ' + e.message); });
  });

  refresh(true).catch(function (e) { notice(e.message); });
  setInterval(function () { refresh(false).catch(function (e) { notice('Lost the emulator: ' + e.message); }); }, 1000);
})();
`;
