// npm run admin:create -- someone@example.org ["Display Name"]
// Creates (or promotes) an owner account and prints a one-time sign-in link.
import { getEnv } from '../app/utils/env.server'
import { findOrCreateUser } from '../app/models/user.server'
import { issueSignInToken, SIGN_IN_TOKEN_MINUTES } from '../app/models/sign-in-token.server'
import { signInUrl } from '../app/services/sign-in.server'
import { emailAddress } from '../app/schemas/fields'
import { recordAuditEvent } from '../app/models/audit.server'
import { openDatabase } from './database'
import { migrateToLatest } from './migrate'

const [emailArgument, displayName] = process.argv.slice(2)
const email = emailAddress().safeParse(emailArgument ?? '')
if (!email.success) {
  console.error('Usage: npm run admin:create -- someone@example.org ["Display Name"]')
  process.exit(1)
}

const env = getEnv()
const db = openDatabase(env.DATABASE_PATH)
try {
  await migrateToLatest(db)
  const token = await db.transaction().execute(async (trx) => {
    const { user } = await findOrCreateUser(trx, { email: email.data, displayName, role: 'owner' })
    if (user.role !== 'owner') {
      await trx.updateTable('users').set({ role: 'owner' }).where('id', '=', user.id).execute()
    }
    await recordAuditEvent(trx, {
      actor: { type: 'system', label: 'npm run admin:create' },
      action: 'user.made-owner',
      before: { role: user.role },
      after: { role: 'owner', email: user.email },
    })
    return issueSignInToken(trx, user.id)
  })
  console.log(
    `Owner ${email.data} is ready. Sign in within ${SIGN_IN_TOKEN_MINUTES} minutes at:\n  ${signInUrl(env.APP_URL, token)}`,
  )
} finally {
  await db.destroy()
}
