import { spawn, type ChildProcess } from 'node:child_process'
import { openSync } from 'node:fs'

export type Server = { url: string; process: ChildProcess; stop(): Promise<void> }

// A suite that fails halfway leaves no server behind.
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

async function waitUntilAnswering(url: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode}; see ${logFile}`)
    try {
      await fetch(url)
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  throw new Error(`${url} did not answer within a minute; see ${logFile}`)
}

/**
 * Starts a server as a child process with its output in `logFile` (the app's access log costs
 * what it costs in production), and waits until `readyPath` answers.
 */
export async function startServer(options: {
  args: string[]
  env: Record<string, string | undefined>
  port: number
  readyPath: string
  logFile: string
}): Promise<Server> {
  const log = openSync(options.logFile, 'w')
  const child = spawn(process.execPath, options.args, {
    env: { ...process.env, ...options.env, PORT: String(options.port) },
    stdio: ['ignore', log, log],
  })
  running.add(child)
  child.once('exit', () => running.delete(child))
  const url = `http://127.0.0.1:${options.port}`
  await waitUntilAnswering(`${url}${options.readyPath}`, child, options.logFile)
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}
