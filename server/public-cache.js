// A small shared cache in front of the app, for answers the app itself declares shareable
// (`Cache-Control: public`): what a CDN would do, for installs without one (ADR 014). A crowd
// refreshing a letter page costs one render every few seconds, not one per reader, and the count
// endpoint costs a lookup. An entry lives as long as the answer's s-maxage (else max-age) allows,
// and never more than `maxSeconds` (10 s). The bytes stored are the bytes sent, compressed,
// one entry per URL and Accept-Encoding header (the app's answers vary only by those). Readers who
// ask for the same URL while it is being rendered wait for that render instead of starting theirs.
// Past its lifetime an entry is still sent, for as long as its stale-while-revalidate allows (60 s
// at most), to everyone but the one reader whose request renders the next: a crowd never waits for
// a render, and lifetimes are shortened by up to a fifth at random, so the pages a crowd reads are
// not all rendered again in the same instant.
// A request with a cookie (a signer who just signed, an organizer) always gets a fresh answer, as
// caches like Varnish do by default: the crowd is anonymous, the people who act see what they did.
//
// A page's Content-Security-Policy names a nonce that must never be served twice: a kept page is
// sent again with the nonce replaced by the SHA-256 hashes of the inline scripts that carried it
// (ADR 014), so the same scripts run and nothing else does.
import { createHash } from 'node:crypto'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'

const DEFAULTS = {
  maxSeconds: 10,
  maxStaleSeconds: 60,
  maxBytes: 32 * 2 ** 20,
  maxEntryBytes: 2 * 2 ** 20,
  skip: () => false,
  random: Math.random,
}

function directivesOf(cacheControl) {
  return new Map(
    String(cacheControl ?? '')
      .toLowerCase()
      .split(',')
      .map((directive) => directive.trim().split('='))
      .map(([name, value]) => [name, value]),
  )
}

const secondsIn = (value, max) => {
  const seconds = Number(value)
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, max) * 1000 : 0
}

/** How long an answer may be kept, in ms, from its Cache-Control: 0 when it is not shareable. */
export function shareableFor(cacheControl, maxSeconds) {
  const directives = directivesOf(cacheControl)
  if (!directives.has('public') || ['private', 'no-store', 'no-cache'].some((name) => directives.has(name))) {
    return 0
  }
  return secondsIn(directives.get('s-maxage') ?? directives.get('max-age'), maxSeconds)
}

/** How long past its lifetime a kept answer may still be sent while a fresh one renders, in ms. */
export function staleFor(cacheControl, maxStaleSeconds) {
  return secondsIn(directivesOf(cacheControl).get('stale-while-revalidate'), maxStaleSeconds)
}

const NONCE_SOURCE = /\s*'nonce-([A-Za-z0-9+/=_-]+)'/
const SCRIPT_ELEMENT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi

/**
 * The policy a kept answer is sent again with: its nonce source replaced by the hash of each
 * inline script in `html` that carries that nonce (scripts with `src` are allowed by 'self').
 * @param {string} policy
 * @param {string} html
 */
export function policyWithHashesFor(policy, html) {
  const match = NONCE_SOURCE.exec(policy)
  if (!match) return policy
  const carriesNonce = `nonce="${match[1]}"`
  const hashes = new Set()
  for (const [, attributes, content] of html.matchAll(SCRIPT_ELEMENT)) {
    if (!attributes.includes(carriesNonce) || /\bsrc\s*=/i.test(attributes)) continue
    hashes.add(`'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`)
  }
  return policy.replace(match[0], [...hashes].map((hash) => ` ${hash}`).join(''))
}

/** The text of a recorded body, whatever the compression middleware did to it; null if unknown. */
function decodedText(body, encoding) {
  switch (String(encoding ?? 'identity').toLowerCase()) {
    case 'identity':
      return body.toString('utf8')
    case 'gzip':
      return gunzipSync(body).toString('utf8')
    case 'br':
      return brotliDecompressSync(body).toString('utf8')
    case 'deflate':
      return inflateSync(body).toString('utf8')
    default:
      return null
  }
}

/** The headers a kept answer is sent again with: no one-time nonce left in its policy. */
function headersToKeep(headers, body) {
  const policy = headers['content-security-policy']
  if (!policy || !NONCE_SOURCE.test(String(policy))) return headers
  const isHtml = /^text\/html\b/i.test(String(headers['content-type'] ?? ''))
  const text = isHtml ? decodedText(body, headers['content-encoding']) : ''
  if (text === null) return null
  const rewrite = (value) => policyWithHashesFor(String(value), text)
  return {
    ...headers,
    'content-security-policy': Array.isArray(policy) ? policy.map(rewrite) : rewrite(policy),
  }
}

/**
 * Returns a `(req, res, next)` handler: a fresh entry answers at once; otherwise the request goes
 * on (`next`) and its answer is kept if the app marked it public, with status 200 and no cookie.
 */
export function createPublicCache(options = {}) {
  const { maxSeconds, maxStaleSeconds, maxBytes, maxEntryBytes, skip, random } = { ...DEFAULTS, ...options }
  /** key → { status, headers, body, storedAt, expiresAt }, oldest first (evicted first). */
  const entries = new Map()
  /** key → readers waiting for the render under way. */
  const rendering = new Map()
  let storedBytes = 0

  function forget(key) {
    const entry = entries.get(key)
    if (!entry) return
    entries.delete(key)
    storedBytes -= entry.body.length
  }

  function keep(key, entry) {
    forget(key)
    entries.set(key, entry)
    storedBytes += entry.body.length
    for (const oldest of entries.keys()) {
      if (storedBytes <= maxBytes) break
      forget(oldest)
    }
  }

  function answer(res, entry, now) {
    res.writeHead(entry.status, {
      ...entry.headers,
      age: String(Math.floor((now - entry.storedAt) / 1000)),
      'content-length': String(entry.body.length),
    })
    res.end(entry.body)
  }

  /** Copies what the app sends through `res`, and reports the entry to keep (or null) once sent. */
  function record(res, done) {
    let chunks = []
    let size = 0
    let reported = false
    const report = (entry) => {
      if (reported) return
      reported = true
      done(entry)
    }
    // Readers waiting for this answer are let go as soon as it shows it cannot be kept (its
    // headers, or a body outgrowing the cache: a large download must not hold them until it ends).
    let headersJudged = false
    const judgeHeaders = () => {
      if (headersJudged) return
      headersJudged = true
      const sent = { ...res.getHeaders(), ...written }
      const keepable =
        res.statusCode === 200 && shareableFor(sent['cache-control'], maxSeconds) > 0 && !sent['set-cookie']
      if (!keepable) report(null)
    }
    const collect = (chunk, encoding) => {
      judgeHeaders()
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || reported) return
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
      size += buffer.length
      chunks.push(buffer)
      if (size > maxEntryBytes) {
        chunks = []
        report(null)
      }
    }
    // Headers given to writeHead directly never show in getHeaders(): keep them too.
    let written = {}
    const writeHead = res.writeHead
    res.writeHead = function (status, ...rest) {
      const headers = rest.find((argument) => argument && typeof argument === 'object')
      if (headers && !Array.isArray(headers)) {
        written = Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
        )
      }
      return writeHead.call(this, status, ...rest)
    }
    const write = res.write
    const end = res.end
    res.write = function (chunk, encoding, callback) {
      collect(chunk, encoding)
      return write.call(this, chunk, encoding, callback)
    }
    res.end = function (chunk, encoding, callback) {
      collect(chunk, encoding)
      return end.call(this, chunk, encoding, callback)
    }
    res.once('finish', () => {
      // Not reported yet: the headers said it may be kept (every end passes through collect) and
      // the body fits.
      if (reported) return
      const sent = { ...res.getHeaders(), ...written }
      const lifetime = shareableFor(sent['cache-control'], maxSeconds)
      const { 'content-length': _length, 'transfer-encoding': _chunked, ...sentHeaders } = sent
      const body = Buffer.concat(chunks, size)
      let headers
      try {
        headers = headersToKeep(sentHeaders, body)
      } catch {
        headers = null
      }
      if (!headers) {
        report(null)
        return
      }
      const storedAt = Date.now()
      const expiresAt = storedAt + Math.round(lifetime * (0.8 + 0.2 * random()))
      report({
        status: 200,
        headers,
        body,
        storedAt,
        expiresAt,
        staleUntil: expiresAt + staleFor(sent['cache-control'], maxStaleSeconds),
      })
    })
    // The reader left before the answer was sent: nothing to keep.
    res.once('close', () => report(null))
  }

  return function publicCache(req, res, next) {
    const { range, authorization, cookie } = req.headers
    if (req.method !== 'GET' || range || authorization || cookie || skip(req)) return next()
    const key = `${req.url}\n${req.headers['accept-encoding'] ?? ''}`
    const now = Date.now()
    const entry = entries.get(key)
    if (entry && entry.expiresAt > now) return answer(res, entry, now)
    const stale = entry && entry.staleUntil > now ? entry : null
    if (entry && !stale) forget(key)

    const waiting = rendering.get(key)
    if (waiting) {
      if (stale) answer(res, stale, now)
      else waiting.push({ res, next })
      return
    }
    rendering.set(key, [])
    record(res, (fresh) => {
      const readers = rendering.get(key) ?? []
      rendering.delete(key)
      // An answer that may not be kept (a letter taken down, an error) ends the stale one's life too.
      if (fresh) keep(key, fresh)
      else forget(key)
      for (const reader of readers) {
        if (fresh) answer(reader.res, fresh, Date.now())
        else reader.next()
      }
    })
    next()
  }
}
