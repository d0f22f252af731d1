// Measures a moderator approving 10,000 signatures at once: `npm run bench:bulk-approve`.
// The worst case: every signer is emailed, so each approval also writes a manage token,
// an outbox row and an audit event. Runs on a throwaway database under bench/.data/.
import { mkdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import { openDatabase } from '#db/database'
import { migrateToLatest } from '#db/migrate'
import { createLetter } from '~/models/letter.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { timeBulkApprove } from './lib/bulk-approve'

const SIGNATURES = Number(process.argv[2] ?? 10_000)
const RUNS = 3
const dataDir = new URL('./.data/', import.meta.url).pathname

async function oneRun(run: number) {
  const path = `${dataDir}bulk-approve-${run}.db`
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
  const db = openDatabase(path)
  await migrateToLatest(db)
  const letter = await db.transaction().execute((trx) =>
    createLetter(trx, {
      slug: 'bench',
      title: 'Benchmark letter',
      recipient: 'To: the benchmark',
      organizersLine: 'Organized by the benchmark',
      bodyMarkdown: 'Text.',
      status: 'open',
      moderationRequired: true,
    }),
  )
  const now = new Date().toISOString()
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < SIGNATURES; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, SIGNATURES - start) }, (_, offset) => ({
        letter_id: letter.id,
        letter_version_id: letter.version.id,
        name: `Signer ${start + offset}`,
        email: `signer-${start + offset}@example.org`,
        profession: 'Attorney',
        organization: 'Law Office',
        location: 'Oakland, CA',
        licence_number: null,
        comment: null,
        listing: (start + offset) % 10 === 0 ? ('counted' as const) : ('listed' as const),
        status: 'confirmed' as const,
        created_at: now,
        confirmed_at: now,
        status_changed_at: now,
      }))
      await trx.insertInto('signatures').values(rows).execute()
    }
  })
  const elapsed = await timeBulkApprove(db, letter.id, SIGNATURES)

  const counts = await getLetterCounts(db, letter.id)
  if (counts.approved !== SIGNATURES) {
    throw new Error(`Expected ${SIGNATURES} approved, the counts say ${counts.approved}`)
  }
  await db.destroy()
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
  return elapsed
}

mkdirSync(dataDir, { recursive: true })
const timings: number[] = []
for (let run = 1; run <= RUNS; run++) timings.push(await oneRun(run))
const sorted = [...timings].sort((a, b) => a - b)
console.log(
  `Bulk approve of ${SIGNATURES.toLocaleString('en-US')} signatures (emails, tokens and audit events included)`,
)
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, synchronous=FULL`,
)
console.log(
  `runs (ms): ${timings.map((ms) => ms.toFixed(0)).join(', ')}; median ${sorted[1]!.toFixed(0)} ms; target < 1000 ms`,
)
