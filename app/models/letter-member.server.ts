import type { DB } from '#db/database'
import type { Letter, LetterMember, MemberRole, User } from '#db/schema'

export async function getMembership(db: DB, letterId: number, userId: number): Promise<LetterMember | null> {
  return (
    (await db
      .selectFrom('letter_members')
      .selectAll()
      .where('letter_id', '=', letterId)
      .where('user_id', '=', userId)
      .executeTakeFirst()) ?? null
  )
}

/** Adds the member, or changes their role if they already are one. */
export async function upsertMembership(
  db: DB,
  input: { letterId: number; userId: number; role: MemberRole; invitedByUserId: number | null },
  now = new Date(),
) {
  await db
    .insertInto('letter_members')
    .values({
      letter_id: input.letterId,
      user_id: input.userId,
      role: input.role,
      invited_by_user_id: input.invitedByUserId,
      created_at: now.toISOString(),
    })
    .onConflict((conflict) => conflict.columns(['letter_id', 'user_id']).doUpdateSet({ role: input.role }))
    .execute()
}

export async function removeMembership(db: DB, letterId: number, userId: number) {
  await db
    .deleteFrom('letter_members')
    .where('letter_id', '=', letterId)
    .where('user_id', '=', userId)
    .execute()
}

export type MemberWithUser = Pick<User, 'id' | 'email' | 'display_name' | 'last_sign_in_at'> & {
  role: MemberRole
  joined_at: string
}

export async function listMembers(db: DB, letterId: number): Promise<MemberWithUser[]> {
  return db
    .selectFrom('letter_members')
    .innerJoin('users', 'users.id', 'letter_members.user_id')
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.last_sign_in_at',
      'letter_members.role',
      'letter_members.created_at as joined_at',
    ])
    .where('letter_members.letter_id', '=', letterId)
    .orderBy('letter_members.created_at')
    .execute()
}

/** Letters this user may open in the admin pages: all of them for an owner. */
export async function listLettersForUser(
  db: DB,
  user: Pick<User, 'id' | 'role'>,
): Promise<
  Array<Pick<Letter, 'id' | 'slug' | 'title' | 'status' | 'updated_at'> & { member_role: MemberRole | null }>
> {
  let query = db
    .selectFrom('letters')
    .leftJoin('letter_members', (join) =>
      join.onRef('letter_members.letter_id', '=', 'letters.id').on('letter_members.user_id', '=', user.id),
    )
    .select([
      'letters.id',
      'letters.slug',
      'letters.title',
      'letters.status',
      'letters.updated_at',
      'letter_members.role as member_role',
    ])
  if (user.role !== 'owner') query = query.where('letter_members.user_id', '=', user.id)
  return query.orderBy('letters.updated_at', 'desc').execute()
}

export async function countOrganizers(db: DB, letterId: number): Promise<number> {
  const row = await db
    .selectFrom('letter_members')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('letter_id', '=', letterId)
    .where('role', '=', 'organizer')
    .executeTakeFirstOrThrow()
  return row.count
}
