// Fills a benchmark database with one letter of N realistic signatures, fast: raw better-sqlite3,
// one prepared multi-row INSERT reused for every batch, 50,000 rows a transaction. The tally
// triggers stay on (ADR 010): the seeded counts are kept exactly as production keeps them.
import { rmSync } from 'node:fs'
import SQLite from 'better-sqlite3'
import { openDatabase, registerSignatoryChainFunctions } from '#db/database'
import { migrateToLatest } from '#db/migrate'
import { demoLetter, demoSignatories } from '#db/seed/demo-letter'
import { createLetter } from '~/models/letter.server'

export const BENCH_SLUG = 'bench-letter'
/** A second, small letter: every query must stay within its own letter. */
export const OTHER_SLUG = 'bench-other-letter'

export type SeededLetter = { id: number; slug: string; versionId: number }
export type SeedResult = {
  letter: SeededLetter
  signatures: number
  ms: number
  rowsPerSecond: number
  /** The benchmark letter's first and last signature ids: cursors for pages deep in the list. */
  firstId: number
  lastId: number
  /** Confirmed signatures waiting in the moderation queue (bulk approve takes 10,000 of them). */
  awaitingReview: number
}

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same database. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Weighted<T> = [T, number][]
function picker<T>(rng: () => number, choices: Weighted<T>) {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
  return () => {
    let roll = rng() * total
    for (const [value, weight] of choices) {
      roll -= weight
      if (roll < 0) return value
    }
    return choices[choices.length - 1]![0]
  }
}

const firstNames = [...new Set(demoSignatories.map((s) => s.name.split(' ')[0]!))]
const lastNames = [...new Set(demoSignatories.map((s) => s.name.split(' ').slice(1).join(' ') || 'Lee'))]
const organizations = [...new Set(demoSignatories.map((s) => s.organization))]
const locations = [...new Set(demoSignatories.map((s) => s.location))]
// The demo's professions in their proportions, plus the odd spelling a free-text field gets.
const professions: Weighted<string> = [
  ...Object.entries(
    demoSignatories.reduce<Record<string, number>>((counts, s) => {
      counts[s.profession] = (counts[s.profession] ?? 0) + 1
      return counts
    }, {}),
  ),
  ['attorney', 2],
  ['Public Defender', 1],
  ['Court interpreter', 1],
  ['Investigator', 1],
  ['Retired judge', 1],
]
const domains = ['gmail.com', 'outlook.com', 'pd.lacounty.gov', 'sfgov.org', 'law.example.edu', 'proton.me']

type Verification = {
  level: 'email' | 'domain' | 'registry' | 'moderator'
  method: string
  verifiedBy: string
}
const verifications: Weighted<Verification> = [
  [{ level: 'email', method: 'email-link', verifiedBy: 'email confirmation' }, 55],
  [{ level: 'email', method: 'email-code', verifiedBy: 'email confirmation' }, 15],
  [{ level: 'domain', method: 'employer-domain', verifiedBy: 'employer domain pd.lacounty.gov' }, 15],
  [{ level: 'registry', method: 'licence-roster', verifiedBy: 'State Bar of California' }, 10],
  [{ level: 'moderator', method: 'moderator-check', verifiedBy: 'Moderator <moderator@example.org>' }, 5],
]
// A viral letter: most signatures approved, a queue awaiting review, some never confirmed.
const statuses: Weighted<'approved' | 'confirmed' | 'unconfirmed' | 'rejected' | 'withdrawn'> = [
  ['approved', 88],
  ['confirmed', 4],
  ['unconfirmed', 6],
  ['rejected', 1.5],
  ['withdrawn', 0.5],
]

const COLUMNS = [
  'letter_id',
  'letter_version_id',
  'name',
  'email',
  'profession',
  'organization',
  'location',
  'licence_number',
  'comment',
  'listing',
  'status',
  'emails_sent',
  'last_email_at',
  'created_at',
  'confirmed_at',
  'status_changed_at',
  'decided_at',
  'rejection_reason',
  'verification_level',
  'verification_method',
  'verified_by',
  'verified_at',
] as const
const ROWS_PER_STATEMENT = 100
const ROWS_PER_TRANSACTION = 50_000

function insertStatement(sqlite: SQLite.Database, rows: number) {
  const tuple = `(${COLUMNS.map(() => '?').join(', ')})`
  return sqlite.prepare(
    `insert into signatures (${COLUMNS.join(', ')}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`,
  )
}

/**
 * Appends `count` signatures to a letter, in signing order over the `days` before `now`.
 * Returns how long the inserts took.
 */
export function seedSignatures(
  sqlite: SQLite.Database,
  letter: SeededLetter,
  count: number,
  options: { seed?: number; now?: Date; days?: number } = {},
): number {
  const rng = random(options.seed ?? 2019)
  const pick = <T>(values: T[]) => values[Math.floor(rng() * values.length)]!
  const profession = picker(rng, professions)
  const status = picker(rng, statuses)
  const verification = picker(rng, verifications)
  const end = (options.now ?? new Date()).getTime()
  const start = end - (options.days ?? 14) * 86_400_000
  const step = (end - start) / count

  const row = (index: number): unknown[] => {
    const first = pick(firstNames)
    const last = pick(lastNames)
    const state = status()
    const created = new Date(start + step * index)
    const createdAt = created.toISOString()
    const confirmed = state === 'unconfirmed' ? null : new Date(created.getTime() + 240_000).toISOString()
    const decided =
      state === 'approved' || state === 'rejected'
        ? new Date(created.getTime() + 3_600_000).toISOString()
        : null
    const check = state === 'unconfirmed' ? null : verification()
    return [
      letter.id,
      letter.versionId,
      `${first} ${last}`,
      `${first}.${last}.${index}@${pick(domains)}`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
      profession(),
      pick(organizations),
      pick(locations),
      rng() < 0.3 ? String(100_000 + Math.floor(rng() * 250_000)) : null,
      rng() < 0.05 ? 'I have seen what mandatory minimums do to families in my county.' : null,
      rng() < 0.9 ? 'listed' : 'counted',
      state,
      1,
      createdAt,
      createdAt,
      confirmed,
      decided ?? confirmed ?? createdAt,
      decided,
      state === 'rejected' ? 'not-eligible' : null,
      check?.level ?? 'none',
      check?.method ?? null,
      check?.verifiedBy ?? null,
      confirmed,
    ]
  }

  const began = performance.now()
  const many = insertStatement(sqlite, ROWS_PER_STATEMENT)
  const one = insertStatement(sqlite, 1)
  const insertBatch = sqlite.transaction((from: number, to: number) => {
    let index = from
    for (; index + ROWS_PER_STATEMENT <= to; index += ROWS_PER_STATEMENT) {
      const values: unknown[] = []
      for (let i = 0; i < ROWS_PER_STATEMENT; i++) values.push(...row(index + i))
      many.run(values)
    }
    for (; index < to; index++) one.run(row(index))
  })
  for (let from = 0; from < count; from += ROWS_PER_TRANSACTION) {
    insertBatch(from, Math.min(count, from + ROWS_PER_TRANSACTION))
  }
  return performance.now() - began
}

/**
 * A fresh database at `path`, migrated, with the benchmark letter (the demo letter's text,
 * moderated) holding `count` signatures and a second letter holding 1,000.
 */
export async function seedBenchDatabase(path: string, count: number): Promise<SeedResult> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
  const db = openDatabase(path)
  await migrateToLatest(db)
  const created = await db.transaction().execute(async (trx) => {
    const common = {
      title: demoLetter.title,
      recipient: demoLetter.recipient,
      organizersLine: demoLetter.organizersLine,
      bodyMarkdown: demoLetter.bodyMarkdown,
      status: 'open' as const,
      moderationRequired: true,
    }
    const bench = await createLetter(trx, { ...common, slug: BENCH_SLUG })
    const other = await createLetter(trx, { ...common, slug: OTHER_SLUG, title: 'Another letter' })
    return { bench, other }
  })
  await db.destroy()

  const sqlite = new SQLite(path)
  // The signatory log's triggers call these, as on the application's own connections.
  registerSignatoryChainFunctions(sqlite)
  // Seeding is not a signature anyone was promised, and the file is thrown away on failure: no
  // journal and no waiting for the disk while it fills (each page is written once, not to the WAL
  // and again at the checkpoint). The app's own settings come back before the file is used.
  sqlite.pragma('journal_mode = OFF')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('cache_size = -262144')
  const letter = { id: created.bench.id, slug: BENCH_SLUG, versionId: created.bench.version.id }
  const other = { id: created.other.id, slug: OTHER_SLUG, versionId: created.other.version.id }
  seedSignatures(sqlite, other, 1_000, { seed: 7 })
  const ms = seedSignatures(sqlite, letter, count)
  // No ANALYZE: a production database never runs one, so the planner works without statistics here too.
  sqlite.pragma('journal_mode = WAL')

  const ids = sqlite
    .prepare(`select min(id) as firstId, max(id) as lastId from signatures where letter_id = ?`)
    .get(letter.id) as { firstId: number; lastId: number }
  const awaiting = sqlite
    .prepare(
      `select coalesce(sum(count), 0) as n from signature_tallies where letter_id = ? and status = 'confirmed'`,
    )
    .get(letter.id) as { n: number }
  sqlite.close()
  return {
    letter,
    signatures: count,
    ms,
    rowsPerSecond: Math.round((count / ms) * 1000),
    firstId: ids.firstId,
    lastId: ids.lastId,
    awaitingReview: awaiting.n,
  }
}
