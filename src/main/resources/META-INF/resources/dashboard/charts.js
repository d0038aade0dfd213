// The dashboard's charts (uPlot, served from its webjar): what each one plots, with labels and units, and the
// drawing of version marks (a version starts serving, a rollback) on the time axis.
import * as f from './format.js';

const COLOR = {
  blue: '#2563eb', orange: '#ea7c00', green: '#15803d', red: '#c62828', violet: '#7c3aed', teal: '#0f8f8a',
  ink: '#1d2330', grey: '#64748b', pink: '#db2777', brown: '#92400e', olive: '#4d7c0f', cyan: '#0891b2',
};
const LEVEL_COLORS = [COLOR.blue, COLOR.orange, COLOR.violet, COLOR.teal, COLOR.pink];
const REASON_COLORS = [COLOR.red, COLOR.orange, COLOR.violet, COLOR.teal, COLOR.pink, COLOR.brown, COLOR.olive,
  COLOR.cyan, COLOR.blue, COLOR.green, COLOR.grey, COLOR.ink];
const HEIGHT = 230;

const levelsOf = store => {
  const levels = store.keys(/^train\.level\d+\.loss$/).map(k => Number(k.split('.')[1].slice(5)));
  return levels.length ? levels.sort((a, b) => a - b) : [1, 2, 3];
};

const reasonLabel = key => key.slice(4).toLowerCase().replaceAll('_', ' ');

/**
 * Each chart: its series (key in the history, label, colour, scale, format) and axes. Series lists that depend on
 * what the service has seen (cascade levels, dead-letter reasons) are functions of the store.
 */
const SPECS = {
  items: {
    empty: 'no item yet: images produced to catalog.images appear here',
    series: () => [
      { key: 'items', label: 'searchable items', color: COLOR.blue, scale: 'items', fmt: f.count, fill: 'rgba(37,99,235,.08)' },
      { key: 'ingest.rate', label: 'ingest rate', color: COLOR.orange, scale: 'rate', fmt: f.perSecond },
    ],
    axes: [{ scale: 'items', fmt: f.count, label: 'items', integer: true }, { scale: 'rate', fmt: f.perSecond, label: 'records / s', side: 1 }],
    marks: true,
  },
  fresh: {
    empty: 'no item became searchable in this window',
    series: () => [
      { key: 'fresh.p50', sparse: true, label: 'median (p50)', color: COLOR.blue, scale: 'ms', fmt: f.millis },
      { key: 'fresh.p99', sparse: true, label: 'p99', color: COLOR.orange, scale: 'ms', fmt: f.millis },
    ],
    axes: [{ scale: 'ms', fmt: f.millis, label: 'record timestamp → searchable' }],
  },
  loss: {
    empty: 'no training step yet: the trainer starts once enough classes have arrived',
    series: store => [
      { key: 'train.loss', label: 'total', color: COLOR.ink, scale: 'loss', fmt: v => f.decimal(v, 4) },
      ...levelsOf(store).map((l, i) => ({ key: `train.level${l}.loss`, label: `level ${l}`, color: LEVEL_COLORS[i % 5],
        scale: 'loss', fmt: v => f.decimal(v, 4) })),
    ],
    axes: [{ scale: 'loss', fmt: v => f.decimal(v, 3), label: 'loss of the latest step' }],
    marks: true,
  },
  hard: {
    empty: 'no training step yet',
    series: store => levelsOf(store).map((l, i) => ({ key: `train.level${l}.hard`, label: `level ${l}`,
      color: LEVEL_COLORS[i % 5], scale: 'share', fmt: f.percent })),
    axes: [{ scale: 'share', fmt: f.percent, label: 'kept pairs with non-zero loss', range: [0, 1] }],
  },
  lookupRate: {
    empty: 'no lookup yet',
    series: () => [
      { key: 'lookup.similar.rate', label: 'similar to an item', color: COLOR.blue, scale: 'rate', fmt: f.perSecond },
      { key: 'lookup.image.rate', label: 'by image', color: COLOR.orange, scale: 'rate', fmt: f.perSecond },
      { key: 'lookup.errors.rate', label: 'errors (4xx/5xx)', color: COLOR.red, scale: 'rate', fmt: f.perSecond },
    ],
    axes: [{ scale: 'rate', fmt: f.perSecond, label: 'requests / s' }],
  },
  lookupLatency: {
    empty: 'no lookup answered in this window',
    series: () => [
      { key: 'lookup.similar.p50', sparse: true, label: 'similar p50', color: COLOR.blue, scale: 'ms', fmt: f.millis },
      { key: 'lookup.similar.p99', sparse: true, label: 'similar p99', color: COLOR.blue, dash: [5, 4], scale: 'ms', fmt: f.millis },
      { key: 'lookup.image.p50', sparse: true, label: 'by image p50', color: COLOR.orange, scale: 'ms', fmt: f.millis },
      { key: 'lookup.image.p99', sparse: true, label: 'by image p99', color: COLOR.orange, dash: [5, 4], scale: 'ms', fmt: f.millis },
    ],
    axes: [{ scale: 'ms', fmt: f.millis, label: 'server time per answer' }],
  },
  dlq: {
    empty: null, // the total is a line at 0 until a record is refused
    series: store => [
      { key: 'dlq.total', label: 'all reasons', color: COLOR.grey, scale: 'n', fmt: f.count, width: 1, dash: [3, 3] },
      ...store.keys(/^dlq\.(?!total$)/).map((k, i) => ({ key: k, label: reasonLabel(k),
        color: REASON_COLORS[i % REASON_COLORS.length], scale: 'n', fmt: f.count, nullAsZero: true })),
    ],
    axes: [{ scale: 'n', fmt: f.count, label: 'records refused so far', integer: true }],
  },
};

/** Vertical dashed lines with a label at the given times (seconds), drawn over the plot. */
function marksPlugin(getMarks) {
  return {
    hooks: {
      draw: [u => {
        const marks = getMarks();
        if (!marks.length) return;
        const dpr = window.devicePixelRatio || 1;
        const { ctx } = u;
        const { left, top, width, height } = u.bbox;
        ctx.save();
        ctx.font = `${11 * dpr}px system-ui, sans-serif`;
        ctx.lineWidth = dpr;
        ctx.setLineDash([4 * dpr, 3 * dpr]);
        marks.forEach((m, i) => {
          const x = Math.round(u.valToPos(m.t, 'x', true));
          if (x < left || x > left + width) return;
          ctx.strokeStyle = m.color;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.fillStyle = m.color;
          const w = ctx.measureText(m.label).width;
          const tx = x + 4 * dpr + w > left + width ? x - 4 * dpr - w : x + 4 * dpr;
          ctx.fillText(m.label, tx, top + (12 + 13 * (i % 3)) * dpr);
        });
        ctx.restore();
      }],
    },
  };
}

/**
 * A y range that never collapses: fixed, 'fit' (around the values, within [0, 1]: recall differences are small), or
 * from 0 (counts, rates, latencies).
 */
function yRange(mode) {
  return (u, min, max) => {
    if (Array.isArray(mode)) return mode;
    if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
    if (mode === 'fit') {
      const pad = Math.max(0.02, (max - min) * 0.15);
      return [Math.max(0, min - pad), Math.min(1, max + pad)];
    }
    const lo = Math.min(0, min);
    const hi = max > lo ? max * 1.08 : lo + 1;
    return [lo, hi];
  };
}

function axisOf(a) {
  return {
    scale: a.scale, side: a.side ?? 3, label: a.label, labelSize: 16, size: 64,
    labelFont: '12px system-ui, sans-serif', font: '11px system-ui, sans-serif',
    grid: { show: a.side !== 1, stroke: '#eef0f3' }, ticks: { stroke: '#e3e6eb' },
    values: (u, values) => values.map(v => a.fmt(v)),
    ...(a.integer ? { incrs: INTEGER_STEPS } : {}),
  };
}

/**
 * The indices of values with no neighbour: a line cannot show them, a dot does (a lookup in one sampling interval
 * of a minute). Lines are not drawn across gaps in latencies: a gap means nothing was measured.
 */
function isolated(u, seriesIdx) {
  const d = u.data[seriesIdx];
  const out = [];
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== null && (i === 0 || d[i - 1] === null) && (i === d.length - 1 || d[i + 1] === null)) out.push(i);
  }
  return out;
}

/** Tick steps of axes that count things: no 0.5 records. */
const INTEGER_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7];

/** Time tick steps in seconds: uPlot's own jump from 1 to 5 minutes leaves a narrow chart one tick. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Room per time tick in CSS pixels: labels with seconds (a short window) are wider. */
function tickSpace(u, axisIdx, min, max) {
  return max - min < 180 ? 64 : 40;
}

/** Time ticks as 24-hour clock times; seconds only when the window is short. */
function timeTicks(u, splits) {
  const span = u.scales.x.max - u.scales.x.min;
  const opts = { hour: '2-digit', minute: '2-digit', ...(span < 180 ? { second: '2-digit' } : {}) };
  return splits.map(s => new Date(s * 1000).toLocaleTimeString('en-GB', opts));
}

/** One chart card: builds its uPlot on first data (and again when its series change), then updates it. */
class Chart {
  constructor(name, el, spec, getXRange, getMarks) {
    this.name = name;
    this.el = el;
    this.spec = spec;
    this.getXRange = getXRange;
    this.getMarks = getMarks;
    this.plot = null;
    this.signature = null;
    this.note = document.createElement('div');
    this.note.className = 'empty';
    el.append(this.note);
    new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: HEIGHT })).observe(el);
  }

  width() { return Math.max(280, this.el.clientWidth); }

  build(series) {
    this.plot?.destroy();
    const axes = this.spec.axes;
    const scales = { x: { time: true, range: (u, min, max) => this.getXRange() ?? [min, max - min < 60 ? min + 60 : max] } };
    for (const a of axes) scales[a.scale] = { range: yRange(a.range) };
    this.plot = new uPlot({
      width: this.width(), height: HEIGHT,
      cursor: { sync: { key: 'hdc' }, points: { size: 7 } },
      legend: { live: true },
      scales,
      series: [
        { value: (u, v) => v === null ? '–' : new Date(v * 1000).toLocaleTimeString('en-GB') },
        ...series.map(s => ({
          label: s.label, stroke: s.color, width: s.width ?? 2, fill: s.fill, dash: s.dash, scale: s.scale,
          spanGaps: !s.pointsOnly && !s.sparse, value: (u, v) => v === null || v === undefined ? '–' : s.fmt(v),
          ...(s.sparse ? { points: { show: true, size: 5, fill: s.color, filter: isolated } } : {}),
          ...(s.pointsOnly ? { paths: () => null, points: { show: true, size: 11, width: 2, fill: s.color, stroke: '#fff' } } : {}),
          ...(s.stepped ? { paths: uPlot.paths.stepped({ align: 1 }),
            points: { show: true, size: 8, fill: s.color, filter: () => [...s.dotsAt()] } } : {}),
        })),
      ],
      axes: [{ font: '11px system-ui, sans-serif', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e3e6eb' },
        values: timeTicks, space: tickSpace, incrs: TIME_STEPS },
        ...axes.map(axisOf)],
      plugins: [marksPlugin(this.getMarks)],
    }, null, this.el);
  }

  /** Sets the data: {@code xs} in seconds, one array per series. */
  render(series, xs, columns, emptyText) {
    const signature = series.map(s => s.key).join(',');
    if (signature !== this.signature) {
      this.build(series);
      this.signature = signature;
    }
    this.plot.setData([xs, ...columns]);
    this.points = columns.reduce((n, c) => n + c.filter(v => v !== null && v !== undefined).length, 0);
    this.note.textContent = this.points === 0 ? (emptyText ?? '') : '';
    this.el.dataset.points = String(this.points);
  }
}

/** The time-series charts over the sampled history, and the held-out R@1 chart over the gate's decisions. */
export class Charts {
  constructor(root) {
    this.store = null;
    this.charts = {};
    for (const el of root.querySelectorAll('[data-chart]')) {
      const name = el.dataset.chart;
      const spec = name === 'r1' ? R1_SPEC : SPECS[name];
      this.charts[name] = new Chart(name, el, spec, () => this.xRange, () => this.marks(name));
    }
  }

  marks(name) {
    if (!this.store || !(name === 'r1' || SPECS[name]?.marks)) return [];
    return this.store.versions.flatMap(v => {
      const t = v.time / 1000;
      if (v.status === 'SERVING') return [{ t, color: COLOR.green, label: f.shortVersion(v.versionId) + ' serves' }];
      if (v.status === 'ROLLED_BACK') return [{ t, color: COLOR.violet, label: f.shortVersion(v.versionId) + ' rolled back' }];
      return [];
    });
  }

  /** Draws everything in {@code store}. */
  update(store) {
    this.store = store;
    const xs = store.times.map(t => t / 1000);
    const gates = store.gates();
    const times = [...xs, ...gates.map(g => g.time / 1000)];
    this.xRange = times.length ? [Math.min(...times), Math.max(Math.max(...times), Math.min(...times) + 60)] : null;
    for (const [name, chart] of Object.entries(this.charts)) {
      if (name === 'r1') {
        this.renderR1(chart, gates);
        continue;
      }
      const spec = SPECS[name];
      const series = spec.series(store);
      const columns = series.map(s => {
        const c = store.column(s.key);
        return s.nullAsZero ? c.map(v => v ?? 0) : c;
      });
      chart.render(series, xs, columns, spec.empty);
    }
  }

  /**
   * The serving model's R@1 as a step line: at each decision the serving model's score on that snapshot (a dot); a
   * promoted candidate's score once it starts serving (its SERVING mark, after the re-embedding), not at its
   * promotion; held until the next change and up to now. Candidates as dots.
   */
  renderR1(chart, gates) {
    const part = gates.length ? gates[gates.length - 1].part : 'unseen';
    const xs = [], serving = [], promoted = [], rejected = [];
    const row = (t, s, p, r) => { xs.push(t); serving.push(s); promoted.push(p); rejected.push(r); };
    const servedAt = id => (this.store.versions.find(v => v.versionId === id && v.status === 'SERVING') ?? {}).time;
    const events = [];
    for (const g of gates) {
      events.push({ t: g.time, gate: g });
      const start = g.status === 'PROMOTED' ? servedAt(g.versionId) : undefined;
      if (start !== undefined && start >= g.time) events.push({ t: start, serves: g.r1 });
    }
    events.sort((a, b) => a.t - b.t);
    let current = null;
    for (const e of events) {
      const t = Math.max(e.t / 1000, xs.length ? xs[xs.length - 1] + 0.001 : 0);
      if (e.gate) {
        const g = e.gate;
        row(t, g.servingR1, g.status === 'PROMOTED' ? g.r1 : null, g.status === 'REJECTED' ? g.r1 : null);
        current = g.servingR1;
      } else {
        if (current !== null) row(t, current, null, null);
        row(t + 0.001, e.serves, null, null);
        current = e.serves;
      }
    }
    if (current !== null) row(Math.max(this.store.now / 1000, xs[xs.length - 1] + 1), current, null, null);
    this.measured = new Set(xs.map((t, i) => i).filter(i => promoted[i] !== null || rejected[i] !== null));
    chart.render(R1_SPEC.series(part, this), xs, [serving, promoted, rejected], R1_SPEC.empty);
    // Points drawn: the decisions, not the helper rows of the step line.
    chart.points = this.measured.size * 2;
    chart.el.dataset.points = String(chart.points);
  }

  /** Points drawn per chart, for the browser test and for people who ask the console. */
  points() {
    return Object.fromEntries(Object.entries(this.charts).map(([n, c]) => [n, c.points ?? 0]));
  }
}

const R1_SPEC = {
  empty: 'no gate decision yet: the first candidate is judged after a few hundred training steps',
  series: (part, charts) => [
    { key: 'serving', label: `serving model (${part} classes)`, color: COLOR.blue, scale: 'r1', fmt: v => f.decimal(v),
      stepped: true, dotsAt: () => charts.measured },
    { key: 'promoted', label: 'candidate, promoted', color: COLOR.green, scale: 'r1', fmt: v => f.decimal(v), pointsOnly: true },
    { key: 'rejected', label: 'candidate, rejected', color: COLOR.red, scale: 'r1', fmt: v => f.decimal(v), pointsOnly: true },
  ],
  axes: [{ scale: 'r1', fmt: v => f.decimal(v, 2), label: 'held-out recall@1', range: 'fit' }],
};
