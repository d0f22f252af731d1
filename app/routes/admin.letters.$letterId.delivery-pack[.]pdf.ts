import type { LoaderFunctionArgs } from '@remix-run/node'
import { deliveryPackPdf } from '~/services/delivery-pack.server'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { attachmentHeader } from '~/utils/csv-writer'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Everyone on the letter's team: the pack holds only what the public page shows.
  const access = await requireLetterAccessFor(request, params.letterId, 'view')
  const letterUrl = `${getEnv().APP_URL}/letters/${access.letter.slug}`
  const body = await deliveryPackPdf(getDb(), access, { letterUrl })
  const day = new Date().toISOString().slice(0, 10)
  return new Response(body, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(`${access.letter.slug}-delivery-pack-${day}.pdf`),
      'Cache-Control': 'private, no-store',
    },
  })
}
