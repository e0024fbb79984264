// Heatmaps drawn in the browser the way the server's streams draw them: each map covers the square
// letterboxed model input, so only its crop (the frame's part, in map cells) is scaled onto the frame;
// the maps of a frame combine by per-pixel maximum, are coloured with the jet colormap (blue cold, red
// hot) and blended in at 0.45 opacity.
'use strict';
const GradstreamHeatmap = (() => {
  const OPACITY = 0.45;
  // Jet as OpenCV's COLORMAP_JET: piecewise-linear blue -> cyan -> yellow -> red.
  const JET = new Uint8ClampedArray(256 * 3);
  for (let v = 0; v < 256; v++) {
    const x = v / 255;
    const ch = c => Math.max(0, Math.min(1, 1.5 - Math.abs(4 * x - c)));
    JET[v * 3] = Math.round(255 * ch(3));
    JET[v * 3 + 1] = Math.round(255 * ch(2));
    JET[v * 3 + 2] = Math.round(255 * ch(1));
  }
  const work = document.createElement('canvas');

  /** Decodes a base64 PNG map into an ImageBitmap. */
  function decodeMap(base64) {
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    return createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  }

  /**
   * Blends the maximum of maps ([{image, crop: [x, y, w, h]}]) over the region (dx, dy, dw, dh) of ctx,
   * which shows the frame's part (sx, sy, sw, sh) in frame pixels of a frame frameW x frameH.
   */
  function blend(ctx, maps, frameW, frameH, dest, source) {
    if (!maps.length) return;
    const src = source || [0, 0, frameW, frameH];
    const d = dest || [0, 0, ctx.canvas.width, ctx.canvas.height];
    // Combined at a quarter of the destination size: maps are 10-80 cells wide, so nothing is lost.
    const w = Math.max(1, Math.round(d[2] / 4));
    const h = Math.max(1, Math.round(d[3] / 4));
    work.width = w;
    work.height = h;
    const c = work.getContext('2d', { willReadFrequently: true });
    c.fillStyle = '#000';
    c.fillRect(0, 0, w, h);
    c.globalCompositeOperation = 'lighten'; // per-channel maximum: the maps are grey
    c.imageSmoothingEnabled = true;
    for (const m of maps) {
      const [cx, cy, cw, ch] = m.crop;
      // The frame's sub-rectangle src, in map cells.
      const kx = cw / frameW;
      const ky = ch / frameH;
      c.drawImage(m.image, cx + src[0] * kx, cy + src[1] * ky, src[2] * kx, src[3] * ky, 0, 0, w, h);
    }
    const pixels = c.getImageData(0, 0, w, h);
    const p = pixels.data;
    for (let i = 0; i < p.length; i += 4) {
      const v = p[i];
      p[i] = JET[v * 3];
      p[i + 1] = JET[v * 3 + 1];
      p[i + 2] = JET[v * 3 + 2];
      p[i + 3] = 255;
    }
    c.putImageData(pixels, 0, 0);
    ctx.save();
    ctx.globalAlpha = OPACITY;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(work, 0, 0, w, h, d[0], d[1], d[2], d[3]);
    ctx.restore();
  }

  return { decodeMap, blend };
})();
