/**
 * Request authentication on the canonical path: one `onRequest` hook decides for every route (API, SSE,
 * static files, unknown paths) before routing, on the path the router will see — percent-decoded,
 * absolute-form (`GET http://host/api/runs`) reduced to its path, dot segments and repeated slashes
 * resolved. Default deny: with a token, only an explicit list of public paths (the dashboard shell and
 * `/health`) is served without `Authorization: Bearer <token>`.
 */
import * as crypto from 'crypto';
import * as path from 'path';
import { inputError } from '../util/errors';

/** How many rounds of percent-decoding are applied at most (a path still encoded after that is refused). */
export const MAX_DECODE_ROUNDS = 3;

/** Longest request target accepted, characters. */
export const MAX_URL_LENGTH = 8192;

/**
 * The canonical path of a request target: scheme and authority removed, query and fragment dropped,
 * percent-decoded until stable, `\` read as `/`, repeated slashes and `.`/`..` segments resolved.
 * @param rawUrl the request target as received (`req.raw.url`)
 * @returns a path starting with `/`
 * @throws InputError (HTTP 400) for malformed percent-encoding, control characters, or an over-long target
 */
export function canonicalPath(rawUrl: string): string {
  return path.posix.normalize(decodedPath(rawUrl).replace(/\\/g, '/')).replace(/\/{2,}/g, '/');
}

/**
 * The path of a request target as the router sees it: authority, query and fragment removed, percent-decoded
 * until stable (no dot-segment or slash normalisation).
 * @param rawUrl the request target as received
 * @returns the decoded path (starting with `/`)
 * @throws InputError (HTTP 400) as {@link canonicalPath}
 */
export function decodedPath(rawUrl: string): string {
  if (rawUrl.length > MAX_URL_LENGTH) throw badRequest('a request target of at most 8192 characters', `${rawUrl.length}`);
  let p = rawUrl;
  const abs = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(p);
  if (abs) p = p.slice(abs[0].length) || '/';
  p = p.split(/[?#]/, 1)[0];
  for (let round = 0; ; round++) {
    let next: string;
    try {
      next = decodeURIComponent(p);
    } catch {
      throw badRequest('a well-formed percent-encoded path', JSON.stringify(p.slice(0, 80)));
    }
    if (next === p) break;
    if (round >= MAX_DECODE_ROUNDS) throw badRequest(`a path encoded at most ${MAX_DECODE_ROUNDS} times`, JSON.stringify(rawUrl.slice(0, 80)));
    p = next;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(p)) throw badRequest('a path without control characters', JSON.stringify(p.slice(0, 80)));
  return p.startsWith('/') ? p : `/${p}`;
}

function badRequest(expected: string, received: string): Error {
  return Object.assign(inputError({ key: 'url' }, expected, received), { statusCode: 400 });
}

/**
 * Whether an `Authorization` header carries the token (constant-time comparison of sha256 digests).
 * @param header the header value (`Bearer <token>`)
 * @param token the server's token
 */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const a = crypto.createHash('sha256').update(m[1]).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * Decides whether a request may proceed.
 * @param rawUrl request target as received
 * @param authorization the `Authorization` header
 * @param token server token ('' = none: everything is allowed, which only loopback binds permit)
 * @param publicPaths canonical paths served without a token (the dashboard shell, `/health`)
 * @returns `ok`, or `unauthorized`; throws InputError (400) for a malformed target
 */
export function authorize(rawUrl: string, authorization: string | undefined, token: string, publicPaths: ReadonlySet<string>): 'ok' | 'unauthorized' {
  const decoded = decodedPath(rawUrl);
  if (!token) return 'ok';
  // Public only when the path is already canonical: `/api/runs/..%2F..%2Findex.html` is not `/index.html`.
  if (publicPaths.has(decoded) && canonicalPath(rawUrl) === decoded) return 'ok';
  return tokenMatches(authorization, token) ? 'ok' : 'unauthorized';
}
