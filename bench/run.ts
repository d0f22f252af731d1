// The benchmark suite (issue 6): `npm run bench` builds the app, seeds (or reuses) a database of
// 1,000,000 signatures, measures the baseline server, runs every scenario against the production
// server (`node server.js`) with autocannon on 127.0.0.1, and writes the table into
// docs/performance.md. Options (after `--`):
//   --signatures N   size of the letter (default 1000000)
//   --seconds S      measured seconds per scenario, after a 2-second warm-up (default 10)
//   --only a,b       run only these scenarios (ids below); the baseline always runs
//   --reseed         seed again even if bench/.data holds a matching database
//   --cpu-prof       profile the app during the sign scenario (bench/.data/profiles/)
//   --no-write       print the table, leave docs/performance.md alone
// Environment: BENCH_PORT (default 3960; the suite uses it and the next two ports).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { createHash } from 'node:crypto'
import { parseArgs } from 'node:util'
import type { Request } from 'autocannon'
import { sql } from 'kysely'
import { openDatabase } from '#db/database'
import { migrations } from '#db/migrations/index'
import { timeBulkApprove } from './lib/bulk-approve'
import { runLoad, warmUp, type LoadOptions, type LoadResult } from './lib/load'
import { validSignatureForm } from '../tests/factories'
import { startServer, type Server } from './lib/processes'
import { summarizeProfile } from './lib/profile'
import { describeMachine, renderResults, writeResults, type Row } from './lib/report'
import { BENCH_SLUG, seedBenchDatabase, type SeedResult } from './lib/seed'

const SCENARIOS = [
  'floor',
  'count',
  'letter-page',
  'list',
  'search',
  'sign',
  'provider',
  'mixed',
  'csv',
  'bulk-approve',
] as const
type ScenarioId = (typeof SCENARIOS)[number]

const { values: args } = parseArgs({
  options: {
    signatures: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '10' },
    only: { type: 'string' },
    reseed: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
})
const SIGNATURES = Number(args.signatures)
const SECONDS = Number(args.seconds)
const only = args.only?.split(',').map((id) => id.trim()) as ScenarioId[] | undefined
for (const id of only ?? []) {
  if (!SCENARIOS.includes(id)) throw new Error(`Unknown scenario ${id}; choose from ${SCENARIOS.join(', ')}`)
}
const runs = (id: ScenarioId) => !only || only.includes(id)

const root = new URL('../', import.meta.url).pathname
const dataDir = `${root}bench/.data/`
const profileDir = `${dataDir}profiles/`
const PORT = Number(process.env.BENCH_PORT || 3960)
const ports = { baseline: PORT, app: PORT + 1, provider: PORT + 2 }
const appUrl = `http://127.0.0.1:${ports.app}`
// Connections: signers arrive one by one and each waits for the answer (10 at a time); readers
// come in crowds (50). The baseline gets the same number for the same kind of request.
const WRITERS = 10
const READERS = 50
const BROWSER = { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' }

mkdirSync(profileDir, { recursive: true })
const startedAt = new Date()
const machine = describeMachine()
const rows: Row[] = []
const notes: string[] = []
const raw: Record<string, unknown> = {}

// ---------------------------------------------------------------------------------------------
// The database: seeded once per size, seeder and schema; every run works on a fresh copy.

const removeDb = (path: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
}

async function seededTemplate(): Promise<SeedResult & { seededAt: string }> {
  const template = `${dataDir}seed-${SIGNATURES}.db`
  const metaFile = `${template}.json`
  const fingerprint = createHash('sha256')
    .update(readFileSync(`${root}bench/lib/seed.ts`))
    .update(Object.keys(migrations).join(','))
    .digest('hex')
  if (!args.reseed && existsSync(template) && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'))
    if (meta.fingerprint === fingerprint) return meta.result
  }
  console.log(`Seeding ${SIGNATURES.toLocaleString('en-US')} signatures (tally triggers on)…`)
  const result = { ...(await seedBenchDatabase(template, SIGNATURES)), seededAt: new Date().toISOString() }
  writeFileSync(metaFile, JSON.stringify({ fingerprint, result }, null, 2))
  return result
}

const seeded = await seededTemplate()
console.log(
  `Database: ${SIGNATURES.toLocaleString('en-US')} signatures, seeded in ${(seeded.ms / 1000).toFixed(1)} s on ${seeded.seededAt}`,
)
rows.push({
  scenario: `Seed ${SIGNATURES.toLocaleString('en-US')} signatures, tally triggers on`,
  figure: `${(seeded.ms / 1000).toFixed(1)} s (${seeded.rowsPerSecond.toLocaleString('en-US')} rows/s)`,
  target: SIGNATURES >= 1_000_000 ? '< 60 s for 1,000,000' : '—',
  pass: SIGNATURES >= 1_000_000 ? seeded.ms < 60_000 * (SIGNATURES / 1_000_000) : undefined,
  note: `seeded ${seeded.seededAt.slice(0, 16)}Z`,
})
const runDb = `${dataDir}run.db`
removeDb(runDb)
copyFileSync(`${dataDir}seed-${SIGNATURES}.db`, runDb)

// ---------------------------------------------------------------------------------------------
// Requests.

const runId = Date.now().toString(36)
let signed = 0
function signatureForm() {
  signed += 1
  const form = validSignatureForm({
    name: `Bench Signer ${signed}`,
    email: `bench-${runId}-${signed}@example.org`,
  })
  return new URLSearchParams({ ...form, website: '' }).toString()
}
const signRequest = (path: string, origin: string): Request => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  setupRequest: (request) => ({ ...request, body: signatureForm() }),
})
const get = (path: string, headers: Record<string, string> = BROWSER): Request => ({
  method: 'GET',
  path,
  headers,
})
/** A GET whose path changes each time (a cursor, a search), so no cache can answer it. */
const getEach = (makePath: () => string): Request => ({
  method: 'GET',
  path: makePath(),
  headers: BROWSER,
  setupRequest: (request) => ({ ...request, path: makePath() }),
})
const letterPath = `/letters/${BENCH_SLUG}`
const countPath = `/api/letters/${BENCH_SLUG}/count`
let uncached = 0
const pageOnePath = () => `${letterPath}?v=${++uncached}`
// A page deep in the list: a cursor in the newest tenth of a million signatures.
const deepPath = () => {
  const span = seeded.lastId - seeded.firstId
  const cursor = seeded.lastId - 200 - Math.floor(Math.random() * span * 0.1)
  return `${letterPath}?after=${cursor}`
}

// Readers paging through the list: twenty pages deep in it, the same twenty for everyone (the
// "next" links people follow are the same links), so a cache can serve them as it would.
const browsedCursors = Array.from({ length: 20 }, (_, page) => seeded.lastId - 5_000 - page * 100)
let browsed = 0
const browsePath = () => `${letterPath}?after=${browsedCursors[browsed++ % browsedCursors.length]}`

async function measure(options: LoadOptions): Promise<LoadResult> {
  await warmUp(options)
  const result = await runLoad(options)
  if (result.failures) {
    notes.push(
      `${options.requests[0]?.method} ${options.requests[0]?.path}: ${result.failures} failed requests (${JSON.stringify(result.statuses)})`,
    )
  }
  return result
}

// ---------------------------------------------------------------------------------------------
// The baseline: the machine's ceiling. It runs beside the app all along (idle, it costs nothing)
// and is measured again right before each scenario, so every ratio compares two figures taken
// under the same conditions, whatever else the machine is doing.

const results: Partial<Record<string, LoadResult>> = {}
const baselineDb = `${dataDir}baseline.db`
removeDb(baselineDb)
const baselineServer = await startServer({
  args: [`${root}bench/baseline-server.js`],
  env: { DATABASE_PATH: baselineDb },
  port: ports.baseline,
  readyPath: '/count',
  logFile: `${dataDir}baseline.log`,
})
const baselines: { post: LoadResult[]; get: LoadResult[] } = { post: [], get: [] }
const baselineOf: Record<string, LoadResult> = {}

async function measureBaseline(kind: 'post' | 'get'): Promise<LoadResult> {
  const url = baselineServer.url
  const result = await measure(
    kind === 'post'
      ? { url, connections: WRITERS, seconds: SECONDS, requests: [signRequest('/sign', url)], expect: [302] }
      : { url, connections: READERS, seconds: SECONDS, requests: [get('/count', {})], expect: [200] },
  )
  baselines[kind].push(result)
  return result
}

/** The baseline for the same kind of request, then the scenario: `results[key]`, `baselineOf[key]`. */
async function measureAgainst(kind: 'post' | 'get', key: string, options: LoadOptions) {
  baselineOf[key] = await measureBaseline(kind)
  results[key] = await measure(options)
}

// ---------------------------------------------------------------------------------------------
// The app.

const appEnv = {
  NODE_ENV: 'production',
  DATABASE_PATH: runDb,
  APP_URL: appUrl,
  SESSION_SECRET: 'bench-session-secret-bench-session-secret',
  OUTBOX_WORKER: 'off',
  RESEND_API_KEY: '',
  RESEND_BASE_URL: '',
  // Every load client is 127.0.0.1, where a real crowd comes from many networks: the per-client
  // limits and the busy-network flag are still checked on each signature, just never reached.
  RATE_LIMIT_SIGN_BURST: '999999/1m',
  RATE_LIMIT_SIGN_SUSTAINED: '999999/1h',
  BUSY_SOURCE_FLAG: '999999/10m',
}

async function startApp(env: Record<string, string> = {}, profile = false): Promise<Server> {
  return startServer({
    args: [...(profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), `${root}server.js`],
    env: { ...appEnv, ...env },
    port: ports.app,
    readyPath: '/healthz',
    logFile: `${dataDir}app.log`,
  })
}

/** Every public answer must be cacheable, or a CDN in front could not take the crowd. */
async function checkCacheHeaders() {
  for (const path of [letterPath, countPath, '/']) {
    const response = await fetch(`${appUrl}${path}`)
    const cacheControl = response.headers.get('cache-control') ?? ''
    if (
      response.status !== 200 ||
      !/public/.test(cacheControl) ||
      !/stale-while-revalidate/.test(cacheControl)
    ) {
      throw new Error(`${path} answered ${response.status} with Cache-Control "${cacheControl}"`)
    }
  }
}

const ratioTo = (result: LoadResult, base: LoadResult) => result.requestsPerSecond / base.requestsPerSecond
const loadNow = () => os.loadavg()[0]!.toFixed(1)

let app = await startApp()
await checkCacheHeaders()
try {
  if (runs('floor')) {
    // What any Remix request costs here before it does anything: the most a route can reach.
    console.log('Remix floor (/healthz)…')
    await measureAgainst('post', 'floor', {
      url: appUrl,
      connections: WRITERS,
      seconds: SECONDS,
      requests: [get('/healthz', {})],
      expect: [200],
    })
  }
  if (runs('count')) {
    console.log('Count endpoint…')
    await measureAgainst('get', 'count', {
      url: appUrl,
      connections: READERS,
      seconds: SECONDS,
      requests: [get(countPath, { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' })],
      expect: [200],
    })
  }
  if (runs('letter-page')) {
    console.log('Letter page…')
    await measureAgainst('get', 'letterPage', {
      url: appUrl,
      connections: READERS,
      seconds: SECONDS,
      requests: [get(letterPath)],
      expect: [200],
    })
  }
  if (runs('list')) {
    console.log('List pages…')
    await measureAgainst('get', 'pageOne', {
      url: appUrl,
      connections: WRITERS,
      seconds: SECONDS,
      requests: [getEach(pageOnePath)],
      expect: [200],
    })
    await measureAgainst('get', 'deepPage', {
      url: appUrl,
      connections: WRITERS,
      seconds: SECONDS,
      requests: [getEach(deepPath)],
      expect: [200],
    })
  }
  if (runs('search')) {
    console.log('Search…')
    let searched = 0
    results.search = await runLoad({
      url: appUrl,
      connections: 2,
      seconds: SECONDS,
      requests: [getEach(() => `${letterPath}?q=zq${++searched}x`)],
      expect: [200],
    })
  }
  if (runs('sign')) {
    console.log(`Sign${args['cpu-prof'] ? ' (profiled)' : ''}…`)
    if (args['cpu-prof']) {
      await app.stop()
      app = await startApp({}, true)
    }
    await measureAgainst('post', 'sign', {
      url: appUrl,
      connections: WRITERS,
      seconds: SECONDS,
      requests: [signRequest(letterPath, appUrl)],
      expect: [302],
    })
    if (args['cpu-prof']) {
      await app.stop()
      console.log(summarizeProfile(profileDir))
      app = await startApp()
    }
  }
} finally {
  await app.stop()
}

// With the outbox worker on and a fake provider: answering at once, in 2 s, or refusing (503).
const drainOutbox = async () => {
  const db = openDatabase(runDb)
  await db.updateTable('email_outbox').set({ status: 'sent' }).where('status', '=', 'pending').execute()
  await db.destroy()
}
if (runs('provider') || runs('mixed')) {
  // In a process of its own: in this one, its work would slow the load client and show as latency.
  const provider = await startServer({
    args: ['--import', 'tsx', `${root}tests/fake-resend/cli.ts`],
    env: { FAKE_RESEND_PORT: String(ports.provider), RESEND_API_KEY: 'bench-key' },
    port: ports.provider,
    readyPath: '/__messages',
    logFile: `${dataDir}provider.log`,
  })
  const control = (path: '/__delay' | '/__fail', body: object) =>
    fetch(`${provider.url}${path}`, { method: 'POST', body: JSON.stringify(body) })
  const providerEnv = { OUTBOX_WORKER: 'on', RESEND_API_KEY: 'bench-key', RESEND_BASE_URL: provider.url }
  const cases = runs('provider')
    ? ([
        ['providerFast', 0, 0],
        ['providerSlow', 2000, 0],
        ['providerDown', 0, 503],
      ] as const)
    : []
  try {
    for (const [key, delay, failWith] of cases) {
      console.log(`Sign with the outbox worker on, ${key}…`)
      await drainOutbox()
      await control('/__delay', { ms: delay })
      await control('/__fail', { count: failWith ? Number.MAX_SAFE_INTEGER : 0, status: failWith || 500 })
      app = await startApp(providerEnv)
      try {
        await measureAgainst('post', key, {
          url: appUrl,
          connections: WRITERS,
          seconds: SECONDS,
          requests: [signRequest(letterPath, appUrl)],
          expect: [302],
        })
      } finally {
        await app.stop()
      }
    }
    if (runs('mixed')) {
      console.log('Mixed: 35 signs/s and 3,000 reads/s…')
      await drainOutbox()
      await control('/__delay', { ms: 0 })
      await control('/__fail', { count: 0 })
      app = await startApp(providerEnv)
      try {
        // Readers: half poll the count, four in ten open the letter, one in ten pages through the list.
        const reads = [
          get(countPath),
          get(letterPath),
          get(countPath),
          get(letterPath),
          get(countPath),
          getEach(browsePath),
          get(countPath),
          get(letterPath),
          get(countPath),
          get(letterPath),
        ]
        const mixed: LoadOptions[] = [
          {
            url: appUrl,
            connections: 5,
            rate: 35,
            seconds: SECONDS,
            requests: [signRequest(letterPath, appUrl)],
            expect: [302],
          },
          { url: appUrl, connections: READERS, rate: 3000, seconds: SECONDS, requests: reads, expect: [200] },
        ]
        // A longer warm-up: the server has just started, with its email thread loading the build and
        // every page rendering for the first time (event-loop stalls of up to half a second in the
        // first three seconds, none of them past the tenth of a second afterwards).
        await Promise.all(mixed.map((options) => warmUp(options, 5)))
        const [writes, readResults] = await Promise.all(mixed.map((options) => runLoad(options)))
        results.mixedWrites = writes
        results.mixedReads = readResults
      } finally {
        await app.stop()
      }
    }
  } finally {
    await provider.stop()
  }
}

if (runs('csv')) {
  const csvPath = `${letterPath}/signatories.csv`
  console.log(`CSV export ${csvPath}…`)
  app = await startApp()
  try {
    const rss = () => {
      const status = readFileSync(`/proc/${app.process.pid}/status`, 'utf8')
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024
    }
    const before = rss()
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50)
    const started = performance.now()
    const response = await fetch(`${appUrl}${csvPath}`)
    let lines = 0
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      // indexOf, not a loop over bytes: the client must cost far less than the server it measures.
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++
    }
    const ms = performance.now() - started
    clearInterval(sampler)
    const growthMb = (peak - before) / 2 ** 20
    const rowsOut = Math.max(0, lines - 1)
    rows.push({
      scenario: `CSV export of the whole list (${csvPath})`,
      figure: `${rowsOut.toLocaleString('en-US')} rows in ${(ms / 1000).toFixed(1)} s, ${Math.round(rowsOut / (ms / 1000)).toLocaleString('en-US')} rows/s, +${growthMb.toFixed(0)} MB`,
      target: '1,000,000 rows < 5 s, memory growth < 100 MB',
      pass: response.status === 200 && ms < 5000 * (rowsOut / 1_000_000 || 1) && growthMb < 100,
    })
  } finally {
    await app.stop()
  }
}

if (runs('bulk-approve')) {
  console.log('Bulk approve…')
  const db = openDatabase(runDb)
  const letter = await db
    .selectFrom('letters')
    .select('id')
    .where('slug', '=', BENCH_SLUG)
    .executeTakeFirstOrThrow()
  // Three runs of 10,000 each (a small --signatures run approves a third of its queue instead).
  const batch = Math.min(10_000, Math.floor(seeded.awaitingReview / 3))
  const timings: number[] = []
  for (let run = 0; run < 3; run++) timings.push(await timeBulkApprove(db, letter.id, batch))
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db)
  await db.destroy()
  const median = [...timings].sort((a, b) => a - b)[1]!
  raw.bulkApprove = timings
  rows.push({
    scenario: `Bulk approve ${batch.toLocaleString('en-US')} (emails, tokens, audit events)`,
    figure: `${median.toFixed(0)} ms (runs ${timings.map((ms) => ms.toFixed(0)).join(', ')})`,
    target: '< 1,000 ms',
    pass: batch === 10_000 ? median < 1000 : undefined,
    note: `in a letter of ${SIGNATURES.toLocaleString('en-US')}`,
  })
}

await baselineServer.stop()

// ---------------------------------------------------------------------------------------------
// The table.

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
/** The baseline rows: the median of the baseline's runs beside the scenarios (its range in a note). */
function baselineRow(scenario: string, runs: LoadResult[], connections: number): Row | null {
  if (!runs.length) return null
  const rates = runs.map((run) => run.requestsPerSecond)
  return {
    scenario,
    requestsPerSecond: median(rates),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    figure:
      runs.length > 1
        ? `${runs.length} runs, ${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))} req/s`
        : undefined,
    target: 'the ceiling',
    note: `${connections} conns`,
  }
}

const httpRow = (
  key: string,
  scenario: string,
  target: string,
  pass: (result: LoadResult, ratio: number | undefined) => boolean,
  note?: string,
): Row | null => {
  const result = results[key]
  if (!result) return null
  const base = baselineOf[key]
  const ratio = base ? ratioTo(result, base) : undefined
  return {
    scenario,
    requestsPerSecond: result.requestsPerSecond,
    p50: result.p50,
    p99: result.p99,
    ratio,
    figure: base ? `baseline ${Math.round(base.requestsPerSecond).toLocaleString('en-US')} req/s` : undefined,
    target,
    pass: result.failures === 0 && pass(result, ratio),
    note,
  }
}

const pageOne = results.pageOne
const table: (Row | null)[] = [
  baselineRow('Baseline: POST, one INSERT (synchronous=FULL)', baselines.post, WRITERS),
  baselineRow('Baseline: GET of a cached count', baselines.get, READERS),
  httpRow(
    'floor',
    'Remix floor: GET /healthz (Express, Remix, a loader running select 1; never cached)',
    'reference: the most any route reaches',
    () => true,
    `${WRITERS} conns; × is against the baseline POST`,
  ),
  httpRow(
    'sign',
    'Sign (POST: validation, signature, tokens and outbox rows, one durable commit)',
    '≥ 40% of baseline POST, p99 < 50 ms',
    (r, ratio) => (ratio ?? 0) >= 0.4 && r.p99 < 50,
    `${WRITERS} conns`,
  ),
  httpRow(
    'letterPage',
    'Letter page (list page 1), GET with gzip/br',
    '≥ 1,500 req/s',
    (r) => r.requestsPerSecond >= 1500,
    `${READERS} conns`,
  ),
  httpRow(
    'count',
    'Count endpoint /api/letters/:slug/count',
    '≥ 25% of baseline GET',
    (_r, ratio) => (ratio ?? 0) >= 0.25,
    `${READERS} conns`,
  ),
  httpRow(
    'pageOne',
    'List page 1, never cached (?v=n)',
    'reference for the deep page',
    () => true,
    `${WRITERS} conns`,
  ),
  httpRow(
    'deepPage',
    'List page deep in the list, never cached (random keyset cursors in the newest tenth)',
    'p50 ≤ 2 × page 1',
    (r) => pageOne !== undefined && r.p50 <= 2 * pageOne.p50,
    `${WRITERS} conns`,
  ),
  httpRow(
    'search',
    'Search the list for a name nobody has (?q=)',
    'none yet: known gap',
    () => true,
    '2 conns',
  ),
  httpRow(
    'providerFast',
    'Sign, outbox worker on, provider answers at once',
    'p99 < 50 ms',
    (r) => r.p99 < 50,
    `${WRITERS} conns`,
  ),
  httpRow(
    'providerSlow',
    'Sign, outbox worker on, provider answers in 2 s',
    'p99 < 50 ms, as without mail',
    (r) => r.p99 < 50,
    `${WRITERS} conns`,
  ),
  httpRow(
    'providerDown',
    'Sign, outbox worker on, provider down (503)',
    'p99 < 50 ms, as without mail',
    (r) => r.p99 < 50,
    `${WRITERS} conns`,
  ),
  httpRow(
    'mixedWrites',
    'Mixed: signs at 35/s',
    'p99 < 200 ms',
    (r) => r.p99 < 200 && r.requestsPerSecond >= 35 * 0.95,
    'alongside the reads',
  ),
  httpRow(
    'mixedReads',
    'Mixed: reads at 3,000/s (count 50%, letter page 40%, 20 list pages 10%)',
    'p99 < 200 ms',
    (r) => r.p99 < 200 && r.requestsPerSecond >= 3000 * 0.95,
    'alongside the signs',
  ),
]
// The seed, CSV and bulk approve rows were added as they ran; the HTTP rows go first.
const fixedRows = rows.splice(0)
rows.push(...(table.filter(Boolean) as Row[]), ...fixedRows)
const finished = { ...machine, loadAfter: os.loadavg() }
raw.results = results
raw.baselines = baselines
writeFileSync(
  `${dataDir}results-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`,
  JSON.stringify({ machine: finished, rows, raw }, null, 2),
)

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`
const markdown = renderResults({ rows, machine: finished, command, startedAt, seconds: SECONDS, notes })
console.log(`\n${markdown}\n`)
console.log(`Load average now ${loadNow()}.`)
if (!args['no-write'] && !only) {
  writeResults(`${root}docs/performance.md`, markdown)
  console.log('Written to docs/performance.md')
} else if (!args['no-write']) {
  console.log('A partial run (--only): docs/performance.md left alone.')
}
