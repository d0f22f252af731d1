// `npx tsx --tsconfig tsconfig.json bench/sign-path.ts [database] [count]`: what one signature
// costs inside the process, without HTTP: signLetter (the transaction: signature, tokens, outbox
// row) at synchronous=FULL, then at OFF (the same work without waiting for the disk: CPU only).
// Runs on a copy of the benchmark database (npm run bench seeds it).
import { copyFileSync, rmSync } from 'node:fs'
import { sql } from 'kysely'
import { openDatabase } from '#db/database'
import { getLetterBySlug } from '~/models/letter.server'
import { signLetter } from '~/services/signing.server'
import { BENCH_SLUG } from './lib/seed'

const source = process.argv[2] ?? new URL('./.data/seed-1000000.db', import.meta.url).pathname
const count = Number(process.argv[3] ?? 5000)
const path = new URL('./.data/sign-path.db', import.meta.url).pathname
for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
copyFileSync(source, path)

const db = openDatabase(path)
const letter = await getLetterBySlug(db, BENCH_SLUG)
if (!letter) throw new Error(`No ${BENCH_SLUG} in ${source}`)
const context = { appUrl: 'http://localhost:3000', confirmationTtlHours: 48 }
let signed = 0
const input = () => ({
  name: 'Bench Signer',
  email: `sign-path-${++signed}@example.org`,
  profession: 'Deputy public defender',
  organization: 'Alameda County Public Defender',
  location: 'Oakland, CA',
  licenceNumber: null,
  comment: null,
  listing: 'listed' as const,
  wantsUpdates: false,
})

async function perSignature(label: string) {
  for (let i = 0; i < 200; i++) await signLetter(db, letter!, input(), context)
  const started = performance.now()
  const cpu = process.cpuUsage()
  for (let i = 0; i < count; i++) await signLetter(db, letter!, input(), context)
  const used = process.cpuUsage(cpu)
  const ms = (performance.now() - started) / count
  // CPU time moves less than wall time when other processes share the cores.
  const cpuMs = (used.user + used.system) / 1000 / count
  console.log(
    `${label.padEnd(36)} ${ms.toFixed(3)} ms a signature (${Math.round(1000 / ms)}/s), CPU ${cpuMs.toFixed(3)} ms`,
  )
}

await perSignature('signLetter, synchronous=FULL')
await sql`pragma synchronous = OFF`.execute(db)
await perSignature('signLetter, synchronous=OFF (CPU)')
await db.destroy()
for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
