// npm run export:mirror -- --letter <slug> --out <folder>
// Writes the signed static mirror of a published letter (ADR 019) into a new or empty folder.
import { parseArgs } from 'node:util'
import { getEnv } from '../app/utils/env.server'
import { buildMirrorForSlug } from '../app/services/mirror.server'
import { readOrCreateMirrorKey } from '../app/utils/mirror-key.server'
import { writeMirrorDirectory } from '../app/utils/mirror-disk.server'
import { openDatabase } from './database'
import { migrateToLatest } from './migrate'

const usage = 'Usage: npm run export:mirror -- --letter <slug> --out <folder>'
let values: { letter?: string; out?: string }
try {
  ;({ values } = parseArgs({ options: { letter: { type: 'string' }, out: { type: 'string' } } }))
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`)
  process.exit(2)
}
if (!values.letter || !values.out) {
  console.error(usage)
  process.exit(2)
}

const env = getEnv()
const db = openDatabase(env.DATABASE_PATH)
try {
  await migrateToLatest(db)
  const key = readOrCreateMirrorKey(env.DATABASE_PATH)
  const files = await buildMirrorForSlug(db, values.letter, { appUrl: env.APP_URL, key })
  if (!files) {
    console.error(
      `No published letter "${values.letter}": a draft or an unknown slug has no public page to mirror.`,
    )
    process.exitCode = 1
  } else {
    writeMirrorDirectory(values.out, files)
    const bytes = [...files.values()].reduce((sum, file) => sum + file.length, 0)
    console.log(
      `Wrote ${files.size} files (${(bytes / 1024).toFixed(0)} KiB) to ${values.out}, signed with key ${key.keyId}.\n` +
        `Check it with: npm run verify:mirror -- ${values.out}`,
    )
  }
} catch (error) {
  console.error((error as Error).message)
  process.exitCode = 1
} finally {
  await db.destroy()
}
