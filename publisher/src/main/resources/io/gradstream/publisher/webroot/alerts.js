// The live alert feed in the side panel: the recent alerts, then new ones as server-sent events.
// Alerts are the alert engine's JSON events (docs/ALERTS.md has the schema); missing fields are left out.
'use strict';
const GradstreamAlerts = (() => {
  const MAX_SHOWN = 40;
  const listeners = [];
  const seen = new Set();

  function field(alert, ...names) {
    for (const n of names) if (alert[n] !== undefined && alert[n] !== null && alert[n] !== '') return alert[n];
    return undefined;
  }
  function cameraOf(alert) { return field(alert, 'camera_id'); }
  function timeOf(alert) {
    const micros = field(alert, 'time_unix_micros');
    const d = typeof micros === 'number' ? new Date(micros / 1000) : new Date(field(alert, 'time') || Date.now());
    return isNaN(d) ? new Date() : d;
  }
  function titleOf(alert) {
    return String(field(alert, 'type') || 'alert').replace(/[-_]/g, ' ');
  }
  function describe(alert) {
    return field(alert, 'reason') || '';
  }
  function safeImageUrl(url) {
    return typeof url === 'string' && (/^\/(?!\/)/.test(url) || /^https?:\/\//.test(url)) ? url : null;
  }

  function render(alert, fresh) {
    const li = document.createElement('li');
    li.className = 'alert' + (fresh ? ' fresh' : '');
    const head = document.createElement('div');
    head.className = 'head';
    const rule = document.createElement('span');
    rule.className = 'rule';
    rule.textContent = titleOf(alert);
    const time = document.createElement('time');
    time.textContent = timeOf(alert).toLocaleTimeString();
    head.append(rule, time);
    li.append(head);
    const where = [cameraOf(alert), alert.detection ? alert.detection.label : undefined,
      field(alert, 'track_id') !== undefined ? '#' + field(alert, 'track_id') : undefined].filter(Boolean).join(' · ');
    if (where) {
      const w = document.createElement('div');
      w.className = 'where';
      w.textContent = where;
      li.append(w);
    }
    const text = describe(alert);
    if (text) {
      const p = document.createElement('div');
      p.textContent = text;
      li.append(p);
    }
    const snapshot = safeImageUrl(field(alert, 'snapshot_url'));
    if (snapshot) {
      const img = document.createElement('img');
      img.src = snapshot;
      img.alt = 'snapshot of the alert';
      img.loading = 'lazy';
      li.append(img);
    }
    return li;
  }

  function add(alert, fresh, list) {
    const id = field(alert, 'id');
    if (id !== undefined) {
      if (seen.has(id)) return;
      seen.add(id);
    }
    const li = render(alert, fresh);
    if (fresh) list.prepend(li); else list.append(li);
    while (list.children.length > MAX_SHOWN) list.lastElementChild.remove();
    updateEmpty(list);
    listeners.forEach(l => l(alert, fresh));
  }

  function updateEmpty(list) {
    let empty = list.parentElement.querySelector('.none');
    if (!empty) {
      empty = document.createElement('p');
      empty.className = 'none';
      empty.textContent = 'No alerts. They appear here live when an explanation looks unreliable.';
      list.after(empty);
    }
    empty.hidden = list.children.length > 0;
  }

  function parse(text) {
    try { const a = JSON.parse(text); return a && typeof a === 'object' ? a : null; } catch (e) { return null; }
  }

  function start(list) {
    updateEmpty(list);
    fetch('/api/viewer/alerts?max=' + MAX_SHOWN)
      .then(r => r.ok ? r.json() : [])
      .then(alerts => alerts.forEach(a => a && add(a, false, list)))
      .catch(() => {});
    const events = new EventSource('/api/viewer/alerts/events');
    events.onmessage = e => { const a = parse(e.data); if (a) add(a, true, list); };
  }

  return {
    start,
    cameraOf,
    titleOf,
    timeOf,
    /** Calls listener(alert, fresh) for every alert shown. */
    onAlert: listener => listeners.push(listener),
  };
})();
