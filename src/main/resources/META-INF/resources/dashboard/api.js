// Calls to the service's JSON API. A failed call throws an Error whose message is the API's own
// ({"error": CODE, "message": ...}), so that the page shows what the service said.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
  toString() { return `${this.status} ${this.code}: ${this.message}`; }
}

export async function json(url, options = {}) {
  const response = await fetch(url, options);
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { /* not JSON: reported below */ }
  if (!response.ok) {
    throw new ApiError(response.status, body?.error ?? 'HTTP_' + response.status,
      body?.message ?? (text || response.statusText));
  }
  if (body === null && text) throw new ApiError(response.status, 'NOT_JSON', 'the answer is not JSON: ' + text.slice(0, 200));
  return body;
}
