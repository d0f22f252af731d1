import { sql } from 'kysely'
import { expect, test } from 'vitest'
import { openDatabase } from './database'
import { createMigrator, migrateToLatest } from './migrate'

test('the privacy migration takes recipients out of "email retried" events and keeps the log append-only', async () => {
  const db = openDatabase(':memory:')
  const { error } = await createMigrator(db).migrateTo('2026-11-21T2200_abuse_resistance')
  expect(error).toBeUndefined()
  const at = '2026-11-20T10:00:00.000Z'
  const event = (action: string, before: unknown, after: unknown) => ({
    actor_type: 'user',
    actor_label: 'Dana Ruiz <dana@example.org>',
    action,
    before: JSON.stringify(before),
    after: JSON.stringify(after),
    created_at: at,
  })
  await db
    .insertInto('audit_events' as never)
    .values([
      event(
        'email.retried',
        {
          email: '#7 to signer@example.net',
          status: 'failed',
          lastError: '422 invalid: signer@example.net bounced',
        },
        { email: '#7 to signer@example.net', status: 'pending' },
      ),
      // Other events are left exactly as written.
      event('member.invited', null, { email: 'new.member@example.org' }),
    ] as never)
    .execute()

  await migrateToLatest(db)
  const rows = await sql<{
    action: string
    before: string
    after: string
    actor_label: string
  }>`select action, before, after, actor_label from audit_events order by id`.execute(db)
  expect(
    rows.rows.map((row) => ({ ...row, before: JSON.parse(row.before), after: JSON.parse(row.after) })),
  ).toEqual([
    {
      action: 'email.retried',
      actor_label: 'Dana Ruiz <dana@example.org>',
      before: { email: '#7', status: 'failed', lastError: '422 invalid: [address] bounced' },
      after: { email: '#7', status: 'pending' },
    },
    {
      action: 'member.invited',
      actor_label: 'Dana Ruiz <dana@example.org>',
      before: null,
      after: { email: 'new.member@example.org' },
    },
  ])
  await expect(sql`update audit_events set action = 'nothing happened'`.execute(db)).rejects.toThrow(
    'append-only',
  )
  await db.destroy()
})
