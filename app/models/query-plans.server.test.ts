import SQLite from 'better-sqlite3'
import { registerSignatoryChainFunctions } from '#db/database'
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import type { DB } from '#db/database'
import type { Database } from '#db/schema'
import { getLetterBySlug, listOpenLetters } from '~/models/letter.server'
import {
  listMatchingIds,
  listQueue,
  listQueueProfessions,
  QUEUE_STATUSES,
} from '~/models/moderation-queue.server'
import { listDueEmails, listOutboxEmailsTo } from '~/models/outbox.server'
import { checkSignInToken, issueSignInToken } from '~/models/sign-in-token.server'
import { getLetterCounts, getPublicCounts } from '~/models/signature-count.server'
import { findSignatureByManageToken } from '~/models/signature-manage-token.server'
import { findLiveTokenByCode, findTokenByPlainToken } from '~/models/signature-token.server'
import { findSignatureByEmail, getSignatureById, listPublicSignatories } from '~/models/signature.server'
import { createSession, getSessionUser } from '~/models/session.server'
import { confirmSignatureByCode, confirmSignatureByToken, signLetter } from '~/services/signing.server'
import { requireLetterAccess } from '~/services/letter-access.server'
import { moderationFor } from '~/services/moderation.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, uniqueEmail, validSignatureForm } from '../../tests/factories'

// Every query on a hot path must be served by an index: one full pass over a million signatures
// (SCAN) or a sort of them in a temporary B-tree costs hundreds of milliseconds, and better-sqlite3
// runs on the server's only thread. The planner decides without statistics (nothing runs ANALYZE),
// so the plan chosen for this small database is the plan a large one gets.

const sqlite = new SQLite(process.env.DATABASE_PATH!)
sqlite.pragma('foreign_keys = ON')
// The signatory log's triggers call these, as on the application's own connections.
registerSignatoryChainFunctions(sqlite)
let captured: CompiledQuery[] = []
/** The application's database, on a connection that remembers each query it runs. */
const recorded: DB = new Kysely<Database>({
  dialect: new SqliteDialect({ database: sqlite }),
  log: (event) => {
    if (event.level === 'query') captured.push(event.query)
  },
})
afterAll(() => recorded.destroy())

type PlanRow = { id: number; parent: number; detail: string }

/** What makes a plan slow at scale: a full pass over a table, or rows sorted outside an index. */
function problemsIn(plan: string[]): string[] {
  return plan.filter((detail) => /^SCAN (?!CONSTANT ROW)/.test(detail) || /USE TEMP B-TREE/.test(detail))
}

/** Tables with a foreign key to `table`. */
function childTablesOf(table: string): string[] {
  const tables = sqlite
    .prepare(`select name from sqlite_master where type = 'table'`)
    .pluck()
    .all() as string[]
  return tables.filter((child) =>
    (sqlite.pragma(`foreign_key_list(${JSON.stringify(child)})`) as { table: string }[]).some(
      (key) => key.table === table,
    ),
  )
}

/**
 * The plan as it runs. An INSERT lists a scan of each child table of its foreign keys, which
 * SQLite only runs while a deferred violation is outstanding (never here): those are left out.
 */
function livePlan(sql: string, plan: string[]): string[] {
  const inserted = /^insert into "?(\w+)"?/i.exec(sql)?.[1]
  if (!inserted) return plan
  const children = childTablesOf(inserted)
  return plan.filter((detail) => !children.some((child) => detail === `SCAN ${child}`))
}

/** Runs `work` against the recording connection and returns every query it ran, with its plan. */
async function plansOf(work: (db: DB) => Promise<unknown>) {
  captured = []
  await work(recorded)
  const queries = captured.filter((query) => !/^(begin|commit|rollback|savepoint|release)/i.test(query.sql))
  expect(queries.length).toBeGreaterThan(0)
  return queries.map((query) => {
    const plan = sqlite
      .prepare(`explain query plan ${query.sql}`)
      .all(...(query.parameters as unknown[])) as PlanRow[]
    return {
      sql: query.sql,
      plan: livePlan(
        query.sql,
        plan.map((row) => row.detail),
      ),
    }
  })
}

/** Sorts of rows one page already holds, bounded by its size whatever the letter's: allowed. */
const BOUNDED_SORTS = [
  // The open flags of the (at most 50) signatures a queue page shows.
  /^select \* from "signature_flags" where "signature_id" in \(/,
]

async function expectIndexed(work: (db: DB) => Promise<unknown>) {
  for (const query of await plansOf(work)) {
    const bounded = BOUNDED_SORTS.some((pattern) => pattern.test(query.sql))
    const plan = bounded ? query.plan.filter((detail) => !/^USE TEMP B-TREE/.test(detail)) : query.plan
    expect(problemsIn(plan), `${query.sql}\nplan:\n  ${query.plan.join('\n  ')}`).toEqual([])
  }
}

async function letterWithSignatures(policy?: { listingRequires: 'email' | 'profession' }) {
  const db = getDb()
  const letter = await createTestLetter(db, policy ? { policy } : {})
  for (const status of [
    'approved',
    'approved',
    'confirmed',
    'unconfirmed',
    'rejected',
    'withdrawn',
  ] as const) {
    await createTestSignature(db, letter, {
      status,
      verifiedAs: status === 'approved' ? 'domain' : undefined,
    })
  }
  return letter
}

describe('the planner serves every hot query from an index', () => {
  test.each(['email', 'profession'] as const)(
    'the public list (listing requires %s): page 1, a deep page, backwards, by profession, searched',
    async (listingRequires) => {
      const letter = await letterWithSignatures({ listingRequires })
      const deep = 1_000_000
      await expectIndexed((db) => listPublicSignatories(db, letter, { pageSize: 100 }))
      await expectIndexed((db) => listPublicSignatories(db, letter, { after: deep, pageSize: 100 }))
      await expectIndexed((db) => listPublicSignatories(db, letter, { before: deep, pageSize: 100 }))
      await expectIndexed((db) =>
        listPublicSignatories(db, letter, { profession: 'attorney', pageSize: 100 }),
      )
      await expectIndexed((db) =>
        listPublicSignatories(db, letter, { profession: 'attorney', after: deep, pageSize: 100 }),
      )
      await expectIndexed((db) => listPublicSignatories(db, letter, { search: 'okafor', pageSize: 100 }))
    },
  )

  test('counts: the letter page, the count endpoint, organizers, and the home list', async () => {
    const letter = await letterWithSignatures()
    await expectIndexed((db) => getLetterBySlug(db, letter.slug))
    await expectIndexed((db) => getPublicCounts(db, letter))
    await expectIndexed((db) => getLetterCounts(db, letter.id))
    await expectIndexed((db) => listOpenLetters(db))
  })

  test('the moderation queue, every tab, filtered, and its professions', async () => {
    const letter = await letterWithSignatures()
    for (const status of QUEUE_STATUSES) {
      await expectIndexed((db) => listQueue(db, letter.id, { status }, { pageSize: 50 }))
      await expectIndexed((db) => listQueue(db, letter.id, { status }, { after: 10, pageSize: 50 }))
      await expectIndexed((db) => listQueueProfessions(db, letter.id, status))
    }
    await expectIndexed((db) =>
      listQueue(
        db,
        letter.id,
        { status: 'confirmed', profession: 'Attorney', domain: 'example.org' },
        { pageSize: 50 },
      ),
    )
    await expectIndexed((db) => listMatchingIds(db, letter.id, { status: 'confirmed', maxId: 1_000 }))
  })

  test('signing, from the form to the confirmation by link or by code', async () => {
    const letter = (await getLetterBySlug(getDb(), (await createTestLetter(getDb())).slug))!
    const context = { appUrl: 'http://localhost:3000', confirmationTtlHours: 48 }
    const signers = [uniqueEmail(), uniqueEmail()]
    const input = (email: string) => ({
      ...validSignatureForm({ email }),
      licenceNumber: null,
      comment: null,
      listing: 'listed' as const,
      wantsUpdates: false,
    })
    await expectIndexed((db) => findSignatureByEmail(db, letter.id, signers[0]!))
    for (const email of signers) await expectIndexed((db) => signLetter(db, letter, input(email), context))
    // Signing again with the same address: a reminder instead of a second signature.
    await expectIndexed((db) => signLetter(db, letter, input(signers[0]!), context))

    const [byLink, byCode] = await Promise.all(
      signers.map(async (email) => {
        const signature = (await findSignatureByEmail(getDb(), letter.id, email))!
        const [first] = await listOutboxEmailsTo(getDb(), email)
        const secrets = JSON.parse(first!.secret_payload!) as { confirmUrl: string; code: string }
        return { signature, token: secrets.confirmUrl.split('/').pop()!, code: secrets.code }
      }),
    )
    await expectIndexed((db) => getSignatureById(db, byLink!.signature.id))
    await expectIndexed((db) => findTokenByPlainToken(db, byLink!.token))
    await expectIndexed((db) => findLiveTokenByCode(db, byCode!.signature.id, byCode!.code))
    await expectIndexed((db) => confirmSignatureByToken(db, byLink!.token, context))
    await expectIndexed((db) => confirmSignatureByCode(db, byCode!.signature.id, '000000', context))
    await expectIndexed((db) => confirmSignatureByCode(db, byCode!.signature.id, byCode!.code, context))
    // The letter needs no moderation: both went straight to the public list.
    expect((await getSignatureById(getDb(), byCode!.signature.id))!.status).toBe('approved')
    expect((await getSignatureById(getDb(), byLink!.signature.id))!.status).toBe('approved')
  })

  test("a signer's manage link, and moderators deciding", async () => {
    const letter = await letterWithSignatures()
    await expectIndexed((db) => findSignatureByManageToken(db, 'some-token'))
    const user = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const moderation = moderationFor(
      recorded,
      await requireLetterAccess(getDb(), user, letter.id, 'moderate'),
    )
    const ids = await listMatchingIds(getDb(), letter.id, { status: 'confirmed' })
    await expectIndexed(() => moderation.decide(ids, { kind: 'approve' }, 'http://localhost:3000'))
  })

  test('the outbox worker, sign-in links and sessions', async () => {
    const user = await createTestUser(getDb())
    await expectIndexed((db) => listDueEmails(db, new Date(), 20))
    const token = await issueSignInToken(getDb(), user.id)
    await expectIndexed((db) => checkSignInToken(db, token))
    const lifetime = { idleMinutes: 60, absoluteMinutes: 600 }
    const session = await createSession(getDb(), user.id, lifetime, null)
    await expectIndexed((db) => getSessionUser(db, session.id, lifetime))
  })
})

describe('the check itself', () => {
  test('catches a full scan and a sort outside an index', async () => {
    const plans = await plansOf((db) =>
      db.selectFrom('signatures').select('id').where('name', '=', 'x').orderBy('location').execute(),
    )
    expect(problemsIn(plans[0]!.plan)).toEqual(['SCAN signatures', 'USE TEMP B-TREE FOR ORDER BY'])
  })
})
