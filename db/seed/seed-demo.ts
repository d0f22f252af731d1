import type { DB } from '../database'
import { createLetter } from '../../app/models/letter.server'
import {
  insertSignature,
  recordVerification,
  type VerificationRecord,
} from '../../app/models/signature.server'
import { demoLetter, demoSignatories } from './demo-letter'

const LAWYERS = /attorney|prosecutor/i

/**
 * Most demo signatories carry a verified profession, as on a real letter, so the demo shows the
 * badges and the counts by level. The checks are fictional and say so.
 */
function demoVerification(profession: string, index: number): VerificationRecord | null {
  if (/public defender/i.test(profession) && index % 4 !== 0) {
    return {
      level: 'domain',
      method: 'employer-domain',
      evidence: 'demo: public defender office email domain',
      verifiedBy: 'employer domain (demo)',
    }
  }
  if (LAWYERS.test(profession) && index % 3 !== 0) {
    return {
      level: 'registry',
      method: 'licence-roster',
      evidence: 'demo: fictional roster entry',
      verifiedBy: 'Demo State Bar roster (fictional)',
    }
  }
  if (/professor|judge/i.test(profession) && index % 2 === 0) {
    return {
      level: 'moderator',
      method: 'moderator-check',
      evidence: 'demo: faculty or court page',
      verifiedBy: 'Demo Organizer <owner@undersigned.local>',
    }
  }
  return null
}

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
      const signedAt = new Date(openedAt.getTime() + step * (index + 1))
      const signature = await insertSignature(
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
        signedAt,
      )
      const verification = demoVerification(signatory.profession, index)
      if (verification) await recordVerification(trx, signature.id, verification, signedAt)
    }
    return letter
  })
}
