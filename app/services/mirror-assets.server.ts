// The two static files every mirror carries (ADR 019). They are part of the signed manifest, so
// they change only with the code: a mirror's self-check runs the script that was signed with it.

export const MIRROR_STYLE_CSS = `:root {
  color-scheme: light;
  --ink: #1d1d1f;
  --muted: #55575d;
  --line: #d8d9dd;
  --accent: #1f4e9c;
  --ok: #17623a;
  --bad: #a3231a;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  line-height: 1.5;
  color: var(--ink);
  background: #fff;
}
body { margin: 0; }
main { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
a { color: var(--accent); overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; word-break: break-all; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.5rem 0; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; }
.meta, .hint { color: var(--muted); }
.letter-text { border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: 0.5rem 0 1rem; }
.counts { font-size: 1.1rem; }
.signatories { padding-left: 2.5rem; }
.signatories li { padding: 0.35rem 0; border-bottom: 1px solid var(--line); }
.signatory__name { font-weight: 600; }
.signatory__details, .signatory__verification { display: block; color: var(--muted); font-size: 0.95rem; }
.badge { display: inline-block; margin-left: 0.4rem; padding: 0 0.4rem; border-radius: 0.3rem; background: #e7effb; color: var(--accent); font-size: 0.85rem; font-weight: 600; }
.pager { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; margin: 1rem 0; }
.mirror-check { border: 2px solid var(--line); border-radius: 0.4rem; padding: 0.6rem 0.8rem; }
.mirror-check[data-state='verified'] { border-color: var(--ok); color: var(--ok); }
.mirror-check[data-state='failed'] { border-color: var(--bad); color: var(--bad); }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.9rem; }
`

/**
 * The browser's self-check: the Ed25519 signature of manifest.json (Web Crypto), then the size
 * and SHA-256 of every listed file. A browser cannot list a folder, so extra files are left to
 * `npm run verify:mirror`; a browser without Ed25519 checks the hashes and says the signature
 * needs the command line.
 */
export const MIRROR_SCRIPT_JS = `// Undersigned static mirror: checks this copy against its signed manifest (ADR 019).
;(function () {
  'use strict'
  var status = document.getElementById('mirror-check')
  if (!status) return
  function say(state, text) {
    status.setAttribute('data-state', state)
    status.textContent = text
  }
  if (location.protocol === 'file:') {
    say(
      'unchecked',
      'Not checked: browsers do not let a page opened from disk read its own files. Put the folder on any web server, or run npm run verify:mirror -- <folder>.',
    )
    return
  }
  if (!window.crypto || !crypto.subtle) {
    say('unchecked', 'Not checked: this browser has no Web Crypto here (it needs https or localhost).')
    return
  }
  function hex(buffer) {
    return Array.prototype.map
      .call(new Uint8Array(buffer), function (byte) {
        return byte.toString(16).padStart(2, '0')
      })
      .join('')
  }
  function base64Bytes(text) {
    var binary = atob(text.trim())
    var bytes = new Uint8Array(binary.length)
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  }
  function get(path) {
    return fetch(path, { cache: 'no-store' }).then(function (response) {
      if (!response.ok) throw new Error(path + ' is missing (' + response.status + ')')
      return response.arrayBuffer()
    })
  }
  async function signatureHolds(manifest, manifestBytes) {
    var signature = base64Bytes(new TextDecoder().decode(await get('manifest.sig')))
    var key
    try {
      key = await crypto.subtle.importKey('raw', base64Bytes(manifest.key.publicKey), { name: 'Ed25519' }, false, [
        'verify',
      ])
    } catch (error) {
      return null
    }
    return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, manifestBytes)
  }
  async function changedFiles(files) {
    var changed = []
    var next = 0
    async function worker() {
      while (next < files.length) {
        var file = files[next++]
        // Only the mirror's own relative paths: a manifest cannot send the check elsewhere.
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(?:[/][A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(String(file.path))) {
          changed.push(String(file.path))
          continue
        }
        try {
          var bytes = await get(file.path)
          var digest = hex(await crypto.subtle.digest('SHA-256', bytes))
          if (bytes.byteLength !== file.size || digest !== file.sha256) changed.push(file.path)
        } catch (error) {
          changed.push(file.path)
        }
      }
    }
    await Promise.all([worker(), worker(), worker(), worker(), worker(), worker()])
    return changed.sort()
  }
  async function check() {
    say('checking', 'Checking this copy against its signed manifest…')
    var manifestBytes = await get('manifest.json')
    var manifest = JSON.parse(new TextDecoder().decode(manifestBytes))
    var signed = await signatureHolds(manifest, manifestBytes)
    if (signed === false) {
      say('failed', 'Not verified: manifest.json does not match its signature. This copy was altered.')
      return
    }
    var changed = await changedFiles(manifest.files)
    if (changed.length) {
      say('failed', 'Not verified: ' + changed.join(', ') + ' differ from the signed manifest. This copy was altered.')
      return
    }
    var who = ' Signing key ' + manifest.key.keyId + ' of ' + manifest.instance + ', made ' + manifest.generatedAt.slice(0, 10) + '.'
    if (signed === null) {
      say(
        'hashes-only',
        'Files match the manifest, but this browser cannot check Ed25519 signatures: run npm run verify:mirror -- <folder> to check the signature.' +
          who,
      )
      return
    }
    say('verified', 'Verified: the signature holds and all ' + manifest.files.length + ' files match the manifest.' + who)
  }
  check().catch(function (error) {
    say('failed', 'Not verified: ' + (error && error.message ? error.message : String(error)))
  })
})()
`
