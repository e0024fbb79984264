// The live grid: one card per camera with a thumbnail that follows the stream, its state, frame rate,
// detections in the newest frame and its last alert. Status comes from /api/viewer/cameras.
'use strict';
(() => {
  const grid = document.getElementById('grid');
  const cards = new Map();
  const lastAlerts = new Map();
  const conn = document.getElementById('conn');
  const THUMB_MS = 1000;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function createCard(id) {
    const a = el('a', 'card');
    a.href = 'camera.html?id=' + encodeURIComponent(id);
    a.dataset.camera = id;
    const thumb = el('div', 'thumb');
    const img = el('img');
    img.alt = id;
    img.hidden = true;
    const placeholder = el('div', 'placeholder', 'Waiting for frames…');
    thumb.append(img, placeholder);
    const body = el('div', 'body');
    const row = el('div', 'row');
    const name = el('span', 'name', id);
    const state = el('span', 'pill waiting', 'waiting');
    row.append(name, state);
    const stats = el('div', 'stats');
    const fps = el('span');
    const dets = el('span');
    stats.append(fps, dets);
    const lastAlert = el('div', 'last-alert', 'No alerts');
    body.append(row, stats, lastAlert);
    a.append(thumb, body);
    const card = { root: a, img, placeholder, state, fps, dets, lastAlert, live: false, loading: false };
    // The next thumbnail is asked for only once the last one is in, so a slow network never piles requests up.
    img.onload = () => { img.hidden = false; placeholder.hidden = true; card.loading = false; scheduleThumb(id, card); };
    img.onerror = () => { card.loading = false; scheduleThumb(id, card); };
    return card;
  }

  function scheduleThumb(id, card) {
    setTimeout(() => refreshThumb(id, card), THUMB_MS);
  }

  function refreshThumb(id, card) {
    if (!card.live || card.loading || !document.body.contains(card.root)) return;
    card.loading = true;
    card.img.src = '/streams/' + encodeURIComponent(id) + '/latest.jpg?t=' + Date.now();
  }

  function stat(span, label, value) {
    span.textContent = '';
    const b = el('b', 'num', value);
    span.append(b, document.createTextNode(' ' + label));
  }

  function update(cameras) {
    document.getElementById('camera-count').textContent = cameras.length;
    document.getElementById('empty').hidden = cameras.length > 0;
    const ids = new Set(cameras.map(c => c.id));
    for (const [id, card] of cards) if (!ids.has(id)) { card.root.remove(); cards.delete(id); }
    for (const c of cameras) {
      let card = cards.get(c.id);
      if (!card) {
        card = createCard(c.id);
        cards.set(c.id, card);
        grid.append(card.root);
      }
      card.state.className = 'pill ' + c.state;
      card.state.textContent = c.state;
      card.root.title = c.url || c.id;
      stat(card.fps, 'fps', c.state === 'live' ? c.fps.toFixed(1) : '–');
      stat(card.dets, c.detections === 1 ? 'detection' : 'detections', String(c.detections));
      const wasLive = card.live;
      card.live = c.frames > 0;
      if (card.live && !wasLive) refreshThumb(c.id, card);
      showLastAlert(c.id);
    }
  }

  function showLastAlert(id) {
    const card = cards.get(id);
    const alert = lastAlerts.get(id);
    if (!card || !alert) return;
    card.lastAlert.className = 'last-alert has';
    card.lastAlert.textContent = GradstreamAlerts.titleOf(alert) + ' · ' + GradstreamAlerts.timeOf(alert).toLocaleTimeString();
  }

  function poll() {
    fetch('/api/viewer/cameras', { cache: 'no-store' })
      .then(r => r.json())
      .then(body => { conn.className = 'conn ok'; conn.textContent = 'connected'; update(body.cameras); })
      .catch(() => { conn.className = 'conn bad'; conn.textContent = 'server unreachable'; })
      .finally(() => setTimeout(poll, 2000));
  }

  GradstreamAlerts.onAlert(alert => {
    const id = GradstreamAlerts.cameraOf(alert);
    if (!id) return;
    const known = lastAlerts.get(id);
    if (!known || GradstreamAlerts.timeOf(alert) >= GradstreamAlerts.timeOf(known)) lastAlerts.set(id, alert);
    showLastAlert(id);
  });
  GradstreamAlerts.start(document.getElementById('alerts'));
  poll();
})();
