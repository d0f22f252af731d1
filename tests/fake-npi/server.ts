import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

// A stand-in for the NPPES NPI Registry API (GET /?version=2.1&number=<npi>), answering in its
// documented JSON shape from a few seeded records. Switches make it fail, stall or send garbage.

export type FakeNpiRecord = {
  number: string
  enumeration_type: 'NPI-1' | 'NPI-2'
  basic: {
    first_name?: string
    last_name?: string
    middle_name?: string
    organization_name?: string
    credential?: string
    status: 'A' | 'D'
  }
}

export const fakeNpiRecords = {
  activePhysician: {
    number: '1234567893',
    enumeration_type: 'NPI-1',
    basic: {
      first_name: 'MARÍA',
      middle_name: 'ELENA',
      last_name: 'GARCÍA',
      credential: 'M.D.',
      status: 'A',
    },
  },
  inactivePhysician: {
    number: '1245319599',
    enumeration_type: 'NPI-1',
    basic: { first_name: 'JOHN', last_name: 'SMITH', credential: 'DO', status: 'D' },
  },
  organization: {
    number: '1003000126',
    enumeration_type: 'NPI-2',
    basic: { organization_name: 'COUNTY GENERAL HOSPITAL', status: 'A' },
  },
} satisfies Record<string, FakeNpiRecord>

export type FakeNpi = {
  url: string
  /** The path and query string of every request received, in order. */
  requests: string[]
  /** Every request from now on answers with this status (null: answer normally). */
  setFailure(status: number | null): void
  /** Every request from now on waits this long before answering. */
  setDelay(ms: number): void
  /** Every request from now on answers 200 with a body that is not JSON. */
  setMalformed(malformed: boolean): void
  /** Adds a record, or replaces the one with its number (e.g. to deactivate it between calls). */
  putRecord(record: FakeNpiRecord): void
  /** The registry forgets this number. */
  removeRecord(number: string): void
  close(): Promise<void>
}

export async function startFakeNpi({
  port = 0,
  records = Object.values(fakeNpiRecords),
}: { port?: number; records?: FakeNpiRecord[] } = {}): Promise<FakeNpi> {
  const byNumber = new Map(records.map((record) => [record.number, record]))
  const requests: string[] = []
  let failure: number | null = null
  let delayMs = 0
  let malformed = false

  const server: Server = createServer(async (request, response) => {
    const send = (status: number, body: string) => {
      if (response.destroyed) return
      response.writeHead(status, { 'Content-Type': 'application/json' })
      response.end(body)
    }
    requests.push(request.url ?? '/')
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs))
    if (failure) return send(failure, JSON.stringify({ Errors: [{ description: 'Injected failure' }] }))
    if (malformed) return send(200, '{"result_count": 1, "results": [')

    const url = new URL(request.url ?? '/', 'http://fake-npi')
    if (request.method !== 'GET' || url.pathname !== '/') return send(404, '{}')
    // The real API refuses requests without a supported version, with 200 and an Errors list.
    if (url.searchParams.get('version') !== '2.1') {
      return send(200, JSON.stringify({ Errors: [{ description: 'Unsupported version' }] }))
    }
    const record = byNumber.get(url.searchParams.get('number') ?? '')
    send(
      200,
      JSON.stringify(
        record
          ? { result_count: 1, results: [{ ...record, created_epoch: '1117584000000', addresses: [] }] }
          : { result_count: 0, results: [] },
      ),
    )
  })

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: actualPort } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${actualPort}`,
    requests,
    setFailure(status) {
      failure = status
    },
    setDelay(ms) {
      delayMs = ms
    },
    setMalformed(value) {
      malformed = value
    },
    putRecord(record) {
      byNumber.set(record.number, record)
    },
    removeRecord(number) {
      byNumber.delete(number)
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
