// The JSON API client: Bearer key, problem+json errors turned into ApiError, 401 back to sign-in.
import {session, navigate} from './session.js';

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.errors = (problem && Array.isArray(problem.errors)) ? problem.errors : [];
    this.retryAfter = retryAfter;
  }
}

function url(path, query) {
  const u = new URL(path, location.origin);
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v)) v.forEach((x) => u.searchParams.append(k, x));
      else u.searchParams.set(k, v);
    }
  }
  return u.pathname + u.search;
}

/**
 * api('GET', '/api/notices', {query}) → parsed JSON (or text when accept is not JSON).
 * Options: query, body (JSON), raw (a Blob or string sent as is, with contentType), accept, key (sign-in check),
 * noRedirect (401 does not leave the view).
 */
export async function api(method, path, options = {}) {
  const headers = {Accept: options.accept || 'application/json'};
  const key = options.key || session.key();
  if (key) headers.Authorization = 'Bearer ' + key;
  let body;
  if (options.raw !== undefined) {
    body = options.raw;
    headers['Content-Type'] = options.contentType || 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(url(path, options.query), {method, headers, body, cache: 'no-store', credentials: 'omit'});
  } catch (e) {
    throw new ApiError(0, {title: 'Réseau indisponible', detail: 'Le service ne répond pas. Vérifiez la connexion puis réessayez.'});
  }
  if (response.ok) {
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
  }
  let problem = null;
  try {
    const text = await response.text();
    problem = text ? JSON.parse(text) : null;
  } catch {
    problem = null;
  }
  const retry = Number.parseInt(response.headers.get('Retry-After') || '', 10);
  const error = new ApiError(response.status, problem, Number.isFinite(retry) ? retry : undefined);
  if (response.status === 401 && !options.noRedirect) {
    session.clear();
    const here = location.pathname + location.search;
    navigate('/signin?next=' + encodeURIComponent(here) + '&expired=1', {replace: true});
    error.handled = true;
  }
  throw error;
}
