// Runs the fake Resend API as its own process, for Playwright's webServer.
import { startFakeResend } from './server'

const port = Number(process.env.FAKE_RESEND_PORT ?? 3901)
const fake = await startFakeResend({ port, apiKey: process.env.RESEND_API_KEY })
console.log(`Fake Resend listening on ${fake.url}`)
const stop = () => fake.close().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
