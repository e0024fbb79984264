// One camera, live: frames and detections arrive over a WebSocket, one binary message per frame
// ([uint32 JSON length][JSON][JPEG], see FrameMessage.java), and the page draws the frame, the boxes
// and the heatmaps itself, so each viewer switches heatmaps and boxes for itself.
'use strict';
(() => {
  const cameraId = new URLSearchParams(location.search).get('id') || '';
  const $ = id => document.getElementById(id);
  const stage = $('stage');
  const canvas = $('view');
  const ctx = canvas.getContext('2d');
  const conn = $('conn');
  const list = $('detections');
  const heatToggle = $('heatmaps');
  const boxToggle = $('boxes');
  const hiddenMaps = new Set();   // detections whose map this viewer switched off, by key
  const items = new Map();        // list rows by detection key
  let current = null;             // the frame on screen: {meta, image, detections: [{..., key, mapImage}]}
  let pending = null;             // the newest message not yet decoded (older ones are dropped)
  let decoding = false;
  let frameCount = 0;
  let selectedKey = null;
  let latencyMs = null;
  const frameTimes = [];

  document.title = cameraId + ' · gradstream';
  $('camera-name').textContent = cameraId || 'No camera';

  const keyOf = (d, i) => d.track ? 't' + d.track : 'i' + i + d.label;
  const pct = v => (v * 100).toFixed(0) + '%';

  // --- receiving ---
  let retryMs = 500;
  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host
      + '/ws/cameras/' + encodeURIComponent(cameraId));
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => { retryMs = 500; conn.className = 'conn ok'; conn.textContent = 'live'; };
    ws.onmessage = e => { pending = e.data; if (!decoding) decodeNext(); };
    ws.onclose = () => {
      conn.className = 'conn bad';
      conn.textContent = 'reconnecting';
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  async function decodeNext() {
    decoding = true;
    while (pending) {
      const buffer = pending;
      pending = null;
      try {
        const frame = await decode(buffer);
        show(frame);
      } catch (e) {
        console.warn('frame skipped', e);
      }
    }
    decoding = false;
  }

  async function decode(buffer) {
    const view = new DataView(buffer);
    const jsonLength = view.getUint32(0);
    const meta = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, jsonLength)));
    const jpeg = new Blob([new Uint8Array(buffer, 4 + jsonLength)], { type: 'image/jpeg' });
    const detections = meta.detections.map((d, i) => ({ ...d, key: keyOf(d, i) }));
    const [image, ...maps] = await Promise.all([createImageBitmap(jpeg),
      ...detections.map(d => d.map ? GradstreamHeatmap.decodeMap(d.map.png) : Promise.resolve(null))]);
    detections.forEach((d, i) => { d.mapImage = maps[i]; });
    detections.sort((a, b) => b.score - a.score);
    return { meta, image, detections };
  }

  // --- drawing ---
  function show(frame) {
    const previous = current;
    current = frame;
    draw();
    if (previous && previous !== current) {
      previous.image.close();
      // The detail panel of a detection that left keeps its pixels; nothing draws from these again.
      previous.detections.forEach(d => d.mapImage && d.mapImage.close());
    }
    frameCount++;
    stage.dataset.frameCount = String(frameCount);
    stage.dataset.seq = String(frame.meta.seq);
    stage.dataset.detections = String(frame.detections.length);
    $('frame-count').textContent = frameCount;
    $('stage-msg').hidden = true;
    const now = Date.now();
    frameTimes.push(now);
    while (frameTimes.length && frameTimes[0] < now - 3000) frameTimes.shift();
    if (frameTimes.length > 1) $('fps').textContent = ((frameTimes.length - 1) * 1000 / (now - frameTimes[0])).toFixed(1);
    const latency = now - frame.meta.capture_us / 1000;
    latencyMs = latencyMs === null ? latency : latencyMs * 0.8 + latency * 0.2;
    $('latency').textContent = Math.max(0, Math.round(latencyMs)) + ' ms';
    $('pipeline').textContent = frame.meta.timings ? Math.round(frame.meta.timings.total_us / 1000) + ' ms' : '–';
    updateList(frame.detections);
    updateDetail();
  }

  function draw() {
    if (!current) return;
    const { meta, image, detections } = current;
    if (canvas.width !== meta.width || canvas.height !== meta.height) {
      canvas.width = meta.width;
      canvas.height = meta.height;
    }
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    let maps = 0;
    if (heatToggle.checked) {
      const visible = detections.filter(d => d.mapImage && !hiddenMaps.has(d.key))
        .map(d => ({ image: d.mapImage, crop: d.map.crop }));
      GradstreamHeatmap.blend(ctx, visible, meta.width, meta.height);
      maps = visible.length;
    }
    stage.dataset.heatmapsDrawn = String(maps);
    if (boxToggle.checked) {
      // Lowest score first, so the strongest detection's tag ends up on top.
      for (const d of [...detections].reverse()) drawBox(ctx, d, meta.width, d.key === selectedKey);
    }
  }

  function drawBox(c, d, frameWidth, selected) {
    const [x1, y1, x2, y2] = d.box;
    const unit = Math.max(1, frameWidth / 400);
    c.save();
    if (selected) {
      c.lineWidth = 4 * unit;
      c.strokeStyle = 'rgba(255,255,255,0.9)';
      c.strokeRect(x1, y1, x2 - x1, y2 - y1);
    }
    c.lineWidth = 2 * unit;
    c.strokeStyle = d.colour;
    c.strokeRect(x1, y1, x2 - x1, y2 - y1);
    const tag = d.label + (d.track ? ' #' + d.track : '') + ' ' + d.score.toFixed(2);
    c.font = `600 ${Math.round(7 * unit)}px ${getComputedStyle(document.body).fontFamily}`;
    const w = c.measureText(tag).width + 6 * unit;
    const h = 10 * unit;
    const top = y1 - h >= 0 ? y1 - h : y1;
    const left = Math.max(0, Math.min(x1, c.canvas.width - w));
    c.fillStyle = d.colour;
    c.fillRect(left, top, w, h);
    c.fillStyle = brightness(d.colour) > 150 ? '#000' : '#fff';
    c.textBaseline = 'middle';
    c.fillText(tag, left + 3 * unit, top + h / 2);
    c.restore();
  }

  function brightness(hex) {
    const n = parseInt(hex.slice(1), 16);
    return 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  }

  // --- the detection list ---
  function updateList(detections) {
    $('detection-count').textContent = detections.length ? '(' + detections.length + ')' : '';
    $('no-detections').hidden = detections.length > 0;
    const keys = new Set(detections.map(d => d.key));
    for (const [key, li] of items) if (!keys.has(key)) { li.remove(); items.delete(key); }
    detections.forEach(d => {
      let li = items.get(d.key);
      if (!li) {
        li = createItem(d.key);
        items.set(d.key, li);
      }
      li.querySelector('.swatch').style.background = d.colour;
      li.querySelector('.label').firstChild.textContent = d.label;
      li.querySelector('.track').textContent = d.track ? '#' + d.track : '';
      li.querySelector('.score').textContent = d.score.toFixed(2);
      const toggle = li.querySelector('.map-toggle');
      toggle.hidden = !d.map;
      toggle.classList.toggle('on', !hiddenMaps.has(d.key));
      toggle.textContent = hiddenMaps.has(d.key) ? 'map off' : 'map on';
      li.classList.toggle('selected', d.key === selectedKey);
      list.append(li); // keeps the list in score order; moving a node keeps its listeners
    });
  }

  function createItem(key) {
    const li = document.createElement('li');
    li.dataset.key = key;
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    const label = document.createElement('span');
    label.className = 'label';
    label.append(document.createTextNode(''));
    const track = document.createElement('span');
    track.className = 'track';
    label.append(track);
    const score = document.createElement('span');
    score.className = 'score num';
    const toggle = document.createElement('button');
    toggle.className = 'map-toggle';
    toggle.title = 'Show or hide this detection\'s heatmap';
    toggle.addEventListener('click', e => {
      e.stopPropagation();
      if (hiddenMaps.has(key)) hiddenMaps.delete(key); else hiddenMaps.add(key);
      if (current) { draw(); updateList(current.detections); }
    });
    li.append(swatch, label, score, toggle);
    li.addEventListener('click', () => select(key));
    return li;
  }

  // --- the detail panel ---
  function select(key) {
    selectedKey = key;
    if (current) { draw(); updateList(current.detections); }
    updateDetail();
  }

  function updateDetail() {
    const panel = $('detail');
    if (!selectedKey) { panel.hidden = true; return; }
    const d = current && current.detections.find(x => x.key === selectedKey);
    panel.hidden = false;
    panel.dataset.key = selectedKey;
    $('detail-gone').hidden = !!d;
    if (!d) return; // keeps showing what it last saw
    $('detail-title').textContent = d.label + (d.track ? ' #' + d.track : '');
    $('detail-class').textContent = d.label + ' (class ' + d.class_id + ')';
    meter($('detail-score'), d.score, d.score.toFixed(2));
    if (d.quality.reliability === undefined) {
      $('detail-reliability').textContent = '– (no reliability model)';
    } else {
      meter($('detail-reliability'), d.quality.reliability, d.quality.reliability.toFixed(2));
    }
    $('detail-track').textContent = (d.track ? '#' + d.track : 'untracked') +
      (d.track_frames ? ' · ' + d.track_frames + (d.track_frames === 1 ? ' frame' : ' frames') +
        ', mean score ' + d.track_mean_score.toFixed(2) : '');
    meter($('detail-energy'), d.quality.energy_in_box, pct(d.quality.energy_in_box));
    meter($('detail-concentration'), d.quality.concentration, d.quality.concentration.toFixed(2));
    meter($('detail-confidence'), d.quality.confidence, d.quality.confidence.toFixed(2));
    $('detail-method').textContent = d.map ? d.map.method : '–';
    $('detail-layer').textContent = d.map ? d.map.layer + ' · ' + d.map.width + '×' + d.map.height + ', stride ' + d.map.stride : '–';
    drawDetailMap(d);
  }

  function meter(dd, value, text) {
    dd.textContent = '';
    const bar = document.createElement('span');
    bar.className = 'meter ' + (value < 0.3 ? 'low' : value < 0.6 ? 'mid' : 'high');
    const fill = document.createElement('span');
    fill.style.width = Math.max(0, Math.min(1, value)) * 100 + '%';
    bar.append(fill);
    const label = document.createElement('span');
    label.className = 'num';
    label.textContent = text;
    dd.append(bar, label);
  }

  /** The detection's surroundings, enlarged, with only its own map over them. */
  function drawDetailMap(d) {
    const c = $('detail-map').getContext('2d');
    const { meta, image } = current;
    const [x1, y1, x2, y2] = d.box;
    const aspect = c.canvas.width / c.canvas.height;
    let w = (x2 - x1) * 1.8;
    let h = (y2 - y1) * 1.4;
    if (w / h < aspect) w = h * aspect; else h = w / aspect;
    w = Math.min(w, meta.width);
    h = Math.min(h, meta.height);
    const sx = Math.max(0, Math.min(meta.width - w, (x1 + x2) / 2 - w / 2));
    const sy = Math.max(0, Math.min(meta.height - h, (y1 + y2) / 2 - h / 2));
    c.clearRect(0, 0, c.canvas.width, c.canvas.height);
    c.drawImage(image, sx, sy, w, h, 0, 0, c.canvas.width, c.canvas.height);
    if (d.mapImage) {
      GradstreamHeatmap.blend(c, [{ image: d.mapImage, crop: d.map.crop }], meta.width, meta.height, null, [sx, sy, w, h]);
    }
    const k = c.canvas.width / w;
    c.lineWidth = 2;
    c.strokeStyle = d.colour;
    c.strokeRect((x1 - sx) * k, (y1 - sy) * k, (x2 - x1) * k, (y2 - y1) * k);
  }

  // --- input ---
  canvas.addEventListener('click', e => {
    if (!current) return;
    const r = canvas.getBoundingClientRect();
    const x = (e.clientX - r.left) * canvas.width / r.width;
    const y = (e.clientY - r.top) * canvas.height / r.height;
    const hits = current.detections.filter(d => x >= d.box[0] && x <= d.box[2] && y >= d.box[1] && y <= d.box[3]);
    if (!hits.length) return;
    const area = d => (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]);
    select(hits.reduce((a, b) => area(b) < area(a) ? b : a).key);
  });
  $('detail-close').addEventListener('click', () => { selectedKey = null; updateDetail(); draw(); if (current) updateList(current.detections); });
  heatToggle.addEventListener('change', draw);
  boxToggle.addEventListener('change', draw);

  // --- status from the registry ---
  function pollStatus() {
    fetch('/api/viewer/cameras', { cache: 'no-store' })
      .then(r => r.json())
      .then(body => {
        const cam = body.cameras.find(c => c.id === cameraId);
        const state = $('camera-state');
        if (!cam) {
          state.className = 'pill stalled';
          state.textContent = 'unknown camera';
          $('stage-msg').textContent = 'No camera "' + cameraId + '" is registered or streaming.';
          return;
        }
        state.className = 'pill ' + cam.state;
        state.textContent = cam.state;
        $('camera-url').textContent = cam.url || '';
      })
      .catch(() => {})
      .finally(() => setTimeout(pollStatus, 2000));
  }

  GradstreamAlerts.start($('alerts'));
  pollStatus();
  connect();
})();
