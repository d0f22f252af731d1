import { test } from 'vitest'
import { requireLetterAccess } from '~/services/letter-access.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../tests/auth-helpers'
import { insertSignatures } from '../tests/bulk-signatures'
import { createTestLetter } from '../tests/factories'
import { deliveryPackPdf } from '~/services/delivery-pack.server'
test('bench', async () => {
  const letter = await createTestLetter(getDb())
  await insertSignatures(getDb(), letter, 100000, (i) => ({ name: `Signer Number ${i}`, profession: ['Attorney','Nurse','Public defender'][i%3]!, location: `City ${i%200}` }))
  const user = await createTestUser(getDb(), { letterId: letter.id })
  const access = await requireLetterAccess(getDb(), user, letter.id, 'view')
  global.gc?.()
  const rssBefore = process.memoryUsage().rss
  const t = performance.now()
  const reader = (await deliveryPackPdf(getDb(), access, { letterUrl: 'http://x/letters/a' })).getReader()
  let size = 0, peak = 0
  for (;;) { const { done, value } = await reader.read(); if (done) break; size += value.byteLength; peak = Math.max(peak, process.memoryUsage().rss) }
  console.log(JSON.stringify({ seconds: (performance.now() - t) / 1000, mb: size / 1e6, peakRssDeltaMb: (peak - rssBefore) / 1e6 }))
}, 600000)
