// Human formats with units, shared by the charts, the figures and the tables.

const INT = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

export const isNum = v => typeof v === 'number' && Number.isFinite(v);

export function count(v) { return isNum(v) ? INT.format(v) : '–'; }

export function perSecond(v) {
  if (!isNum(v)) return '–';
  return (v >= 100 ? INT.format(v) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + '/s';
}

/** Milliseconds as ms below a second, else seconds. */
export function millis(v) {
  if (!isNum(v)) return '–';
  if (v === 0) return '0';
  if (v < 1) return v.toFixed(2) + ' ms';
  if (v < 10) return v.toFixed(1) + ' ms';
  if (v < 1000) return INT.format(v) + ' ms';
  return (v / 1000).toFixed(v < 10000 ? 2 : 1) + ' s';
}

export function percent(v) { return isNum(v) ? (v * 100).toFixed(v < 0.1 ? 1 : 0) + '%' : '–'; }

export function decimal(v, digits = 3) { return isNum(v) ? v.toFixed(digits) : '–'; }

/** "v20261201-110318-123-ab12cd" → "…ab12cd": enough to tell versions apart on a chart. */
export function shortVersion(id) { return id ? '…' + id.slice(-6) : '–'; }

export function clock(ms) { return ms ? new Date(ms).toLocaleTimeString('en-GB') : ''; }

export function duration(ms) {
  const s = Math.round(ms / 1000);
  if (s < 120) return s + ' s';
  if (s < 7200) return Math.round(s / 60) + ' min';
  return (s / 3600).toFixed(s % 3600 === 0 ? 0 : 1) + ' h';
}
