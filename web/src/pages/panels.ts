// Panels and the harm ranking: the panels the agency takes part in, one
// panel's agenda for a meeting date (with a link to write the minutes of
// each case on it, for those who run panels), and the force's perpetrators
// ranked by recency, frequency, gravity and number of victims (RFGV). The
// minutes form is in ./panelMinutes, loaded on first use.

import { html, nothing } from 'lit-html'
import { ApiError, get, query } from '../api'
import { apiErrorView, formValues, navigate, route, type PageContext } from '../app'
import { loadAgencies } from '../data'
import { formatDate, formatDateTime, todayIso } from '../format'
import { sentence } from '../labels'
import * as session from '../session'
import type { Agency } from '../types'
import { button, input, insetText, table, type Content, type FieldError } from '../ui/govuk'

export interface Panel {
  id: string
  code: string
  name: string
  kind: string
  area: string
  schedule: string
}

export interface AgendaEntry {
  basis: string
  why: string
  case_id: string | null
  case_reference: string | null
  tier: number | null
  person_id: string | null
  score: number
  score_version: string | null
  last_event_at: string | null
}

interface Attendance {
  agencies: { agency: string; roles: string[]; cases: number }[]
  minutes_recorded: number
  minutes_withheld: number
}

export interface Agenda {
  panel: Panel
  meeting_date: string
  entries: AgendaEntry[]
  withheld: number
  attendance: Attendance
}

// Who attended, from the minutes recorded for the meeting's cases.
function attendanceView(a: Attendance, agencies: Map<string, Agency>): Content {
  const withheld = a.minutes_withheld
    ? insetText(`The minutes of ${a.minutes_withheld} ${a.minutes_withheld === 1 ? 'case are' : 'cases are'} not shared with your agency.`)
    : nothing
  if (!a.agencies.length) {
    return html`<h2 class="govuk-heading-m">Who attended</h2>
      <p class="govuk-body">No minutes are recorded for this meeting yet.</p>
      ${withheld}`
  }
  return html`<h2 class="govuk-heading-m">Who attended</h2>
    ${table({
      caption: `From the minutes of ${a.minutes_recorded} ${a.minutes_recorded === 1 ? 'case' : 'cases'}`,
      head: ['Agency', 'Roles', 'Cases attended'],
      numeric: [2],
      rows: a.agencies.map((p) => [agencies.get(p.agency)?.name ?? p.agency, p.roles.join(', ') || 'Not recorded', String(p.cases)]),
    })}
    ${withheld}`
}

interface Ranked {
  rank: number
  person_id: string
  score: number
  recency: { points: number; days_since_last: number }
  frequency: { points: number; incidents: number }
  gravity: { points: number; harm: number }
  victims: { points: number; count: number }
  serial: boolean
  explanation: string
}

interface Ranking {
  force: string
  as_of: string
  model_version: string
  lookback_days: number
  pseudonymised: boolean
  reports: number
  perpetrators: number
  ranked: Ranked[]
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

async function panelsPage(ctx: PageContext): Promise<void> {
  const panels = session.can('panel.read') ? (await get<{ items: Panel[] }>('/api/v1/panels')).items : []
  ctx.show({
    title: 'Panels',
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Panels</h1>
      ${session.can('panel.read')
        ? panels.length
          ? table({
              caption: 'Panels your agency takes part in',
              classes: 'app-table--wrap',
              head: ['Panel', 'Kind', 'Area', 'Meets'],
              rows: panels.map((p) => [
                html`<a class="govuk-link" href="/panels/${p.id}">${p.name}</a>`,
                sentence(p.kind.replace(/_/g, ' ')),
                p.area || 'Not given',
                p.schedule || 'Not given',
              ]),
            })
          : html`<p class="govuk-body">There are no panels yet.</p>`
        : nothing}
      ${session.can('rank.read')
        ? html`<h2 class="govuk-heading-m">Harm ranking</h2>
            <p class="govuk-body">
              <a class="govuk-link" href="/ranking">The 20 perpetrators of most harm in the Metropolitan Police area</a>,
              with each score’s recency, frequency, gravity and victims.
            </p>`
        : nothing}`,
  })
}

async function agendaPage(ctx: PageContext): Promise<void> {
  const id = ctx.params.id
  const date = ctx.query.get('date') ?? ''
  let panel: Panel
  try {
    panel = await get<Panel>(`/api/v1/panels/${encodeURIComponent(id)}`)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return ctx.show(apiErrorView(e, 'Panel'))
    throw e
  }
  const errors: FieldError[] = date && !DATE.test(date) ? [{ id: 'date', message: 'Enter the meeting date as year-month-day, for example 2026-11-24' }] : []
  const shownDate = date && !errors.length ? date : todayIso()
  let agenda: Agenda | null = null
  try {
    agenda = await get<Agenda>(`/api/v1/panels/${panel.id}/agenda${query({ date: shownDate })}`)
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 400) throw e
    errors.push({ id: 'date', message: e.problem.errors?.[0]?.message ? `Meeting date ${e.problem.errors[0].message}` : 'Enter a real meeting date' })
  }

  function change(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement).get('date')
    void navigate(`/panels/${panel.id}${query({ date: v })}`)
  }

  const entries = agenda?.entries ?? []
  const agencies = new Map((await loadAgencies()).map((a) => [a.code, a]))
  // The chair writes each case's minutes from the agenda.
  const minutes = session.can('panel.manage') && entries.some((e) => e.case_id)
  const minutesLink = (e: AgendaEntry): Content =>
    e.case_id && agenda
      ? html`<a class="govuk-link" href="/panels/${panel.id}/minutes/${e.case_id}${query({ date: agenda.meeting_date })}"
          >Write minutes<span class="govuk-visually-hidden"> for ${e.case_reference ?? 'the case'}</span></a
        >`
      : 'No case'
  ctx.show({
    title: 'Panel agenda',
    errors,
    backLink: '/panels',
    content: html`<span class="govuk-caption-l">Panel agenda</span>
      <h1 class="govuk-heading-l" tabindex="-1">${panel.name}</h1>
      <form novalidate @submit=${change}>
        ${input({
          id: 'date',
          label: 'Meeting date',
          hint: 'For example, 2026-11-24',
          value: date || shownDate,
          error: errors[0]?.message,
          width: 'govuk-input--width-10',
          spellcheck: false,
          autocomplete: 'off',
        })}
        ${button('Show the agenda', { secondary: true })}
      </form>
      ${agenda
        ? html`${entries.length
              ? table({
                  caption: `Agenda for ${formatDate(agenda.meeting_date)}`,
                  classes: 'app-table--wrap',
                  head: ['Case', 'Tier', 'Why it is on the agenda', 'Harm score', 'Last event', ...(minutes ? ['Minutes'] : [])],
                  numeric: [3],
                  rows: entries.map((e) => [
                    e.case_id
                      ? html`<a class="govuk-link" href="/cases/${e.case_id}">${e.case_reference ?? 'Case'}</a>`
                      : e.person_id
                        ? html`<a class="govuk-link" href="/persons/${e.person_id}">Person record</a>`
                        : 'Not given',
                    e.tier ? `Tier ${e.tier}` : 'Not tiered',
                    html`${sentence(e.basis.replace(/_/g, ' '))}${e.why ? html`: ${e.why}` : nothing}`,
                    e.score ? e.score.toFixed(1) : 'None',
                    e.last_event_at ? formatDateTime(e.last_event_at) : 'None',
                    ...(minutes ? [minutesLink(e)] : []),
                  ]),
                })
              : html`<p class="govuk-body">Nothing is on the agenda for ${formatDate(agenda.meeting_date)}.</p>`}
            ${agenda.withheld
              ? insetText(`${agenda.withheld} ${agenda.withheld === 1 ? 'case is' : 'cases are'} not shown: not shared with your agency.`)
              : nothing}
            ${attendanceView(agenda.attendance, agencies)}`
        : nothing}`,
  })
}

function personCell(r: Ranked, pseudonymised: boolean): Content {
  if (pseudonymised) return html`<span class="app-id">${r.person_id}</span>`
  return html`<a class="govuk-link" href="/persons/${r.person_id}">Person record<span class="govuk-visually-hidden"> ranked ${r.rank}</span></a>`
}

async function rankingPage(ctx: PageContext): Promise<void> {
  const ranking = await get<Ranking>(`/api/v1/ranking${query({ force: 'met', top: 20 })}`)
  ctx.show({
    title: 'Harm ranking',
    backLink: '/panels',
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Harm ranking</h1>
      <p class="govuk-body">
        Perpetrators in the ${ranking.force.toUpperCase()} area ranked by harm as of ${formatDate(ranking.as_of)}:
        ${ranking.perpetrators} perpetrators in ${ranking.reports} reports over the last ${ranking.lookback_days} days
        (model ${ranking.model_version}).
      </p>
      <p class="govuk-body">
        Each score adds points for recency (R: days since the last report), frequency (F: incidents), gravity (G: the
        harm of the offences) and victims (V: how many people).
        ${ranking.pseudonymised ? 'People are shown by pseudonymous id.' : ''}
      </p>
      ${ranking.ranked.length
        ? table({
            caption: `The ${ranking.ranked.length} highest-harm perpetrators`,
            classes: 'app-table--wrap',
            head: ['Rank', 'Person', 'Score', 'R', 'F', 'G', 'V', 'Why'],
            numeric: [2, 3, 4, 5, 6],
            rows: ranking.ranked.map((r) => [
              String(r.rank),
              personCell(r, ranking.pseudonymised),
              r.score.toFixed(1),
              html`${r.recency.points}<span class="govuk-visually-hidden"> points</span><br /><span class="app-rule">${r.recency.days_since_last} days</span>`,
              html`${r.frequency.points}<span class="govuk-visually-hidden"> points</span><br /><span class="app-rule">${r.frequency.incidents} incidents</span>`,
              html`${r.gravity.points}<span class="govuk-visually-hidden"> points</span><br /><span class="app-rule">harm ${r.gravity.harm}</span>`,
              html`${r.victims.points}<span class="govuk-visually-hidden"> points</span><br /><span class="app-rule">${r.victims.count} ${r.victims.count === 1 ? 'victim' : 'victims'}</span>`,
              html`${r.serial ? html`<strong>Serial.</strong> ` : nothing}${r.explanation}`,
            ]),
          })
        : html`<p class="govuk-body">No perpetrators to rank.</p>`}`,
  })
}

// The minutes form loads on first use; a file that cannot be fetched shows
// the service's problem page.
async function minutesPage(ctx: PageContext): Promise<void> {
  let page: typeof import('./panelMinutes')
  try {
    page = await import('./panelMinutes')
  } catch {
    throw new ApiError({ status: 503, title: 'The page could not be loaded' })
  }
  await page.minutesPage(ctx)
}

route('/panels', panelsPage)
route('/panels/:id', agendaPage)
route('/panels/:id/minutes/:case', minutesPage)
route('/ranking', rankingPage)
