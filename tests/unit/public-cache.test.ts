import { createHash } from 'node:crypto'
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import compression from 'compression'
import express from 'express'
import { afterEach, describe, expect, test } from 'vitest'
import { createPublicCache, policyWithHashesFor, shareableFor, staleFor } from '../../server/public-cache.js'
import { createNonce, pageContentSecurityPolicy } from '../../server/http-security.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

let servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  servers = []
})

/** A server with the cache in front of `app`, and a count of the requests that reached the app. */
async function cached(app: Handler, options: Parameters<typeof createPublicCache>[0] = {}) {
  const cache = createPublicCache(options)
  const reached = { count: 0 }
  const server = createServer((req, res) =>
    cache(req, res, () => {
      reached.count++
      app(req, res)
    }),
  )
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, reached }
}

const answering =
  (headers: Record<string, string>, body = 'hello', status = 200, delayMs = 0): Handler =>
  (_req, res) =>
    setTimeout(() => {
      res.writeHead(status, headers)
      res.write(body.slice(0, 2))
      res.end(body.slice(2))
    }, delayMs)

const PUBLIC = {
  'Cache-Control': 'public, max-age=10, stale-while-revalidate=60',
  'Content-Type': 'text/plain',
}

describe('the public cache', () => {
  test('sends a public answer again without asking the app, with its headers and its age', async () => {
    const { url, reached } = await cached(answering(PUBLIC, 'hello there'))
    const first = await fetch(`${url}/letters/a`)
    const second = await fetch(`${url}/letters/a`)
    expect(await first.text()).toBe('hello there')
    expect(await second.text()).toBe('hello there')
    expect(second.headers.get('cache-control')).toBe(PUBLIC['Cache-Control'])
    expect(second.headers.get('content-type')).toBe('text/plain')
    expect(second.headers.get('age')).toBe('0')
    expect(reached.count).toBe(1)
  })

  test('keeps one answer per URL and per Accept-Encoding', async () => {
    const { url, reached } = await cached(answering(PUBLIC))
    await fetch(`${url}/letters/a`)
    await fetch(`${url}/letters/a?after=10`)
    await fetch(`${url}/letters/a`, { headers: { 'accept-encoding': 'identity' } })
    await fetch(`${url}/letters/a?after=10`)
    expect(reached.count).toBe(3)
  })

  test('keeps an answer no longer than its own max-age, and no longer than maxSeconds', async () => {
    const { url, reached } = await cached(answering(PUBLIC), { maxSeconds: 0.05 })
    await fetch(`${url}/a`)
    await fetch(`${url}/a`)
    await new Promise((resolve) => setTimeout(resolve, 80))
    await fetch(`${url}/a`)
    expect(reached.count).toBe(2)
    expect(shareableFor('public, max-age=5', 1)).toBe(1000)
    expect(shareableFor('public, max-age=0', 1)).toBe(0)
    expect(shareableFor('public, s-maxage=0, max-age=10', 1)).toBe(0)
    expect(shareableFor('public, max-age=0, s-maxage=10, stale-while-revalidate=60', 10)).toBe(10_000)
    expect(shareableFor('public, max-age=31536000, immutable', 10)).toBe(10_000)
  })

  test.each([
    ['private answers', { 'Cache-Control': 'private, max-age=10' }, 200],
    ['no-store answers', { 'Cache-Control': 'no-store' }, 200],
    ['answers without Cache-Control', {}, 200],
    ['answers that set a cookie', { ...PUBLIC, 'Set-Cookie': 'session=abc' }, 200],
    ['errors, even public ones', PUBLIC, 404],
  ])('never keeps %s', async (_name, headers, status) => {
    const { url, reached } = await cached(answering(headers, 'x', status))
    await fetch(`${url}/a`)
    await fetch(`${url}/a`)
    expect(reached.count).toBe(2)
  })

  test('never answers a POST, a range, or a request with a cookie or credentials from the cache', async () => {
    const { url, reached } = await cached(answering(PUBLIC))
    await fetch(`${url}/a`)
    await fetch(`${url}/a`, { method: 'POST', body: 'x' })
    await fetch(`${url}/a`, { headers: { range: 'bytes=0-1' } })
    await fetch(`${url}/a`, { headers: { authorization: 'Bearer x' } })
    await fetch(`${url}/a`, { headers: { cookie: '__undersigned=signed' } })
    expect(reached.count).toBe(5)
  })

  test('readers arriving during a render wait for it instead of rendering again', async () => {
    const { url, reached } = await cached(answering(PUBLIC, 'slow page', 200, 100))
    const bodies = await Promise.all(Array.from({ length: 8 }, () => fetch(`${url}/a`).then((r) => r.text())))
    expect(bodies).toEqual(Array(8).fill('slow page'))
    expect(reached.count).toBe(1)
  })

  test('past its lifetime, the kept answer goes to everyone but the one reader rendering the next', async () => {
    let renders = 0
    const app: Handler = (_req, res) => {
      const body = `render ${++renders}`
      setTimeout(() => {
        res.writeHead(200, PUBLIC)
        res.end(body)
      }, 100)
    }
    const { url, reached } = await cached(app, { maxSeconds: 0.05 })
    expect(await (await fetch(`${url}/a`)).text()).toBe('render 1')
    await new Promise((resolve) => setTimeout(resolve, 80))
    const renderer = fetch(`${url}/a`).then((response) => response.text())
    await new Promise((resolve) => setTimeout(resolve, 10))
    const started = Date.now()
    const crowd = await Promise.all(Array.from({ length: 3 }, () => fetch(`${url}/a`)))
    expect(Date.now() - started).toBeLessThan(80)
    expect(await Promise.all(crowd.map((response) => response.text()))).toEqual(Array(3).fill('render 1'))
    expect(await renderer).toBe('render 2')
    expect(await (await fetch(`${url}/a`)).text()).toBe('render 2')
    expect(reached.count).toBe(2)
  })

  test('once a render says the page is gone, nobody is sent the stale copy any more', async () => {
    let gone = false
    const app: Handler = (_req, res) =>
      setTimeout(() => {
        res.writeHead(gone ? 404 : 200, PUBLIC)
        res.end(gone ? 'no such letter' : 'the letter')
      }, 50)
    const { url } = await cached(app, { maxSeconds: 0.05 })
    expect(await (await fetch(`${url}/a`)).text()).toBe('the letter')
    gone = true
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect((await fetch(`${url}/a`)).status).toBe(404)
    // A reader arriving while the next render is under way is not sent the letter either.
    const rendering = fetch(`${url}/a`)
    await new Promise((resolve) => setTimeout(resolve, 10))
    const meanwhile = await fetch(`${url}/a`)
    expect(meanwhile.status).toBe(404)
    expect((await rendering).status).toBe(404)
  })

  test('without stale-while-revalidate, readers of an expired answer wait for the next render', async () => {
    let renders = 0
    const headers = { 'Cache-Control': 'public, max-age=10', 'Content-Type': 'text/plain' }
    const app: Handler = (_req, res) => {
      const body = `render ${++renders}`
      setTimeout(() => {
        res.writeHead(200, headers)
        res.end(body)
      }, 50)
    }
    const { url } = await cached(app, { maxSeconds: 0.05 })
    await fetch(`${url}/a`)
    await new Promise((resolve) => setTimeout(resolve, 80))
    const bodies = await Promise.all(Array.from({ length: 3 }, () => fetch(`${url}/a`).then((r) => r.text())))
    expect(bodies).toEqual(Array(3).fill('render 2'))
    expect(staleFor('public, max-age=0, s-maxage=10, stale-while-revalidate=60', 60)).toBe(60_000)
    expect(staleFor('public, stale-while-revalidate=600', 60)).toBe(60_000)
    expect(staleFor('public, max-age=10', 60)).toBe(0)
  })

  test("lifetimes are shortened by up to a fifth at random, so a crowd's pages expire apart", async () => {
    const { url, reached } = await cached(answering(PUBLIC), { maxSeconds: 0.1, random: () => 0 })
    await fetch(`${url}/a`)
    await new Promise((resolve) => setTimeout(resolve, 90))
    await fetch(`${url}/a`)
    // Kept 80 ms (a fifth off 100), so the second request was past its lifetime and rendered.
    expect(reached.count).toBe(2)
  })

  test('readers waiting on a download too large to keep are sent on once it outgrows the cache', async () => {
    const megabyte = 'x'.repeat(2 ** 20)
    const app: Handler = (_req, res) => {
      res.writeHead(200, PUBLIC)
      let sent = 0
      const next = () => {
        if (sent++ === 5) return res.end()
        res.write(megabyte)
        setTimeout(next, 100)
      }
      next()
    }
    const { url, reached } = await cached(app, { maxEntryBytes: 1.5 * 2 ** 20 })
    const first = fetch(`${url}/signatories.csv`).then((response) => response.text())
    await new Promise((resolve) => setTimeout(resolve, 20))
    const second = fetch(`${url}/signatories.csv`).then((response) => response.text())
    // The first download has half a second to go; the second reader is already being answered.
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(reached.count).toBe(2)
    expect((await first).length).toBe(5 * 2 ** 20)
    expect((await second).length).toBe(5 * 2 ** 20)
  })

  test('readers who waited for an answer that cannot be kept are sent to the app', async () => {
    const { url, reached } = await cached(answering({ 'Cache-Control': 'no-store' }, 'mine', 200, 50))
    const bodies = await Promise.all(Array.from({ length: 3 }, () => fetch(`${url}/a`).then((r) => r.text())))
    expect(bodies).toEqual(['mine', 'mine', 'mine'])
    expect(reached.count).toBe(3)
  })

  test('holds at most maxBytes, forgetting the oldest answers first', async () => {
    const { url, reached } = await cached(answering(PUBLIC, 'x'.repeat(100)), { maxBytes: 250 })
    for (const path of ['/a', '/b', '/c', '/c', '/b', '/a']) await fetch(`${url}${path}`)
    // a, b, c kept; c evicted a; the second /c and /b are hits; /a must be rendered again.
    expect(reached.count).toBe(4)
  })

  test('in front of compression, keeps and resends the compressed bytes', async () => {
    const cache = createPublicCache()
    const app = express()
    let renders = 0
    app.use(cache)
    app.use(compression())
    app.get('/page', (_req, res) => {
      renders++
      res.set(PUBLIC).send('<p>signatures</p>'.repeat(200))
    })
    const server = app.listen(0, '127.0.0.1')
    servers.push(server)
    await new Promise((resolve) => server.once('listening', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/page`
    // node:http, not fetch: fetch would decompress the body.
    const raw = () =>
      new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        get(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () =>
            resolve({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }),
          )
        }).on('error', reject)
      })
    const first = await raw()
    const second = await raw()
    expect(renders).toBe(1)
    expect(second.encoding).toBe('gzip')
    expect(gunzipSync(second.body).toString()).toBe('<p>signatures</p>'.repeat(200))
    expect(second.body.equals(first.body)).toBe(true)
  })

  test('a kept page never repeats its nonce: the policy names the hashes of the scripts that carried it', async () => {
    const cache = createPublicCache()
    const app = express()
    app.use(cache)
    app.use(compression())
    app.get('/page', (_req, res) => {
      const nonce = createNonce()
      res.set({ ...PUBLIC, 'Content-Security-Policy': pageContentSecurityPolicy(nonce) })
      res.type('html').send(pageWithScripts(nonce))
    })
    const server = app.listen(0, '127.0.0.1')
    servers.push(server)
    await new Promise((resolve) => server.once('listening', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/page`

    for (const encoding of ['gzip', 'br', 'identity']) {
      const rendered = await fetch(url, { headers: { 'accept-encoding': encoding } })
      expect(rendered.headers.get('content-security-policy')).toMatch(/'nonce-[^']+'/)
      await rendered.text()
      const kept = await fetch(url, { headers: { 'accept-encoding': encoding } })
      const html = await kept.text()
      const policy = kept.headers.get('content-security-policy')!
      expect(policy).not.toContain('nonce-')
      expect(policy).toContain(
        `script-src 'self' ${sha256('window.__context = {"a":1}')} ${sha256('import "/build/entry.js"')};`,
      )
      // The scripts that did not carry the nonce stay blocked, as they were.
      expect(policy).not.toContain(sha256('alert("injected")'))
      expect(kept.headers.get('age')).toBe('0')
      expect(html).toBe(pageWithScripts(html.match(/nonce="([^"]+)"/)![1]!))
    }
  })

  test('policies without a nonce are kept as they are; a nonce with no inline script leaves the sources', () => {
    expect(policyWithHashesFor("default-src 'self'", '<script>x</script>')).toBe("default-src 'self'")
    expect(policyWithHashesFor("script-src 'self' 'nonce-abc=='; img-src 'self'", '<p>no scripts</p>')).toBe(
      "script-src 'self'; img-src 'self'",
    )
    expect(
      policyWithHashesFor(
        "script-src 'self' 'nonce-abc=='",
        '<script nonce="abc==" src="/build/a.js"></script><script nonce="abc==">one()</script><script nonce="abc==">one()</script>',
      ),
    ).toBe(`script-src 'self' ${sha256('one()')}`)
  })
})

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

/** A page as Remix writes it: inline scripts with the nonce, one external, one injected without. */
function pageWithScripts(nonce: string) {
  return [
    '<!DOCTYPE html><html><head>',
    `<script nonce="${nonce}" src="/build/manifest.js"></script>`,
    '</head><body><main>signatures</main>'.padEnd(2000, ' '),
    `<script nonce="${nonce}">window.__context = {"a":1}</script>`,
    `<script type="module" async="" nonce="${nonce}">import "/build/entry.js"</script>`,
    '<script>alert("injected")</script>',
    '</body></html>',
  ].join('')
}
