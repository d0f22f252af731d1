import { describe, expect, test } from 'vitest'
import { getLetterById } from '~/models/letter.server'
import { issueManageToken } from '~/models/signature-manage-token.server'
import { eraseSignerData } from '~/models/signer-data.server'
import { recordVerification } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { entryHash, verifyChain, type ChainEntry } from '~/utils/signatory-chain'
import { createTestUser } from '../../tests/auth-helpers'
import { insertSignatures } from '../../tests/bulk-signatures'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { requireLetterAccess } from './letter-access.server'
import { moderationFor } from './moderation.server'
import { changeListingBySigner, withdrawBySigner } from './self-service.server'
import { readLetterChain, verifyLetterChain } from './signatory-chain.server'

const appUrl = 'http://localhost:3000'

async function moderatedLetter() {
  const db = getDb()
  const letter = await createTestLetter(db, { moderationRequired: true })
  const moderator = await createTestUser(db, { letterId: letter.id, memberRole: 'moderator' })
  const moderation = moderationFor(db, await requireLetterAccess(db, moderator, letter.id, 'moderate'))
  return { db, letter, moderation }
}

async function currentLetter(id: number) {
  return (await getLetterById(getDb(), id))!
}

/** A chain of three honest entries, for the tampering cases. */
async function honestChain() {
  const { db, letter } = await moderatedLetter()
  await insertSignatures(db, letter, 3)
  const chain = await readLetterChain(db, letter)
  expect(verifyChain(chain).ok).toBe(true)
  return chain
}

/** Re-seals an entry after editing it, as a forger who knows the format would. */
function resealed(entries: ChainEntry[]): ChainEntry[] {
  let prevHash = '0'.repeat(64)
  return entries.map((entry, index) => {
    const sealed = { ...entry, seq: index + 1, prevHash }
    sealed.hash = entryHash(sealed)
    prevHash = sealed.hash
    return sealed
  })
}

describe('an honest chain', () => {
  test('follows approve, listing change, withdraw and re-approve, one entry each', async () => {
    const { db, letter, moderation } = await moderatedLetter()
    const signature = await createTestSignature(db, letter, { status: 'confirmed' })
    const token = await issueManageToken(db, signature.id)

    await moderation.decide([signature.id], { kind: 'approve' }, appUrl)
    expect(await changeListingBySigner(db, token, 'counted')).toMatchObject({ kind: 'changed' })
    expect(await changeListingBySigner(db, token, 'listed')).toMatchObject({ kind: 'changed' })
    await moderation.decide([signature.id], { kind: 'reject', reason: 'other', note: null }, appUrl)
    await moderation.decide([signature.id], { kind: 'approve' }, appUrl)
    expect(await withdrawBySigner(db, token)).toMatchObject({ kind: 'withdrawn' })

    const chain = await readLetterChain(db, letter)
    expect(chain.entries.map((entry) => [entry.kind, entry.cause])).toEqual([
      ['add', 'approve'],
      ['remove', 'listing'],
      ['add', 'listing'],
      ['remove', 'reject'],
      ['add', 'approve'],
      ['remove', 'withdraw'],
    ])
    expect(chain.head).toEqual({ length: 6, hash: chain.entries[5]!.hash })
    // Gone from the list: the log keeps the record's hash, not the name.
    expect(chain.entries.every((entry) => entry.record === null)).toBe(true)
    expect(await verifyLetterChain(db, letter)).toMatchObject({ ok: true, replayedIds: [] })
  })

  test('serves the record of a listed signatory and never an email or address', async () => {
    const { db, letter, moderation } = await moderatedLetter()
    const signature = await createTestSignature(db, letter, { status: 'confirmed', clientIp: '203.0.113.9' })
    await moderation.decide([signature.id], { kind: 'approve' }, appUrl)
    const { entries } = await readLetterChain(db, letter)
    expect(entries[0]!.record).toEqual({
      id: signature.id,
      name: signature.name,
      profession: signature.profession,
      organization: signature.organization,
      location: signature.location,
      versionSigned: 1,
      level: 'email',
      method: expect.any(String),
      checkedOn: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      verifier: null,
    })
    const text = JSON.stringify(entries)
    expect(text).not.toContain(signature.email)
    expect(text).not.toContain('203.0.113')
  })

  test('records a verification change of a listed signatory as an update', async () => {
    const { db, letter, moderation } = await moderatedLetter()
    const signature = await createTestSignature(db, letter, { status: 'confirmed' })
    await moderation.decide([signature.id], { kind: 'approve' }, appUrl)
    expect(await moderation.verify(signature.id, 'https://bar.example/123')).toBe(true)
    const chain = await readLetterChain(db, letter)
    expect(chain.entries.map((entry) => [entry.kind, entry.cause])).toEqual([
      ['add', 'approve'],
      ['update', 'verification'],
    ])
    expect(chain.entries[1]!.record).toMatchObject({ level: 'moderator', method: 'moderator-check' })
    expect(verifyChain(chain).ok).toBe(true)
  })

  test('a bulk approval of 1,000 appends 1,000 adds in one decision', async () => {
    const { db, letter, moderation } = await moderatedLetter()
    await insertSignatures(db, letter, 1000, () => ({ status: 'confirmed' }))
    const ids = (
      await db.selectFrom('signatures').select('id').where('letter_id', '=', letter.id).execute()
    ).map((row) => row.id)
    expect(await moderation.decide(ids, { kind: 'approve' }, appUrl)).toMatchObject({ decided: 1000 })
    const chain = await readLetterChain(db, letter)
    expect(chain.head.length).toBe(1000)
    expect(new Set(chain.entries.map((entry) => entry.signatureId)).size).toBe(1000)
    expect(verifyChain(chain)).toMatchObject({ ok: true, problems: [] })
    expect(verifyChain(chain).replayedIds).toHaveLength(1000)
  })

  test('a policy change removes and restores email-only signatories, and a later verification adds one', async () => {
    const { db, letter } = await moderatedLetter()
    await insertSignatures(db, letter, 4)
    const verified = await createTestSignature(db, letter, { status: 'approved', verifiedAs: 'registry' })
    const emailOnly = await createTestSignature(db, letter, { status: 'approved' })
    await db
      .updateTable('signatures')
      .set({ verification_level: 'email' })
      .where('id', '=', emailOnly.id)
      .execute()
    const before = await readLetterChain(db, letter)

    await db
      .updateTable('letters')
      .set({ listing_requires: 'profession' })
      .where('id', '=', letter.id)
      .execute()
    let chain = await readLetterChain(db, await currentLetter(letter.id))
    const policyEntries = chain.entries.slice(before.head.length)
    expect(policyEntries.map((entry) => [entry.kind, entry.cause])).toEqual(
      Array(5).fill(['remove', 'policy']),
    )
    expect(verifyChain(chain)).toMatchObject({ ok: true, replayedIds: [verified.id] })

    // Under the stricter policy a verification is what brings someone onto the list.
    await recordVerification(db, emailOnly.id, {
      level: 'domain',
      method: 'employer-domain',
      evidence: 'x',
      verifiedBy: 'domain list',
    })
    chain = await readLetterChain(db, await currentLetter(letter.id))
    expect(chain.entries.at(-1)).toMatchObject({
      kind: 'add',
      cause: 'verification',
      signatureId: emailOnly.id,
    })
    expect(verifyChain(chain).ok).toBe(true)

    await db.updateTable('letters').set({ listing_requires: 'email' }).where('id', '=', letter.id).execute()
    chain = await readLetterChain(db, await currentLetter(letter.id))
    expect(verifyChain(chain)).toMatchObject({ ok: true })
    expect(verifyChain(chain).replayedIds).toHaveLength(6)
  })

  test('erasing a signer’s address leaves the chain as it was', async () => {
    const { db, letter } = await moderatedLetter()
    await insertSignatures(db, letter, 3)
    const before = await readLetterChain(db, letter)
    const ids = before.entries.map((entry) => entry.signatureId)
    expect(await eraseSignerData(db, letter.id, ids)).toMatchObject({ erasedIds: ids })
    const after = await readLetterChain(db, letter)
    expect(after.head).toEqual(before.head)
    expect(verifyChain(after).ok).toBe(true)
  })

  test('an approval written straight to the row, as confirmation does without moderation, is logged', async () => {
    const db = getDb()
    const letter = await createTestLetter(db, { moderationRequired: false })
    const signature = await createTestSignature(db, letter)
    await db
      .updateTable('signatures')
      .set({ status: 'approved', verification_level: 'email' })
      .where('id', '=', signature.id)
      .execute()
    const chain = await readLetterChain(db, letter)
    expect(chain.entries.map((entry) => [entry.kind, entry.cause, entry.signatureId])).toEqual([
      ['add', 'approve', signature.id],
    ])
  })

  test('entries cannot be edited in the database', async () => {
    await honestChain()
    await expect(getDb().updateTable('signatory_chain').set({ cause: 'forged' }).execute()).rejects.toThrow(
      'append-only',
    )
  })
})

describe('a tampered chain fails verification', () => {
  test('an edited entry', async () => {
    const chain = await honestChain()
    const entries = chain.entries.map((entry) => ({ ...entry }))
    entries[1]!.signatureId = 999_999
    const result = verifyChain({ ...chain, entries })
    expect(result.ok).toBe(false)
    expect(result.problems).toContainEqual({ seq: 2, problem: 'its hash does not match its contents' })
  })

  test('an edited record, even with the hashes recomputed', async () => {
    const chain = await honestChain()
    const entries = chain.entries.map((entry) => ({ ...entry, record: entry.record && { ...entry.record } }))
    entries[0]!.record!.name = 'Someone Else'
    expect(verifyChain({ ...chain, entries }).problems).toContainEqual({
      seq: 1,
      problem: 'its record does not match its record hash',
    })
  })

  test('reordered entries', async () => {
    const chain = await honestChain()
    const entries = [chain.entries[1]!, chain.entries[0]!, chain.entries[2]!]
    const problems = verifyChain({ ...chain, entries }).problems.map((problem) => problem.problem)
    expect(problems).toContain('does not link to the entry before it')
    expect(problems).toContain('sequence number 2 where 1 was due')
  })

  test('a deleted entry, even with the rest re-sealed and a new head', async () => {
    const chain = await honestChain()
    const entries = resealed([chain.entries[0]!, chain.entries[2]!])
    const forgedHead = { length: 2, hash: entries[1]!.hash }
    const result = verifyChain({ ...chain, entries, head: forgedHead })
    expect(result.ok).toBe(false)
    expect(result.problems).toContainEqual({
      seq: null,
      problem: `signature ${chain.entries[1]!.signatureId} is on the public list but not in the chain`,
    })
  })

  test('a deleted entry in the middle, as served', async () => {
    const chain = await honestChain()
    const entries = [chain.entries[0]!, chain.entries[2]!]
    expect(verifyChain({ ...chain, entries }).problems.map((problem) => problem.problem)).toContain(
      'does not link to the entry before it',
    )
  })

  test('a truncated chain', async () => {
    const chain = await honestChain()
    const result = verifyChain({ ...chain, entries: chain.entries.slice(0, 2) })
    expect(result.ok).toBe(false)
    expect(result.problems[0]!.problem).toMatch(
      /^the published head \(3, .+\) is not where the entries lead \(2, /,
    )
  })

  test('a forged head', async () => {
    const chain = await honestChain()
    const result = verifyChain({ ...chain, head: { length: 3, hash: 'f'.repeat(64) } })
    expect(result.ok).toBe(false)
    expect(result.problems).toHaveLength(1)
  })

  test('a public list that differs from the replay', async () => {
    const chain = await honestChain()
    const extra = { ...chain.publicList[0]!, id: 424_242 }
    const renamed = { ...chain.publicList[1]!, name: 'Renamed' }
    const result = verifyChain({ ...chain, publicList: [chain.publicList[0]!, renamed, extra] })
    expect(result.problems.map((problem) => problem.problem)).toEqual([
      `signature ${renamed.id} on the public list differs from its chain record`,
      'signature 424242 is on the public list but not in the chain',
      `signature ${chain.publicList[2]!.id} is in the chain but not on the public list`,
    ])
  })

  test('a signature quietly edited in the database', async () => {
    const { db, letter } = await moderatedLetter()
    await insertSignatures(db, letter, 2)
    // Even a raw write goes through the trigger: the chain records it as an edit.
    await db.updateTable('signatures').set({ name: 'Changed' }).where('letter_id', '=', letter.id).execute()
    const chain = await readLetterChain(db, letter)
    expect(chain.entries.map((entry) => entry.cause)).toEqual(['approve', 'approve', 'edit', 'edit'])
    expect(verifyChain(chain).ok).toBe(true)
  })
})
