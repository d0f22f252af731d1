import type { LoaderFunctionArgs } from '@remix-run/node'
import { csvResponse, organizerSignaturesCsv } from '~/services/exports.server'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // Organizers and owners: the file holds every signer's email address and the evidence behind
  // each verification, which moderators never see in full.
  const access = await requireLetterAccessFor(request, params.letterId, 'edit')
  const day = new Date().toISOString().slice(0, 10)
  return csvResponse(
    request,
    () => organizerSignaturesCsv(getDb(), access, { waitForClient: context.waitForClient }),
    {
      fileName: `${access.letter.slug}-signatures-${day}.csv`,
      headers: { 'Cache-Control': 'private, no-store' },
    },
  )
}
