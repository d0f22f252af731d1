// The machine's ceiling, measured in the same run as the app with the same load client: the least
// work a signing server can do (node:http, parse the form, one prepared INSERT at
// synchronous=FULL) and the least a count can cost (the same JSON the count endpoint sends, built
// once). Plain JavaScript, run by `node`, no framework.
//   PORT=3960 DATABASE_PATH=bench/.data/baseline.db node bench/baseline-server.js
import { createServer } from 'node:http'
import SQLite from 'better-sqlite3'

const port = Number(process.env.PORT || 3960)
const db = new SQLite(process.env.DATABASE_PATH || 'bench/.data/baseline.db')
// The app's own durability settings (db/database.ts): an acknowledged signature survives power loss.
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.exec(`create table if not exists signatures (
  id integer primary key, name text not null, email text not null, profession text not null,
  organization text not null, location text not null, listing text not null, created_at text not null)`)
const insert = db.prepare(
  `insert into signatures (name, email, profession, organization, location, listing, created_at)
   values (?, ?, ?, ?, ?, ?, ?)`,
)
const count = Buffer.from(
  JSON.stringify({ slug: 'bench-letter', count: 879_123, listed: 791_210, counted: 87_913 }),
)

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/count') {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': count.length })
    response.end(count)
    return
  }
  if (request.method === 'POST' && request.url === '/sign') {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      insert.run(
        form.get('name'),
        form.get('email'),
        form.get('profession'),
        form.get('organization'),
        form.get('location'),
        form.get('listing'),
        new Date().toISOString(),
      )
      response.writeHead(302, { Location: '/check-inbox', 'Content-Length': 0 })
      response.end()
    })
    return
  }
  response.writeHead(404, { 'Content-Length': 0 })
  response.end()
})
server.listen(port, '127.0.0.1', () => console.log(`baseline listening on http://127.0.0.1:${port}`))
process.once('SIGTERM', () => process.exit(0))
