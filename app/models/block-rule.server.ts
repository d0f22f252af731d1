import type { DB } from '#db/database'
import type { BlockRule, BlockRuleKind } from '#db/schema'

export type NewBlockRule = {
  letterId: number
  kind: BlockRuleKind
  value: string
  note: string | null
  createdByUserId: number | null
}

export async function listBlockRules(db: DB, letterId: number): Promise<BlockRule[]> {
  return db
    .selectFrom('block_rules')
    .selectAll()
    .where('letter_id', '=', letterId)
    .orderBy('kind')
    .orderBy('value')
    .execute()
}

/** Inserts a rule; null when the letter already has it. */
export async function insertBlockRule(
  db: DB,
  rule: NewBlockRule,
  now = new Date(),
): Promise<BlockRule | null> {
  return (
    (await db
      .insertInto('block_rules')
      .values({
        letter_id: rule.letterId,
        kind: rule.kind,
        value: rule.value,
        note: rule.note,
        created_by_user_id: rule.createdByUserId,
        created_at: now.toISOString(),
      })
      .onConflict((conflict) => conflict.columns(['letter_id', 'kind', 'value']).doNothing())
      .returningAll()
      .executeTakeFirst()) ?? null
  )
}

export async function deleteBlockRule(db: DB, letterId: number, ruleId: number): Promise<BlockRule | null> {
  return (
    (await db
      .deleteFrom('block_rules')
      .where('letter_id', '=', letterId)
      .where('id', '=', ruleId)
      .returningAll()
      .executeTakeFirst()) ?? null
  )
}
