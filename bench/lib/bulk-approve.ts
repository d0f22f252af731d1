import { performance } from 'node:perf_hooks'
import type { DB } from '#db/database'
import { upsertMembership } from '~/models/letter-member.server'
import { findOrCreateUser } from '~/models/user.server'
import { requireLetterAccess } from '~/services/letter-access.server'
import { moderationFor } from '~/services/moderation.server'

/**
 * A moderator approves the oldest `count` signatures awaiting review in one decision, as the
 * queue's "approve all N matching" does: the ids are listed by filter (bounded by the last one
 * shown), then approved with their emails, manage tokens and audit events. Returns the time taken.
 */
export async function timeBulkApprove(db: DB, letterId: number, count: number) {
  const { user } = await findOrCreateUser(db, {
    email: `bench-moderator-${Date.now()}@example.org`,
    role: 'member',
  })
  await upsertMembership(db, { letterId, userId: user.id, role: 'moderator', invitedByUserId: null })
  const moderation = moderationFor(db, await requireLetterAccess(db, user, letterId, 'moderate'))
  const last = await db
    .selectFrom('signatures')
    .select('id')
    .where('letter_id', '=', letterId)
    .where('status', '=', 'confirmed')
    .orderBy('id')
    .offset(count - 1)
    .limit(1)
    .executeTakeFirst()
  if (!last) throw new Error(`Fewer than ${count} signatures await review`)

  const started = performance.now()
  const ids = await moderation.listMatchingIds({ status: 'confirmed', maxId: last.id })
  const outcome = await moderation.decide(ids, { kind: 'approve' }, 'http://localhost:3000')
  const ms = performance.now() - started
  if (outcome.decided !== count) throw new Error(`Expected ${count} approved, got ${outcome.decided}`)
  return ms
}
