import type { LoaderFunctionArgs } from '@remix-run/node'
import { csvResponse, publicSignatoriesCsv } from '~/services/exports.server'
import { findPublicLetter } from '~/services/public-api.server'
import { getChainHead } from '~/models/signatory-chain.server'
import { chainHeadHeader } from '~/services/signatory-chain.server'
import { getDb } from '~/utils/db.server'
import { notFound } from '~/utils/responses.server'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = getDb()
  const letter = await findPublicLetter(db, params.slug)
  if (!letter) notFound('No published letter at this address')
  // The head when the export began, beside the CSV rather than in it: CSV readers stay unchanged.
  const chainHead = await getChainHead(db, letter.id)
  return csvResponse(
    request,
    () => publicSignatoriesCsv(db, letter, { waitForClient: context.waitForClient }),
    {
      fileName: `${letter.slug}-signatories.csv`,
      headers: {
        'Cache-Control': 'public, max-age=300, stale-while-revalidate=600, stale-if-error=86400',
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Expose-Headers': 'Signatory-Chain-Head',
        'Signatory-Chain-Head': chainHeadHeader(chainHead),
      },
    },
  )
}
