// The production server: static files, security headers, a redacting access log, and Remix.
// Plain JavaScript so `node server.js` runs it without a build step.
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'

process.env.NODE_ENV ??= 'production'
const port = Number(process.env.PORT || 3000)
const appUrl = new URL(process.env.APP_URL || `http://localhost:${port}`)

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
app.use(compression())

// Pages are never framed (embeds will opt in route by route) and never sniffed.
app.use((_req, res, next) => {
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'")
  res.setHeader('X-Content-Type-Options', 'nosniff')
  next()
})

// Confirmation, sign-in and manage links carry a token in the path: the log shows that a link
// was used, not which.
const redact = (path) => path.replace(/^\/(confirm|manage|admin\/sign-in)\/[^/?#]+/, '/$1/[token]')
app.use((req, res, next) => {
  const started = process.hrtime.bigint()
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    console.log(`${req.method} ${redact(req.originalUrl)} ${res.statusCode} ${ms.toFixed(1)} ms`)
  })
  next()
})

app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: '1y' }))
app.use(express.static('public', { maxAge: '1h' }))

/**
 * Form posts must come from this site. Remix compares Origin with Host itself, but answers a
 * mismatch with an empty 500, and a reverse proxy that rewrites Host trips it for every real post.
 */
function originVerdict(req) {
  const origin = req.get('origin')
  if (!origin) {
    const site = req.get('sec-fetch-site')
    return !site || site === 'same-origin' || site === 'none' ? 'same-site' : 'foreign'
  }
  if (origin === 'null') return 'foreign'
  let originUrl
  try {
    originUrl = new URL(origin)
  } catch {
    return 'foreign'
  }
  if (originUrl.origin === appUrl.origin) return 'public-address'
  const host = req.get('x-forwarded-host')?.split(',')[0]?.trim() || req.get('host')
  return originUrl.host === host ? 'same-site' : 'foreign'
}

app.use((req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
  const verdict = originVerdict(req)
  if (verdict === 'foreign') {
    res.status(403).type('html').send(forbiddenPage)
    return
  }
  // The post came from our public address through a proxy that changed Host: tell Remix so.
  if (verdict === 'public-address') req.headers['x-forwarded-host'] = appUrl.host
  next()
})

app.all(
  '*',
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req) => ({ clientIp: req.ip ?? null }),
  }),
)

const server = app.listen(port, () => {
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

const forbiddenPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Form refused · Undersigned</title>
<style>body{font-family:system-ui,sans-serif;background:#f7f4ec;color:#1b1f24;margin:0;padding:3rem 1.25rem}main{max-width:36rem;margin:0 auto}a{color:#7a1f2b}</style></head>
<body><main><h1>This form was refused</h1><p>It was sent from another website, or from a page that hides where it came from. Nothing was saved.</p><p><a href="/">Go to the letters</a> and submit the form from there.</p></main></body></html>`
