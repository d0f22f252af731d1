// npm run privacy:retention
// Erases the email and network addresses of every signature of letters whose retention window
// has passed (ADR 017), as the server's background loop does every ten minutes. Safe to repeat.
import { getEnv } from '../app/utils/env.server'
import { eraseExpiredSignerData } from '../app/services/retention.server'
import { openDatabase } from './database'
import { migrateToLatest } from './migrate'

const env = getEnv()
const db = openDatabase(env.DATABASE_PATH)
try {
  await migrateToLatest(db)
  const results = await eraseExpiredSignerData(db)
  for (const { slug, erased } of results) {
    console.log(`${slug}: erased the email and network addresses of ${erased} signature(s).`)
  }
  if (results.length === 0)
    console.log('Nothing to erase: no letter has passed its retention window since the last run.')
} finally {
  await db.destroy()
}
