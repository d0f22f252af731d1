import { openDatabase, type DB } from '#db/database'
import { getEnv } from './env.server'

declare global {
  // Survives module re-evaluation in development so one process keeps one connection.
  var __undersignedDb: DB | undefined
}

export function getDb(): DB {
  globalThis.__undersignedDb ??= openDatabase(getEnv().DATABASE_PATH)
  return globalThis.__undersignedDb
}
