import type { DB } from '#db/database'
import type { EmployerDomain } from '#db/schema'

export type NewEmployerDomain = {
  letterId: number
  domain: string
  includeSubdomains: boolean
  organization: string
  profession: string
  createdByUserId: number | null
}

/** A letter's employer domains, alphabetically. */
export async function listEmployerDomains(db: DB, letterId: number): Promise<EmployerDomain[]> {
  return db
    .selectFrom('employer_domains')
    .selectAll()
    .where('letter_id', '=', letterId)
    .orderBy('domain')
    .execute()
}

export async function findEmployerDomain(
  db: DB,
  letterId: number,
  domain: string,
): Promise<EmployerDomain | null> {
  return (
    (await db
      .selectFrom('employer_domains')
      .selectAll()
      .where('letter_id', '=', letterId)
      .where('domain', '=', domain)
      .executeTakeFirst()) ?? null
  )
}

/** Inserts a domain; null when the letter already lists it. Run inside a transaction. */
export async function insertEmployerDomain(
  db: DB,
  input: NewEmployerDomain,
  now = new Date(),
): Promise<EmployerDomain | null> {
  return (
    (await db
      .insertInto('employer_domains')
      .values({
        letter_id: input.letterId,
        domain: input.domain,
        include_subdomains: input.includeSubdomains ? 1 : 0,
        organization: input.organization,
        profession: input.profession,
        created_at: now.toISOString(),
        created_by_user_id: input.createdByUserId,
      })
      .onConflict((oc) => oc.columns(['letter_id', 'domain']).doNothing())
      .returningAll()
      .executeTakeFirst()) ?? null
  )
}

/** Deletes one of the letter's domains and returns it; null when it is not (or no longer) there. */
export async function deleteEmployerDomain(
  db: DB,
  letterId: number,
  domainId: number,
): Promise<EmployerDomain | null> {
  return (
    (await db
      .deleteFrom('employer_domains')
      .where('id', '=', domainId)
      .where('letter_id', '=', letterId)
      .returningAll()
      .executeTakeFirst()) ?? null
  )
}
