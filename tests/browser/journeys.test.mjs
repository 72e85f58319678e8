// Browser journeys through the web application, in Debian's Chromium driven
// by playwright-core, against a real `threadline demo` server on a free
// loopback port with a fresh database. axe-core checks every page visited
// (zero violations allowed); every page is also checked for Content Security
// Policy violations, script errors, personal data in the title or address,
// and browser storage holding anything but the CSRF token.
//
//   node tests/browser/journeys.test.mjs path/to/threadline
//
// Exits 77 (skipped) only when Chromium is not installed.
// THREADLINE_UPDATE_SCREENSHOTS=1 writes the screenshots to docs/screenshots
// (otherwise to test-artifacts/screenshots).

import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHash, createHmac } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..', '..')
const webDir = join(root, 'web')
const CHROMIUM = process.env.THREADLINE_CHROMIUM ?? '/usr/bin/chromium'
// The built web application; THREADLINE_WEB_DIST picks another build of it.
const distDir = resolve(process.env.THREADLINE_WEB_DIST ?? join(webDir, 'dist'))

if (!existsSync(CHROMIUM)) {
  console.log(`SKIPPED: browser journeys need Chromium at ${CHROMIUM} (scripts/install-deps.sh installs it)`)
  process.exit(77)
}
const binary = resolve(process.argv[2] ?? join(root, 'build', 'threadline'))
for (const [what, path, hint] of [
  ['the threadline executable', binary, 'build it first (make build)'],
  ['the built web application', join(distDir, 'index.html'), 'build it first (make build, or npm ci && npm run build in web/)'],
  ['playwright-core', join(webDir, 'node_modules', 'playwright-core'), 'install it (npm ci in web/)'],
]) {
  if (!existsSync(path)) {
    console.error(`browser journeys: ${what} is missing at ${path}: ${hint}`)
    process.exit(1)
  }
}

const webRequire = createRequire(join(webDir, 'package.json'))
const { chromium } = webRequire('playwright-core')
const axeSource = readFileSync(webRequire.resolve('axe-core/axe.min.js'), 'utf8')

const PASSWORD = 'correct horse battery staple 2026'
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const shotsDir =
  process.env.THREADLINE_UPDATE_SCREENSHOTS === '1' ? join(root, 'docs', 'screenshots') : join(root, 'test-artifacts', 'screenshots')

// Personal data the journeys type in: none of it may reach a title, an
// address or browser storage.
const PERSONAL = ['Avery', 'Testperson', 'Jordan', 'Examplar', '07700 900123', '12 Journey Road', 'N1 9ZZ', 'Quinn', 'Fieldcase', 'Imelda', 'Chartwell', 'chart_watcher', 'Ottilie', 'Linkfield', '07700 900771', 'Barnaby', 'Crossley', 'Petra', 'Metcalfe', 'Kestrel', 'Wealdon', 'Tamsin', 'Oakhurst', 'tamsin.oakhurst']

// ---- TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) -------------------

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const c of text.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0')
  const bytes = []
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2))
  return Buffer.from(bytes)
}

function totp(secret, step) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', base32(secret)).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000
  return String(code).padStart(6, '0')
}

// The server accepts each step once, and the step either side of now.
let lastStep = 0
async function nextTotp() {
  for (;;) {
    const now = Math.floor(Date.now() / 1000 / 30)
    const step = Math.max(now, lastStep + 1)
    if (step <= now + 1) {
      lastStep = step
      return totp(TOTP_SECRET, step)
    }
    await new Promise((r) => setTimeout(r, 2000))
  }
}

// ---- the server -----------------------------------------------------------------

let server
let baseUrl
let workDir
let browser
const ids = {}

async function startServer() {
  workDir = mkdtempSync(join(tmpdir(), 'threadline-browser-'))
  const portFile = join(workDir, 'port')
  const child = spawn(
    binary,
    ['demo', '--listen', '127.0.0.1:0', '--port-file', portFile, '--db', join(workDir, 'demo.db'), '--reports', '300',
      '--web-root', distDir, '--login-attempts-per-minute', '1000', '--threads', '4'],
    {
      env: {
        ...process.env,
        THREADLINE_DEMO_PASSWORD: PASSWORD,
        THREADLINE_DEMO_PASSWORD_COST: 'minimum',
        THREADLINE_DEMO_TOTP_SECRET: TOTP_SECRET,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const exited = new Promise((r) => child.on('exit', r))
  const deadline = Date.now() + 180_000
  while (!existsSync(portFile)) {
    if (child.exitCode !== null) throw new Error(`threadline demo stopped:\n${output}`)
    if (Date.now() > deadline) throw new Error(`threadline demo did not start in time:\n${output}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  const port = Number(readFileSync(portFile, 'utf8').trim())
  return { child, exited, port, output: () => output }
}

// A signed-in API client for setting up records through the real API.
async function apiSession(username, code, password = PASSWORD) {
  const body = { username, password }
  if (code) body.totp_code = code
  const r = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  assert.equal(r.status, 200, `${username} signs in through the API: ${await r.clone().text()}`)
  const cookie = r.headers.get('set-cookie').split(';')[0]
  const { csrf_token } = await r.json()
  return async (method, path, payload) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf_token, 'Content-Type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    })
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null }
  }
}

before(async () => {
  server = await startServer()
  baseUrl = `http://127.0.0.1:${server.port}`
  mkdirSync(shotsDir, { recursive: true })
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })

  // Records for the journeys, made through the real API: a Kent officer and
  // a Kent report (another agency's record), and a Met report whose victim
  // record has contact details.
  const admin = await apiSession('admin', await nextTotp())
  const user = await admin('POST', '/api/v1/users', {
    username: 'kent-officer',
    display_name: 'PC Kent (demo)',
    role: 'officer',
    agency: 'kent',
    password: 'a long pass phrase for the kent officer',
  })
  assert.equal(user.status, 201, JSON.stringify(user.json))
  const kentOfficer = await (async () => {
    const r = await fetch(`${baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'kent-officer', password: 'a long pass phrase for the kent officer' }),
    })
    assert.equal(r.status, 200)
    const cookie = r.headers.get('set-cookie').split(';')[0]
    const { csrf_token } = await r.json()
    return { cookie, csrf_token }
  })()
  const kent = await fetch(`${baseUrl}/api/v1/reports`, {
    method: 'POST',
    headers: { Cookie: kentOfficer.cookie, 'X-CSRF-Token': kentOfficer.csrf_token, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      force: 'kent',
      occurred_at: '2026-04-02T21:00:00Z',
      summary: 'Kent only.',
      parties: [{ role: 'victim', person: { given_name: 'Kay' } }],
    }),
  })
  assert.equal(kent.status, 201)
  ids.kentReport = (await kent.json()).id

  const officer = await apiSession('officer')
  const met = await officer('POST', '/api/v1/reports', {
    force: 'met',
    reference: 'CAD-BROWSER-3',
    occurred_at: '2026-04-03T20:00:00Z',
    summary: 'Waited outside the victim’s home three nights running.',
    recorded_as: 'harassment_s2',
    behaviours: ['loitering', 'watching_spying'],
    parties: [
      { role: 'victim', person: { given_name: 'Quinn', family_name: 'Fieldcase', address: '12 Journey Road', postcode: 'N1 9ZZ', phones: ['07700 900123'] } },
      { role: 'suspect', person: { given_name: 'Rory', family_name: 'Watcher' } },
    ],
  })
  assert.equal(met.status, 201, JSON.stringify(met.json))
  ids.metReport = met.json.id
  ids.metVictim = met.json.parties[0].person_id
})

after(async () => {
  printApiTimings()
  await browser?.close()
  if (server) {
    server.child.kill('SIGTERM')
    await server.exited
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true })
})

// ---- checks on every page ---------------------------------------------------

async function newPage(viewport = { width: 1024, height: 900 }) {
  const context = await browser.newContext({ viewport, baseURL: baseUrl })
  const page = await context.newPage()
  page.problems = []
  page.on('console', (msg) => {
    const text = msg.text()
    if (/Content Security Policy|Refused to/.test(text)) page.problems.push(`CSP: ${text}`)
    else if (msg.type() === 'error' && !/status of 40[0134]/.test(text)) page.problems.push(`console error: ${text}`)
  })
  page.on('pageerror', (error) => page.problems.push(`script error: ${error.message}`))
  page.on('requestfinished', (request) => recordApiTiming(page, request))
  return page
}

// ---- how long each page's API calls take (printed, never asserted) -----------

const apiTimings = [] // { page, ms }
const ID = /\/[0-9A-HJKMNP-TV-Z]{26}(?=\/|$)/g

function recordApiTiming(page, request) {
  const url = new URL(request.url())
  if (!url.pathname.startsWith('/api/v1/')) return
  const { responseEnd } = request.timing()
  if (responseEnd < 0) return
  apiTimings.push({ page: new URL(page.url()).pathname.replace(ID, '/:id'), ms: responseEnd })
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0
}

// One line for all calls, then the pages whose slowest call was slowest.
function printApiTimings() {
  if (!apiTimings.length) return
  const all = apiTimings.map((t) => t.ms).sort((x, y) => x - y)
  const over = all.filter((ms) => ms > 100).length
  console.log(
    `api-calls calls=${all.length} median_ms=${percentile(all, 50).toFixed(1)} p95_ms=${percentile(all, 95).toFixed(1)} ` +
      `max_ms=${all[all.length - 1].toFixed(1)} over_100ms=${over}`,
  )
  const byPage = new Map()
  for (const t of apiTimings) byPage.set(t.page, [...(byPage.get(t.page) ?? []), t.ms])
  const pages = [...byPage].map(([page, list]) => ({ page, calls: list.length, max: Math.max(...list) }))
  pages.sort((x, y) => y.max - x.max)
  for (const p of pages.slice(0, 8)) console.log(`api-calls page=${p.page} calls=${p.calls} max_ms=${p.max.toFixed(1)}`)
}

const visited = new Set()

// axe-core on the page as it is now, plus the privacy rules.
async function check(page, name, { screenshot = false } = {}) {
  await page.waitForFunction(() => document.querySelector('main h1') !== null)
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource)
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }))
  const violations = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  )
  assert.deepEqual(violations, [], `axe violations on ${name} (${page.url()})`)
  assert.deepEqual(page.problems, [], `problems on ${name}`)
  const title = await page.title()
  const url = decodeURIComponent(page.url())
  for (const p of PERSONAL) {
    assert.ok(!title.includes(p), `the title of ${name} holds personal data: ${title}`)
    assert.ok(!url.includes(p), `the address of ${name} holds personal data: ${url}`)
  }
  const storage = await page.evaluate(() => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
  }))
  assert.deepEqual(storage.local, [], `localStorage on ${name}`)
  assert.ok(storage.session.every((k) => k === 'threadline.csrf'), `sessionStorage on ${name}: ${storage.session}`)
  visited.add(name)
  if (screenshot) await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true })
}

async function heading(page, text) {
  await page.locator('main h1', { hasText: text }).first().waitFor({ timeout: 15_000 })
}

// A link in the service navigation.
function navLink(page, name) {
  return page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name, exact: true })
}

async function signIn(page, username, code) {
  await page.goto('/sign-in')
  await heading(page, 'Sign in to Threadline')
  await page.getByLabel('User name').fill(username)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  if (code) await page.getByLabel('Security code (administrators only)').fill(code)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await heading(page, 'Welcome')
}

// ---- journeys ---------------------------------------------------------------

test('the server serves the web application, its files and the API side by side', async () => {
  const index = await fetch(`${baseUrl}/reports/01ARZ3NDEKTSV4RRFFQ69G5FAV`)
  assert.equal(index.status, 200)
  assert.match(index.headers.get('content-type'), /^text\/html/)
  assert.equal(index.headers.get('cache-control'), 'no-store')
  const csp = index.headers.get('content-security-policy')
  const nonce = /'nonce-([^']+)'/.exec(csp)[1]
  const html = await index.text()
  assert.ok(html.includes(`<script nonce="${nonce}"`), 'index.html carries the response nonce')
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'index.html has no inline script')
  assert.ok(!/<style|style=/.test(html), 'index.html has no inline style')
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)[1]
  const js = await fetch(baseUrl + script)
  assert.equal(js.status, 200)
  assert.match(js.headers.get('content-type'), /^text\/javascript/)
  assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable')
  const missing = await fetch(`${baseUrl}/assets/nothing-here.js`)
  assert.equal(missing.status, 404)
  const api = await fetch(`${baseUrl}/api/v1/nothing`)
  assert.equal(api.status, 404)
  assert.match(api.headers.get('content-type'), /problem\+json/)
  const escape = await fetch(`${baseUrl}/%2e%2e/%2e%2e/etc/passwd`)
  assert.ok(!(await escape.text()).includes('root:'), 'no path escapes the web root')
})

test('journey 4: a failed sign-in shows the error summary; an ended session returns to sign-in', async () => {
  const page = await newPage()
  await page.goto('/')
  await heading(page, 'Sign in to Threadline')
  await check(page, 'sign-in', { screenshot: true })

  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.locator('.govuk-error-summary').waitFor()
  assert.match(await page.title(), /^Error: Sign in/)
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true, 'focus moves to the error summary')
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter your user name[\s\S]*Enter your password/)
  await check(page, 'sign-in-missing')

  await page.getByLabel('User name').fill('prosecutor')
  await page.getByLabel('Password', { exact: true }).fill('not the password at all')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.locator('.govuk-error-summary', { hasText: 'The user name, password or security code is not right' }).waitFor()
  await check(page, 'sign-in-failed', { screenshot: true })
  // The error summary links to the field.
  await page.locator('.govuk-error-summary a').first().click()
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'username')

  // A session that ends on the server sends the user back to sign in, saying why.
  await signIn(page, 'clinician')
  await page.context().clearCookies()
  await navLink(page, 'Reports').click()
  await heading(page, 'Sign in to Threadline')
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Your session has ended/)
  await check(page, 'session-ended', { screenshot: true })
  // Signing in again returns to the page asked for.
  await page.getByLabel('User name').fill('clinician')
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await heading(page, 'Reports')
  await page.context().close()
})

test('journey 1: an officer on a 360-pixel screen records a report, screens it, sees why and refers it', async () => {
  const page = await newPage({ width: 360, height: 740 })
  await signIn(page, 'officer')
  await check(page, 'home-officer', { screenshot: true })

  // The menu collapses behind a button on a narrow screen.
  await page.getByRole('button', { name: 'Menu' }).click()
  await navLink(page, 'New report').click()
  await heading(page, 'About the incident')
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.locator('.govuk-error-summary').waitFor()
  await check(page, 'new-report-errors', { screenshot: true })

  const d = new Date(Date.now() - 2 * 86400_000)
  await page.getByLabel('Day').fill(String(d.getDate()))
  await page.getByLabel('Month').fill(String(d.getMonth() + 1))
  await page.getByLabel('Year').fill(String(d.getFullYear()))
  await page.getByLabel('Time').fill('21:30')
  await page.getByLabel('Crime or incident reference (optional)').fill('CAD-BROWSER-1')
  await page.getByLabel('Harassment (PHA 1997 s2)').check()
  await check(page, 'new-report-incident')
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'What happened?')
  await page.getByLabel('What happened?').fill('He has followed her home from work four times this month and turns up at her gym.')
  await page.getByLabel('Following the victim').check()
  await page.getByLabel('Turning up at home, work or school').check()
  await check(page, 'new-report-what-happened')
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'About the victim')
  await page.getByLabel('First name').fill('Avery')
  await page.getByLabel('Last name').fill('Testperson')
  await page.getByLabel('Phone number').fill('07700 900123')
  await check(page, 'new-report-victim')
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'Do you know anything that identifies the suspect?')
  // A keyboard user: Space chooses the radio that has focus.
  await page.getByLabel('Yes').focus()
  await page.keyboard.press('Space')
  await check(page, 'new-report-suspect')
  await page.getByRole('button', { name: 'Continue' }).click()
  await heading(page, 'About the suspect')
  await page.getByLabel('First name').fill('Jordan')
  await page.getByLabel('Last name').fill('Examplar')
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'Check your answers before recording the report')
  await check(page, 'new-report-check', { screenshot: true })
  await page.getByRole('button', { name: 'Record the report' }).click()
  await page.locator('.govuk-notification-banner--success', { hasText: 'The report is recorded' }).waitFor()
  await heading(page, 'CAD-BROWSER-1')
  await check(page, 'report', { screenshot: true })

  await page.getByRole('button', { name: 'Screen this report' }).click()
  await heading(page, 'FOUR: fixated, obsessive, unwanted, repeated')
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.locator('.govuk-error-summary').waitFor()
  await check(page, 'screening-errors')
  for (const name of ['four_fixated', 'four_obsessive', 'four_unwanted', 'four_repeated']) {
    await page.locator(`input[name="${name}"][value="yes"]`).check()
  }
  await page.getByLabel('What shows the fixation?').fill('Says he will never let her go.')
  await check(page, 'screening-four', { screenshot: true })
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'Relationship and pattern')
  await page.getByLabel('Former partner').check()
  await page.getByLabel(/On how many separate occasions/).fill('6')
  await page.getByLabel(/Over how many days/).fill('30')
  await check(page, 'screening-relationship')
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'What the suspect has done')
  // The report's behaviours are already ticked.
  assert.equal(await page.getByLabel('Following the victim').isChecked(), true)
  await check(page, 'screening-behaviours')
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'Effect on the victim')
  await page.locator('input[name="alarm_distress"][value="yes"]').check()
  await page.locator('input[name="fear_of_violence"][value="yes"]').check()
  await page.getByLabel(/On how many occasions has the victim feared violence/).fill('3')
  await page.locator('input[name="serious_alarm_distress"][value="yes"]').check()
  await page.getByLabel('Changed their route or routine').check()
  await check(page, 'screening-effect')
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'Threats and violence')
  await page.locator('input[name="threats_physical"][value="yes"]').check()
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'Controlling or coercive behaviour')
  await page.getByLabel('Monitoring where the victim goes or who they see').check()
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'A single communication')
  await page.locator('input[name="single_communication"][value="no"]').check()
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'Risk')
  await page.locator('input[name="risk_very_frightened"][value="yes"]').check()
  await page.locator('input[name="risk_escalation"][value="yes"]').check()
  await check(page, 'screening-risk')
  await page.getByRole('button', { name: 'Continue' }).click()

  await heading(page, 'Check your answers before screening the report')
  await check(page, 'screening-check')
  await page.getByRole('button', { name: 'Screen the report' }).click()

  await page.locator('.govuk-notification-banner--success', { hasText: 'The screening is saved' }).waitFor()
  await heading(page, 'Stalking')
  const result = await page.locator('main').innerText()
  assert.match(result, /Why/)
  assert.match(result, /Two or more occasions/, 'the reasons are shown')
  assert.match(result, /rule repeated\.occasions/, 'each reason names its rule')
  assert.match(result, /How to record it/)
  assert.match(result, /What to do now/)
  assert.match(result, /High risk|Medium risk|Standard risk/)
  await check(page, 'screening-result')
  // The same page on a desktop screen, for the documentation.
  await page.setViewportSize({ width: 1024, height: 900 })
  await page.screenshot({ path: join(shotsDir, 'screening-result.png'), fullPage: true })
  await page.setViewportSize({ width: 360, height: 740 })

  // One button from the result refers the report to the stalking programme.
  const screeningPath = new URL(page.url()).pathname
  await page.getByRole('button', { name: 'Refer to the stalking programme' }).click()
  await heading(page, 'Refer to the stalking programme')
  await page.getByLabel('Which force’s stalking programme').selectOption('')
  await page.getByRole('button', { name: 'Send the referral' }).click()
  await page.locator('.govuk-error-summary', { hasText: 'Choose the force' }).waitFor()
  await check(page, 'refer-errors')
  await page.getByLabel('Which force’s stalking programme').selectOption({ label: 'Metropolitan Police Service' })
  await page.getByLabel('Why you are referring (optional)').fill('Fourth time this month; she has changed her route to work.')
  await check(page, 'refer', { screenshot: true })
  await page.getByRole('button', { name: 'Send the referral' }).click()
  const sent = page.locator('.govuk-notification-banner--success', { hasText: 'The referral is sent' })
  await sent.waitFor()
  assert.equal(new URL(page.url()).pathname, screeningPath, 'the officer is back on the screening result')
  const reference = (await sent.locator('strong').innerText()).trim()
  assert.ok(reference.length > 0, 'the banner gives the referral’s reference')
  await check(page, 'refer-sent')
  await page.context().close()

  // The referral waits in the programme's triage queue, carrying the report.
  const lead = await apiSession('lead')
  const queue = await lead('GET', '/api/v1/referrals?limit=200')
  assert.equal(queue.status, 200)
  const referral = queue.json.items.find((c) => c.reference === reference)
  assert.ok(referral, `referral ${reference} is in the triage queue`)
  assert.equal(referral.source, 'police_report')
  assert.equal(referral.status, 'referred')
  assert.equal(referral.report_ids.length, 1, 'the screened report goes with the referral')
})

test('journey 2: a user of one agency opening another agency’s record by id gets the not-found page', async () => {
  const page = await newPage()
  // Keyboard only: the skip link, then the form fields in order, then Enter.
  await page.goto('/sign-in')
  await heading(page, 'Sign in to Threadline')
  await page.keyboard.press('Tab')
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Skip to main content')
  await page.keyboard.press('Enter')
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content')
  await page.keyboard.press('Tab')
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'username')
  await page.keyboard.type('officer')
  await page.keyboard.press('Tab')
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
  await heading(page, 'Welcome')
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus moves to the new page’s heading')
  await page.getByLabel('Record id').focus()
  await page.keyboard.type(ids.kentReport)
  await page.keyboard.press('Enter')
  await heading(page, 'Report not found')
  assert.match(await page.locator('main').innerText(), /may belong to an agency that does not share it with yours/)
  await check(page, 'not-found', { screenshot: true })

  // The Met's own report opens for the same user, and so do the list and a person.
  await page.goto(`/reports/${ids.metReport}`)
  await heading(page, 'CAD-BROWSER-3')
  await navLink(page, 'Reports').click()
  await heading(page, 'Reports')
  await check(page, 'report-list', { screenshot: true })
  await page.getByRole('link', { name: 'Next page' }).click()
  await page.locator('caption', { hasText: 'Reports, page 2' }).waitFor()
  assert.match(page.url(), /\/reports\?page=2$/, 'the address holds a page number, not the cursor')
  await check(page, 'report-list-page-2')
  await page.getByRole('link', { name: 'Previous page' }).click()
  await page.locator('caption', { hasText: 'Latest reports' }).waitFor()
  await page.goto(`/persons/${ids.metVictim}`)
  await heading(page, 'Quinn Fieldcase')
  await check(page, 'person-own-agency')
  await page.context().close()
})

test('journey 3: an administrator shares victims’ contact details and probation then sees them', async () => {
  const probation = await newPage()
  await signIn(probation, 'probation')
  await probation.getByLabel('Person record', { exact: true }).check()
  await probation.getByLabel('Record id').fill(ids.metVictim)
  await probation.getByRole('button', { name: 'Open record' }).click()
  await heading(probation, 'Quinn Fieldcase')
  const addressRow = probation.locator('.govuk-summary-list__row', { hasText: 'Address' }).first()
  assert.match(await addressRow.innerText(), /Withheld: victim's contact details are withheld/)
  assert.ok(!(await probation.locator('main').innerText()).includes('12 Journey Road'))
  assert.match(await probation.locator('.govuk-inset-text').first().innerText(), /Shared with your agency under agreement MET-PROB-1/)
  await check(probation, 'person-withheld', { screenshot: true })

  const admin = await newPage()
  await signIn(admin, 'admin', await nextTotp())
  await check(admin, 'home-admin', { screenshot: true })
  await navLink(admin, 'Users').click()
  await heading(admin, 'Users')
  await check(admin, 'users', { screenshot: true })
  await navLink(admin, 'Sharing agreements').click()
  await heading(admin, 'Information-sharing agreements')
  await check(admin, 'agreements', { screenshot: true })
  await admin.getByRole('button', { name: 'Create a sharing agreement' }).click()
  await heading(admin, 'Create a sharing agreement')
  await check(admin, 'agreement-new', { screenshot: true })
  await admin.getByRole('button', { name: 'Create agreement' }).click()
  await admin.locator('.govuk-error-summary').waitFor()
  await check(admin, 'agreement-errors')

  const yesterday = new Date(Date.now() - 86400_000)
  await admin.getByLabel('Agreement code').fill('MET-PROB-0-VICTIM')
  await admin.getByLabel('Name', { exact: true }).fill('Met to London probation: victim safety planning')
  await admin.getByLabel('Agency that shares its records').selectOption({ label: 'Metropolitan Police Service' })
  await admin.getByLabel('Agency that receives them').selectOption({ label: 'Probation Service London' })
  await admin.getByLabel('Person records').check()
  await admin.getByLabel('Contact details', { exact: true }).check()
  await admin.getByLabel(/Victims’ contact details/).check()
  await admin.getByLabel('Purpose').fill('Exclusion zones in a licence need the victim’s address')
  const from = admin.locator('#valid-from')
  await from.getByLabel('Day').fill(String(yesterday.getDate()))
  await from.getByLabel('Month').fill(String(yesterday.getMonth() + 1))
  await from.getByLabel('Year').fill(String(yesterday.getFullYear()))
  await check(admin, 'agreement-filled')
  await admin.getByRole('button', { name: 'Create agreement' }).click()
  await admin.locator('.govuk-notification-banner--success', { hasText: 'Agreement MET-PROB-0-VICTIM is created' }).waitFor()
  await check(admin, 'agreement-created')

  await probation.reload()
  await heading(probation, 'Quinn Fieldcase')
  await probation.locator('.govuk-summary-list__row', { hasText: '12 Journey Road' }).waitFor()
  assert.match(await probation.locator('.govuk-inset-text').first().innerText(), /under agreement MET-PROB-0-VICTIM/)
  await check(probation, 'person-shared', { screenshot: true })

  // Who has seen the victim's record: probation, twice.
  await navLink(admin, 'Record audit').click()
  await heading(admin, 'Who has seen a record')
  await admin.getByLabel('Person record', { exact: true }).check()
  await admin.getByLabel('Record id').fill(ids.metVictim)
  await admin.getByRole('button', { name: 'Show who has seen it' }).click()
  await heading(admin, 'Who has seen this record')
  const audit = await admin.locator('main table').innerText()
  assert.match(audit, /Chris Evans \(demo\) \(probation\)/)
  assert.match(audit, /Probation Service London/)
  assert.match(audit, /Viewed the person record/)
  await check(admin, 'audit', { screenshot: true })
  await probation.context().close()
  await admin.context().close()
})

test('link chart: an officer opens a person’s link chart, reads its reports, identifiers and forces, and follows a node', async () => {
  // A victim recorded on two Met reports, by a suspect known by one handle
  // (written two ways) on two suspect records.
  const officer = await apiSession('officer')
  const first = await officer('POST', '/api/v1/reports', {
    force: 'met',
    reference: 'CAD-CHART-1',
    occurred_at: '2026-02-01T21:00:00Z',
    recorded_as: 'harassment_s2',
    behaviours: ['contacting'],
    parties: [
      { role: 'victim', person: { given_name: 'Imelda', family_name: 'Chartwell', dob: '1982-06-19', phones: ['07700 900661'] } },
      { role: 'suspect', person: { handles: ['@chart_watcher'] } },
    ],
  })
  assert.equal(first.status, 201, JSON.stringify(first.json))
  const victim = first.json.parties[0].person_id
  const second = await officer('POST', '/api/v1/reports', {
    force: 'met',
    reference: 'CAD-CHART-2',
    occurred_at: '2026-03-01T21:00:00Z',
    recorded_as: 'malicious_communications',
    behaviours: ['contacting', 'following'],
    parties: [
      { role: 'victim', person_id: victim },
      { role: 'suspect', person: { handles: ['@Chart_Watcher'], vehicles: ['CH26 RTW'] } },
    ],
  })
  assert.equal(second.status, 201, JSON.stringify(second.json))
  const secondSuspect = second.json.parties[1].person_id

  const page = await newPage()
  await signIn(page, 'officer')
  await page.goto(`/persons/${victim}`)
  await heading(page, 'Imelda Chartwell')
  await page.getByRole('link', { name: 'Link chart of the course of conduct' }).click()
  await heading(page, 'Link chart')
  assert.equal(new URL(page.url()).pathname, `/persons/${victim}/chart`)
  assert.equal(await page.title(), 'Link chart – Threadline')
  // The picture is drawn (the graph library's file loaded on this page only)
  // and named for assistive technology.
  await page.locator('#link-chart canvas').first().waitFor()
  assert.match(await page.locator('#link-chart').getAttribute('aria-label'), /3 person records, 2 reports, 3 identifiers and 1 force\./)

  const card = (reference) => page.locator('.govuk-summary-card', { has: page.getByRole('heading', { name: reference }) })
  assert.match(
    await card('CAD-CHART-1').innerText(),
    /Date\s+1 February 2026\s+Recorded as\s+Harassment \(PHA 1997 s2\)\s+Force\s+Metropolitan Police Service\s+People\s+Victim: Imelda Chartwell[\s\S]*Suspect: Name not recorded/,
  )
  assert.match(await card('CAD-CHART-2').innerText(), /Date\s+1 March 2026\s+Recorded as\s+Malicious communications/)
  const identifiers = await page.locator('table', { has: page.locator('caption', { hasText: 'Identifiers' }) }).innerText()
  assert.match(identifiers, /@chart_watcher\s+Online handle[^\n]*\s+Name not recorded[\s\S]*Shared by 2 records/)
  assert.match(identifiers, /07700 900661\s+Phone number/)
  assert.match(identifiers, /CH26 RTW\s+Vehicle/)
  const forces = await page.locator('table', { has: page.locator('caption', { hasText: 'Forces' }) }).innerText()
  assert.match(forces, /Metropolitan Police Service\s+2/)
  await check(page, 'link-chart', { screenshot: true })

  // A click on the chart itself: the person the chart is drawn around sits
  // alone at the top centre of the layout, and opens their record.
  const chartBox = await page.locator('#link-chart').boundingBox()
  await page.mouse.click(chartBox.x + chartBox.width / 2, chartBox.y + 47)
  await heading(page, 'Imelda Chartwell')
  assert.equal(new URL(page.url()).pathname, `/persons/${victim}`)
  await page.goBack()
  await heading(page, 'Link chart')
  await page.locator('#link-chart canvas').first().waitFor()

  // Through the chart's text to a report, and back to a suspect record.
  await card('CAD-CHART-2').getByRole('link', { name: 'CAD-CHART-2' }).click()
  await heading(page, 'CAD-CHART-2')
  assert.equal(new URL(page.url()).pathname, `/reports/${second.json.id}`)
  await page.goBack()
  await heading(page, 'Link chart')
  await page
    .locator('table', { has: page.locator('caption', { hasText: 'Identifiers' }) })
    .locator('tr', { hasText: 'CH26 RTW' })
    .getByRole('link')
    .click()
  await heading(page, 'Name not recorded')
  assert.equal(new URL(page.url()).pathname, `/persons/${secondSuspect}`)
  await page.context().close()

  // On a 360-pixel screen the chart and its tables fit and pass the same checks.
  const phone = await newPage({ width: 360, height: 800 })
  await signIn(phone, 'officer')
  await phone.goto(`/persons/${victim}/chart`)
  await heading(phone, 'Link chart')
  await phone.locator('#link-chart canvas').first().waitFor()
  const box = await phone.locator('#link-chart').boundingBox()
  assert.ok(box.width <= 360, `the chart is ${box.width} pixels wide`)
  const wide = await phone.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.slice(0, 30)}`),
  )
  assert.deepEqual(wide, [], 'nothing on the page is wider than the screen')
  await check(phone, 'link-chart-narrow')
  await phone.context().close()

  // A suspect named by two forces: the Met records them with one victim;
  // Kent, opening the Met's record under emergency access, names them on a
  // report of its own with another victim, whose record Kent does not share.
  const reached = await officer('POST', '/api/v1/reports', {
    force: 'met',
    reference: 'CAD-REACH-1',
    occurred_at: '2026-04-10T20:00:00Z',
    recorded_as: 'stalking_s2a',
    behaviours: ['following'],
    parties: [
      { role: 'victim', person: { given_name: 'Petra', family_name: 'Metcalfe' } },
      { role: 'suspect', person: { given_name: 'Barnaby', family_name: 'Crossley', dob: '1975-09-02' } },
    ],
  })
  assert.equal(reached.status, 201, JSON.stringify(reached.json))
  const [metVictim, suspect] = reached.json.parties.map((p) => p.person_id)
  const kent = await apiSession('kent-officer', undefined, 'a long pass phrase for the kent officer')
  const opened = await kent('POST', '/api/v1/emergency-access', {
    record_type: 'person',
    record_id: suspect,
    reason: 'The suspect in a Kent report is known to the Met.',
  })
  assert.equal(opened.status, 201, JSON.stringify(opened.json))
  const kentReport = await kent('POST', '/api/v1/reports', {
    force: 'kent',
    reference: 'KNT-REACH-2',
    occurred_at: '2026-05-12T19:00:00Z',
    recorded_as: 'stalking_s2a',
    behaviours: ['contacting'],
    parties: [
      { role: 'victim', person: { given_name: 'Kestrel', family_name: 'Wealdon' } },
      { role: 'suspect', person_id: suspect },
    ],
  })
  assert.equal(kentReport.status, 201, JSON.stringify(kentReport.json))
  const kentVictim = kentReport.json.parties[0].person_id
  const shared = await officer('POST', '/api/v1/emergency-access', {
    record_type: 'report',
    record_id: kentReport.json.id,
    reason: 'Kent names our suspect in a report of its own.',
  })
  assert.equal(shared.status, 201, JSON.stringify(shared.json))

  // The suspect's record: the reports in both forces, the other victims
  // (Kent's only as a pointer) and the other force with its reference.
  const person = await newPage()
  await signIn(person, 'officer')
  await person.goto(`/persons/${suspect}`)
  await heading(person, 'Barnaby Crossley')
  const section = (caption) => person.locator('table', { has: person.locator('caption', { hasText: caption }) })
  const rows = async (caption) => (await section(caption).locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim())
  assert.deepEqual(await rows('Reports naming this person'), [
    'CAD-REACH-1 Suspect Metropolitan Police Service 10 April 2026',
    'KNT-REACH-2 Suspect Kent Police 12 May 2026',
  ])
  assert.deepEqual(await rows('Victims of the reports where this person is a suspect'), [
    'Petra Metcalfe CAD-REACH-1 Metropolitan Police Service, 10 April 2026',
    `A record held by Kent Police — not shared ${kentVictim} KNT-REACH-2 Kent Police, 12 May 2026`,
  ])
  assert.deepEqual(await rows('Other forces'), ['Kent Police KNT-REACH-2 12 May 2026'])
  const main = await person.locator('main').innerText()
  assert.ok(!main.includes('Kestrel') && !main.includes('Wealdon'), 'the record Kent does not share is not named')
  assert.ok(
    main.indexOf('Reports naming this person') > main.indexOf('Record id') && main.indexOf('Other forces') < main.indexOf('Probably the same person'),
    'the sections sit between the record and its links',
  )
  await check(person, 'person-reports', { screenshot: true })
  await section('Victims of the reports').getByRole('link', { name: 'Petra Metcalfe' }).click()
  await heading(person, 'Petra Metcalfe')
  assert.equal(new URL(person.url()).pathname, `/persons/${metVictim}`)
  assert.match(await person.locator('main').innerText(), /This person is not a suspect in any report shared with your agency/)
  await check(person, 'person-victim-reports')
  await person.goBack()
  await heading(person, 'Barnaby Crossley')
  await section('Other forces').getByRole('link', { name: 'KNT-REACH-2' }).click()
  await heading(person, 'KNT-REACH-2')
  assert.equal(new URL(person.url()).pathname, `/reports/${kentReport.json.id}`)
  await person.context().close()
})

test('journey 5: the lead triages a referred case and opens the panel agenda and the harm ranking', async () => {
  // A panel made through the API, with a case nominated for today's meeting.
  const lead = await apiSession('lead')
  const panel = await lead('POST', '/api/v1/panels', {
    code: 'met-clinic-browser',
    name: 'Met stalking clinic',
    kind: 'stalking_clinic',
    area: 'met',
    schedule: 'Every Tuesday',
  })
  assert.equal(panel.status, 201, JSON.stringify(panel.json))
  const page = await newPage()
  await signIn(page, 'lead')
  await navLink(page, 'Triage queue').click()
  await heading(page, 'Triage queue')
  await check(page, 'triage-queue', { screenshot: true })
  const first = page.locator('main table tbody tr th a').first()
  const reference = (await first.innerText()).trim()
  await first.click()
  await heading(page, reference)
  assert.match(page.url(), /\/cases\/[0-9A-Z]{26}$/, 'the address holds the case id only')
  assert.equal(await page.title(), 'Case – Threadline')
  const before = await page.locator('main').innerText()
  assert.match(before, /Referred/)
  assert.match(before, /Victims’ Code/)
  assert.match(before, /Everything that happened on this case/)
  await check(page, 'case-referred', { screenshot: true })

  // Recording the triage without a tier or rationale: the error summary.
  await page.getByRole('button', { name: 'Record the triage' }).click()
  await page.locator('.govuk-error-summary').waitFor()
  assert.match(await page.title(), /^Error: Case/)
  await check(page, 'case-triage-errors')

  // "Is the conduct stalking?" is yes unless answered otherwise; "No" asks
  // for the advice to the referrer instead of a tier and plans.
  assert.equal(await page.locator('input[name="is_stalking"][value="yes"]').isChecked(), true)
  await page.locator('input[name="is_stalking"][value="no"]').check()
  await page.getByLabel('Advice to the referrer').waitFor()
  assert.equal(await page.getByRole('radio', { name: 'Tier 3', exact: true }).count(), 0, 'no tier when it is not stalking')
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('value')), 'no', 'the answer keeps the focus')
  await page.getByRole('button', { name: 'Record the triage and close the case' }).click()
  await page.locator('.govuk-error-summary', { hasText: 'Enter the advice to the referrer' }).waitFor()
  await check(page, 'case-triage-advice-errors')
  await page.locator('input[name="is_stalking"][value="yes"]').check()
  await page.getByRole('radio', { name: 'Tier 3', exact: true }).waitFor()
  assert.equal(await page.getByLabel('Advice to the referrer').count(), 0)

  await page.getByLabel('High', { exact: true }).check()
  await page.getByLabel('Non-domestic: stranger').check()
  await page.getByLabel('The victim fears violence').check()
  await page.getByRole('button', { name: 'Get suggestion' }).click()
  await page.locator('#suggestion', { hasText: 'The rules suggest tier' }).waitFor()
  assert.match(await page.locator('#suggestion').innerText(), /rule high-risk/)
  await check(page, 'case-triage-suggestion', { screenshot: true })
  await page.getByLabel('Tier 3', { exact: true }).check()
  await page.getByLabel('Rationale').fill('High risk from a stranger; the panel will manage it.')
  const suggested = /tier (\d)/.exec(await page.locator('#suggestion h3').innerText())[1]
  if (suggested !== '3') await page.getByLabel(/Reason for a different tier/).fill('The consultation judged the whole history.')
  // The action plan, in its parts, and the safeguarding plan.
  await page.getByLabel('Investigation', { exact: true }).fill('Get the bus station CCTV and the call records.')
  await page.getByLabel('Interviewing the perpetrator', { exact: true }).fill('Interview under caution after the arrest.')
  await page.getByLabel('Risk management', { exact: true }).fill('Apply for a Stalking Protection Order.')
  await page.getByLabel('Safeguarding plan').fill('Refer to the advocacy service; fit a video doorbell.')
  await check(page, 'case-triage-plans')
  await page.getByRole('button', { name: 'Record the triage', exact: true }).click()
  await page.locator('.govuk-notification-banner--success', { hasText: 'The case is triaged: tier 3' }).waitFor()
  await heading(page, reference)
  const timeline = await page.locator('table', { hasText: 'Everything that happened on this case' }).innerText()
  assert.match(timeline, /Triaged: tier 3/)
  assert.match(timeline, /Plan agreed at triage \(action_plan\)/)
  assert.match(await page.locator('main').innerText(), /Rationale: High risk from a stranger/)
  const actionPlan = await page.locator('.govuk-summary-card', { hasText: 'Action plan' }).innerText()
  assert.match(actionPlan, /Investigation\s+Get the bus station CCTV and the call records\./)
  assert.match(actionPlan, /Interviewing the perpetrator\s+Interview under caution after the arrest\./)
  assert.match(actionPlan, /Risk management\s+Apply for a Stalking Protection Order\./)
  assert.ok(!/Crime recording/.test(actionPlan), 'a part left empty is not recorded')
  assert.match(
    await page.locator('.govuk-summary-card', { hasText: 'Safeguarding plan' }).innerText(),
    /Refer to the advocacy service; fit a video doorbell\./,
  )
  await check(page, 'case-triaged', { screenshot: true })

  // Another referral is not stalking: the advice to the referrer closes it.
  await navLink(page, 'Triage queue').click()
  await heading(page, 'Triage queue')
  const next = page.locator('main table tbody tr th a').first()
  const nextReference = (await next.innerText()).trim()
  await next.click()
  await heading(page, nextReference)
  await page.locator('input[name="is_stalking"][value="no"]').check()
  await page.getByLabel('Standard', { exact: true }).check()
  await page.getByLabel('Non-domestic: neighbour').check()
  await page.getByLabel('Advice to the referrer').fill('A boundary dispute: give mediation details, and refer again if the contact continues.')
  await page.getByRole('button', { name: 'Record the triage and close the case' }).click()
  await page.locator('.govuk-notification-banner--success', { hasText: 'The case is closed with advice to the referrer' }).waitFor()
  await heading(page, nextReference)
  const closed = await page.locator('main .govuk-summary-list').first().innerText()
  assert.match(closed, /Status\s+Closed/)
  assert.match(closed, /Advice to the referrer\s+A boundary dispute: give mediation details/)
  assert.equal(await page.getByRole('button', { name: 'Log a contact' }).count(), 0, 'nothing more is recorded on a closed case')
  await check(page, 'case-closed-advice', { screenshot: true })

  // A case further on, from the list: withheld events say why.
  await navLink(page, 'Cases').click()
  await heading(page, 'Cases')
  await check(page, 'case-list', { screenshot: true })
  await page.locator('main table tbody tr', { hasText: 'Tier 4' }).first().locator('a').click()
  await page.locator('main h2', { hasText: 'Decisions' }).waitFor()
  assert.match(await page.locator('main').innerText(), /Victims’ Code clock/)
  // A tier 4 case's perpetrator management and order breaches are shown too.
  await page.locator('main h2', { hasText: 'Perpetrator management' }).waitFor()
  await check(page, 'case-open')

  await navLink(page, 'Panels').click()
  await heading(page, 'Panels')
  await check(page, 'panels', { screenshot: true })
  await page.getByRole('link', { name: 'Met stalking clinic' }).click()
  await heading(page, 'Met stalking clinic')
  await page.locator('main table, main p', { hasText: /Agenda for|Nothing is on the agenda/ }).first().waitFor()
  assert.match(page.url(), /\/panels\/[0-9A-Z]{26}$/)
  await check(page, 'panel-agenda', { screenshot: true })
  await page.getByRole('link', { name: 'Back' }).click()
  await heading(page, 'Panels')
  // The demo clinic met thirteen weeks before next Tuesday: its agenda
  // shows who attended, gathered from the minutes of each case.
  const today = Math.floor(Date.now() / 86400_000)
  const weekday = (new Date(today * 86400_000).getUTCDay() + 6) % 7 // 0 = Monday
  const ahead = (1 - weekday + 7) % 7 || 7
  const met = new Date((today + ahead - 91) * 86400_000).toISOString().slice(0, 10)
  await page.getByRole('link', { name: 'Metropolitan Police stalking clinic' }).click()
  await heading(page, 'Metropolitan Police stalking clinic')
  await page.locator('#date').fill(met)
  await page.getByRole('button', { name: 'Show the agenda' }).click()
  const attended = page.locator('main table', { hasText: 'Cases attended' })
  await attended.waitFor()
  const register = await attended.innerText()
  assert.match(register, /Metropolitan Police Service/)
  assert.match(register, /psychologist/)
  assert.match(register, /advocate/)
  await check(page, 'panel-agenda-met', { screenshot: true })
  await page.getByRole('link', { name: 'Back' }).click()
  await heading(page, 'Panels')
  await page.getByRole('link', { name: /perpetrators of most harm/ }).click()
  await heading(page, 'Harm ranking')
  assert.match(await page.locator('main').innerText(), /recency/)
  await check(page, 'ranking', { screenshot: true })
  await page.context().close()
})

test('journey 6: an analyst reads the attrition funnel, switches to a table and downloads the return', async () => {
  // An officer's role does not include the statistics: no link, and the page says so.
  const officer = await newPage()
  await signIn(officer, 'officer')
  assert.equal(await navLink(officer, 'Dashboards').count(), 0, 'an officer has no Dashboards link')
  await officer.goto('/dashboards')
  await heading(officer, 'You do not have permission to see this page')
  await check(officer, 'dashboards-forbidden')
  assert.equal((await officer.request.get('/api/v1/stats/funnel')).status(), 403)
  await officer.context().close()

  const page = await newPage()
  await signIn(page, 'analyst')
  await navLink(page, 'Dashboards').click()
  await heading(page, 'Attrition funnel')
  assert.match(page.url(), /\/dashboards$/)
  assert.match(await page.title(), /^Dashboards: Attrition funnel/)
  const chart = page.locator('main canvas[role="img"]').first()
  await chart.waitFor()
  const summary = await chart.getAttribute('aria-label')
  assert.ok(summary && summary.trim().length > 0, 'the chart has a text summary')
  assert.match(summary, /Reports/)
  assert.match(await page.locator('main').innerText(), /Figures from .+ to .+ for all forces/)
  await check(page, 'dashboards-funnel', { screenshot: true })

  // The same figures as a table.
  const funnel = page.locator('main details').first()
  await funnel.locator('summary').click()
  const table = funnel.locator('table')
  await table.waitFor({ state: 'visible' })
  assert.equal(await table.getByRole('rowheader', { name: 'Reports', exact: true }).count(), 1, 'the table has the Reports row')
  assert.match(await table.locator('thead').innerText(), /Step[\s\S]*Reports[\s\S]*Previous period/)
  const csv = await page.getByRole('link', { name: /^Download CSV/ }).getAttribute('href')
  assert.match(csv, /^\/api\/v1\/stats\/funnel\?.*format=csv/)
  await check(page, 'dashboards-funnel-table')

  // One force: the filter goes into the address, and survives a reload.
  await page.getByLabel('Force', { exact: true }).selectOption({ label: 'Metropolitan Police Service' })
  await page.getByRole('button', { name: 'Show', exact: true }).click()
  await page.waitForURL(/force=/)
  assert.match(page.url(), /\/dashboards\?(.*&)?force=met(&|$)/)
  await heading(page, 'Attrition funnel')
  await page.locator('main p', { hasText: 'for Metropolitan Police Service' }).waitFor()
  await page.reload()
  await heading(page, 'Attrition funnel')
  assert.equal(await page.getByLabel('Force', { exact: true }).inputValue(), 'met', 'the force is still chosen after a reload')
  await page.locator('main canvas[role="img"]').first().waitFor()
  await check(page, 'dashboards-funnel-force', { screenshot: true })

  // Another measure keeps the filters.
  await page.getByRole('navigation', { name: 'Measures' }).getByRole('link', { name: 'Programme', exact: true }).click()
  await page.waitForURL(/\/dashboards\/programme\?/)
  await page.locator('main h1', { hasText: /Programme/ }).waitFor()
  assert.match(page.url(), /force=met/)
  assert.equal(await page.getByLabel('Force', { exact: true }).inputValue(), 'met')
  assert.ok((await page.locator('main h2').count()) > 0, 'the programme has series')
  await check(page, 'dashboards-programme', { screenshot: true })

  // The commissioner's return, as a spreadsheet.
  await page.getByRole('navigation', { name: 'Measures' }).getByRole('link', { name: /return/ }).click()
  await page.waitForURL(/\/dashboards\/return/)
  await page.locator('main h1', { hasText: /return/i }).waitFor()
  await page.getByRole('link', { name: /spreadsheet \(XLSX\)/ }).waitFor()
  await check(page, 'dashboards-return', { screenshot: true })
  const xlsxHref = await page.getByRole('link', { name: /spreadsheet \(XLSX\)/ }).getAttribute('href')
  assert.match(xlsxHref, /^\/api\/v1\/stats\/return\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&format=xlsx$/)
  const xlsx = await page.request.get(xlsxHref)
  assert.equal(xlsx.status(), 200)
  assert.match(xlsx.headers()['content-type'], /spreadsheetml/)
  assert.equal((await xlsx.body()).subarray(0, 2).toString('latin1'), 'PK', 'the spreadsheet is a zip file')
  const returnCsv = await page.request.get(await page.getByRole('link', { name: /return as CSV/ }).getAttribute('href'))
  assert.equal(returnCsv.status(), 200)
  assert.match(returnCsv.headers()['content-type'], /^text\/csv/)

  // A period the server refuses: the error summary, linked to the field.
  await page.getByLabel('Start date').fill('not a date')
  await page.getByRole('button', { name: 'Show', exact: true }).click()
  await page.locator('.govuk-error-summary', { hasText: 'Start date must be a date' }).waitFor()
  assert.match(await page.title(), /^Error: Dashboards/)
  await check(page, 'dashboards-errors')
  await page.locator('.govuk-error-summary a').first().click()
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'from')
  await page.context().close()
})

// The date parts of a local date, as a GOV.UK date input takes them.
async function fillDate(scope, date) {
  await scope.getByLabel('Day').fill(String(date.getDate()))
  await scope.getByLabel('Month').fill(String(date.getMonth() + 1))
  await scope.getByLabel('Year').fill(String(date.getFullYear()))
}

test('journey 7: an advocate logs a contact with the victim and sees the Victims’ Code clock', async () => {
  // The demo's open tier 2 domestic cases have the advocacy service
  // allocated, with the victim's safe-contact preferences: email or through
  // the advocate, weekday evenings, a code word.
  const advocate = await apiSession('advocate')
  const open = await advocate('GET', '/api/v1/cases?status=open&limit=100')
  assert.equal(open.status, 200, JSON.stringify(open.json))
  let kase
  for (const c of open.json.items.filter((c) => c.tier === 2 && c.case_type === 'domestic_ex_intimate')) {
    const prefs = await advocate('GET', `/api/v1/cases/${c.id}/safe-contact`)
    const latest = prefs.json.items.at(-1)?.body
    if (latest?.channels.includes('email') && !latest.channels.includes('phone')) {
      kase = c
      break
    }
  }
  assert.ok(kase, 'the demo has an open tier 2 case with the victim’s safe-contact preferences')
  // A case with a decision the victim has been told of (the Met shares its
  // decisions with the advocacy service under MET-ADV-1).
  let decided
  for (const c of open.json.items.filter((c) => c.tier >= 3)) {
    const decisions = await advocate('GET', `/api/v1/cases/${c.id}/decisions`)
    if (decisions.json.items.some((d) => ['met', 'breached'].includes(d.victims_code_clock?.state))) {
      decided = c
      break
    }
  }
  assert.ok(decided, 'the demo has an open case with a decision the victim was told of')

  const page = await newPage()
  await signIn(page, 'advocate')
  await page.goto(`/cases/${kase.id}`)
  await heading(page, kase.reference)
  const preferences = await page.locator('main dl', { hasText: 'How to contact' }).innerText()
  assert.match(preferences, /Email[\s\S]*Through the advocate/)
  assert.match(preferences, /Weekdays after 6pm/)
  assert.match(preferences, /Code word\s+bluebell/)
  // The advocacy records are on the case page, each with what it holds.
  await page.locator('main h2', { hasText: 'Victim advocacy' }).waitFor()
  const advocacy = await page.locator('main').innerText()
  assert.match(advocacy, /Needs assessment, /)
  assert.match(advocacy, /Advocacy referral, /)
  const timelineRows = (p) => p.locator('table', { hasText: 'Everything that happened on this case' }).locator('tbody tr', { hasText: 'Contact with victim by email' }).count()
  const emailsBefore = await timelineRows(page)
  await check(page, 'case-advocate', { screenshot: true })

  await page.getByRole('button', { name: 'Log a contact' }).click()
  await heading(page, 'Log a contact')
  assert.match(page.url(), /\/cases\/[0-9A-Z]{26}\/add\/contact$/, 'the address holds the case id only')
  assert.equal(await page.title(), 'Log a contact – Threadline')
  // The preferences come first, and the channels the victim agreed to say so.
  assert.match(await page.locator('main dl').first().innerText(), /Email[\s\S]*Through the advocate/)
  assert.match(await page.locator('.govuk-radios__item', { hasText: 'Email' }).innerText(), /The victim agreed to this/)
  await check(page, 'contact-new', { screenshot: true })

  await page.getByRole('button', { name: 'Log the contact' }).click()
  await page.locator('.govuk-error-summary').waitFor()
  assert.match(await page.title(), /^Error: Log a contact/)
  assert.match(
    await page.locator('.govuk-error-summary').innerText(),
    /Select who the contact was with[\s\S]*Select how the contact was made[\s\S]*Enter the date of the contact[\s\S]*Enter the time of the contact/,
  )
  await check(page, 'contact-errors')

  // By phone, which the victim has not agreed to: the server refuses, and says why.
  const when = new Date(Date.now() - 3600_000)
  await page.getByLabel('The victim', { exact: true }).check()
  await page.getByLabel('Phone', { exact: true }).check()
  await fillDate(page, when)
  await page.getByLabel('Time', { exact: true }).fill(`${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`)
  await page.getByLabel('Summary (optional)').fill('Went through the new safety plan together.')
  await page.getByRole('button', { name: 'Log the contact' }).click()
  const refusal = page.locator('.govuk-error-summary', { hasText: 'do not allow contact by phone' })
  await refusal.waitFor()
  assert.match(await refusal.innerText(), /Use email or through the advocate, or give a reason/)
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true, 'focus moves to the error summary')
  await page.getByLabel('Reason for using a channel the victim has not agreed to').waitFor()
  assert.equal(await page.getByLabel('Summary (optional)').inputValue(), 'Went through the new safety plan together.', 'the answers are kept')
  // The refusal is the server's 409, which the browser logs as a failed request.
  page.problems = page.problems.filter((p) => !/status of 409 \(Conflict\)/.test(p))
  await check(page, 'contact-refused', { screenshot: true })
  await refusal.locator('a').first().click()
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'channel', 'the summary links to the channel')

  // By email, as the victim agreed.
  await page.getByLabel('Email', { exact: true }).check()
  await page.getByRole('button', { name: 'Log the contact' }).click()
  await page.locator('.govuk-notification-banner--success', { hasText: 'The contact is logged' }).waitFor()
  await heading(page, kase.reference)
  const contacts = await page.locator('table', { hasText: 'Contacts on this case' }).innerText()
  assert.match(contacts, /The victim\s+Email[\s\S]*Went through the new safety plan together\./)
  assert.equal(await timelineRows(page), emailsBefore + 1, 'the contact is on the timeline')
  await check(page, 'case-contact-logged', { screenshot: true })

  // A decision's Victims' Code clock, in words; telling the victim is the
  // police's to record, so the advocate has no link for it.
  await page.goto(`/cases/${decided.id}`)
  await heading(page, decided.reference)
  const decisions = await page.locator('table', { hasText: 'Decisions on this case' }).innerText()
  assert.match(decisions, /(Met|Breached) Told on .+; due by /)
  assert.equal(await page.getByRole('link', { name: /Tell the victim/ }).count(), 0)
  await check(page, 'case-decisions-advocate')
  await page.context().close()
})

test('journey 7: an officer tells the victim of a decision within the Victims’ Code time and adds an action', async () => {
  // The demo tells victims of its decisions; an arrest recorded today
  // starts a new clock (one working day, enhanced rights).
  const officer = await apiSession('officer')
  const open = await officer('GET', '/api/v1/cases?status=open&tier=4&limit=100')
  assert.equal(open.status, 200, JSON.stringify(open.json))
  const kase = open.json.items[0]
  assert.ok(kase, 'the demo has an open tier 4 case')
  const awaiting = (await officer('GET', `/api/v1/cases/${kase.id}/decisions`)).json.items.filter((d) => d.status === 'awaiting')
  if (!awaiting.length) {
    const today = new Date()
    const occurred = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`
    const outcome = await officer('POST', `/api/v1/cases/${kase.id}/outcomes`, { report_id: kase.report_ids[0], kind: 'arrested', occurred_on: occurred })
    assert.equal(outcome.status, 201, JSON.stringify(outcome.json))
  }

  const page = await newPage()
  await signIn(page, 'officer')
  await page.goto(`/cases/${kase.id}`)
  await heading(page, kase.reference)
  const row = page.locator('table', { hasText: 'Decisions on this case' }).locator('tbody tr', { hasText: 'Awaiting' }).first()
  assert.match(await row.innerText(), /Awaiting Tell the victim by .+ \(\d working days?\)/)
  await check(page, 'case-decision-awaiting', { screenshot: true })

  await row.getByRole('link', { name: /^Tell the victim of the .+ decision$/ }).click()
  await heading(page, 'Tell the victim about a decision')
  assert.match(page.url(), /\/cases\/[0-9A-Z]{26}\/inform\/[0-9A-Z]{26}$/, 'the address holds record ids only')
  assert.match(await page.locator('main dl').first().innerText(), /Victims’ Code clock\s+Awaiting/)
  await check(page, 'decision-inform', { screenshot: true })
  await page.getByRole('button', { name: 'Record that the victim was told' }).click()
  await page.locator('.govuk-error-summary').waitFor()
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the date the victim was told[\s\S]*Select how the victim was told/)
  await check(page, 'decision-inform-errors')

  await fillDate(page, new Date())
  await page.getByLabel('Letter', { exact: true }).check()
  await page.getByRole('button', { name: 'Record that the victim was told' }).click()
  const banner = page.locator('.govuk-notification-banner--success', { hasText: 'The victim is recorded as told' })
  await banner.waitFor()
  assert.match(await banner.innerText(), /Met: the victim was told in time/)
  await heading(page, kase.reference)
  assert.match(await page.locator('table', { hasText: 'Decisions on this case' }).innerText(), /Met Told on /)
  assert.match(await page.locator('table', { hasText: 'Everything that happened on this case' }).innerText(), /Victim informed of the decision/)
  await check(page, 'case-decision-informed', { screenshot: true })

  // An action for the case, owned by the officer's force.
  await page.getByRole('button', { name: 'Add an action' }).click()
  await heading(page, 'Add an action')
  assert.match(page.url(), /\/cases\/[0-9A-Z]{26}\/add\/action$/)
  assert.equal(await page.getByLabel('Agency that owns it').inputValue(), 'met', 'the officer’s own force owns it unless changed')
  await page.getByRole('button', { name: 'Add the action' }).click()
  await page.locator('.govuk-error-summary').waitFor()
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter what needs to be done[\s\S]*Select a category[\s\S]*Enter the due date/)
  await check(page, 'action-errors')
  await page.getByLabel('What needs to be done').fill('Take a statement about the arrest from the victim')
  await page.getByLabel('Investigation', { exact: true }).check()
  await fillDate(page, new Date(Date.now() + 7 * 86400_000))
  await check(page, 'action-new', { screenshot: true })
  await page.getByRole('button', { name: 'Add the action' }).click()
  await page.locator('.govuk-notification-banner--success', { hasText: 'The action is added' }).waitFor()
  await heading(page, kase.reference)
  assert.match(
    await page.locator('table', { hasText: 'Actions on this case' }).innerText(),
    /Take a statement about the arrest from the victim\s+Investigation\s+Metropolitan Police Service\s+Open/,
  )
  await page.context().close()
})

// Where "Exit this page" goes. Nothing may leave loopback: the exit
// destination is answered here, and every request that would have left is
// noted in `left`.
const EXIT = 'https://www.bbc.co.uk/weather'
async function keepLocal(context, left) {
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (new URL(url).hostname === '127.0.0.1') return route.continue()
    left.push(url)
    if (url === EXIT) {
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' })
    }
    return route.abort()
  })
}

test('journey 8: the self-referral form and its exit control', async () => {
  const left = []
  const guard = (context) => keepLocal(context, left)

  // An anonymous visitor on a phone, from the sign-in page's link.
  const page = await newPage({ width: 360, height: 740 })
  await guard(page.context())
  await page.goto('/sign-in')
  await heading(page, 'Sign in to Threadline')
  await page.getByRole('link', { name: 'Refer yourself or someone else' }).click()
  await heading(page, 'Get help')
  assert.equal(new URL(page.url()).pathname, '/self-referral')
  assert.equal(await page.title(), 'Get help – Threadline', 'a neutral title')
  const historyLength = await page.evaluate(() => history.length)
  const exit = page.getByRole('button', { name: 'Emergency Exit this page' })
  assert.equal(await exit.getAttribute('href'), EXIT)
  // The exit control comes first on the page, before the heading.
  assert.ok(
    await page.evaluate(() => {
      const button = document.querySelector('.govuk-exit-this-page')
      return !!button && !!(button.compareDocumentPosition(document.querySelector('main h1')) & Node.DOCUMENT_POSITION_FOLLOWING)
    }),
  )

  await check(page, 'self-referral', { screenshot: true })

  await page.getByRole('button', { name: 'Send' }).click()
  await page.locator('.govuk-error-summary').waitFor()
  assert.equal(await page.title(), 'Error: Get help – Threadline')
  assert.match(
    await page.locator('.govuk-error-summary').innerText(),
    /Select who is filling in this form[\s\S]*Enter what is happening[\s\S]*Select when it started[\s\S]*Select yes if you are in immediate danger now[\s\S]*Select the area where you live[\s\S]*Select yes if we can contact you[\s\S]*Select yes if we can share/,
  )
  await check(page, 'self-referral-errors')

  await page.getByLabel('I am filling it in for someone else').check()
  await page.getByLabel('If you are filling it in for someone else, how do you know them?').fill('A friend of Avery')
  await page.getByLabel('What is happening?').fill('Jordan Examplar follows Avery home from the station and sends messages all night.')
  await page.getByLabel('1 to 6 months ago').check()
  await page.locator('input[name="immediate_danger"][value="yes"]').check()
  await page.getByLabel('Which police force area do you live in?').selectOption({ label: 'Metropolitan Police Service' })
  await page.locator('input[name="contact_wanted"][value="yes"]').check()
  await page.getByLabel('What should we call you? (optional)').fill('Avery')
  await page.getByLabel('Phone number').fill('07700 900123')
  await page.getByLabel('Text message').check()
  await page.getByLabel('When is it safe to contact you? (optional)').fill('Weekdays after 10am')
  await page.locator('input[name="leave_message"][value="no"]').check()
  await page.getByLabel('A code word (optional)').fill('Testperson')
  await page.locator('input[name="consent_to_share"][value="yes"]').check()
  await check(page, 'self-referral-filled')

  await page.getByRole('button', { name: 'Send' }).click()
  await page.locator('.govuk-panel', { hasText: 'Your referral has been sent' }).waitFor()
  const reference = /STK-\d{4}-\d{6}/.exec(await page.locator('.govuk-panel').innerText())?.[0]
  assert.ok(reference, 'the confirmation shows the reference number')
  assert.match(await page.locator('.govuk-warning-text').innerText(), /immediate danger: call 999 now/)
  assert.match(await page.locator('main').innerText(), /What happens next[\s\S]*National Stalking Helpline/)
  assert.equal(await page.title(), 'Get help – Threadline', 'the same title after sending')
  assert.equal(new URL(page.url()).pathname, '/self-referral', 'one address for the whole form')
  assert.equal(await page.evaluate(() => history.length), historyLength, 'no history entry per step')
  await check(page, 'self-referral-sent', { screenshot: true })
  // Nothing stored in the browser: no storage, no cookies, no databases.
  assert.deepEqual(
    await page.evaluate(async () => ({
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
      cookie: document.cookie,
      databases: (await indexedDB.databases()).map((d) => d.name),
    })),
    { local: [], session: [], cookie: '', databases: [] },
  )
  assert.deepEqual(await page.context().cookies(), [])
  await page.context().close()

  // The Met's lead finds it in the triage queue, from the public.
  const lead = await apiSession('lead')
  const queue = await lead('GET', '/api/v1/referrals?limit=200')
  assert.equal(queue.status, 200)
  const kase = queue.json.items.find((c) => c.reference === reference)
  assert.ok(kase, `${reference} is in the triage queue`)
  assert.equal(kase.source, 'self')
  assert.equal(kase.status, 'referred')

  // The exit control: a click, then pressing Shift three times.
  for (const how of ['click', 'shift']) {
    const fresh = await newPage({ width: 360, height: 740 })
    await guard(fresh.context())
    await fresh.goto('/self-referral')
    await heading(fresh, 'Get help')
    await fresh.getByLabel('What is happening?').fill('Avery is being followed')
    if (how === 'click') {
      await fresh.getByRole('button', { name: 'Emergency Exit this page' }).click()
    } else {
      await fresh.getByLabel('What is happening?').focus()
      for (let i = 0; i < 3; i++) await fresh.keyboard.press('Shift')
    }
    await fresh.waitForURL(EXIT)
    assert.equal(await fresh.title(), 'Weather', `the ${how} left for the neutral site`)
    await fresh.context().close()
  }
  assert.ok(left.every((url) => url === EXIT), `requests that would have left loopback: ${left}`)
  assert.equal(left.length, 2)
})

test('journey 8: after leaving the self-referral page, pressing Shift three times does nothing', async () => {
  const left = []
  const page = await newPage()
  await keepLocal(page.context(), left)
  await page.goto('/self-referral')
  await heading(page, 'Get help')
  // Away to another page of the application, without a page load: the
  // service name in the header leads home, and home to sign in.
  await page.getByRole('link', { name: 'Threadline', exact: true }).click()
  await heading(page, 'Sign in to Threadline')
  assert.equal(await page.locator('.govuk-exit-this-page').count(), 0)
  await page.getByLabel('User name').focus()
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift')
  await page.waitForTimeout(1000)
  assert.equal(new URL(page.url()).pathname, '/sign-in', 'three Shift presses away from the form stay in the application')
  assert.deepEqual(left, [], 'nothing left for the exit page')
  await check(page, 'sign-in-after-self-referral')

  // Back on the form, the shortcut works again, once.
  await page.goBack()
  await heading(page, 'Get help')
  await page.getByLabel('What is happening?').focus()
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift')
  await page.waitForURL(EXIT)
  assert.deepEqual(left, [EXIT])
  await page.context().close()
})

// The parts of an ISO date ("2026-06-02"), as a GOV.UK date input takes them.
async function fillIsoDate(scope, iso) {
  const [year, month, day] = iso.split('-')
  await scope.getByLabel('Day').fill(String(Number(day)))
  await scope.getByLabel('Month').fill(String(Number(month)))
  await scope.getByLabel('Year').fill(year)
}

const isoDay = (date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`

test('journey 9: a stalking lead records an order, its breach, an intervention, a reassessment, evidence and an outcome, and a panel chair writes minutes', async () => {
  // An open tier 1 case of the demo: no orders, interventions or evidence yet.
  const lead = await apiSession('lead')
  const open = await lead('GET', '/api/v1/cases?status=open&tier=1&limit=100')
  assert.equal(open.status, 200, JSON.stringify(open.json))
  const kase = open.json.items.find((c) => c.report_ids.length === 1 && c.risk_level === 'standard')
  assert.ok(kase, 'the demo has an open tier 1 case')
  const today = new Date()
  const yesterday = new Date(Date.now() - 86400_000)
  const formatted = (date) => date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
  const banner = (text) => page.locator('.govuk-notification-banner--success', { hasText: text })
  const timeline = () => page.locator('table', { hasText: 'Everything that happened on this case' }).innerText()
  const card = (title) => page.locator('.govuk-summary-card', { has: page.locator('.govuk-summary-card__title', { hasText: title }) })
  const errorSummary = page => page.locator('.govuk-error-summary')

  const page = await newPage()
  await signIn(page, 'lead')
  await page.goto(`/cases/${kase.id}`)
  await heading(page, kase.reference)

  // A protection order: the form's own checks first.
  await page.getByRole('button', { name: 'Record a protection order' }).click()
  await heading(page, 'Record a protection order')
  assert.match(page.url(), /\/cases\/[0-9A-Z]{26}\/add\/order$/, 'the address holds the case id only')
  assert.equal(await page.title(), 'Record a protection order – Threadline')
  await check(page, 'order-new', { screenshot: true })
  await page.getByLabel('Another condition').check()
  await page.getByRole('button', { name: 'Record the order' }).click()
  await errorSummary(page).waitFor()
  assert.match(await page.title(), /^Error: Record a protection order/)
  assert.match(await errorSummary(page).innerText(), /Select the type of order[\s\S]*Enter what the other condition is/)
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true, 'focus moves to the error summary')
  await check(page, 'order-errors')
  await errorSummary(page).locator('a').first().click()
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'order_type', 'the summary links to the question')
  await page.getByLabel('Stalking Protection Order').check()
  await page.getByLabel('Court (optional)').fill('Highbury Corner Magistrates’ Court')
  await page.getByLabel('Another condition').uncheck()
  await page.getByLabel('No contact with the victim').check()
  await page.getByLabel('An exclusion zone').check()
  await page.getByLabel('Where the exclusion zone is (if there is one)').fill('The victim’s street and the station at its end')
  await check(page, 'order-filled')
  await page.getByRole('button', { name: 'Record the order' }).click()
  await banner('The protection order is recorded').waitFor()
  await heading(page, kase.reference)
  const orders = page.locator('table', { hasText: 'Protection orders on this case' })
  assert.match(await orders.innerText(), /Stalking Protection Order\s+Considered/)
  assert.match(await timeline(), /Protection order \(spo\) considered/)

  // Its lifecycle: the application, then the full order.
  const update = async (step) => {
    await orders.getByRole('link', { name: /^Update the Stalking Protection Order/ }).click()
    await heading(page, 'Update a protection order')
    assert.match(page.url(), /\/cases\/[0-9A-Z]{26}\/update\/[0-9A-Z]{26}$/, 'the address holds record ids only')
    await page.getByLabel(step, { exact: true }).check()
    await fillDate(page.locator('#on'), today)
  }
  await update('Application made to the court')
  await check(page, 'order-update', { screenshot: true })
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await banner('The protection order is updated: application made to the court').waitFor()
  assert.match(await orders.innerText(), /Stalking Protection Order\s+Applied for[\s\S]*Application made to the court, /)
  assert.match(await timeline(), /Application made \(spo\) on /)

  // A full order for one year: the server refuses (an SPO runs at least two).
  await update('Full order granted')
  await fillDate(page.locator('#expires_on'), new Date(Date.now() + 365 * 86400_000))
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  const refusal = page.locator('.govuk-error-summary', { hasText: 'lasts at least two years' })
  await refusal.waitFor()
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true)
  assert.equal(await page.getByLabel('Full order granted', { exact: true }).isChecked(), true, 'the answers are kept')
  // The refusal is the server's 400, which the browser logs as a failed request.
  page.problems = page.problems.filter((p) => !/status of 400 \(Bad Request\)/.test(p))
  await check(page, 'order-refused', { screenshot: true })
  await refusal.locator('a').first().click()
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'expires_on-day', 'the summary links to the expiry date')
  const expires = new Date(Date.now() + 3 * 365 * 86400_000)
  await fillDate(page.locator('#expires_on'), expires)
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await banner('The protection order is updated: full order granted').waitFor()
  assert.match(await orders.innerText(), new RegExp(`Full order granted[\\s\\S]*${formatted(expires)}`))

  // Varied: no contact online either.
  await update('Varied')
  await page.getByLabel('No contact online or on social media').check()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await banner('The protection order is updated: varied').waitFor()
  assert.match(await orders.innerText(), /Full order granted[\s\S]*Varied, /)
  assert.match(await timeline(), /Order varied \(spo\) on /)

  // A breach of the order.
  await page.getByRole('button', { name: 'Record a breach of an order' }).click()
  await heading(page, 'Record a breach of an order')
  assert.equal(await page.getByLabel('Stalking Protection Order').isChecked(), true, 'the only order in force is chosen')
  await fillDate(page, yesterday)
  await page.getByLabel('What happened?').fill('Seen waiting at the end of the victim’s street at 7am.')
  await page.getByLabel('Arrested', { exact: true }).check()
  await check(page, 'breach-new', { screenshot: true })
  await page.getByRole('button', { name: 'Record the breach' }).click()
  await banner('The breach is recorded').waitFor()
  await heading(page, kase.reference)
  assert.match(await card('Breach, ').innerText(), /Seen waiting at the end of the victim’s street at 7am\.[\s\S]*Arrested/)
  assert.match(await timeline(), /Breach of an order on \d{4}-\d{2}-\d{2}, outcome arrested/)

  // An intervention for the perpetrator, then its start.
  await page.getByRole('button', { name: 'Refer to an intervention' }).click()
  await heading(page, 'Refer to an intervention')
  await page.getByLabel('Programme').fill('Stalking intervention programme')
  await page.getByLabel('Who provides it').fill('NHS stalking clinic')
  await fillDate(page, today)
  await check(page, 'intervention-new', { screenshot: true })
  await page.getByRole('button', { name: 'Refer to the intervention' }).click()
  await banner('The referral to the intervention is recorded').waitFor()
  assert.match(await card('Intervention, ').innerText(), /Status\s+Referred[\s\S]*Stalking intervention programme/)
  assert.match(await timeline(), /Intervention recorded/)
  await card('Intervention, ').getByRole('link', { name: /^Update the intervention recorded on / }).click()
  await heading(page, 'Update an intervention')
  await page.getByLabel('Started', { exact: true }).check()
  await fillDate(page.locator('#on'), today)
  await page.getByLabel('Good', { exact: true }).check()
  await check(page, 'intervention-update')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await banner('The intervention is updated: started').waitFor()
  assert.match(await card('Intervention, ').innerText(), /Status\s+Started[\s\S]*Engagement\s+Good/)

  // A risk reassessment: high now, so the case's risk level rises.
  await page.getByRole('button', { name: 'Record a risk reassessment' }).click()
  await heading(page, 'Record a risk reassessment')
  await page.getByLabel(/^SASH/).check()
  await page.getByLabel('High', { exact: true }).check()
  await fillDate(page, today)
  await page.getByLabel('Notes (optional)').fill('Breached the order within a week; fixated on the victim’s new route.')
  await check(page, 'risk-assessment-new', { screenshot: true })
  await page.getByRole('button', { name: 'Record the reassessment' }).click()
  await banner('The risk reassessment is recorded').waitFor()
  assert.match(await banner('The risk reassessment is recorded').innerText(), /The case’s risk level is now high/)
  assert.match(await page.locator('main .govuk-summary-list').first().innerText(), /Risk level\s+High/)
  assert.match(await card('Risk assessment, ').innerText(), /SASH[\s\S]*High/)
  assert.match(await timeline(), /Risk assessment \(sash\): high/)

  // Evidence, by the digest of its content.
  const digest = createHash('sha256').update('screenshots of the messages, as exported').digest('hex')
  await page.getByRole('button', { name: 'Add evidence' }).click()
  await heading(page, 'Add evidence')
  await page.getByLabel('What is it?').fill('Screenshots of 40 messages sent in one night')
  await page.getByLabel('Screenshots', { exact: true }).check()
  await page.getByLabel('The victim', { exact: true }).check()
  await fillDate(page, yesterday)
  await page.getByLabel('SHA-256 digest of the content').fill(digest)
  await page.getByLabel('Report 1').check()
  await check(page, 'evidence-new', { screenshot: true })
  await page.getByRole('button', { name: 'Add the evidence' }).click()
  await banner('The evidence is added').waitFor()
  assert.match(await card('Evidence item, ').innerText(), new RegExp(`Screenshots of 40 messages sent in one night[\\s\\S]*${digest}`))
  assert.match(await timeline(), /Evidence item recorded \(screenshot\)/)

  // A criminal justice outcome: an arrest starts a Victims' Code clock.
  await page.getByRole('button', { name: 'Record an outcome' }).click()
  await heading(page, 'Record a criminal justice outcome')
  await page.getByLabel('Arrested', { exact: true }).check()
  await fillDate(page, today)
  await check(page, 'outcome-new', { screenshot: true })
  await page.getByRole('button', { name: 'Record the outcome' }).click()
  await banner('The outcome is recorded: arrested').waitFor()
  assert.match(await page.locator('table', { hasText: 'Criminal justice outcomes on this case' }).innerText(), new RegExp(`Arrested\\s+${formatted(today)}`))
  assert.match(await page.locator('table', { hasText: 'Decisions on this case' }).innerText(), /Arrest[\s\S]*Awaiting/)
  assert.match(await timeline(), /Criminal justice outcome: arrested on /)

  // A nomination for the clinic's next meeting, next Tuesday.
  const day = Math.floor(Date.now() / 86400_000)
  const weekday = (new Date(day * 86400_000).getUTCDay() + 6) % 7 // 0 = Monday
  const meeting = new Date((day + ((1 - weekday + 7) % 7 || 7)) * 86400_000).toISOString().slice(0, 10)
  await page.getByRole('button', { name: 'Nominate for a panel' }).click()
  await heading(page, 'Nominate the case for a panel')
  await page.getByLabel('Metropolitan Police stalking clinic').check()
  await fillIsoDate(page, meeting)
  await page.getByLabel('The case team').check()
  await page.getByLabel('Why should the panel discuss it?').fill('The order was breached within a week of being varied.')
  await check(page, 'nomination-new', { screenshot: true })
  await page.getByRole('button', { name: 'Nominate the case' }).click()
  await banner('The case is nominated for Metropolitan Police stalking clinic').waitFor()
  assert.match(await page.locator('table', { hasText: 'Meetings this case is nominated for' }).innerText(), /Metropolitan Police stalking clinic\s+.+\s+The case team/)
  assert.match(await timeline(), new RegExp(`Nominated for met-stalking-clinic on ${meeting} \\(team\\)`))
  await check(page, 'case-records-added', { screenshot: true })

  // The chair writes the minutes from that meeting's agenda.
  await navLink(page, 'Panels').click()
  await heading(page, 'Panels')
  await page.getByRole('link', { name: 'Metropolitan Police stalking clinic' }).click()
  await heading(page, 'Metropolitan Police stalking clinic')
  await page.locator('#date').fill(meeting)
  await page.getByRole('button', { name: 'Show the agenda' }).click()
  const entry = page.locator('main table tbody tr', { hasText: kase.reference })
  await entry.waitFor()
  await entry.getByRole('link', { name: `Write minutes for ${kase.reference}` }).click()
  await heading(page, 'Write the minutes for a case')
  assert.match(page.url(), /\/panels\/[0-9A-Z]{26}\/minutes\/[0-9A-Z]{26}\?date=\d{4}-\d{2}-\d{2}$/, 'the address holds record ids and the meeting date only')
  assert.equal(await page.locator('#attendance-0-agency').inputValue(), 'met', 'the chair’s own agency comes first')
  await page.getByRole('button', { name: 'Save the minutes' }).click()
  await errorSummary(page).waitFor()
  assert.match(await errorSummary(page).innerText(), /Enter what was discussed/)
  await check(page, 'minutes-errors')
  await page.locator('#attendance-0-role').fill('stalking lead')
  await page.locator('#attendance-1-agency').selectOption('nhs-beh')
  await page.locator('#attendance-1-role').fill('forensic psychologist')
  await page.locator('#attendance-2-agency').selectOption('probation-london')
  await page.locator('#attendance-2-role').fill('probation officer')
  await page.getByRole('button', { name: 'Add another person' }).click()
  await page.locator('#attendance-3-agency').waitFor()
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'attendance-3-agency', 'the new line takes the focus')
  assert.equal(await page.locator('#attendance-1-role').inputValue(), 'forensic psychologist', 'what was typed is kept')
  await page.locator('#attendance-3-agency').selectOption('advocacy-suzy-lamplugh')
  await page.locator('#attendance-3-role').fill('advocate')
  await page.getByLabel('What was discussed?').fill('The breach, the new risk assessment and the intervention’s start.')
  await page.getByLabel('What was decided? (optional)').fill('Keep the exclusion zone; review the tier at the next meeting.')
  await check(page, 'minutes-new', { screenshot: true })
  await page.getByRole('button', { name: 'Save the minutes' }).click()
  await banner(`The minutes for ${kase.reference} are saved`).waitFor()
  await heading(page, 'Metropolitan Police stalking clinic')
  assert.match(await page.locator('main table', { hasText: 'Cases attended' }).innerText(), /forensic psychologist/)
  await check(page, 'panel-agenda-minutes')
  await banner('are saved').getByRole('link', { name: 'Go to the case' }).click()
  await heading(page, kase.reference)
  assert.match(await card('Minutes, ').last().innerText(), /The breach, the new risk assessment and the intervention’s start\./)
  assert.match(await timeline(), /Panel minutes recorded/)
  await check(page, 'case-minutes')
  await page.context().close()

  // An officer records orders and outcomes too, but takes no part in panels:
  // no nomination button.
  const officer = await newPage()
  await signIn(officer, 'officer')
  await officer.goto(`/cases/${kase.id}`)
  await heading(officer, kase.reference)
  await officer.getByRole('button', { name: 'Record a protection order' }).waitFor()
  assert.equal(await officer.getByRole('button', { name: 'Nominate for a panel' }).count(), 0)
  await check(officer, 'case-officer-forms')
  await officer.context().close()
})

test('journey 10: the administrator reviews archived reports past their review date, keeps one and deletes another', async () => {
  const admin = await newPage()
  await signIn(admin, 'admin', await nextTotp())
  await navLink(admin, 'Retention review').click()
  await heading(admin, 'Retention review')
  assert.equal(new URL(admin.url()).pathname, '/retention/reports')
  assert.equal(await admin.title(), 'Retention review: reports – Threadline')
  const queue = admin.locator('table', { has: admin.locator('caption', { hasText: 'Reports due for review' }) })
  const rows = queue.locator('tbody tr')
  assert.ok((await rows.count()) >= 2, 'the demo archive has Met reports due for review')
  // Two reports no case holds: one to keep, one to delete.
  const free = []
  for (const r of await rows.all()) {
    if ((await r.innerText()).includes('Held by case')) continue
    const href = await r.getByRole('link', { name: /^Review report / }).getAttribute('href')
    free.push({ reference: (await r.locator('th').innerText()).trim(), id: href.split('/').pop() })
  }
  assert.ok(free.length >= 2, 'two reports are free to review')
  const [kept, deleted] = free
  const row = (r) => rows.filter({ has: admin.locator(`a[href="/retention/reports/${r.id}"]`) })
  // The reasons, in a details component.
  await row(kept).locator('summary').click()
  assert.match(await row(kept).locator('.govuk-details__text').innerText(), /Nothing has been added to the report since[\s\S]*has passed/)
  await check(admin, 'retention-queue', { screenshot: true })

  // The case queue: the demo's cases are open or recently closed, so none is due.
  await admin.getByRole('navigation', { name: 'Records to review' }).getByRole('link', { name: 'Cases' }).click()
  await admin.locator('main', { hasText: /No cases are due for review|Cases due for review/ }).waitFor()
  assert.equal(new URL(admin.url()).pathname, '/retention/cases')
  await check(admin, 'retention-cases', { screenshot: true })
  await admin.getByRole('navigation', { name: 'Records to review' }).getByRole('link', { name: 'Reports' }).click()
  await queue.waitFor()

  // A lead can open the report that is to be deleted, before the review.
  const lead = await apiSession('lead')
  assert.equal((await lead('GET', `/api/v1/reports/${deleted.id}`)).status, 200)

  // Submitting without a decision or a reason: the error summary.
  await row(kept).getByRole('link', { name: `Review report ${kept.reference}` }).click()
  await heading(admin, 'Review this report')
  assert.equal(await admin.title(), 'Review this report – Threadline')
  assert.match(await admin.locator('main').innerText(), /Why it is due[\s\S]*has passed/)
  await check(admin, 'retention-review')
  await admin.getByRole('button', { name: 'Save the decision' }).click()
  await admin.locator('.govuk-error-summary').waitFor()
  assert.match(await admin.title(), /^Error: Review this report/)
  assert.equal(await admin.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true)
  assert.match(
    await admin.locator('.govuk-error-summary').innerText(),
    /Select whether to keep or delete the report[\s\S]*Enter the reason for your decision/,
  )
  await check(admin, 'retention-review-errors', { screenshot: true })

  // Keep it, with a date of our own: the date question is revealed under the choice.
  const date = admin.locator('#next-review')
  assert.equal(await date.isVisible(), false, 'the date is hidden until "keep" is chosen')
  await admin.getByLabel('Keep until a later review').check()
  await date.waitFor({ state: 'visible' })
  const next = new Date()
  next.setFullYear(next.getFullYear() + 3)
  await date.getByLabel('Day').fill(String(next.getDate()))
  await date.getByLabel('Month').fill(String(next.getMonth() + 1))
  await date.getByLabel('Year').fill(String(next.getFullYear() + 150))
  await admin.getByLabel('Reason for your decision').fill('The suspect was named again in a report this year: keep it so the pattern can be seen.')
  // The server's own rule (at most a hundred years ahead) comes back in the error summary.
  await admin.getByRole('button', { name: 'Save the decision' }).click()
  await admin.locator('.govuk-error-summary', { hasText: 'The next review date must be within 100 years' }).waitFor()
  assert.equal(await date.isVisible(), true, 'the chosen answer keeps its date question open')
  await check(admin, 'retention-review-refused', { screenshot: true })
  await admin.locator('.govuk-error-summary a').first().click()
  assert.equal(await admin.evaluate(() => document.activeElement?.id), 'next-review-day')
  await date.getByLabel('Year').fill(String(next.getFullYear()))
  assert.match(await admin.locator('.govuk-character-count__status').innerText(), /You have [\d,]+ characters remaining/)
  await check(admin, 'retention-review-keep')
  await admin.getByRole('button', { name: 'Save the decision' }).click()
  const year = String(next.getFullYear())
  await admin.locator('.govuk-notification-banner--success', { hasText: `Kept ${kept.reference} until` }).waitFor()
  assert.match(await admin.locator('.govuk-notification-banner').innerText(), new RegExp(`until \\d+ \\w+ ${year}`))
  await heading(admin, 'Retention review')
  assert.equal(new URL(admin.url()).pathname, '/retention/reports')
  assert.equal(await row(kept).count(), 0, 'the kept report leaves the queue')
  await check(admin, 'retention-kept')

  // Delete another: the warning says it cannot be undone.
  await row(deleted).getByRole('link', { name: `Review report ${deleted.reference}` }).click()
  await heading(admin, 'Review this report')
  await admin.getByLabel('Delete', { exact: true }).check()
  const warning = admin.locator('.govuk-warning-text')
  await warning.waitFor({ state: 'visible' })
  assert.match(await warning.innerText(), /cannot be undone[\s\S]*audit trail remains/)
  await admin.getByLabel('Reason for your decision').fill('No further activity in over ten years and no case holds it.')
  await check(admin, 'retention-review-delete', { screenshot: true })
  await admin.getByRole('button', { name: 'Save the decision' }).click()
  const banner = admin.locator('.govuk-notification-banner--success', { hasText: `Deleted ${deleted.reference}:` })
  await banner.waitFor()
  assert.match(await banner.innerText(), new RegExp(`Deleted ${deleted.reference}: 1 report(, \\d+ [a-z ]+)*`))
  assert.equal(await row(deleted).count(), 0, 'the deleted report leaves the queue')
  await check(admin, 'retention-deleted', { screenshot: true })

  // Its review page now says it is no longer due; its audit trail remains, with the deletion and why.
  await admin.goto(`/retention/reports/${deleted.id}`)
  await heading(admin, 'This report is not due for review')
  await check(admin, 'retention-not-due')
  await admin.goto(`/audit/report/${deleted.id}`)
  await heading(admin, 'Who has seen this record')
  assert.match(await admin.locator('main table').innerText(), /Deleted at retention review\s+No further activity in over ten years/)
  await check(admin, 'retention-deleted-audit')
  await admin.context().close()

  // The lead opening the deleted report gets the not-found page.
  const page = await newPage()
  await signIn(page, 'lead')
  await page.goto(`/reports/${deleted.id}`)
  await heading(page, 'Report not found')
  await check(page, 'retention-deleted-report')
  await page.context().close()
})

test('journey 11: a stalking lead decides two linked person records are not the same person, undoes it, then decides they are', async () => {
  // The same victim recorded twice, on two reports: identity resolution links the records.
  const officer = await apiSession('officer')
  const victim = { given_name: 'Ottilie', family_name: 'Linkfield', dob: '1979-03-14', phones: ['07700 900771'] }
  const made = []
  for (const [reference, day] of [['CAD-LINK-1', '05'], ['CAD-LINK-2', '19']]) {
    const r = await officer('POST', '/api/v1/reports', {
      force: 'met',
      reference,
      occurred_at: `2026-05-${day}T20:00:00Z`,
      recorded_as: 'harassment_s2',
      behaviours: ['contacting'],
      parties: [{ role: 'victim', person: victim }],
    })
    assert.equal(r.status, 201, JSON.stringify(r.json))
    made.push(r.json.parties[0].person_id)
  }
  const [a, b] = made
  const modelLinks = await officer('GET', `/api/v1/persons/${a}/links`)
  assert.ok(modelLinks.json.items.some((l) => l.person_id === b), 'the model links the two records')

  const page = await newPage()
  await signIn(page, 'lead')
  await page.goto(`/persons/${a}`)
  await heading(page, 'Ottilie Linkfield')
  const matches = page.locator('table', { has: page.locator('caption', { hasText: 'Possible matches' }) })
  const decisions = page.locator('table', { has: page.locator('caption', { hasText: 'Decisions, newest first' }) })
  await matches.locator('tr', { hasText: b }).waitFor()
  assert.match(await page.locator('main').innerText(), /No one has decided whether this record is the same person as another/)
  await check(page, 'person-links')

  await matches.locator('tr', { hasText: b }).getByRole('link', { name: `Decide about record ${b}` }).click()
  await heading(page, 'Are these records the same person?')
  assert.equal(new URL(page.url()).pathname, `/persons/${a}/links/${b}/decision`)
  await check(page, 'link-decide', { screenshot: true })
  await page.getByRole('button', { name: 'Save the decision' }).click()
  await page.locator('.govuk-error-summary').waitFor()
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Select whether they are the same person[\s\S]*Enter how you know/)
  await page.getByLabel('Not the same person').check()
  await page.getByLabel('How do you know?').fill('Twins')
  await page.getByRole('button', { name: 'Save the decision' }).click()
  await page.locator('.govuk-error-summary', { hasText: 'The reason must be at least 10 characters' }).waitFor()
  await check(page, 'link-decide-errors')
  await page.getByLabel('How do you know?').fill('Twin sisters: the victim and the PNC both confirm two people share this date of birth.')
  await page.getByRole('button', { name: 'Save the decision' }).click()

  // Back on the record: the link has gone, the decision stands in the history.
  await page.locator('.govuk-notification-banner--success', { hasText: 'Recorded: not the same person' }).waitFor()
  await heading(page, 'Ottilie Linkfield')
  assert.equal(await matches.locator('tr', { hasText: b }).count(), 0, 'the link is no longer listed')
  const standing = decisions.locator('tbody tr', { hasText: b })
  assert.match(await standing.innerText(), /Not the same person[\s\S]*Twin sisters[\s\S]*Standing/)
  await check(page, 'person-link-decided', { screenshot: true })

  // Undo it, with a reason: the link comes back.
  await standing.getByRole('link', { name: `Undo the decision about record ${b}` }).click()
  await heading(page, 'Undo the decision')
  await page.getByRole('button', { name: 'Undo the decision' }).click()
  await page.locator('.govuk-error-summary', { hasText: 'Enter why you are undoing the decision' }).waitFor()
  await check(page, 'link-undo', { screenshot: true })
  await page.getByLabel('Why are you undoing it?').fill('Recorded against the wrong pair: these two records are the same woman.')
  await page.getByRole('button', { name: 'Undo the decision' }).click()
  await page.locator('.govuk-notification-banner--success', { hasText: 'The decision is undone' }).waitFor()
  await heading(page, 'Ottilie Linkfield')
  await matches.locator('tr', { hasText: b }).waitFor()
  assert.match(await decisions.locator('tbody tr', { hasText: b }).innerText(), /Not the same person[\s\S]*Undone by[\s\S]*wrong pair/)

  // Now decide they are the same person: listed at 100%, and the history shows both decisions.
  await matches.locator('tr', { hasText: b }).getByRole('link', { name: `Decide about record ${b}` }).click()
  await heading(page, 'Are these records the same person?')
  await page.getByLabel('Same person', { exact: true }).check()
  await page.getByLabel('How do you know?').fill('The victim confirmed both reports are about her.')
  await page.getByRole('button', { name: 'Save the decision' }).click()
  await page.locator('.govuk-notification-banner--success', { hasText: 'Recorded: the same person' }).waitFor()
  assert.match(await matches.locator('tbody tr').first().innerText(), new RegExp(`${b}[\\s\\S]*100%[\\s\\S]*Same person`))
  const history = await decisions.locator('tbody tr').allInnerTexts()
  assert.equal(history.length, 2, 'both decisions are in the history')
  assert.match(history[0], /Same person[\s\S]*The victim confirmed[\s\S]*Standing/)
  assert.match(history[1], /Not the same person[\s\S]*Undone by/)
  await check(page, 'person-link-history', { screenshot: true })

  // The explanation of the pair says a person decided, and offers the undo.
  await matches.locator('tbody tr').first().getByRole('link', { name: `Explanation of the match with record ${b}` }).click()
  await heading(page, 'Why these two records may be the same person')
  assert.match(await page.locator('main').innerText(), /A person decided[\s\S]*probability is now 100%[\s\S]*The victim confirmed/)
  await page.getByRole('link', { name: 'Undo the decision' }).waitFor()
  await check(page, 'link-explanation-decided')
  await page.context().close()
})

test('journey 15: a stalking lead reads a course-of-conduct finding, its reasons and reports, and acknowledges it', async () => {
  // Two reports by one victim about one suspect, a month apart, recorded as harassment.
  const officer = await apiSession('officer')
  const victim = { given_name: 'Philippa', family_name: 'Courseworth', dob: '1984-11-02' }
  const suspect = { given_name: 'Lucian', family_name: 'Hargreave-Pike', dob: '1979-07-30' }
  for (const [reference, day] of [['CAD-FIND-1', '03'], ['CAD-FIND-2', '28']]) {
    const r = await officer('POST', '/api/v1/reports', {
      force: 'met',
      reference,
      occurred_at: `2026-06-${day}T21:00:00Z`,
      recorded_as: 'harassment_s2',
      behaviours: ['following', 'contacting'],
      parties: [{ role: 'victim', person: victim }, { role: 'suspect', person: suspect }],
    })
    assert.equal(r.status, 201, JSON.stringify(r.json))
  }
  const lead = await apiSession('lead')
  const ours = (list) => list.json.items.find((f) => f.type === 'course_exists' && f.reports.some((r) => r.reference === 'CAD-FIND-1'))
  let finding
  for (let i = 0; i < 50 && !finding; i++) {
    finding = ours(await lead('GET', '/api/v1/findings'))
    if (!finding) await new Promise((resolve) => setTimeout(resolve, 200))
  }
  assert.ok(finding, 'the course of conduct is raised as a finding')

  const page = await newPage({ width: 360, height: 740 })
  await signIn(page, 'lead')
  await page.goto('/findings')
  await heading(page, 'Course-of-conduct findings')
  const open = page.locator('table', { has: page.locator('caption', { hasText: 'Open findings' }) })
  await open.locator(`a[href="/findings/${finding.id}"]`).waitFor()
  await check(page, 'findings-open', { screenshot: true })

  await open.locator(`a[href="/findings/${finding.id}"]`).click()
  await heading(page, 'A course of conduct')
  const main = page.locator('main')
  const reports = page.locator('table', { has: page.locator('caption', { hasText: 'Reports' }) })
  assert.match(await reports.innerText(), /CAD-FIND-1[\s\S]*CAD-FIND-2|CAD-FIND-2[\s\S]*CAD-FIND-1/)
  assert.ok((await main.locator('h2', { hasText: 'Why it was raised' }).count()) === 1)
  assert.ok((await main.locator('ul.govuk-list--bullet li').count()) >= 1, 'the finding lists its reasons')
  await check(page, 'finding', { screenshot: true })

  // An empty note is refused on the page; a note acknowledges the finding.
  await page.getByRole('button', { name: 'Acknowledge' }).click()
  await page.locator('.govuk-error-summary', { hasText: 'Enter what you have done about the finding' }).waitFor()
  await check(page, 'finding-errors')
  await page.getByLabel('What have you done about it?').fill('Recorded as one crime of stalking; the victim has been told and referred to the clinic.')
  await page.getByRole('button', { name: 'Acknowledge' }).click()
  await page.locator('.govuk-notification-banner--success', { hasText: 'Finding acknowledged' }).waitFor()
  assert.match(await main.innerText(), /Acknowledged[\s\S]*Recorded as one crime of stalking/)
  const stored = await lead('GET', `/api/v1/findings/${finding.id}`)
  assert.equal(stored.json.status, 'acknowledged')

  // It has left the open list and is under Acknowledged.
  await page.goto('/findings')
  await heading(page, 'Course-of-conduct findings')
  await page.locator('table, p.govuk-body').first().waitFor()
  assert.equal(await page.locator(`a[href="/findings/${finding.id}"]`).count(), 0, 'no longer open')
  await page.getByRole('link', { name: 'Acknowledged' }).click()
  await page.locator(`a[href="/findings/${finding.id}"]`).waitFor()
  await check(page, 'findings-acknowledged')

  // An officer may not acknowledge: the API refuses, whatever the page shows.
  const refused = await officer('POST', `/api/v1/findings/${finding.id}/acknowledgement`, { note: 'Not mine to acknowledge at all.' })
  assert.equal(refused.status, 403)
  await page.context().close()
})

test('journey 12: an advocate records consent, safe-contact preferences, needs, a safety plan, the victim’s view and outcome measures; a clinician a health contact; a lead MARAC, MAPPA, a note and a plan change', async () => {
  // An open tier 2 domestic case of the demo, shared with the advocacy
  // service (MET-ADV-1) and the NHS trust (MET-NHS-1): the last of them, so
  // that journey 7 keeps the first to itself.
  const lead = await apiSession('lead')
  const open = await lead('GET', '/api/v1/cases?status=open&tier=2&limit=100')
  assert.equal(open.status, 200, JSON.stringify(open.json))
  const kase = open.json.items.filter((c) => c.case_type === 'domestic_ex_intimate').at(-1)
  assert.ok(kase, 'the demo has an open tier 2 domestic case')
  const today = new Date()
  const yesterday = new Date(Date.now() - 86400_000)
  const inDays = (n) => new Date(Date.now() + n * 86400_000)
  const formatted = (date) => date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
  let page
  const banner = (text) => page.locator('.govuk-notification-banner--success', { hasText: text })
  const timeline = () => page.locator('table', { hasText: 'Everything that happened on this case' }).innerText()
  const card = (title) => page.locator('.govuk-summary-card', { has: page.locator('.govuk-summary-card__title', { hasText: title }) }).last()
  const errorSummary = () => page.locator('.govuk-error-summary')
  const focusedSummary = () => page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))
  const open12 = async (button, title, kind) => {
    await page.getByRole('button', { name: button, exact: true }).click()
    await heading(page, title)
    assert.match(page.url(), new RegExp(`/cases/[0-9A-Z]{26}/add/${kind}$`), 'the address holds the case id only')
    assert.match(await page.locator('main .govuk-caption-l').innerText(), new RegExp(`Case ${kase.reference}`))
    assert.equal(await page.locator('.govuk-back-link').getAttribute('href'), `/cases/${kase.id}`)
  }
  const saveAndSee = async (button, heading12) => {
    await page.getByRole('button', { name: button, exact: true }).click()
    await banner(heading12).waitFor()
    await heading(page, kase.reference)
  }

  // ---- the advocate ----
  page = await newPage()
  await signIn(page, 'advocate')
  await page.goto(`/cases/${kase.id}`)
  await heading(page, kase.reference)
  // Health records are for health roles only: no button for the advocate.
  assert.equal(await page.getByRole('button', { name: 'Record a health contact' }).count(), 0)

  // Consent: the form's own checks first.
  await open12('Record consent', 'Record consent', 'consent')
  await check(page, 'consent-new', { screenshot: true })
  await page.getByLabel('No', { exact: true }).check()
  await page.getByRole('button', { name: 'Record the consent' }).click()
  await errorSummary().waitFor()
  assert.match(await page.title(), /^Error: Record consent/)
  assert.match(
    await errorSummary().innerText(),
    /Select what the consent is for[\s\S]*Select the agency that receives the information[\s\S]*Enter the lawful basis for sharing without consent[\s\S]*Enter the date the victim said this/,
  )
  assert.equal(await focusedSummary(), true, 'focus moves to the error summary')
  await check(page, 'consent-errors', { screenshot: true })
  await errorSummary().locator('a').first().click()
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'purpose', 'the summary links to the question')
  await page.getByLabel('Sharing information between agencies').check()
  await page.getByLabel('Agency that receives the information').selectOption('nhs-beh')
  await page.getByLabel('Yes', { exact: true }).check()
  await fillDate(page, today)
  await check(page, 'consent-filled')
  await saveAndSee('Record the consent', 'The consent is recorded')
  assert.match(await card('Consent, ').innerText(), /Status\s+Given[\s\S]*Sharing information between agencies[\s\S]*Barnet, Enfield and Haringey Mental Health NHS Trust/)
  assert.match(await timeline(), /Consent for information_sharing to nhs-beh: given/)

  // Safe-contact preferences: the form starts from those recorded last.
  await open12('Change the safe-contact preferences', 'Record the victim’s safe-contact preferences', 'safe-contact')
  assert.equal(await page.getByLabel('Email', { exact: true }).isChecked(), true, 'the channels recorded last are chosen')
  assert.equal(await page.getByLabel('Phone', { exact: true }).isChecked(), false)
  assert.equal(await page.getByLabel('Code word (optional)').inputValue(), 'bluebell')
  await page.getByLabel('Phone', { exact: true }).check()
  await page.getByLabel('When is it safe to contact them? (optional)').fill('Weekdays after 6pm, or Saturday mornings')
  await page.getByLabel('Who may contact them? (optional)').fill('Only her advocate or DC Patel')
  await page.getByLabel('Code word (optional)').fill('marigold')
  await page.getByLabel('What must never be done? (optional)').fill('Never leave a voicemail or a message with her mother')
  await check(page, 'safe-contact-new', { screenshot: true })
  await saveAndSee('Save the preferences', 'The victim’s safe-contact preferences are saved')
  const preferences = await page.locator('main dl', { hasText: 'How to contact' }).innerText()
  assert.match(preferences, /Phone[\s\S]*Email[\s\S]*Through the advocate/)
  assert.match(preferences, /Who may call\s+Only her advocate or DC Patel/)
  assert.match(preferences, /Code word\s+marigold/)
  assert.match(preferences, /Never\s+Never leave a voicemail/)
  assert.match(await timeline(), /Safe-contact preferences recorded/)

  // A needs assessment.
  await open12('Record a needs assessment', 'Record a needs assessment', 'needs-assessment')
  await page.getByLabel('Housing').check()
  await page.getByLabel('Legal help').check()
  await page.getByLabel('Notes (optional)').fill('Wants to move; asked about a non-molestation order.')
  await check(page, 'needs-assessment-new', { screenshot: true })
  await saveAndSee('Save the needs assessment', 'The needs assessment is saved')
  assert.match(await card('Needs assessment, ').innerText(), /Housing[\s\S]*Legal help[\s\S]*Wants to move; asked about a non-molestation order\./)
  assert.match(await timeline(), /Needs assessment recorded/)

  // A safety plan: a review date in the past is refused by the form.
  await open12('Record a safety plan', 'Record a safety plan', 'safety-plan')
  await page.getByLabel('What will keep the victim safe?').fill('Doorbell camera fitted; a safe route to work agreed; 999 with the code word.')
  await check(page, 'safety-plan-new', { screenshot: true })
  await fillDate(page, yesterday)
  await page.getByRole('button', { name: 'Save the safety plan' }).click()
  await errorSummary().waitFor()
  assert.match(await errorSummary().innerText(), /The review date must be today or in the future/)
  assert.equal(await page.getByLabel('What will keep the victim safe?').inputValue(), 'Doorbell camera fitted; a safe route to work agreed; 999 with the code word.', 'the answers are kept')
  await check(page, 'safety-plan-errors')
  const review = inDays(28)
  await fillDate(page, review)
  await check(page, 'safety-plan-filled')
  await saveAndSee('Save the safety plan', 'The safety plan is saved')
  assert.match(await card('Safety plan, ').innerText(), new RegExp(`Doorbell camera fitted[\\s\\S]*Review on\\s+${formatted(review)}`))
  assert.match(await timeline(), /Safety plan recorded/)

  // The victim's own view of the risk.
  await open12('Record the victim’s view', 'Record the victim’s view of the risk', 'victim-view')
  await page.getByRole('group', { name: 'What risk does the victim feel they are at?' }).getByLabel('High').check()
  await page.getByRole('group', { name: 'Does the victim feel safe now?' }).getByLabel('No').check()
  await page.getByLabel('In the victim’s own words (optional)').fill('He knows my new route. I do not go out alone after dark.')
  await check(page, 'victim-view-new', { screenshot: true })
  await saveAndSee('Save the victim’s view', 'The victim’s view of the risk is saved')
  assert.match(await card('The victim’s own view of the risk, ').innerText(), /Risk level\s+High[\s\S]*Feels safe\s+No[\s\S]*He knows my new route\./)
  assert.match(await timeline(), /Victim's own risk view recorded \(high\)/)

  // Outcome measures: coping and feeling safe are needed.
  await open12('Record outcome measures', 'Record outcome measures', 'outcome-measure')
  await check(page, 'outcome-measure-new', { screenshot: true })
  await page.getByRole('button', { name: 'Save the outcome measures' }).click()
  await errorSummary().waitFor()
  assert.match(
    await errorSummary().innerText(),
    /Select how coping has changed, or that the victim was not asked[\s\S]*Select how feeling safe has changed, or that the victim was not asked/,
  )
  await check(page, 'outcome-measure-errors')
  await page.getByRole('group', { name: 'Coping' }).getByLabel('Improved').check()
  await page.getByRole('group', { name: 'Feeling safe' }).getByLabel('The same').check()
  await page.getByRole('group', { name: 'Being informed' }).getByLabel('Improved').check()
  await page.getByRole('group', { name: 'Health and wellbeing' }).getByLabel('Not asked').check()
  await check(page, 'outcome-measure-filled')
  await saveAndSee('Save the outcome measures', 'The outcome measures are saved')
  assert.match(await card('Outcome measures, ').innerText(), /Coping\s+Improved[\s\S]*Feeling safe\s+The same[\s\S]*Being informed\s+Improved[\s\S]*Health and wellbeing\s+Not asked/)
  assert.match(await timeline(), /Outcome measures recorded/)

  // A new referral to the advocacy service, under the consent the victim
  // gave for it; she accepts it and the advocate takes it on.
  await open12('Refer to an advocate', 'Refer the victim to an advocate', 'advocacy')
  assert.equal(await page.getByLabel('Suzy Lamplugh Trust').isChecked(), true, 'the only service consented to is chosen')
  await check(page, 'advocacy-new', { screenshot: true })
  await saveAndSee('Make the referral', 'The victim is referred to Suzy Lamplugh Trust')
  assert.match(await card('Advocacy referral, ').innerText(), /Status\s+Offered/)
  for (const [step, status] of [['The victim accepted advocacy', 'Accepted'], ['An advocate is allocated', 'Allocated']]) {
    await card('Advocacy referral, ').getByRole('link', { name: /^Update the advocacy referral recorded on / }).click()
    await heading(page, 'Update an advocacy referral')
    assert.match(page.url(), /\/cases\/[0-9A-Z]{26}\/update\/[0-9A-Z]{26}$/, 'the address holds record ids only')
    await page.getByLabel(step, { exact: true }).check()
    await fillDate(page.locator('#on'), today)
    if (status === 'Allocated') await check(page, 'advocacy-update', { screenshot: true })
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await banner(`The advocacy referral is updated: ${step.charAt(0).toLowerCase()}${step.slice(1)}`).waitFor()
    await heading(page, kase.reference)
    assert.match(await card('Advocacy referral, ').innerText(), new RegExp(`Status\\s+${status}`))
  }
  assert.match(await timeline(), /Advocacy offered by advocacy-suzy-lamplugh[\s\S]*Advocate allocated on /)
  await check(page, 'case-advocacy-records', { screenshot: true })
  await page.context().close()

  // ---- the clinician: a health contact ----
  page = await newPage()
  await signIn(page, 'clinician')
  await page.goto(`/cases/${kase.id}`)
  await heading(page, kase.reference)
  assert.equal(await page.getByRole('button', { name: 'Record a needs assessment' }).count(), 0, 'advocacy records are the advocate’s and the lead’s')
  await open12('Record a health contact', 'Record a health contact', 'health-contact')
  await check(page, 'health-contact-new', { screenshot: true })
  await page.getByRole('button', { name: 'Record the health contact' }).click()
  await errorSummary().waitFor()
  assert.match(await errorSummary().innerText(), /Enter the date of the contact[\s\S]*Enter the time of the contact, like 18:30[\s\S]*Enter the service/)
  await check(page, 'health-contact-errors')
  const when = new Date(Date.now() - 2 * 3600_000)
  await fillDate(page, when)
  await page.getByLabel('Time', { exact: true }).fill(`${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`)
  await page.getByLabel('Service', { exact: true }).fill('Stalking clinic')
  await page.getByLabel('Notes (optional)').fill('First assessment session; agreed to attend weekly.')
  await check(page, 'health-contact-filled')
  await saveAndSee('Record the health contact', 'The health contact is recorded')
  assert.match(await card('Health contact, ').innerText(), /Stalking clinic[\s\S]*First assessment session; agreed to attend weekly\./)
  assert.match(await timeline(), /Mental-health contact recorded/)
  await page.context().close()

  // ---- the lead: MARAC, MAPPA, a note and a plan ----
  page = await newPage()
  await signIn(page, 'lead')
  await page.goto(`/cases/${kase.id}`)
  await heading(page, kase.reference)
  // The clinician's health contact is for health roles only.
  assert.match(await card('Health contact, ').innerText(), /Withheld/i)

  await open12('Refer to MARAC', 'Refer the case to MARAC', 'marac')
  const meeting = inDays(14)
  await fillDate(page.locator('#referred_on'), today)
  await fillDate(page.locator('#meeting_on'), meeting)
  await page.getByLabel('Why is it referred?').fill('The victim now sees the risk as high and asked for it.')
  await check(page, 'marac-new', { screenshot: true })
  await saveAndSee('Make the referral', 'The MARAC referral is recorded')
  assert.match(await banner('The MARAC referral is recorded').innerText(), new RegExp(`The meeting is on ${formatted(meeting)}`))
  const marac = await card('MARAC referral, ').innerText()
  assert.match(marac, /Reason\s+The victim now sees the risk as high and asked for it\./)
  assert.match(marac, new RegExp(`MARAC meeting\\s+${formatted(meeting)}`))
  assert.match(await timeline(), /MARAC referral recorded/)

  await open12('Record MAPPA management', 'Record MAPPA management', 'mappa')
  await page.getByLabel('Category 2: violent offender').check()
  await page.getByLabel('Level 2: active multi-agency management', { exact: true }).check()
  await fillDate(page, today)
  await check(page, 'mappa-new', { screenshot: true })
  await saveAndSee('Record MAPPA management', 'MAPPA management is recorded: category 2, level 2')
  assert.match(await card('MAPPA, ').innerText(), /Category\s+2[\s\S]*Level\s+2/)
  assert.match(await timeline(), /MAPPA category 2, level 2/)

  await open12('Add a note', 'Add a note', 'note')
  await page.getByLabel('Note', { exact: true }).fill('Spoke to the advocate: the victim wants the MARAC to consider a housing move.')
  await check(page, 'note-new', { screenshot: true })
  await saveAndSee('Add the note', 'The note is added')
  assert.match(await card('Note, ').innerText(), /the victim wants the MARAC to consider a housing move\./)
  assert.match(await timeline(), /Note recorded/)

  // The action plan agreed at triage, changed in place. Someone else
  // changes it while the form is open: the server refuses the stale
  // version, and the page shows the plan as it is now.
  const plans = (await lead('GET', `/api/v1/cases/${kase.id}/plans`)).json.items
  const plan = plans.find((p) => p.subtype === 'action_plan')
  const planCard = page.locator('.govuk-summary-card', { has: page.locator('.govuk-summary-card__title', { hasText: 'Action plan' }) })
  await planCard.getByRole('link', { name: 'Change the action plan' }).click()
  await heading(page, 'Change the action plan')
  assert.match(page.url(), /\/cases\/[0-9A-Z]{26}\/edit\/[0-9A-Z]{26}$/, 'the address holds record ids only')
  const original = (await page.getByLabel('The action plan').inputValue()).trim()
  assert.equal(original, plan.body.text.trim(), 'the form starts from the plan')
  await check(page, 'plan-edit', { screenshot: true })
  const theirs = `${original}\nCrime recording: Record the latest incident as a further s2A offence.`
  const changed = await lead('PATCH', `/api/v1/case-items/${plan.id}`, { version: plan.version, text: theirs })
  assert.equal(changed.status, 200, JSON.stringify(changed.json))
  const mine = `${original}\nInterviewing the perpetrator: Interview under caution about the new route.`
  await page.getByLabel('The action plan').fill(mine)
  await page.getByRole('button', { name: 'Save the plan' }).click()
  const conflict = page.locator('.govuk-error-summary', { hasText: 'The action plan was changed after you opened it' })
  await conflict.waitFor()
  assert.match(await conflict.innerText(), /\(DS Jo Patel \(demo\), met, .+\)\. Check it as it is now, then save again/)
  assert.equal(await focusedSummary(), true, 'focus moves to the error summary')
  assert.match(await page.locator('main .govuk-inset-text').innerText(), /Record the latest incident as a further s2A offence/)
  assert.equal(await page.getByLabel('Your change').inputValue(), mine, 'what was typed is kept')
  // The refusal is the server's 409, which the browser logs as a failed request.
  page.problems = page.problems.filter((p) => !/status of 409 \(Conflict\)/.test(p))
  await check(page, 'plan-edit-refused', { screenshot: true })
  await saveAndSee('Save the plan', 'The action plan is saved')
  const saved12 = await planCard.innerText()
  assert.match(saved12, /Interviewing the perpetrator\s+Interview under caution about the new route\./)
  assert.doesNotMatch(saved12, /further s2A offence/)
  assert.match(await timeline(), /Plan changed \(action_plan\)/)
  await check(page, 'case-lead-records', { screenshot: true })
  await page.context().close()
})

test('journey 13: the administrator creates a user, changes their role, and reads the roles and agencies', async () => {
  const admin = await newPage()
  await signIn(admin, 'admin', await nextTotp())
  await navLink(admin, 'Users').click()
  await heading(admin, 'Users')
  await admin.getByRole('button', { name: 'Create a user' }).click()
  await heading(admin, 'Create a user')
  await check(admin, 'user-new', { screenshot: true })

  // Nothing filled in: the error summary, from the page's own checks.
  await admin.getByRole('button', { name: 'Create user' }).click()
  const summary = admin.locator('.govuk-error-summary')
  await summary.waitFor()
  assert.match(await summary.innerText(), /Enter a user name[\s\S]*Choose a role[\s\S]*Choose their agency[\s\S]*Enter an initial password/)
  assert.match(await admin.title(), /^Error: Create a user/)
  await check(admin, 'user-new-errors')

  // A commonly used password: the server refuses it, and says why.
  const username = 'tamsin.oakhurst'
  const password = 'a long initial pass phrase 13'
  await admin.getByLabel('User name').fill(username)
  await admin.getByLabel('Name', { exact: true }).fill('Tamsin Oakhurst')
  await admin.getByLabel('Police officer').check()
  await admin.getByLabel('Agency').selectOption({ label: 'Kent Police' })
  await admin.getByLabel('Initial password').fill('winniethepooh')
  await admin.getByRole('button', { name: 'Create user' }).click()
  await admin.locator('.govuk-error-summary', { hasText: 'commonly used passwords' }).waitFor()
  assert.equal(await admin.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true, 'focus moves to the error summary')
  assert.equal(await admin.getByLabel('User name').inputValue(), username, 'the answers are kept')
  // The refusal is the server's 400, which the browser logs as a failed request.
  admin.problems = admin.problems.filter((p) => !/status of 400/.test(p))
  await check(admin, 'user-new-refused', { screenshot: true })
  await admin.locator('.govuk-error-summary a').first().click()
  assert.equal(await admin.evaluate(() => document.activeElement?.id), 'password')

  await admin.getByLabel('Initial password').fill(password)
  await admin.getByRole('button', { name: 'Create user' }).click()
  await admin.locator('.govuk-notification-banner--success', { hasText: `Tamsin Oakhurst can sign in as ${username}` }).waitFor()
  await heading(admin, 'Users')
  const row = () => admin.locator('main table tbody tr', { hasText: username })
  assert.match(await row().innerText(), /Tamsin Oakhurst\s+Police officer\s+Kent Police\s+Active/)
  await check(admin, 'user-created', { screenshot: true })

  // Change the role: the server ends the user's sessions, and the page says so.
  await admin.getByRole('link', { name: `Change role of ${username}` }).click()
  await heading(admin, 'Change role')
  assert.equal(await admin.getByLabel('Police officer').isChecked(), true, 'the current role is chosen')
  assert.match(await admin.locator('.govuk-warning-text').innerText(), /their sessions end/)
  await check(admin, 'user-role', { screenshot: true })
  await admin.getByLabel('Analyst').check()
  await admin.getByRole('button', { name: 'Change role' }).click()
  await admin.locator('.govuk-notification-banner--success', { hasText: 'The role of Tamsin Oakhurst is now analyst' }).waitFor()
  assert.match(await admin.locator('.govuk-notification-banner').innerText(), /Their sessions have ended/)
  assert.match(await row().innerText(), /Analyst/)
  await check(admin, 'user-role-changed')

  // Only a locked account has "Unlock" (locking one takes ten wrong passwords
  // and minutes of back-off); the page itself says when there is nothing to unlock.
  assert.equal(await row().getByRole('link', { name: /^Unlock/ }).count(), 0)
  const userId = (await row().getByRole('link', { name: /^Change role/ }).getAttribute('href')).split('/')[3]
  await admin.goto(`/admin/users/${userId}/unlock`)
  await heading(admin, 'The account is not locked')
  assert.match(await admin.locator('main').innerText(), /Tamsin Oakhurst can sign in: there is nothing to unlock/)
  await check(admin, 'user-not-locked')

  // The new user signs in, as an analyst.
  const newUser = await apiSession(username, undefined, password)
  const me = await newUser('GET', '/api/v1/session')
  assert.equal(me.status, 200)
  assert.equal(me.json.role, 'analyst')

  await navLink(admin, 'Roles').click()
  await heading(admin, 'Roles')
  const officer = admin.locator('main table tbody tr', { has: admin.locator('th', { hasText: /^Police officer/ }) })
  assert.match(await officer.innerText(), /Record new reports \(report\.create\)/)
  await check(admin, 'roles', { screenshot: true })

  await navLink(admin, 'Agencies').click()
  await heading(admin, 'Agencies')
  const agencies = admin.locator('main table')
  assert.match(await agencies.locator('caption').innerText(), /^1 to 50 of \d+ agencies$/)
  assert.equal(await agencies.locator('tbody tr').count(), 50)
  await check(admin, 'agencies', { screenshot: true })
  await admin.getByRole('link', { name: 'Next page' }).click()
  await admin.locator('main table caption', { hasText: /^51 to / }).waitFor()
  await check(admin, 'agencies-page-2')
  await admin.getByLabel('Name').fill('metropolitan')
  await admin.getByLabel('Kind').selectOption({ label: 'Police forces' })
  await admin.getByRole('button', { name: 'Apply filter' }).click()
  await admin.locator('main table caption', { hasText: '1 matching agency' }).waitFor()
  assert.match(await agencies.locator('tbody tr').innerText(), /Metropolitan Police Service\s+met\s+Police force\s+London/)
  await check(admin, 'agencies-filtered')
  await admin.context().close()
})

test('journey 14: lists filter by codes and dates kept in the address, and the filter clears', async () => {
  // Reports: by force and by the date it happened, checked by the server.
  const probation = await newPage()
  await signIn(probation, 'probation')
  await probation.goto('/reports')
  await heading(probation, 'Reports')
  const rows = probation.locator('main table tbody tr')
  await rows.first().waitFor()
  const unfiltered = await rows.allInnerTexts()
  assert.equal(unfiltered.length, 20)
  assert.equal(await probation.getByRole('link', { name: 'Clear the filter' }).count(), 0, 'nothing to clear yet')
  await probation.getByLabel('Force').selectOption({ label: 'Metropolitan Police Service' })
  await probation.locator('#from-day').fill('1')
  await probation.locator('#from-month').fill('4')
  await probation.locator('#from-year').fill('2026')
  await probation.locator('#to-day').fill('30')
  await probation.locator('#to-month').fill('4')
  await probation.locator('#to-year').fill('2026')
  await probation.getByRole('button', { name: 'Apply filter' }).click()
  await probation.locator('main table caption', { hasText: 'Matching reports' }).waitFor()
  const url = new URL(probation.url())
  assert.equal(url.pathname, '/reports')
  assert.deepEqual(Object.fromEntries(url.searchParams), { force: 'met', from: '2026-04-01', to: '2026-04-30' })
  const april = await rows.allInnerTexts()
  assert.ok(april.length > 0, 'reports in April')
  assert.notDeepEqual(april, unfiltered, 'the rows change')
  for (const r of april) assert.match(r, /\bApril 2026\b[\s\S]*Metropolitan Police Service/, `a row outside the filter: ${r}`)
  assert.ok(april.some((r) => r.includes('CAD-BROWSER-3')), 'the Met report of 3 April is listed')
  assert.equal(await probation.locator('#from-day').inputValue(), '1', 'the form shows the filter applied')
  await check(probation, 'reports-filtered', { screenshot: true })

  // Another force: none of its reports are shared with probation.
  await probation.getByLabel('Force').selectOption({ label: 'Kent Police' })
  await probation.getByRole('button', { name: 'Apply filter' }).click()
  await probation.getByText('No reports match the filter.').waitFor()
  assert.equal(new URL(probation.url()).searchParams.get('force'), 'kent')

  // A date that is not real: the error summary, focused, and no request made.
  await probation.locator('#from-day').fill('31')
  await probation.locator('#from-month').fill('2')
  await probation.getByRole('button', { name: 'Apply filter' }).click()
  const summary = probation.locator('.govuk-error-summary')
  await summary.waitFor()
  assert.match(await summary.innerText(), /The start date must be a real date/)
  assert.equal(await probation.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true, 'focus moves to the error summary')
  assert.match(await probation.title(), /^Error: Reports/)
  assert.equal(new URL(probation.url()).searchParams.get('from'), '2026-04-01', 'the address keeps the filter applied')
  await check(probation, 'reports-filter-errors')
  await summary.getByRole('link').first().click()
  assert.equal(await probation.evaluate(() => document.activeElement?.id), 'from-day')

  await probation.getByRole('link', { name: 'Clear the filter' }).click()
  await probation.locator('main table caption', { hasText: 'Latest reports' }).waitFor()
  assert.equal(new URL(probation.url()).search, '')
  assert.deepEqual(await rows.allInnerTexts(), unfiltered, 'clearing restores the rows')
  assert.equal(await probation.getByLabel('Force').inputValue(), '')
  await probation.context().close()

  // Cases: by status and tier, and the pages keep the filter.
  const lead = await newPage()
  await signIn(lead, 'lead')
  await lead.goto('/cases')
  await heading(lead, 'Cases')
  const caseRows = lead.locator('main table tbody tr')
  await caseRows.first().waitFor()
  await lead.getByLabel('Status').selectOption({ label: 'Closed' })
  await lead.getByRole('button', { name: 'Apply filter' }).click()
  await lead.locator('main table caption', { hasText: 'Matching cases' }).waitFor()
  assert.equal(new URL(lead.url()).search, '?status=closed')
  const closed = await caseRows.allInnerTexts()
  assert.ok(closed.length > 0)
  for (const r of closed) assert.match(r, /\tClosed\t/, `a case that is not closed: ${r}`)
  await check(lead, 'cases-filtered', { screenshot: true })
  await lead.getByLabel('Status').selectOption({ label: 'Open' })
  await lead.getByLabel('Tier').selectOption({ label: 'Tier 4' })
  await lead.getByRole('button', { name: 'Apply filter' }).click()
  await lead.waitForURL((u) => u.search === '?status=open&tier=4')
  await lead.locator('main table tbody tr', { hasText: 'Tier 4' }).first().waitFor()
  for (const r of await caseRows.allInnerTexts()) assert.match(r, /\tOpen\tTier 4\t/, `a case outside the filter: ${r}`)
  const next = lead.getByRole('link', { name: 'Next page' })
  if (await next.count()) {
    await next.click()
    await lead.waitForURL((u) => u.searchParams.get('page') === '2')
    assert.equal(new URL(lead.url()).searchParams.get('tier'), '4', 'the next page keeps the filter')
  }
  await lead.getByRole('link', { name: 'Clear the filter' }).click()
  await lead.locator('main table caption', { hasText: 'Latest cases' }).waitFor()
  assert.equal(new URL(lead.url()).search, '')
  // The triage queue holds only referred cases, none tiered yet: it filters
  // by who referred them.
  await lead.goto('/referrals')
  await heading(lead, 'Triage queue')
  assert.equal(await lead.getByLabel('Status').count(), 0, 'no status filter on the queue')
  await lead.getByLabel('Referred by').selectOption('self')
  await lead.getByRole('button', { name: 'Apply filter' }).click()
  await lead.waitForURL((u) => u.searchParams.get('source') === 'self')
  await lead.getByRole('link', { name: 'Clear the filter' }).waitFor()
  const queueRows = await lead.locator('main table tbody tr').count()
  if (queueRows) {
    for (const cell of await lead.locator('main table tbody tr td:nth-child(3)').allInnerTexts()) {
      assert.equal(cell, 'Self-referral by the victim')
    }
  } else {
    await lead.getByText('No cases match the filter.').waitFor()
  }
  await check(lead, 'triage queue filtered')
  await lead.context().close()

  // Users: by role and agency, in the browser (the API gives them all at once).
  const admin = await newPage()
  await signIn(admin, 'admin', await nextTotp())
  await admin.goto('/admin/users')
  await heading(admin, 'Users')
  const userRows = admin.locator('main table tbody tr')
  await userRows.first().waitFor()
  const everyone = await userRows.count()
  await admin.getByLabel('Role').selectOption({ label: 'Administrator' })
  await admin.getByRole('button', { name: 'Apply filter' }).click()
  await admin.locator('main table caption', { hasText: '1 matching user' }).waitFor()
  assert.equal(new URL(admin.url()).search, '?role=admin')
  assert.match(await userRows.innerText(), /^admin\s[\s\S]*Administrator/)
  await check(admin, 'users-filtered', { screenshot: true })
  await admin.getByLabel('Role').selectOption({ label: 'All roles' })
  await admin.getByLabel('Agency').selectOption({ label: 'Kent Police' })
  await admin.getByRole('button', { name: 'Apply filter' }).click()
  await admin.waitForURL((u) => u.search === '?agency=kent')
  // The list is drawn again: every row is of Kent Police, administrators or not.
  await admin.waitForFunction(() => {
    const rows = [...document.querySelectorAll('main table tbody tr')]
    return rows.length > 0 && rows.every((r) => r.textContent.includes('Kent Police'))
  })
  assert.match(await admin.locator('main table caption').innerText(), /^\d+ matching users?$/)
  await admin.getByRole('link', { name: 'Clear the filter' }).click()
  await admin.locator('main table caption', { hasText: `${everyone} users` }).waitFor()
  assert.equal(await userRows.count(), everyone)
  await admin.context().close()
})

test('every page visited passed axe with no violations', () => {
  assert.ok(visited.size >= 20, `pages checked: ${[...visited].join(', ')}`)
  console.log(`axe-core found no violations on ${visited.size} pages: ${[...visited].join(', ')}`)
})
