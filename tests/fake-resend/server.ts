import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

// A stand-in for the Resend HTTP API, for the real SDK to talk to in tests.
// It keeps what it receives so a test can read a message by recipient and follow its link.

export type ReceivedEmail = {
  id: string
  from: string
  to: string[]
  subject: string
  html: string
  text: string
  idempotencyKey: string | null
  authorization: string | null
  receivedAt: string
}

export type FakeResend = {
  url: string
  messages: ReceivedEmail[]
  /** The next `count` sends answer with this status instead of accepting the message. */
  failNext(count: number, status?: number): void
  /** Every send from now on waits this long before answering. */
  setDelay(ms: number): void
  close(): Promise<void>
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
}

export async function startFakeResend({
  port = 0,
  apiKey,
}: { port?: number; apiKey?: string } = {}): Promise<FakeResend> {
  const messages: ReceivedEmail[] = []
  const byIdempotencyKey = new Map<string, ReceivedEmail>()
  let failures: { remaining: number; status: number } = { remaining: 0, status: 500 }
  let delayMs = 0

  const server: Server = createServer(async (request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify(body))
    }
    try {
      const url = new URL(request.url ?? '/', 'http://fake-resend')
      if (request.method === 'POST' && url.pathname === '/emails') {
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs))
        const authorization = request.headers.authorization ?? null
        if (apiKey && authorization !== `Bearer ${apiKey}`) {
          return send(401, { statusCode: 401, name: 'missing_api_key', message: 'Missing API key' })
        }
        if (failures.remaining > 0) {
          failures.remaining -= 1
          return send(failures.status, {
            statusCode: failures.status,
            name: 'internal_server_error',
            message: 'Injected failure',
          })
        }
        const body = (await readJson(request)) as Record<string, unknown>
        const to = Array.isArray(body.to) ? body.to.map(String) : [String(body.to ?? '')]
        if (!body.from || !to[0] || !body.subject) {
          return send(422, {
            statusCode: 422,
            name: 'validation_error',
            message: 'from, to and subject are required',
          })
        }
        const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null
        const previous = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined
        if (previous) return send(200, { id: previous.id })
        const email: ReceivedEmail = {
          id: randomUUID(),
          from: String(body.from),
          to,
          subject: String(body.subject),
          html: String(body.html ?? ''),
          text: String(body.text ?? ''),
          idempotencyKey,
          authorization,
          receivedAt: new Date().toISOString(),
        }
        messages.push(email)
        if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, email)
        return send(200, { id: email.id })
      }
      // Test-only endpoints, for Playwright tests that run in another process.
      if (request.method === 'GET' && url.pathname === '/__messages') {
        const to = url.searchParams.get('to')?.toLowerCase()
        return send(
          200,
          to
            ? messages.filter((message) => message.to.some((address) => address.toLowerCase() === to))
            : messages,
        )
      }
      if (request.method === 'POST' && url.pathname === '/__fail') {
        const body = (await readJson(request)) as { count?: number; status?: number }
        failures = { remaining: body.count ?? 1, status: body.status ?? 500 }
        return send(200, { ok: true })
      }
      if (request.method === 'POST' && url.pathname === '/__delay') {
        const body = (await readJson(request)) as { ms?: number }
        delayMs = Math.max(0, Number(body.ms ?? 0))
        return send(200, { ok: true })
      }
      send(404, { statusCode: 404, name: 'not_found', message: 'Not found' })
    } catch (error) {
      send(400, { statusCode: 400, name: 'invalid_request', message: String(error) })
    }
  })

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: actualPort } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${actualPort}`,
    messages,
    failNext(count, status = 500) {
      failures = { remaining: count, status }
    },
    setDelay(ms) {
      delayMs = ms
    },
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}
