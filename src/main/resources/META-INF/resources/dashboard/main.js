// Wires the page: the history and its charts, the headline figures, the trainer, visual search and the versions.
import { json } from './api.js';
import { Charts } from './charts.js';
import { HistoryStore } from './history.js';
import * as f from './format.js';
import { VisualSearch } from './search.js';
import { Versions } from './versions.js';

const $ = id => document.getElementById(id);
const store = new HistoryStore();
const charts = new Charts(document);
const search = new VisualSearch(document);
// After an admin action: its answer is the trainer's new status (pause, resume) or a version event.
const versions = new Versions(document, answer => {
  refreshVersions();
  if (answer && 'paused' in answer) showTraining(answer); else refreshTraining();
});
const errors = [];

function setChip(id, text, kind, title) {
  const chip = $(id);
  chip.textContent = text;
  chip.className = 'chip' + (kind ? ' ' + kind : '');
  if (title) chip.title = title;
}

function figures() {
  $('kpiItems').textContent = f.count(store.latest('items'));
  const minuteAgo = store.times.findIndex(t => t >= (store.last ?? 0) - 60_000);
  const items = store.column('items');
  if (minuteAgo >= 0 && items[minuteAgo] !== null && store.latest('items') !== null) {
    $('kpiItemsSub').textContent = '+' + f.count(store.latest('items') - items[minuteAgo]) + ' in the last minute';
  }
  $('kpiIngest').textContent = f.perSecond(store.latest('ingest.rate'));
  $('kpiFresh').textContent = f.millis(store.latest('fresh.p99'));
  $('kpiDlq').textContent = f.count(store.latest('dlq.total'));
  const reasons = store.keys(/^dlq\.(?!total$)/).map(k => [k.slice(4), store.latest(k)]).sort((a, b) => b[1] - a[1]);
  $('kpiDlqSub').textContent = reasons.length
    ? reasons.slice(0, 2).map(([r, n]) => `${f.count(n)} ${r.toLowerCase().replaceAll('_', ' ')}`).join(', ')
    : 'records refused, total';
  const lookups = (store.latest('lookup.similar.rate') ?? 0) + (store.latest('lookup.image.rate') ?? 0);
  $('kpiLookups').textContent = f.perSecond(lookups);
  $('kpiLookupsSub').textContent = 'per second · p99 ' + f.millis(store.latest('lookup.similar.p99')) + ' by id';
  const gates = store.gates();
  if (gates.length) {
    const last = gates[gates.length - 1];
    // The serving version's own score when the gate measured it as a candidate, else the serving model's score at
    // the last decision (a version promoted but still being re-embedded does not serve yet).
    const own = gates.find(g => g.versionId === store.serving && g.status === 'PROMOTED');
    const serving = own ? own.r1 : last.servingR1;
    const promotions = gates.filter(g => g.status === 'PROMOTED').length;
    $('kpiR1').textContent = f.decimal(serving);
    $('kpiR1Sub').textContent = `${promotions} promoted · ${gates.length - promotions} rejected`;
  }
  const since = [...store.versions].reverse().find(v => v.versionId === store.serving && v.status === 'SERVING');
  $('r1Now').textContent = store.serving ? `Serving now: ${store.serving}` + (since ? `, since ${f.clock(since.time)}` : '')
    + '.' : '';
  setChip('servingChip', 'model ' + (store.serving ?? '–'), null, 'serving model version ' + (store.serving ?? ''));
  $('resolution').textContent = f.duration(store.resolutionMs);
  $('retention').textContent = f.duration(store.retentionMs);
}

async function refreshHistory() {
  try {
    const since = store.last === null ? '' : '?since=' + store.last;
    store.merge(await json('/api/dashboard/history' + since));
    charts.update(store);
    figures();
  } catch (e) {
    setChip('servingChip', 'history unavailable: ' + e.message, 'bad');
  }
}

async function refreshTraining() {
  try {
    showTraining(await json('/api/training'));
  } catch (e) {
    setChip('trainerChip', 'trainer: ' + e.message, 'bad');
  }
}

function showTraining(t) {
  const state = t.paused ? 'paused' : t.state.toLowerCase();
  setChip('trainerChip', 'trainer ' + state, t.error ? 'bad' : t.paused ? 'warn' : 'ok', t.error ?? '');
  $('kpiSteps').textContent = f.count(t.steps);
  const last = t.lastStep;
  $('kpiStepsSub').textContent = last ? `steps · loss ${f.decimal(last.loss, 3)} · ${f.count(last.imagesPerSecond)} img/s` : 'steps · ' + state;
  $('trainerLine').textContent = `trainer: ${state}${t.error ? ' (' + t.error + ')' : ''} · ${f.count(t.steps)} steps`
    + (last ? ` · hard pairs per level ${last.levels.map(l => f.percent(l.hardShare)).join(' / ')}` : '')
    + ` · replay buffer ${f.count(t.bufferImages)} images of ${f.count(t.bufferClasses)} classes`
    + ` · held out ${f.count(t.heldOutUnseen)} items of unseen classes and ${f.count(t.heldOutSeen)} of seen ones`;
}

async function refreshVersions() {
  try {
    await versions.refresh();
  } catch (e) {
    $('adminResult').textContent = 'versions unavailable: ' + e.message;
  }
}

async function refreshHealth() {
  try {
    const r = await fetch('/q/health/ready');
    setChip('healthChip', r.ok ? 'ready' : 'not ready', r.ok ? 'ok' : 'bad');
  } catch (e) {
    setChip('healthChip', 'unreachable', 'bad');
  }
}

function every(ms, task) {
  const loop = async () => {
    await task();
    setTimeout(loop, typeof ms === 'function' ? ms() : ms);
  };
  return loop();
}

window.addEventListener('error', e => errors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => errors.push(String(e.reason)));

// For the browser test and for a person at the console: what is drawn, and any script error.
window.hdc = { store, charts, search, versions, errors };
window.hdc.loaded = Promise.all([
  every(() => Math.max(1000, store.resolutionMs), refreshHistory),
  every(3000, refreshTraining),
  every(5000, refreshVersions),
  every(5000, refreshHealth),
  search.loadPicks(),
]);
