// The page's copy of the service's history (GET /api/dashboard/history): loaded whole once, then only the samples
// after the last one it has; trimmed to the service's retention.

export class HistoryStore {
  constructor() {
    this.times = [];      // epoch ms, oldest first
    this.series = {};     // key -> values aligned with times (null where none)
    this.versions = [];   // version marks, oldest first
    this.serving = null;
    this.resolutionMs = 5000;
    this.retentionMs = 4 * 3600 * 1000;
    this.now = Date.now();
  }

  /** Appends one answer of the endpoint. */
  merge(answer) {
    this.resolutionMs = answer.resolutionMs;
    this.retentionMs = answer.retentionMs;
    this.serving = answer.serving;
    this.versions = answer.versions;
    this.now = answer.now;
    // A restarted service starts a new history: keep only what is newer than what we have.
    const fresh = answer.times.map((t, i) => [t, i]).filter(([t]) => this.last === null || t > this.last);
    const before = this.times.length;
    for (const key of Object.keys(answer.series)) {
      if (!this.series[key]) this.series[key] = new Array(before).fill(null);
    }
    for (const [t] of fresh) this.times.push(t);
    for (const [key, values] of Object.entries(this.series)) {
      const incoming = answer.series[key];
      for (const [, i] of fresh) values.push(incoming ? incoming[i] : null);
    }
    this.trim(answer.now - answer.retentionMs);
  }

  trim(fromMs) {
    let cut = 0;
    while (cut < this.times.length && this.times[cut] < fromMs) cut++;
    if (!cut) return;
    this.times.splice(0, cut);
    for (const values of Object.values(this.series)) values.splice(0, cut);
  }

  get last() { return this.times.length ? this.times[this.times.length - 1] : null; }

  /** The values of {@code key} at every sample time (nulls when the series does not exist). */
  column(key) { return this.series[key] ?? new Array(this.times.length).fill(null); }

  /** The latest non-null value of {@code key}, or null. */
  latest(key) {
    const values = this.series[key];
    if (!values) return null;
    for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
    return null;
  }

  /** Keys that exist, matching {@code re}, sorted. */
  keys(re) { return Object.keys(this.series).filter(k => re.test(k)).sort(); }

  /** Held-out decisions of the gate: the version marks that carry R@1, oldest first. */
  gates() { return this.versions.filter(v => v.r1 !== null && v.r1 !== undefined); }
}
