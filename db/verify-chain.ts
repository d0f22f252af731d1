// npm run verify:chain -- --letter <slug> [--url https://host]
// Replays a letter's tamper-evident signatory log (ADR 018) and checks it against the public list
// and the published head. With --url it uses only the server's public answers (anyone can run it);
// without, it reads this installation's database (DATABASE_PATH). Exit code 0: intact; 1: tampered
// or unreadable; 2: bad arguments.
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { ChainVerification } from '../app/utils/signatory-chain'

const usage = 'Usage: npm run verify:chain -- --letter <slug> [--url https://host]'

function report(slug: string, where: string, result: ChainVerification) {
  const { length, hash } = result.computedHead
  if (result.ok) {
    console.log(
      `${slug} (${where}): intact. ${length} entries, head ${hash}; ${result.replayedIds.length} listed.`,
    )
    return 0
  }
  console.log(`${slug} (${where}): ${result.problems.length} problem(s) in ${length} entries:`)
  const shown = result.problems.slice(0, 20)
  if (result.problems.length > shown.length) console.log(`  (the first ${shown.length})`)
  for (const { seq, problem } of shown) console.log(`  ${seq === null ? 'list' : `#${seq}`}: ${problem}`)
  return 1
}

async function main(): Promise<number> {
  let values: { letter?: string; url?: string }
  try {
    values = parseArgs({ options: { letter: { type: 'string' }, url: { type: 'string' } } }).values
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`)
    return 2
  }
  const slug = values.letter
  if (!slug) {
    console.error(usage)
    return 2
  }
  if (values.url) {
    const { verifyRemoteChain } = await import('../app/services/signatory-chain.server')
    return report(slug, values.url, await verifyRemoteChain(values.url, slug))
  }
  const { getEnv } = await import('../app/utils/env.server')
  const { openDatabase } = await import('./database')
  const { getLetterBySlug } = await import('../app/models/letter.server')
  const { verifyLetterChain } = await import('../app/services/signatory-chain.server')
  const path = getEnv().DATABASE_PATH
  if (!existsSync(path)) {
    console.error(`No database at ${path}: set DATABASE_PATH, or pass --url.`)
    return 1
  }
  const db = openDatabase(path)
  try {
    const letter = await getLetterBySlug(db, slug)
    if (!letter) {
      console.error(`No letter "${slug}" in ${path}.`)
      return 1
    }
    return report(slug, path, await verifyLetterChain(db, letter))
  } finally {
    await db.destroy()
  }
}

try {
  process.exitCode = await main()
} catch (error) {
  console.error(`Could not verify: ${(error as Error).message}`)
  process.exitCode = 1
}
