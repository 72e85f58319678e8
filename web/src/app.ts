// The page shell and the client-side router: History API navigation over
// ordinary links and forms, the page title (never personal data), focus
// moved to the new page's heading (or its error summary) after each change.

import { html, nothing, render, type TemplateResult } from 'lit-html'
import { keyed } from 'lit-html/directives/keyed.js'
import { ApiError, SessionEnded, whenSessionEnds } from './api'
import * as session from './session'
import { initComponents } from './ui/components'
import { errorSummary, type Content, type FieldError } from './ui/govuk'

export interface View {
  title: string // the page title: never personal data
  content: Content
  errors?: FieldError[]
  backLink?: string
  banner?: Content // a notification banner above the content
}

export interface PageContext {
  params: Record<string, string>
  query: URLSearchParams
  path: string
  show(view: View): void
  // False once the user has moved on to another page.
  current(): boolean
}

export type Page = (ctx: PageContext) => void | Promise<void>

interface Route {
  pattern: string[]
  page: Page
  public?: boolean
}

const routes: Route[] = []

export function route(path: string, page: Page, opts: { public?: boolean } = {}): void {
  routes.push({ pattern: path.split('/').filter(Boolean), page, public: opts.public })
}

// The route for a path; literal segments win over placeholders, so
// "/reports/new" is never taken for the report with id "new".
function match(path: string): { route: Route; params: Record<string, string> } | null {
  const segments = path.split('/').filter(Boolean)
  let best: { route: Route; params: Record<string, string>; literals: number } | null = null
  for (const r of routes) {
    if (r.pattern.length !== segments.length) continue
    const params: Record<string, string> = {}
    let ok = true
    let literals = 0
    r.pattern.forEach((p, i) => {
      if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(segments[i])
      else if (p === segments[i]) literals++
      else ok = false
    })
    if (ok && (!best || literals > best.literals)) best = { route: r, params, literals }
  }
  return best
}

// What the sign-in page should say and where to go after it; memory only.
export const signIn = {
  notice: undefined as 'expired' | 'signed-out' | undefined,
  returnTo: undefined as string | undefined,
}

let navigation = 0
let shownInNavigation = 0

const appRoot = () => document.getElementById('app') as HTMLElement

interface NavItem {
  href: string
  text: string
  when?: () => boolean
  match?: (path: string) => boolean
}

const navItems: NavItem[] = [
  { href: '/', text: 'Home', match: (p) => p === '/' },
  {
    href: '/reports',
    text: 'Reports',
    when: () => session.can('report.list'),
    match: (p) => p.startsWith('/reports') && !p.startsWith('/reports/new'),
  },
  { href: '/reports/new', text: 'New report', when: () => session.can('report.create') },
  {
    href: '/referrals',
    text: 'Triage queue',
    when: () => session.can('case.triage'),
  },
  {
    href: '/cases',
    text: 'Cases',
    when: () => session.can('case.read'),
    match: (p) => p === '/cases' || p.startsWith('/cases/'),
  },
  { href: '/panels', text: 'Panels', when: () => session.can('panel.read') || session.can('rank.read') },
  { href: '/findings', text: 'Findings', when: () => session.can('findings.read') },
  { href: '/dashboards', text: 'Dashboards', when: () => session.can('stats.read') },
  { href: '/admin/users', text: 'Users', when: () => session.can('user.admin') },
  { href: '/admin/roles', text: 'Roles', when: () => session.can('user.admin') },
  { href: '/admin/agencies', text: 'Agencies', when: () => session.can('user.admin') },
  { href: '/admin/agreements', text: 'Sharing agreements', when: () => session.can('agreement.admin') },
  { href: '/audit', text: 'Record audit', when: () => session.can('audit.read') },
  { href: '/retention', text: 'Retention review', when: () => session.can('retention.review') },
  { href: '/sign-out', text: 'Sign out' },
]

function serviceNavigation(path: string): Content {
  if (!session.signedIn()) return nothing
  const items = navItems.filter((i) => !i.when || i.when())
  return html`<section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
    <div class="govuk-width-container">
      <div class="govuk-service-navigation__container">
        <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
          <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden aria-hidden="true">
            Menu
          </button>
          <ul class="govuk-service-navigation__list" id="navigation">
            ${items.map((item) => {
              const active = item.match ? item.match(path) : path.startsWith(item.href)
              return html`<li class="govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}">
                <a class="govuk-service-navigation__link" href="${item.href}" aria-current=${active ? 'page' : nothing}>
                  ${active ? html`<strong class="govuk-service-navigation__active-fallback">${item.text}</strong>` : item.text}
                </a>
              </li>`
            })}
          </ul>
        </nav>
      </div>
    </div>
  </section>`
}

function shell(view: View, key: number): TemplateResult {
  const path = location.pathname
  return html`<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
    <header class="govuk-generic-header">
      <div class="govuk-generic-header__container govuk-width-container">
        <div class="govuk-generic-header__logo">
          <a href="/" class="govuk-generic-header__homepage-link">Threadline</a>
        </div>
      </div>
    </header>
    ${serviceNavigation(path)}
    <div class="govuk-width-container">
      ${view.backLink
        ? html`<nav aria-label="Back"><a href="${view.backLink}" class="govuk-back-link">Back</a></nav>`
        : nothing}
      <main class="govuk-main-wrapper" id="main-content">
        ${keyed(key, html`${errorSummary(view.errors ?? [])}${view.banner ?? nothing}${view.content}`)}
      </main>
    </div>
    <footer class="govuk-footer">
      <div class="govuk-width-container">
        <div class="govuk-footer__meta">
          <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <p class="app-footer-meta">
              Threadline: one record of a course of conduct, shared between police, probation, NHS,
              advocates and prosecutors under information-sharing agreements.
            </p>
          </div>
        </div>
      </div>
    </footer>`
}

let renders = 0
let pendingFlash: Content | undefined

// A success message for the next page shown (after a form is saved); kept
// in memory, never in the address.
export function flash(banner: Content): void {
  pendingFlash = banner
}

function show(token: number, view: View): void {
  if (token !== navigation) return
  const first = shownInNavigation !== token
  shownInNavigation = token
  const errors = view.errors ?? []
  if (first && pendingFlash && !view.banner) view = { ...view, banner: pendingFlash }
  pendingFlash = undefined
  document.title = `${errors.length ? 'Error: ' : ''}${view.title} – Threadline`
  // The first render replaces the placeholder that index.html carries.
  if (renders === 0) appRoot().replaceChildren()
  render(shell(view, ++renders), appRoot())
  initComponents(appRoot())
  // A menu opened on a narrow screen closes when the page changes.
  if (first) {
    const toggle = appRoot().querySelector<HTMLButtonElement>('.govuk-js-service-navigation-toggle')
    if (toggle && !toggle.hidden && toggle.getAttribute('aria-expanded') === 'true') toggle.click()
  }
  const main = document.getElementById('main-content')
  const summary = main?.querySelector<HTMLElement>('.govuk-error-summary')
  // A banner (saved; your session ended) is what the user needs to hear first.
  const banner = first ? main?.querySelector<HTMLElement>('.govuk-notification-banner') : null
  // The page the browser loaded keeps the browser's own starting point (the
  // skip link comes first); every later page starts at its heading.
  const heading = first && renders > 1 ? main?.querySelector<HTMLElement>('h1') : null
  const target = summary ?? banner ?? heading
  if (target) {
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
    target.focus()
    if (first && !summary) window.scrollTo(0, 0)
  }
}

// The server's answer, rendered: 404 as "not found", 403 as "no permission",
// anything else as the service's problem page with the request id.
export function apiErrorView(error: ApiError, what = 'page'): View {
  if (error.status === 404) {
    return {
      title: 'Not found',
      content: html`<h1 class="govuk-heading-l" tabindex="-1">${what === 'page' ? 'Page not found' : `${what} not found`}</h1>
        <p class="govuk-body">
          ${what === 'page'
            ? 'If you typed the web address, check it is correct.'
            : `There is no ${what.toLowerCase()} with this id that you can see. It may not exist, or it may belong to an agency that does not share it with yours.`}
        </p>
        <p class="govuk-body">If you followed a link, the record may have been removed.</p>
        <p class="govuk-body"><a class="govuk-link" href="/">Go to the home page</a></p>`,
    }
  }
  if (error.status === 403) {
    return {
      title: 'You cannot see this page',
      content: html`<h1 class="govuk-heading-l" tabindex="-1">You do not have permission to see this page</h1>
        <p class="govuk-body">Your role does not include this. Ask your administrator if you need it for your work.</p>
        <p class="govuk-body"><a class="govuk-link" href="/">Go to the home page</a></p>`,
    }
  }
  if (error.status === 429) {
    return {
      title: 'Too many requests',
      content: html`<h1 class="govuk-heading-l" tabindex="-1">Too many requests</h1>
        <p class="govuk-body">Wait a minute, then try again.</p>`,
    }
  }
  return {
    title: 'Sorry, there is a problem with the service',
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Sorry, there is a problem with the service</h1>
      <p class="govuk-body">Try again later.</p>
      ${error.problem.request_id
        ? html`<p class="govuk-body">If you contact support, quote this reference: <span class="app-id">${error.problem.request_id}</span>.</p>`
        : nothing}`,
  }
}

export async function navigate(to: string, opts: { replace?: boolean } = {}): Promise<void> {
  if (opts.replace) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  await handleLocation()
}

let sessionChecked = false

// On a fresh page load the session cookie may still be good: ask the server.
async function restoreSession(): Promise<boolean> {
  if (session.signedIn()) return true
  if (sessionChecked) return false
  sessionChecked = true
  try {
    const response = await fetch('/api/v1/session', { credentials: 'same-origin', cache: 'no-store' })
    if (!response.ok) return false
    const body = (await response.json()) as { user_id: string; agency_id: string; role: string; actions: string[] }
    session.start({ userId: body.user_id, agencyId: body.agency_id, role: body.role, actions: body.actions })
    return true
  } catch {
    return false
  }
}

export function sessionCheckedAfterSignIn(): void {
  sessionChecked = true
}

// The page (path and query) the router last handled.
let shownLocation = ''

async function handleLocation(): Promise<void> {
  const token = ++navigation
  shownLocation = location.pathname + location.search
  const path = location.pathname
  const found = match(path)
  const ctx: PageContext = {
    params: found?.params ?? {},
    query: new URLSearchParams(location.search),
    path,
    show: (view) => show(token, view),
    current: () => token === navigation,
  }
  if (!found) {
    await restoreSession()
    if (token === navigation) show(token, apiErrorView(new ApiError({ status: 404 })))
    return
  }
  if (!found.route.public && !(await restoreSession())) {
    if (token !== navigation) return
    if (session.hadSession()) signIn.notice = 'expired'
    session.end()
    signIn.returnTo = path + location.search
    await navigate('/sign-in', { replace: true })
    return
  }
  try {
    await found.route.page(ctx)
  } catch (e) {
    if (e instanceof SessionEnded) return
    if (e instanceof ApiError) {
      show(token, apiErrorView(e))
      return
    }
    throw e
  }
}

function sameOriginLink(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0) return null
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null
  const a = (event.target as Element | null)?.closest?.('a')
  if (!a || a.target || a.hasAttribute('download')) return null
  if (a.origin !== location.origin) return null
  if (a.pathname.startsWith('/api/')) return null // files the API serves (text explanations)
  // In-page links (the skip link, error summary links) keep their own behaviour.
  if (a.hash && a.pathname === location.pathname && a.search === location.search) return null
  return a
}

export function start(): void {
  whenSessionEnds(() => {
    session.end()
    signIn.notice = 'expired'
    signIn.returnTo = location.pathname + location.search
    void navigate('/sign-in', { replace: true })
  })
  document.addEventListener('click', (event) => {
    const a = sameOriginLink(event)
    if (!a) return
    event.preventDefault()
    void navigate(a.pathname + a.search)
  })
  // Back and forward; a change of the #fragment alone (the skip link, error
  // summary links) also fires popstate but is not a new page.
  window.addEventListener('popstate', () => {
    if (location.pathname + location.search === shownLocation) return
    void handleLocation()
  })
  void handleLocation()
}

// The values of a submitted form: single values, and lists for checkboxes.
export function formValues(form: HTMLFormElement): { get(name: string): string; all(name: string): string[] } {
  const data = new FormData(form)
  return {
    get: (name) => String(data.get(name) ?? '').trim(),
    all: (name) => data.getAll(name).map(String),
  }
}
