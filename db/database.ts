import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type Compilable,
  type DatabaseConnection,
  type KyselyConfig,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely'
import { entryHash, recordHash, type ChainEntryKind } from '~/utils/signatory-chain'
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

/**
 * Kysely prepares every query anew, so SQLite would parse and plan the same few dozen statements
 * on every request. Prepared statements are kept by their SQL text instead (Kysely compiles a
 * query to the same text every time, values bound apart). A statement still being iterated (a
 * streamed query) is busy: the next caller gets a fresh one rather than sharing it.
 */
export function withStatementCache(sqlite: SQLite.Database, capacity = 500): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql): SqliteStatement {
      const kept = statements.get(sql)
      if (kept && !kept.busy) return kept as unknown as SqliteStatement
      const statement = sqlite.prepare(sql)
      if (!kept) {
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!)
        statements.set(sql, statement)
      }
      return statement as unknown as SqliteStatement
    },
  }
}

class ImmediateTransactionDialect extends SqliteDialect {
  constructor(private readonly sqlite: SqliteDatabase) {
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
export function openDatabase(path: string, options: { log?: KyselyConfig['log'] } = {}): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SQLite(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  registerSignatoryChainFunctions(sqlite)
  const db = new Kysely<Database>({
    dialect: new ImmediateTransactionDialect(withStatementCache(sqlite)),
    log: options.log,
  })
  connections.set(db, sqlite)
  return db
}

const connections = new WeakMap<DB, SQLite.Database>()

/**
 * A query's rows as arrays, in the order of its select list. A bulk export reads hundreds of
 * thousands of rows, and building an object for each costs more than the query itself (ADR 014).
 * The query is still built with Kysely and runs on the handle's one connection, after whatever
 * transaction holds it, like every other query.
 */
export async function selectRowsAsArrays(db: DB, query: Compilable): Promise<unknown[][]> {
  const sqlite = connections.get(db)
  if (!sqlite) throw new Error('selectRowsAsArrays takes a handle from openDatabase, not a transaction')
  const { sql, parameters } = query.compile()
  return db.connection().execute(async () => arrayStatement(sqlite, sql).all(...parameters) as unknown[][])
}

const arrayStatements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>()

/** Kept apart from Kysely's statements: `raw` mode would change what those return. */
function arrayStatement(sqlite: SQLite.Database, sql: string): SQLite.Statement {
  let statements = arrayStatements.get(sqlite)
  if (!statements) arrayStatements.set(sqlite, (statements = new Map()))
  let statement = statements.get(sql)
  if (!statement) {
    if (statements.size >= 50) statements.delete(statements.keys().next().value!)
    statement = sqlite.prepare(sql).raw(true)
    statements.set(sql, statement)
  }
  return statement
}

/**
 * The hashes the signatory chain triggers call (ADR 018), computed by the same code the verifier
 * uses. A connection opened without them fails any write that would change a public list.
 */
export function registerSignatoryChainFunctions(sqlite: SQLite.Database): void {
  sqlite.function(
    'signatory_record_hash',
    { deterministic: true },
    (id, name, profession, organization, location, versionSigned, level, method, checkedOn, verifier) =>
      recordHash({
        id: Number(id),
        name: String(name),
        profession: String(profession),
        organization: String(organization),
        location: String(location),
        versionSigned: Number(versionSigned),
        level: String(level),
        method: method === null ? null : String(method),
        checkedOn: checkedOn === null ? null : String(checkedOn),
        verifier: verifier === null ? null : String(verifier),
      }),
  )
  sqlite.function(
    'signatory_chain_hash',
    { deterministic: true },
    (seq, prevHash, at, kind, cause, signatureId, entryRecordHash) =>
      entryHash({
        seq: Number(seq),
        prevHash: String(prevHash),
        at: String(at),
        kind: String(kind) as ChainEntryKind,
        cause: String(cause),
        signatureId: Number(signatureId),
        recordHash: entryRecordHash === null ? null : String(entryRecordHash),
      }),
  )
}
