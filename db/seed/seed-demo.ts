import type { DB } from '../database'
import { createLetter } from '../../app/models/letter.server'
import { insertSignature } from '../../app/models/signature.server'
import { demoLetter, demoSignatories } from './demo-letter'

/** Seeds the demo letter with its approved signatories, spread over the past three weeks. */
export async function seedDemoLetter(db: DB, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const openedAt = new Date(now.getTime() - 21 * 24 * 3_600_000)
    const letter = await createLetter(
      trx,
      {
        slug: demoLetter.slug,
        title: demoLetter.title,
        recipient: demoLetter.recipient,
        organizersLine: demoLetter.organizersLine,
        bodyMarkdown: demoLetter.bodyMarkdown,
        status: 'open',
        moderationRequired: true,
      },
      openedAt,
    )
    const step = (now.getTime() - openedAt.getTime()) / (demoSignatories.length + 1)
    for (const [index, signatory] of demoSignatories.entries()) {
      await insertSignature(
        trx,
        {
          letterId: letter.id,
          letterVersionId: letter.version.id,
          ...signatory,
          email: `demo-signatory-${index + 1}@example.org`,
          licenceNumber: null,
          comment: null,
          status: 'approved',
        },
        new Date(openedAt.getTime() + step * (index + 1)),
      )
    }
    return letter
  })
}
