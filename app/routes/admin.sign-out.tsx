import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { recordAuditEvent } from '~/models/audit.server'
import { deleteAllSessionsOfUser } from '~/models/session.server'
import { revokeSignInTokens } from '~/models/sign-in-token.server'
import { endSession, getOptionalUser } from '~/utils/auth.server'
import { getDb } from '~/utils/db.server'
import { readFormData } from '~/utils/request.server'

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request)
  const user = await getOptionalUser(request)
  if (user) {
    const everywhere = formData.get('everywhere') === 'yes'
    await getDb()
      .transaction()
      .execute(async (trx) => {
        if (everywhere) {
          await deleteAllSessionsOfUser(trx, user.id)
          await revokeSignInTokens(trx, user.id)
        }
        await recordAuditEvent(trx, {
          actor: { type: 'user', user },
          action: everywhere ? 'user.signed-out-everywhere' : 'user.signed-out',
        })
      })
  }
  return redirect('/admin/sign-in', { headers: { 'Set-Cookie': await endSession(request) } })
}

export async function loader() {
  return redirect('/admin')
}
