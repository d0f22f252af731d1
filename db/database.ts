import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely'
import type { Database } from './schema'

export type DB = Kysely<Database>

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE). A deferred transaction that
 * reads and then writes fails at once with "database is locked" if another process wrote in
 * between; an immediate one waits its turn under busy_timeout instead.
 */
class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

class ImmediateTransactionDialect extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite })
  }
  override createDriver() {
    return new ImmediateTransactionDriver({ database: this.sqlite })
  }
}

/**
 * Opens the embedded SQLite database with the settings every process must share:
 * WAL so readers never wait for the writer, synchronous=FULL so an acknowledged
 * signature survives a power loss, and foreign keys on (SQLite leaves them off).
 */
export function openDatabase(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SQLite(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  return new Kysely<Database>({ dialect: new ImmediateTransactionDialect(sqlite) })
}
