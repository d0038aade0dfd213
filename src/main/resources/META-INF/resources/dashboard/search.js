// Visual search: an item id, a picked item or a dropped image file; the answer as a grid of thumbnails (label,
// score, model version); a click on a result searches from it. Errors show the API's own message.
import { json } from './api.js';
import * as f from './format.js';

const PICKS = 16;
const IMAGE_TYPES = ['image/png', 'image/jpeg'];

const imageUrl = id => '/api/items/' + encodeURIComponent(id) + '/image';

export class VisualSearch {
  constructor(doc) {
    this.doc = doc;
    this.el = id => doc.getElementById(id);
    this.pickSeed = 1;
    this.el('lookupForm').addEventListener('submit', e => {
      e.preventDefault();
      const id = this.el('itemId').value.trim();
      if (id) this.byId(id);
    });
    const drop = this.el('drop');
    drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', e => {
      e.preventDefault();
      drop.classList.remove('over');
      if (e.dataTransfer.files.length) this.byImage(e.dataTransfer.files[0]);
    });
    this.el('file').addEventListener('change', e => {
      if (e.target.files.length) this.byImage(e.target.files[0]);
      e.target.value = '';
    });
    this.el('shuffle').addEventListener('click', () => { this.pickSeed++; this.loadPicks(); });
  }

  k() { return this.el('k').value || '12'; }

  /** A strip of catalog items to start from (the same ones for the same seed and catalog). */
  async loadPicks() {
    const strip = this.el('picks');
    try {
      const answer = await json(`/api/dashboard/picks?n=${PICKS}&seed=${this.pickSeed}`);
      strip.replaceChildren(...answer.items.map(item => this.tile(item.itemId, [item.label ?? ''], () => {
        this.el('itemId').value = item.itemId;
        this.byId(item.itemId);
      })));
      if (!answer.items.length) strip.textContent = 'the index is empty: produce images to catalog.images first';
    } catch (e) {
      strip.textContent = 'no items to pick from: ' + e.message;
    }
  }

  async byId(id) {
    this.el('itemId').value = id;
    await this.run(async () => {
      const [item, answer] = await Promise.all([
        json('/api/items/' + encodeURIComponent(id)),
        json('/api/items/' + encodeURIComponent(id) + '/similar?k=' + encodeURIComponent(this.k())),
      ]);
      this.show(imageUrl(id), `${item.label ?? ''} · ${id}`, answer, `nearest to item ${id}`);
    });
  }

  async byImage(file) {
    await this.run(async () => {
      // The service decides what it accepts: an unsupported type is sent as it is and its 415 message shown.
      const type = file.type || 'application/octet-stream';
      const answer = await json('/api/search?k=' + encodeURIComponent(this.k()),
        { method: 'POST', headers: { 'Content-Type': type }, body: file });
      this.show(URL.createObjectURL(file), `${file.name} (${f.count(file.size)} bytes)`, answer,
        `nearest to the uploaded ${IMAGE_TYPES.includes(type) ? type.slice(6).toUpperCase() : type} image`);
    });
  }

  async run(work) {
    const error = this.el('searchError');
    error.textContent = '';
    try {
      await work();
    } catch (e) {
      error.textContent = e.toString();
      this.el('answer').hidden = true;
    }
  }

  show(queryImage, caption, answer, what) {
    const figure = this.el('query');
    const img = this.doc.createElement('img');
    img.src = queryImage;
    img.alt = caption;
    const cap = this.doc.createElement('figcaption');
    cap.textContent = caption;
    figure.replaceChildren(img, cap);
    this.el('answerInfo').innerHTML = '';
    this.el('answerInfo').append(`${answer.results.length} ${what}, model `,
      Object.assign(this.doc.createElement('span'), { className: 'mono', textContent: answer.modelVersion }),
      ' (cosine similarity; click one to search from it)');
    this.el('results').replaceChildren(...answer.results.map(hit => this.tile(hit.itemId,
      [hit.label ?? '', 'score ' + hit.score.toFixed(3), f.shortVersion(answer.modelVersion)],
      () => this.byId(hit.itemId))));
    this.el('answer').hidden = false;
  }

  /** A thumbnail with its lines of text (first: label, bold); a click calls {@code onClick}. */
  tile(itemId, lines, onClick) {
    const div = this.doc.createElement('div');
    div.className = 'tile';
    div.title = itemId;
    div.dataset.itemId = itemId;
    const img = this.doc.createElement('img');
    img.src = imageUrl(itemId);
    img.alt = itemId;
    div.append(img);
    ['label', 'score', 'version'].forEach((cls, i) => {
      if (lines[i] === undefined) return;
      const line = this.doc.createElement('div');
      line.className = cls;
      line.textContent = lines[i];
      div.append(line);
    });
    div.addEventListener('click', onClick);
    return div;
  }
}
