import { expect, test } from 'vitest'
import { recordAuditEvent } from '~/models/audit.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../tests/auth-helpers'
import { createTestLetter, createTestSignature } from '../tests/factories'

test('audit events cannot be edited or deleted, but outlive the signature and user they name', async () => {
  const db = getDb()
  const letter = await createTestLetter(db)
  const signature = await createTestSignature(db, letter)
  const user = await createTestUser(db)
  await recordAuditEvent(db, {
    actor: { type: 'user', user },
    action: 'signature.approved',
    letterId: letter.id,
    signatureId: signature.id,
  })

  await expect(db.updateTable('audit_events').set({ action: 'nothing happened' }).execute()).rejects.toThrow(
    'append-only',
  )
  await expect(db.deleteFrom('audit_events').where('letter_id', '=', letter.id).execute()).rejects.toThrow(
    'append-only',
  )

  await db.deleteFrom('signatures').where('id', '=', signature.id).execute()
  await db.deleteFrom('users').where('id', '=', user.id).execute()
  const [event] = await db.selectFrom('audit_events').selectAll().where('letter_id', '=', letter.id).execute()
  expect(event).toMatchObject({
    action: 'signature.approved',
    signature_id: null,
    actor_user_id: null,
    actor_label: `Test Organizer <${user.email}>`,
  })
})
