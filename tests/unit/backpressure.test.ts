import { createServer, request, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import compression from 'compression'
import express from 'express'
import { expect, test } from 'vitest'
import { trackBackpressure } from '../../server/backpressure.js'

/** A server whose one route writes 512 kB chunks, waiting on the client when told to. */
async function streamingServer(wait: boolean) {
  const written: number[] = []
  const app = express()
  app.use(compression({ threshold: 0, level: 0 }))
  app.get('/file', async (_req, res) => {
    const waitForClient = trackBackpressure(res)
    res.type('text/csv')
    const chunk = Buffer.alloc(512 * 1024, 'a')
    for (let index = 0; index < 40; index++) {
      if (wait) await waitForClient()
      res.write(chunk)
      written.push(index)
      await new Promise((resolve) => setImmediate(resolve))
    }
    res.end()
  })
  const server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`
  return { url, written, close: () => new Promise((resolve) => server.close(resolve)) }
}

/** Opens the download and reads nothing for a while, like a slow connection. */
function openWithoutReading(url: string, encoding: string) {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': encoding } }, resolve)
    req.on('error', reject)
    req.end()
  })
}

test.each(['identity', 'gzip'])(
  'a stream that waits for the client stops producing while the client reads nothing (%s)',
  async (encoding) => {
    const { url, written, close } = await streamingServer(true)
    const response = await openWithoutReading(url, encoding)
    response.pause()
    await new Promise((resolve) => setTimeout(resolve, 300))
    // 20 MB to send: the socket's buffers and AHEAD_BYTES take a few chunks, then production waits.
    expect(written.length).toBeLessThan(20)
    let received = 0
    response.on('data', (data: Buffer) => (received += data.length))
    response.resume()
    await new Promise((resolve) => response.on('end', resolve))
    expect(written).toHaveLength(40)
    expect(received).toBeGreaterThan(0)
    await close()
  },
)

test('without waiting, the same stream runs ahead of the client (what the exports avoid)', async () => {
  const { url, written, close } = await streamingServer(false)
  const response = await openWithoutReading(url, 'identity')
  response.pause()
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(written).toHaveLength(40)
  response.resume()
  await new Promise((resolve) => response.on('end', resolve))
  await close()
})
