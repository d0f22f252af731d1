// First step of `npm start`: make the data folder usable, migrate, and seed a demo on first run.
import { getEnv, InvalidEnvironmentError } from '../app/utils/env.server'
import { countLetters } from '../app/models/letter.server'
import { openDatabase } from './database'
import { migrateToLatest } from './migrate'
import { seedDemoLetter } from './seed/seed-demo'
import { countOwners, findOrCreateUser } from '../app/models/user.server'
import { issueSignInToken, SIGN_IN_TOKEN_MINUTES } from '../app/models/sign-in-token.server'
import { signInUrl } from '../app/services/sign-in.server'

let env
try {
  env = getEnv()
} catch (error) {
  if (error instanceof InvalidEnvironmentError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}

const db = openDatabase(env.DATABASE_PATH)
try {
  const applied = await migrateToLatest(db)
  if (applied.length) console.log(`Database ${env.DATABASE_PATH}: applied ${applied.length} migration(s).`)
  if ((await countLetters(db)) === 0 && process.env.SEED_DEMO !== 'off') {
    const letter = await seedDemoLetter(db)
    console.log(`\nSeeded a demo letter. Open it at:\n  ${env.APP_URL}/letters/${letter.slug}\n`)
  }
  // A fresh embedded install (no mail provider yet) gets a demo owner, so the admin pages can be
  // tried at once. A real deployment makes its first owner with `npm run admin:create`.
  if ((await countOwners(db)) === 0 && !env.RESEND_API_KEY && process.env.SEED_DEMO !== 'off') {
    const token = await db.transaction().execute(async (trx) => {
      const { user } = await findOrCreateUser(trx, {
        email: 'owner@undersigned.local',
        displayName: 'Demo owner',
        role: 'owner',
      })
      return issueSignInToken(trx, user.id)
    })
    console.log(
      `Demo owner owner@undersigned.local: sign in within ${SIGN_IN_TOKEN_MINUTES} minutes at\n  ${signInUrl(env.APP_URL, token)}\n(later: npm run admin:create -- you@example.org)\n`,
    )
  }
  console.log(
    `Undersigned will serve on ${env.APP_URL} (mail: ${env.RESEND_API_KEY ? 'Resend' : 'local outbox and console'}).`,
  )
} finally {
  await db.destroy()
}
