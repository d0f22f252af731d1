import { sql } from 'kysely'
import { getDb } from '~/utils/db.server'

export async function loader() {
  try {
    await sql`select 1`.execute(getDb())
    return new Response('ok', { headers: { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain' } })
  } catch (error) {
    console.error('Health check failed', error)
    return new Response('database unavailable', { status: 503, headers: { 'Cache-Control': 'no-store' } })
  }
}
