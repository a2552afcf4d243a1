// A small WebGL point renderer for 2-D and 3-D scatter plots: round points with per-point colour
// and size, pan/zoom in 2-D, orbit/zoom in 3-D, and picking in screen space. Falls back to a 2-D
// canvas when WebGL is not available.

const VERTEX = `
attribute vec3 aPosition;
attribute vec4 aColor;
attribute float aSize;
uniform mat4 uMatrix;
uniform float uScale;
varying vec4 vColor;
void main() {
  gl_Position = uMatrix * vec4(aPosition, 1.0);
  gl_PointSize = aSize * uScale;
  vColor = aColor;
}`;

const FRAGMENT = `
precision mediump float;
varying vec4 vColor;
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float r = dot(c, c);
  if (r > 1.0) discard;
  float edge = smoothstep(0.75, 1.0, r);
  gl_FragColor = vec4(mix(vColor.rgb, vColor.rgb * 0.6, edge), vColor.a);
}`;

// Column-major 4x4 matrices, as WebGL expects.
function multiply(a, b) {
  const out = new Float32Array(16);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
      out[c * 4 + r] = s;
    }
  }
  return out;
}

function perspective(fovy, aspect, near, far) {
  const f = 1 / Math.tan(fovy / 2);
  const nf = 1 / (near - far);
  return new Float32Array([f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) * nf, -1,
    0, 0, 2 * far * near * nf, 0]);
}

function rotation(yaw, pitch) {
  const cy = Math.cos(yaw), sy = Math.sin(yaw), cp = Math.cos(pitch), sp = Math.sin(pitch);
  // R = Rx(pitch) * Ry(yaw)
  return new Float32Array([cy, sp * sy, -cp * sy, 0, 0, cp, sp, 0, sy, -sp * cy, cp * cy, 0,
    0, 0, 0, 1]);
}

function translation(x, y, z) {
  return new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1]);
}

export class Scatter {
  /** Draws into a new canvas appended to container; onPick(index|null) on click. */
  constructor(container, { onPick, onHover } = {}) {
    this.container = container;
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'vdl-emb-canvas';
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'vdl-emb-overlay';
    container.append(this.canvas, this.overlay);
    this.onPick = onPick || (() => {});
    this.onHover = onHover || (() => {});
    this.dims = 2;
    this.count = 0;
    this.positions = new Float32Array(0); // normalised to [-1, 1]
    this.colors = new Float32Array(0);
    this.sizes = new Float32Array(0);
    this.labels = [];
    this.labelled = []; // indices whose label is drawn
    // Theme colours: the background (RGB 0..1) and the label text and halo.
    this.theme = { background: [1, 1, 1], text: '#1f2328', halo: 'rgba(255,255,255,0.9)' };
    this.sprite = null; // {image, width, height, perRow}: point thumbnails
    this.camera = { zoom: 1, panX: 0, panY: 0, yaw: 0.6, pitch: 0.35, distance: 3.2 };
    this.gl = this.canvas.getContext('webgl', { antialias: true, preserveDrawingBuffer: true });
    this.renderer = this.gl ? 'webgl' : 'canvas';
    this.canvas.dataset.renderer = this.renderer;
    if (this.gl) this.initGl();
    else this.ctx2d = this.canvas.getContext('2d');
    this.bindInput();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
  }

  initGl() {
    const gl = this.gl;
    const compile = (type, src) => {
      const s = gl.createShader(type);
      gl.shaderSource(s, src);
      gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
      return s;
    };
    const program = gl.createProgram();
    gl.attachShader(program, compile(gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(program));
    this.program = program;
    this.loc = {
      position: gl.getAttribLocation(program, 'aPosition'),
      color: gl.getAttribLocation(program, 'aColor'),
      size: gl.getAttribLocation(program, 'aSize'),
      matrix: gl.getUniformLocation(program, 'uMatrix'),
      scale: gl.getUniformLocation(program, 'uScale'),
    };
    this.buffers = { position: gl.createBuffer(), color: gl.createBuffer(), size: gl.createBuffer() };
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
  }

  resize() {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(100, this.container.clientWidth);
    const h = Math.max(100, this.container.clientHeight);
    for (const c of [this.canvas, this.overlay]) {
      c.width = Math.round(w * ratio);
      c.height = Math.round(h * ratio);
      c.style.width = `${w}px`;
      c.style.height = `${h}px`;
    }
    this.ratio = ratio;
    this.draw();
  }

  /** Sets the points (arrays of [x, y(, z)]); keeps the camera unless reset is asked. */
  setPoints(points, dims, reset) {
    if (dims !== this.dims || reset) {
      this.camera = { zoom: 1, panX: 0, panY: 0, yaw: 0.6, pitch: 0.35, distance: 3.2 };
    }
    this.dims = dims;
    const n = points.length;
    const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    for (const p of points) {
      for (let c = 0; c < dims; c++) {
        if (p[c] < lo[c]) lo[c] = p[c];
        if (p[c] > hi[c]) hi[c] = p[c];
      }
    }
    let extent = 1e-9;
    for (let c = 0; c < dims; c++) extent = Math.max(extent, hi[c] - lo[c]);
    const pos = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < dims; c++) {
        pos[i * 3 + c] = ((points[i][c] - (lo[c] + hi[c]) / 2) / extent) * 1.9;
      }
    }
    this.positions = pos;
    this.count = n;
    if (this.colors.length !== n * 4) {
      this.colors = new Float32Array(n * 4).fill(0.5);
      this.sizes = new Float32Array(n).fill(4);
    }
    if (this.gl) {
      const gl = this.gl;
      gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.position);
      gl.bufferData(gl.ARRAY_BUFFER, pos, gl.DYNAMIC_DRAW);
      this.uploadStyle();
    }
    this.draw();
  }

  /** Per-point colours (RGBA 0..1, n x 4) and sizes in CSS pixels, plus labels to draw. */
  setStyle(colors, sizes, labels, labelled) {
    this.colors = colors;
    this.sizes = sizes;
    this.labels = labels;
    this.labelled = labelled;
    this.uploadStyle();
    this.draw();
  }

  /** Colours of the theme: background [r, g, b] in 0..1, label text and the halo behind labels. */
  setTheme(theme) {
    this.theme = { ...this.theme, ...theme };
    this.canvas.dataset.background = this.theme.background.map((v) => Math.round(v * 255)).join(',');
    this.draw();
  }

  /**
   * Thumbnails for the points, as TensorBoard's projector draws them: image is a sprite sheet of
   * cells width x height, row-major, one per point. null removes them.
   */
  setSprite(sprite) {
    this.sprite = sprite ? { ...sprite, perRow: Math.max(1, Math.floor(sprite.image.naturalWidth / sprite.width)) } : null;
    this.draw();
  }

  uploadStyle() {
    if (!this.gl || this.colors.length !== this.count * 4) return;
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.color);
    gl.bufferData(gl.ARRAY_BUFFER, this.colors, gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.size);
    gl.bufferData(gl.ARRAY_BUFFER, this.sizes, gl.DYNAMIC_DRAW);
  }

  matrix() {
    const aspect = this.canvas.width / this.canvas.height;
    const cam = this.camera;
    if (this.dims === 2) {
      const sx = aspect > 1 ? cam.zoom / aspect : cam.zoom;
      const sy = aspect > 1 ? cam.zoom : cam.zoom * aspect;
      return new Float32Array([sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, 1, 0, cam.panX, cam.panY, 0, 1]);
    }
    const proj = perspective(Math.PI / 4, aspect, 0.05, 100);
    const view = multiply(translation(cam.panX, cam.panY, -cam.distance), rotation(cam.yaw, cam.pitch));
    return multiply(proj, view);
  }

  /** Screen positions (CSS pixels) of every point, and whether it is in front of the camera. */
  project() {
    const m = this.matrix();
    const w = this.canvas.width / this.ratio, h = this.canvas.height / this.ratio;
    const out = new Float32Array(this.count * 3);
    const p = this.positions;
    for (let i = 0; i < this.count; i++) {
      const x = p[i * 3], y = p[i * 3 + 1], z = p[i * 3 + 2];
      const cx = m[0] * x + m[4] * y + m[8] * z + m[12];
      const cy = m[1] * x + m[5] * y + m[9] * z + m[13];
      const cw = m[3] * x + m[7] * y + m[11] * z + m[15];
      out[i * 3] = ((cx / cw + 1) / 2) * w;
      out[i * 3 + 1] = ((1 - cy / cw) / 2) * h;
      out[i * 3 + 2] = cw > 0 ? cw : -1;
    }
    return out;
  }

  /** The index of the point nearest to (x, y) in CSS pixels within radius, or null. */
  pick(x, y, radius = 8) {
    const s = this.project();
    let best = null, bestD = radius * radius;
    for (let i = 0; i < this.count; i++) {
      if (s[i * 3 + 2] <= 0) continue;
      const dx = s[i * 3] - x, dy = s[i * 3 + 1] - y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) { bestD = d; best = i; }
    }
    return best;
  }

  draw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = null; this.drawNow(); });
  }

  drawNow() {
    const w = this.canvas.width, h = this.canvas.height;
    if (this.gl) {
      const gl = this.gl;
      gl.viewport(0, 0, w, h);
      const [r, g, b] = this.theme.background;
      gl.clearColor(r, g, b, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      if (this.count > 0 && this.colors.length === this.count * 4) {
        gl.useProgram(this.program);
        gl.uniformMatrix4fv(this.loc.matrix, false, this.matrix());
        gl.uniform1f(this.loc.scale, this.ratio);
        const bind = (buffer, loc, size) => {
          gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
          gl.enableVertexAttribArray(loc);
          gl.vertexAttribPointer(loc, size, gl.FLOAT, false, 0, 0);
        };
        bind(this.buffers.position, this.loc.position, 3);
        bind(this.buffers.color, this.loc.color, 4);
        bind(this.buffers.size, this.loc.size, 1);
        gl.drawArrays(gl.POINTS, 0, this.count);
      }
    } else {
      this.drawCanvas2d();
    }
    this.drawOverlay();
  }

  drawCanvas2d() {
    const ctx = this.ctx2d;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = `rgb(${this.theme.background.map((v) => Math.round(v * 255)).join(',')})`;
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    const s = this.project();
    const c = this.colors;
    for (let i = 0; i < this.count; i++) {
      if (s[i * 3 + 2] <= 0) continue;
      ctx.fillStyle = `rgba(${c[i * 4] * 255 | 0},${c[i * 4 + 1] * 255 | 0},${c[i * 4 + 2] * 255 | 0},${c[i * 4 + 3]})`;
      ctx.beginPath();
      ctx.arc(s[i * 3] * this.ratio, s[i * 3 + 1] * this.ratio, (this.sizes[i] / 2) * this.ratio, 0, 2 * Math.PI);
      ctx.fill();
    }
  }

  drawOverlay() {
    const ctx = this.overlay.getContext('2d');
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
    if (this.sprite && this.count) this.drawSprites(ctx);
    if (!this.labelled.length || !this.count) return;
    const s = this.project();
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = this.theme.halo;
    ctx.fillStyle = this.theme.text;
    // Labels in priority order; one that would overlap a label already drawn is left out.
    const boxes = [];
    const seen = new Set();
    for (const i of this.labelled) {
      if (seen.has(i) || i >= this.count || s[i * 3 + 2] <= 0) continue;
      seen.add(i);
      const text = this.labels[i] ?? String(i);
      const x = s[i * 3] + 6, y = s[i * 3 + 1];
      const box = [x - 1, y - 8, x + ctx.measureText(text).width + 1, y + 8];
      if (boxes.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
      boxes.push(box);
      ctx.strokeText(text, x, y);
      ctx.fillText(text, x, y);
    }
  }

  /** Each point's cell of the sprite sheet, centred on the point, far points first. */
  drawSprites(ctx) {
    const { image, width, height, perRow } = this.sprite;
    if (!image.complete || !image.naturalWidth) return;
    const s = this.project();
    const size = this.count > 2000 ? 16 : this.count > 500 ? 24 : 32;
    const scale = size / Math.max(width, height);
    const order = [...Array(this.count).keys()].filter((i) => s[i * 3 + 2] > 0);
    if (this.dims === 3) order.sort((a, b) => s[b * 3 + 2] - s[a * 3 + 2]);
    for (const i of order) {
      const sx = (i % perRow) * width, sy = Math.floor(i / perRow) * height;
      if (sy + height > image.naturalHeight) continue;
      const w = width * scale, h = height * scale;
      ctx.drawImage(image, sx, sy, width, height, s[i * 3] - w / 2, s[i * 3 + 1] - h / 2, w, h);
    }
    this.overlay.dataset.sprites = String(order.length);
  }

  bindInput() {
    const el = this.overlay;
    let drag = null;
    el.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, moved: false, shift: e.shiftKey };
      try { el.setPointerCapture(e.pointerId); } catch { /* synthetic or finished pointer */ }
    });
    el.addEventListener('pointermove', (e) => {
      if (!drag) {
        const r = el.getBoundingClientRect();
        this.onHover(this.count < 50000 ? this.pick(e.clientX - r.left, e.clientY - r.top) : null);
        return;
      }
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
      drag.x = e.clientX; drag.y = e.clientY;
      const cam = this.camera;
      const h = el.clientHeight || 1;
      if (this.dims === 3 && !drag.shift) {
        cam.yaw += dx * 0.01;
        cam.pitch = Math.max(-1.5, Math.min(1.5, cam.pitch + dy * 0.01));
      } else {
        const unit = this.dims === 3 ? cam.distance * 0.8 : 2;
        cam.panX += (dx / h) * unit;
        cam.panY -= (dy / h) * unit;
      }
      this.draw();
    });
    el.addEventListener('pointerup', (e) => {
      if (drag && !drag.moved) {
        const r = el.getBoundingClientRect();
        this.onPick(this.pick(e.clientX - r.left, e.clientY - r.top));
      }
      drag = null;
    });
    el.addEventListener('wheel', (e) => {
      e.preventDefault();
      const factor = Math.exp(-e.deltaY * 0.0015);
      const cam = this.camera;
      if (this.dims === 3) {
        cam.distance = Math.max(0.3, Math.min(40, cam.distance / factor));
      } else {
        // Zoom about the cursor: the point under it stays put.
        const r = el.getBoundingClientRect();
        const nx = ((e.clientX - r.left) / r.width) * 2 - 1;
        const ny = 1 - ((e.clientY - r.top) / r.height) * 2;
        cam.panX = nx - (nx - cam.panX) * factor;
        cam.panY = ny - (ny - cam.panY) * factor;
        cam.zoom *= factor;
      }
      this.draw();
    }, { passive: false });
  }

  dispose() {
    this.resizeObserver.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    const lose = this.gl && this.gl.getExtension('WEBGL_lose_context');
    if (lose) lose.loseContext();
    this.canvas.remove();
    this.overlay.remove();
  }
}
