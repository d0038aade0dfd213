// Model versions (GET /api/model/versions) and the admin actions behind the bearer token the user types in: the
// token lives in this tab's sessionStorage, never in the page.
import { json } from './api.js';
import * as f from './format.js';

const TOKEN_KEY = 'hdc.adminToken';
const ROWS = 20;
const PROMOTABLE = new Set(['CANDIDATE', 'REJECTED', 'RETIRED', 'ROLLED_BACK']);

/** The version's held-out R@1 and the serving one's at its gate decision: "0.642 vs 0.611 unseen". */
function r1Text(metrics) {
  for (const part of ['unseen', 'seen']) {
    const own = metrics[part + '.r@1'];
    if (own !== undefined) {
      const serving = metrics['serving.' + part + '.r@1'];
      return f.decimal(own) + (serving !== undefined ? ' vs ' + f.decimal(serving) : '') + ' ' + part;
    }
  }
  return '';
}

export class Versions {
  constructor(doc, onChange) {
    this.doc = doc;
    this.onChange = onChange;
    this.el = id => doc.getElementById(id);
    const token = this.el('token');
    token.value = sessionStorage.getItem(TOKEN_KEY) ?? '';
    token.addEventListener('input', () => sessionStorage.setItem(TOKEN_KEY, token.value));
    this.el('pause').addEventListener('click', () => this.admin('/api/admin/training/pause', 'training paused'));
    this.el('resume').addEventListener('click', () => this.admin('/api/admin/training/resume', 'training resumed'));
    this.el('rollback').addEventListener('click', () => this.admin('/api/admin/model/rollback', 'rolled back'));
  }

  async admin(path, done) {
    const result = this.el('adminResult');
    result.className = '';
    result.textContent = '…';
    const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
    try {
      const answer = await json(path, { method: 'POST', headers: token ? { Authorization: 'Bearer ' + token } : {} });
      result.className = 'ok';
      result.textContent = done + (answer?.versionId ? `: ${answer.versionId} ${answer.status}` : '');
      this.onChange(answer);
    } catch (e) {
      result.className = 'bad';
      result.textContent = e.toString();
    }
  }

  async refresh() {
    const answer = await json('/api/model/versions');
    const body = this.el('versions').tBodies[0];
    const rows = [...answer.versions].reverse();
    body.replaceChildren(...rows.slice(0, ROWS).map(v => this.row(v, answer.serving)));
    if (rows.length > ROWS) {
      const tr = body.insertRow();
      tr.innerHTML = `<td colspan="8" class="reason">${rows.length - ROWS} older versions not shown</td>`;
    }
    return answer;
  }

  row(v, serving) {
    const tr = this.doc.createElement('tr');
    const cell = (text, cls) => {
      const td = tr.insertCell();
      td.textContent = text;
      if (cls) td.className = cls;
      return td;
    };
    cell(v.versionId + (v.versionId === serving ? ' ◀ serving' : ''), 'mono');
    cell(v.parent ? f.shortVersion(v.parent) : '', 'mono').title = v.parent ?? '';
    const status = tr.insertCell();
    status.append(Object.assign(this.doc.createElement('span'), { className: 'status ' + v.status, textContent: v.status }));
    cell(r1Text(v.metrics ?? {}));
    cell(v.steps ? f.count(v.steps) : '');
    cell(f.clock(new Date(v.eventTime).getTime()));
    cell(v.reason ?? '', 'reason');
    const action = tr.insertCell();
    if (PROMOTABLE.has(v.status)) {
      const b = Object.assign(this.doc.createElement('button'), { type: 'button', textContent: 'Promote' });
      b.addEventListener('click', () => this.admin('/api/admin/model/promote/' + encodeURIComponent(v.versionId),
        'promoted'));
      action.append(b);
    }
    return tr;
  }
}
