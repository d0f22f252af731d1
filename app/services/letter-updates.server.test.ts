import { describe, expect, test } from 'vitest'
import { renderEmail } from '#emails/index'
import { listAuditEvents } from '~/models/audit.server'
import { listLetterUpdates } from '~/models/letter-update.server'
import { findSignatureByManageToken } from '~/models/signature-manage-token.server'
import { eraseSignerData } from '~/models/signer-data.server'
import { requireLetterAccess } from '~/services/letter-access.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { insertSignatures } from '../../tests/bulk-signatures'
import { createTestLetter, createTestSignature, uniqueEmail } from '../../tests/factories'
import { publishUpdate, removeUpdate, reviseUpdate } from './letter-updates.server'

const appUrl = 'https://undersigned.example'

async function organizerOf(letterId: number, memberRole: 'organizer' | 'moderator' = 'organizer') {
  const user = await createTestUser(getDb(), { letterId, memberRole })
  return requireLetterAccess(getDb(), user, letterId, memberRole === 'organizer' ? 'edit' : 'view')
}

const updateEmails = (letterId: number) =>
  getDb()
    .selectFrom('email_outbox')
    .selectAll()
    .where('template', '=', 'letter-update')
    .where('letter_id', '=', letterId)
    .orderBy('id')
    .execute()

describe('publishing an update', () => {
  test('emails only the opted-in, confirmed, standing and unerased signers of that letter, once each', async () => {
    const letter = await createTestLetter(getDb())
    const other = await createTestLetter(getDb())
    const sign = (traits: Parameters<typeof createTestSignature>[2]) =>
      createTestSignature(getDb(), letter, { email: uniqueEmail(), ...traits })

    const approved = await sign({ status: 'approved', wantsUpdates: true, name: 'Ada Approved' })
    const awaitingReview = await sign({ status: 'confirmed', wantsUpdates: true, name: 'Cy Confirmed' })
    await sign({ status: 'approved', wantsUpdates: false })
    await sign({ status: 'unconfirmed', wantsUpdates: true })
    await sign({ status: 'withdrawn', wantsUpdates: true })
    await sign({ status: 'rejected', wantsUpdates: true })
    await sign({ status: 'confirmed', wantsUpdates: true, quarantineReason: 'ip-burst-limit' })
    const erased = await sign({ status: 'approved', wantsUpdates: true })
    await eraseSignerData(getDb(), letter.id, [erased.id])
    await createTestSignature(getDb(), other, { status: 'approved', wantsUpdates: true })

    const access = await organizerOf(letter.id)
    const { update, emailed } = await publishUpdate(
      getDb(),
      access,
      { title: 'Delivered to the legislature today', bodyMarkdown: 'We handed it in **by hand**.' },
      appUrl,
    )

    expect(emailed).toBe(2)
    const emails = await updateEmails(letter.id)
    expect(emails.map((email) => email.to_address).sort()).toEqual(
      [approved.email, awaitingReview.email].sort(),
    )
    expect(new Set(emails.map((email) => email.signature_id)).size).toBe(2)
    for (const email of emails) {
      expect(email).toMatchObject({ letter_id: letter.id, priority: 1, status: 'pending' })
      expect(email.subject).toBe(`Delivered to the legislature today · “${letter.title}”`)
      const payload = JSON.parse(email.payload)
      expect(payload).toMatchObject({
        updateTitle: 'Delivered to the legislature today',
        updateUrl: `${appUrl}/letters/${letter.slug}#update-${update.id}`,
        updateHtml: '<p>We handed it in <strong>by hand</strong>.</p>\n',
      })
      // Each carries its own working "manage" link, and only in the secret part.
      const { manageUrl } = JSON.parse(email.secret_payload!) as { manageUrl: string }
      expect(payload.manageUrl).toBeUndefined()
      const owner = await findSignatureByManageToken(getDb(), manageUrl.split('/manage/')[1]!)
      expect(owner?.id).toBe(email.signature_id)
    }

    const { events } = await listAuditEvents(getDb(), letter.id, { pageSize: 10 })
    const published = events.find((event) => event.action === 'letter.update-published')
    expect(published).toMatchObject({ actor_user_id: access.user.id })
    expect(JSON.parse(published!.after!)).toMatchObject({ id: update.id, emailed: 2 })
  })

  test('a large letter is emailed in batches, every opted-in signer exactly once', async () => {
    const letter = await createTestLetter(getDb())
    // 2,500 of 5,000 signers asked: more than two of the outbox's 1,000-row inserts.
    await insertSignatures(getDb(), letter, 5_000, (index) => ({ wants_updates: index % 2 === 0 ? 1 : 0 }))
    const { emailed } = await publishUpdate(
      getDb(),
      await organizerOf(letter.id),
      { title: 'Delivered', bodyMarkdown: 'Delivered.' },
      appUrl,
    )
    expect(emailed).toBe(2_500)
    const emails = await updateEmails(letter.id)
    expect(emails).toHaveLength(2_500)
    expect(new Set(emails.map((email) => email.to_address)).size).toBe(2_500)
    expect(emails.every((email) => Number(/-(\d+)@/.exec(email.to_address)![1]) % 2 === 0)).toBe(true)
  })

  test('with nobody opted in, it is published and nobody is emailed', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved' })
    const result = await publishUpdate(
      getDb(),
      await organizerOf(letter.id),
      { title: 'Thank you', bodyMarkdown: 'Done.' },
      appUrl,
    )
    expect(result.emailed).toBe(0)
    expect(await updateEmails(letter.id)).toEqual([])
    expect(await listLetterUpdates(getDb(), letter.id)).toHaveLength(1)
  })

  test('a moderator is refused, and nothing is written', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved', wantsUpdates: true })
    const moderator = await organizerOf(letter.id, 'moderator')
    const attempt = publishUpdate(getDb(), moderator, { title: 'Hi', bodyMarkdown: 'Hello' }, appUrl)
    await expect(attempt).rejects.toMatchObject({ status: 403 })
    expect(await listLetterUpdates(getDb(), letter.id)).toEqual([])
    expect(await updateEmails(letter.id)).toEqual([])
  })
})

describe('correcting and deleting', () => {
  test('a correction changes the update, is audited, and emails nobody again', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved', wantsUpdates: true })
    const access = await organizerOf(letter.id)
    const { update } = await publishUpdate(getDb(), access, { title: 'Typo', bodyMarkdown: 'Tpyo' }, appUrl)
    const revised = await reviseUpdate(getDb(), access, update.id, { title: 'Fixed', bodyMarkdown: 'Typo' })
    expect(revised).toMatchObject({ id: update.id, title: 'Fixed', body_markdown: 'Typo', uuid: update.uuid })
    expect(revised!.edited_at).not.toBeNull()
    expect(await updateEmails(letter.id)).toHaveLength(1)
    const { events } = await listAuditEvents(getDb(), letter.id, { pageSize: 10 })
    expect(events.map((event) => event.action)).toContain('letter.update-edited')
  })

  test('another letter’s update is out of reach, for correcting and for deleting', async () => {
    const letter = await createTestLetter(getDb())
    const other = await createTestLetter(getDb())
    const { update } = await publishUpdate(
      getDb(),
      await organizerOf(other.id),
      { title: 'Theirs', bodyMarkdown: 'Theirs' },
      appUrl,
    )
    const access = await organizerOf(letter.id)
    expect(await reviseUpdate(getDb(), access, update.id, { title: 'Mine', bodyMarkdown: 'Mine' })).toBeNull()
    expect(await removeUpdate(getDb(), access, update.id)).toBeNull()
    expect(await listLetterUpdates(getDb(), other.id)).toMatchObject([{ title: 'Theirs' }])
  })

  test('deleting is audited with what was deleted, and a second delete finds nothing', async () => {
    const letter = await createTestLetter(getDb())
    const access = await organizerOf(letter.id)
    const { update } = await publishUpdate(getDb(), access, { title: 'Oops', bodyMarkdown: 'Oops' }, appUrl)
    expect(await removeUpdate(getDb(), access, update.id)).toMatchObject({ id: update.id })
    expect(await removeUpdate(getDb(), access, update.id)).toBeNull()
    expect(await listLetterUpdates(getDb(), letter.id)).toEqual([])
    const { events } = await listAuditEvents(getDb(), letter.id, { pageSize: 10 })
    const deleted = events.find((event) => event.action === 'letter.update-deleted')
    expect(JSON.parse(deleted!.before!)).toMatchObject({ title: 'Oops' })
  })
})

describe('the update email', () => {
  test('shows the update, links to it and to "stop update emails", and escapes the title once', async () => {
    const { html, text } = await renderEmail('letter-update', {
      signerName: 'Ada',
      letterTitle: 'On sentencing',
      letterUrl: `${appUrl}/letters/on-sentencing`,
      updateTitle: 'Judges & <juries>',
      updateUrl: `${appUrl}/letters/on-sentencing#update-7`,
      updateHtml: '<p>Delivered <strong>today</strong>.</p>',
      manageUrl: `${appUrl}/manage/secret-token`,
    })
    expect(html).toContain('Judges &amp; &lt;juries&gt;')
    expect(html).not.toContain('&amp;amp;')
    expect(html).toContain('<strong>today</strong>')
    expect(html).toContain(`href="${appUrl}/manage/secret-token#update-emails"`)
    expect(text).toContain('Delivered today')
    expect(text).toContain(`${appUrl}/manage/secret-token#update-emails`)
    expect(text).toContain(`${appUrl}/letters/on-sentencing#update-7`)
  })
})
