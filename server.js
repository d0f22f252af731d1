// The production server: a redacting access log, a cache of public answers, static files,
// security headers, and Remix. Plain JavaScript so `node server.js` runs it without a build step.
// The rules themselves (which headers, which posts, how large) are in server/http-security.js.
import { createServer } from 'node:http'
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'
import {
  bodyLimitFor,
  createNonce,
  forbiddenPage,
  formPostVerdict,
  plainPage,
  redactPath,
  securityHeaders,
  serverErrorPage,
  tooLargePage,
} from './server/http-security.js'
import { trackBackpressure } from './server/backpressure.js'
import { createPublicCache } from './server/public-cache.js'

process.env.NODE_ENV ??= 'production'
const port = Number(process.env.PORT || 3000)
const appUrl = new URL(process.env.APP_URL || `http://localhost:${port}`)
const hsts = process.env.NODE_ENV === 'production' && appUrl.protocol === 'https:'

const build = await import('./build/index.js')

const app = express()
app.disable('x-powered-by')
// The client address comes from the socket, or from X-Forwarded-For only when the request came
// through a proxy named in TRUST_PROXY (Express "trust proxy" values: loopback, addresses, CIDRs).
if (process.env.TRUST_PROXY) {
  app.set(
    'trust proxy',
    process.env.TRUST_PROXY.split(',')
      .map((value) => value.trim())
      .filter(Boolean),
  )
}
// Level 3: on a signatory CSV, 2.5 times as fast as the default (6) for a file a fifth larger, so a
// large export is not held back by its compression; cached pages are compressed once per lifetime.
app.use(compression({ level: 3 }))
app.use((_req, res, next) => {
  res.locals.waitForClient = trackBackpressure(res)
  next()
})

// Every response, assets and refusals included, gets the headers; pages get a fresh script nonce.
app.use((req, res, next) => {
  const nonce = createNonce()
  res.locals.cspNonce = nonce
  for (const [name, value] of Object.entries(securityHeaders({ path: req.path, nonce, hsts }))) {
    res.setHeader(name, value)
  }
  next()
})

app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: '1y' }))
app.use(express.static('public', { maxAge: '1h' }))

const hasBody = (req) => req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS'

// Form posts must come from this site. Remix compares Origin with Host itself, but answers a
// mismatch with an empty 500, and a reverse proxy that rewrites Host trips it for every real post.
app.use((req, res, next) => {
  if (!hasBody(req)) return next()
  const verdict = formPostVerdict({
    path: req.path,
    origin: req.get('origin'),
    fetchSite: req.get('sec-fetch-site'),
    host: req.get('x-forwarded-host')?.split(',')[0]?.trim() || req.get('host'),
    appOrigin: appUrl.origin,
  })
  if (verdict === 'foreign') {
    res.status(403).type('html').send(forbiddenPage)
    return
  }
  // The post came from our public address through a proxy that changed Host: tell Remix so.
  if (verdict === 'public-address') req.headers['x-forwarded-host'] = appUrl.host
  // A token page's own form (no-referrer makes the browser say `Origin: null`): Remix would
  // refuse the `null` as a cross-site post.
  if (verdict === 'null-origin') delete req.headers.origin
  next()
})

// Bodies are capped before anything reads them: the declared length decides, and a body without
// one (a client streaming it) is refused, since it could be any size. Browsers always declare it.
app.use((req, res, next) => {
  if (!hasBody(req)) return next()
  const declared = req.get('content-length')
  if (declared === undefined) {
    if (!req.get('transfer-encoding')) return next()
    res.status(411).set('Connection', 'close').type('html')
    res.send(
      plainPage('Length required', ['Send the form with its length (Content-Length). Nothing was saved.']),
    )
    return
  }
  const limit = bodyLimitFor(req.path)
  if (Number(declared) <= limit) return next()
  // The body is left unread; closing the connection spares reading what nobody will use.
  res.status(413).set('Connection', 'close').type('html').send(tooLargePage(limit))
})

app.all(
  '*',
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    // The nonce reaches entry.server.tsx, which puts it on every script Remix and React write.
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce,
      clientIp: req.ip ?? null,
      waitForClient: res.locals.waitForClient,
    }),
  }),
)

// Remix answers its own errors with a page; this is for the rare fault outside it.
app.use((error, _req, res, next) => {
  console.error(error)
  if (res.headersSent) return next(error)
  res.status(500).type('html').send(serverErrorPage)
})

// Answers the app marks public are kept as long as they allow shared caches to (10 s at most) and
// sent again as they were, compressed, with the headers set above (ADR 014). In front of Express,
// so a crowd of readers costs a lookup each, not a render each.
// PUBLIC_CACHE_SECONDS lowers that ceiling; 0 turns the cache off (a CDN in front does the job).
const publicCacheSeconds = Number(process.env.PUBLIC_CACHE_SECONDS ?? 10)
const publicCache = createPublicCache({
  maxSeconds: Number.isFinite(publicCacheSeconds) ? publicCacheSeconds : 10,
  skip: (req) => publicCacheSeconds <= 0 || req.url.startsWith(build.publicPath),
})

const server = createServer((req, res) => {
  const started = process.hrtime.bigint()
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    console.log(`${req.method} ${redactPath(req.url)} ${res.statusCode} ${ms.toFixed(1)} ms`)
  })
  publicCache(req, res, () => app(req, res))
})
server.listen(port, () => {
  console.log(`Undersigned is listening on http://localhost:${port} (public address ${appUrl.origin})`)
})

async function shutDown(signal) {
  console.log(`${signal}: finishing requests and pending email, then stopping`)
  server.close()
  await globalThis.__undersignedOutboxWorker?.stop()
  await globalThis.__undersignedDb?.destroy()
  process.exit(0)
}
process.once('SIGTERM', shutDown)
process.once('SIGINT', shutDown)
