import { describe, expect, test } from 'vitest'
import { insertEmployerDomain } from '~/models/employer-domain.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { listPublicSignatories } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { auditOf, letterWithLicenceChecks, openFlagKinds, signAndConfirm } from '../../tests/licence-helpers'
import { AUTO_APPROVAL_LABEL } from './auto-approval.server'

const ROSTER = [
  { number: '1001', name: 'Maya Okafor' },
  { number: '1002', name: 'Ben Ode', status: 'inactive' },
]

const autoApproving = (options: { moderationRequired?: boolean } = {}) =>
  letterWithLicenceChecks({ roster: ROSTER, policy: { autoApproveVerified: true }, ...options })

const templatesSentTo = async (email: string) =>
  (await listOutboxEmailsTo(getDb(), email)).map((message) => message.template)

describe('auto-approval of verified signatures', () => {
  test('a profession verified at confirmation, with no flag, is approved at once and the signer told', async () => {
    const { letter } = await autoApproving()
    const { signature, result, email } = await signAndConfirm(letter, {
      name: 'Maya Okafor',
      licenceNumber: '1001',
    })
    expect(result).toMatchObject({ kind: 'confirmed', status: 'approved' })
    expect(signature).toMatchObject({
      status: 'approved',
      verification_level: 'registry',
      decided_by_user_id: null,
    })
    expect(signature.decided_at).toBe(signature.confirmed_at)
    expect(await auditOf(signature.id, 'signature.approved')).toEqual([
      expect.objectContaining({
        actor_type: 'system',
        actor_label: AUTO_APPROVAL_LABEL,
        actor_user_id: null,
        before: '{"status":"confirmed"}',
      }),
    ])
    expect(await templatesSentTo(email)).toEqual(['confirm-signature', 'signature-approved'])
    const [, approval] = await listOutboxEmailsTo(getDb(), email)
    expect(JSON.parse(approval!.secret_payload!).manageUrl).toMatch(/^http:\/\/localhost:3000\/manage\//)
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ confirmed: 0, approved: 1 })
    const page = await listPublicSignatories(getDb(), letter, { pageSize: 10 })
    expect(page.signatories.map((entry) => entry.name)).toEqual(['Maya Okafor'])
  })

  test('an employer domain’s verification counts too', async () => {
    const { letter } = await autoApproving()
    await insertEmployerDomain(getDb(), {
      letterId: letter.id,
      domain: 'pd.example.gov',
      includeSubdomains: false,
      organization: 'County Public Defender',
      profession: 'Public defender',
      createdByUserId: null,
    })
    const { signature } = await signAndConfirm(letter, {
      name: 'Ana Ruiz',
      licenceNumber: '',
      email: `ana-${Date.now()}@pd.example.gov`,
    })
    expect(signature).toMatchObject({ status: 'approved', verification_level: 'domain' })
  })

  test('an unverified signature goes to the queue as before', async () => {
    const { letter } = await autoApproving()
    const { signature, result, email } = await signAndConfirm(letter, {
      name: 'No Licence',
      licenceNumber: '',
    })
    expect(result).toMatchObject({ status: 'confirmed' })
    expect(signature).toMatchObject({ status: 'confirmed', verification_level: 'email', decided_at: null })
    expect(await auditOf(signature.id, 'signature.approved')).toEqual([])
    expect(await templatesSentTo(email)).toEqual(['confirm-signature'])
  })

  test('a flagged signature goes to the queue, even when a roster verified it', async () => {
    const { letter } = await autoApproving()
    const first = await signAndConfirm(letter, { name: 'Maya Okafor', licenceNumber: '1001' })
    expect(first.signature.status).toBe('approved')
    // The same licence claimed again: verified by the roster, but flagged as a conflict.
    const second = await signAndConfirm(letter, { name: 'Maya Okafor', licenceNumber: '1-001' })
    expect(second.signature).toMatchObject({ status: 'confirmed', verification_level: 'registry' })
    expect(await openFlagKinds(second.signature.id)).toEqual(['licence-conflict'])
  })

  test('a licence in doubt (inactive) goes to the queue', async () => {
    const { letter } = await autoApproving()
    const { signature } = await signAndConfirm(letter, { name: 'Ben Ode', licenceNumber: '1002' })
    expect(signature.status).toBe('confirmed')
    expect(await openFlagKinds(signature.id)).toEqual(['licence-inactive'])
  })

  test('without the setting, a verified signature waits for a moderator', async () => {
    const { letter } = await letterWithLicenceChecks({ roster: ROSTER })
    const { signature } = await signAndConfirm(letter, { name: 'Maya Okafor', licenceNumber: '1001' })
    expect(signature).toMatchObject({ status: 'confirmed', verification_level: 'registry' })
  })

  test('a letter without moderation approves as it always did, with no auto-approval event', async () => {
    const { letter } = await autoApproving({ moderationRequired: false })
    const { signature, email } = await signAndConfirm(letter, { name: 'Maya Okafor', licenceNumber: '1001' })
    expect(signature).toMatchObject({ status: 'approved', decided_at: null })
    expect(await auditOf(signature.id, 'signature.approved')).toEqual([])
    expect(await templatesSentTo(email)).toEqual(['confirm-signature'])
  })

  test('a letter that does not notify on approval approves without an email', async () => {
    const { letter } = await autoApproving()
    await getDb().updateTable('letters').set({ notify_on_approve: 0 }).where('id', '=', letter.id).execute()
    const { signature, email } = await signAndConfirm(
      { ...letter, notify_on_approve: 0 },
      { name: 'Maya Okafor', licenceNumber: '1001' },
    )
    expect(signature.status).toBe('approved')
    expect(await templatesSentTo(email)).toEqual(['confirm-signature'])
  })

  test('the 6-digit code auto-approves too', async () => {
    const { letter } = await autoApproving()
    const { signature, result } = await signAndConfirm(
      letter,
      { name: 'Maya Okafor', licenceNumber: '1001' },
      { by: 'code' },
    )
    expect(result).toMatchObject({ status: 'approved' })
    expect(signature.status).toBe('approved')
  })
})
