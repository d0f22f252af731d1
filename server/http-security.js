// The HTTP edge of the app, used by server.js for every response and every request with a body:
// security headers with a per-request script nonce, the same-site check for form posts, body
// limits, and the plain pages for refusals. Plain JavaScript (server.js runs without a build);
// kept apart from server.js so unit tests can call each rule.
import { randomBytes } from 'node:crypto'

/** Every form but the ones below: the largest (moderation, sign-up) needs a few kilobytes. */
export const FORM_BODY_LIMIT = 64 * 1024
/** The letter editor and its preview: 50,000 characters, percent-encoded at up to 9 bytes each. */
export const LETTER_FORM_BODY_LIMIT = 1024 * 1024
/** The roster import: a CSV of up to 50 MB (checked again, per part, by the route) and its form. */
export const ROSTER_FORM_BODY_LIMIT = 51 * 1024 * 1024

/**
 * The signature import: a CSV of up to 5 MB, uploaded, then sent back with the mapping and the
 * dry run as a form field, percent-encoded at up to 3 bytes a byte (ADR 020).
 */
export const IMPORT_FORM_BODY_LIMIT = 16 * 1024 * 1024

const LETTER_FORM_PATH = /^\/admin\/(?:letters\/new|letters\/[^/]+\/edit|markdown-preview)$/
const ROSTER_FORM_PATH = /^\/admin\/letters\/[^/]+\/rosters$/
const IMPORT_FORM_PATH = /^\/admin\/letters\/[^/]+\/import$/

/** Pages whose address holds a secret: confirmation, manage and sign-in links. */
const TOKEN_PATH = /^\/(confirm|manage|admin\/sign-in)\/[^/?#]+/
const EMAIL_PREVIEW_PATH = /^\/admin\/outbox\/\d+\/preview$/

/**
 * The route a request is for: single fetch asks for `/path.data` (and `/_root.data` for `/`).
 * @param {string} path
 */
function routePath(path) {
  return path.replace(/\.data$/, '')
}

/** @param {string} path */
export function isTokenPath(path) {
  return TOKEN_PATH.test(path)
}

/** Embeddable widgets live under /embed/ and are the only pages another site may frame. */
/** @param {string} path */
export function isEmbedPath(path) {
  return path === '/embed' || path.startsWith('/embed/')
}

/**
 * The access log shows that a link was used, not which.
 * @param {string} path
 */
export function redactPath(path) {
  return path.replace(TOKEN_PATH, '/$1/[token]')
}

export function createNonce() {
  return randomBytes(16).toString('base64')
}

/**
 * The page policy: scripts only from this site or carrying this response's nonce, styles only
 * from this site's stylesheets (no inline style attributes anywhere), nothing embedded from
 * elsewhere, forms only to this site.
 */
/**
 * @param {string} nonce
 * @param {{ frameAncestors?: string, inlineStyles?: boolean }} [options]
 */
export function pageContentSecurityPolicy(nonce, { frameAncestors = "'none'", inlineStyles = false } = {}) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    inlineStyles ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ')
}

/**
 * An email shown to an owner in the outbox: its own document in a sandboxed frame of the outbox
 * page. Email HTML is styled inline, so inline styles are allowed here, and nothing else is.
 */
export const EMAIL_PREVIEW_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data: https:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  'sandbox',
].join('; ')

export const HSTS_VALUE = 'max-age=31536000'

/**
 * The security headers for one response. `hsts` is on in production when the public address is
 * https, so a browser that once reached the site never talks to it in plain HTTP again.
 */
/**
 * @param {{ path: string, nonce: string, hsts: boolean }} request
 * @returns {Record<string, string>}
 */
export function securityHeaders({ path, nonce, hsts }) {
  const route = routePath(path)
  /** @type {Record<string, string>} */
  const headers = { 'X-Content-Type-Options': 'nosniff' }
  if (EMAIL_PREVIEW_PATH.test(route)) {
    headers['Content-Security-Policy'] = EMAIL_PREVIEW_POLICY
    headers['X-Frame-Options'] = 'SAMEORIGIN'
    headers['Referrer-Policy'] = 'no-referrer'
  } else if (isEmbedPath(route)) {
    // Embeds are one small document each, styled inline; their routes add a stricter policy of
    // their own (no scripts at all), and browsers enforce both.
    headers['Content-Security-Policy'] = pageContentSecurityPolicy(nonce, {
      frameAncestors: '*',
      inlineStyles: true,
    })
    headers['Referrer-Policy'] = 'strict-origin-when-cross-origin'
  } else {
    headers['Content-Security-Policy'] = pageContentSecurityPolicy(nonce)
    headers['X-Frame-Options'] = 'DENY'
    // The token in the address goes nowhere: not to other sites, not even to this site's own
    // asset requests (a reverse proxy's access log records the Referer).
    headers['Referrer-Policy'] = isTokenPath(route) ? 'no-referrer' : 'strict-origin-when-cross-origin'
  }
  if (hsts) headers['Strict-Transport-Security'] = HSTS_VALUE
  return headers
}

/**
 * Whether a request with a body comes from this site. Browsers say where a request comes from in
 * `Sec-Fetch-Site` (pages cannot forge it) and in `Origin`; both are checked when present:
 *
 * - `Sec-Fetch-Site: cross-site` is refused whatever `Origin` says;
 * - `Origin` must be the public address (`appOrigin`) or the host the request names;
 * - `Origin: null` is what a browser sends from a page with `Referrer-Policy: no-referrer` (the
 *   token pages), and also from sandboxed frames and other sites' no-referrer pages: it is
 *   accepted with `Sec-Fetch-Site: same-origin`, and, from browsers too old to send
 *   `Sec-Fetch-Site`, on token pages only, whose secret path is itself proof the page was opened;
 * - no `Origin` at all (not a browser, or a browser's same-origin navigation of old) is accepted
 *   unless `Sec-Fetch-Site` says cross-site: cookies are SameSite=Lax, so such a request carries
 *   no session from another site anyway.
 *
 * Returns 'same-site', 'public-address' (Origin is APP_URL behind a proxy that rewrote Host),
 * 'null-origin' (accepted, but Remix's own check must not see the `null`), or 'foreign'.
 */
/**
 * @param {{ path: string, origin?: string, fetchSite?: string, host?: string, appOrigin: string }} request
 * @returns {'same-site' | 'public-address' | 'null-origin' | 'foreign'}
 */
export function formPostVerdict({ path, origin, fetchSite, host, appOrigin }) {
  if (fetchSite === 'cross-site') return 'foreign'
  if (!origin) return 'same-site'
  if (origin === 'null') {
    if (fetchSite === 'same-origin') return 'null-origin'
    if (!fetchSite && isTokenPath(routePath(path))) return 'null-origin'
    return 'foreign'
  }
  let originUrl
  try {
    originUrl = new URL(origin)
  } catch {
    return 'foreign'
  }
  if (originUrl.origin === appOrigin) return 'public-address'
  return originUrl.host === host ? 'same-site' : 'foreign'
}

/**
 * The largest request body a route takes, in bytes.
 * @param {string} path
 */
export function bodyLimitFor(path) {
  const route = routePath(path)
  if (ROSTER_FORM_PATH.test(route)) return ROSTER_FORM_BODY_LIMIT
  if (IMPORT_FORM_PATH.test(route)) return IMPORT_FORM_BODY_LIMIT
  if (LETTER_FORM_PATH.test(route)) return LETTER_FORM_BODY_LIMIT
  return FORM_BODY_LIMIT
}

/** @param {number} bytes */
function formatBytes(bytes) {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} kB`
}

/** @param {string} text */
const escapeHtml = (text) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)

/**
 * A page the server answers itself, without Remix: styled by a static stylesheet, no script.
 * The paragraphs are HTML, written here; the title is text.
 * @param {string} title
 * @param {string[]} paragraphs
 */
export function plainPage(title, paragraphs) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Undersigned</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/plain-page.css"></head>
<body><main><h1>${escapeHtml(title)}</h1>
${paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n')}
</main></body>
</html>`
}

export const forbiddenPage = plainPage('This form was refused', [
  'It was sent from another website, or from a page that hides where it came from. Nothing was saved.',
  '<a href="/">Go to the letters</a> and submit the form from there.',
])

/** @param {number} limit */
export function tooLargePage(limit) {
  return plainPage('This form was too large', [
    `What was sent is larger than this form takes (${formatBytes(limit)}). Nothing was saved.`,
    'Go back, shorten the text or choose a smaller file, and send it again.',
  ])
}

export const serverErrorPage = plainPage('Something went wrong', [
  'We could not answer this request. Please try again in a moment.',
  '<a href="/">Go to the letters</a>',
])
