import { html, nothing } from 'lit-html'
import { ApiError, get, query } from '../api'
import { apiErrorView, formValues, navigate, route, type PageContext } from '../app'
import { agencyById, loadQuestionnaire } from '../data'
import { formatDateTime } from '../format'
import { label, partyRoleNames, recordedAsNames } from '../labels'
import * as session from '../session'
import type { Page, Report } from '../types'
import { accessNotice, shown } from '../ui/access'
import { checkDateRange, dayStart, filterForm, filterOptions, isoToParts, partsToIso } from '../ui/filter'
import { dateInput, errorFor, linkButton, pagination, select, summaryList, table, tag, type DateParts, type FieldError } from '../ui/govuk'
import { principalTag, riskTag, type Screening } from './screeningResult'

const PAGE_SIZE = 20

// The API pages with an opaque cursor (it holds a date): the address holds
// the filter (a force code and dates) and the page number, and the cursors
// of the pages seen stay in memory, one list per filter.
const cursors = new Map<string, string[]>()

function reportLinkText(r: Report): string {
  return r.reference || `Report ending ${r.id.slice(-6)}`
}

interface ReportFilter {
  force: string
  from: string // YYYY-MM-DD, inclusive
  to: string // YYYY-MM-DD, inclusive
}

async function reportListPage(ctx: PageContext): Promise<void> {
  const me = session.user()!
  const own = me.role === 'officer' || me.role === 'lead'
  const asked: ReportFilter = {
    force: own ? '' : (ctx.query.get('force') ?? ''),
    from: ctx.query.get('from') ?? '',
    to: ctx.query.get('to') ?? '',
  }
  const filterQuery = query({ ...asked })
  const list = cursors.get(filterQuery) ?? ['']
  cursors.set(filterQuery, list)
  const pageNumber = Math.max(1, Math.floor(Number(ctx.query.get('page') ?? '1')) || 1)
  if (pageNumber > list.length) {
    // A page seen before this page load: its cursor is gone, start again.
    await navigate(`/reports${filterQuery}`, { replace: true })
    return
  }
  // Dates in the address are checked as the form checks them.
  const addressErrors = checkDateRange(
    { id: 'from', name: 'start date', iso: asked.from && (isoToParts(asked.from) ? asked.from : undefined) },
    { id: 'to', name: 'end date', iso: asked.to && (isoToParts(asked.to) ? asked.to : undefined) },
  )
  const agencies = await agencyById()
  const forces = [...agencies.values()].filter((a) => a.kind === 'police_force').sort((x, y) => x.name.localeCompare(y.name, 'en-GB'))
  let page: Page<Report> | null = null
  if (!addressErrors.length) {
    page = await get<Page<Report>>(
      `/api/v1/reports${query({ limit: PAGE_SIZE, cursor: list[pageNumber - 1], force: asked.force, from: asked.from && dayStart(asked.from), to: asked.to && dayStart(asked.to, { after: true }) })}`,
    )
    if (page.next_cursor) list[pageNumber] = page.next_cursor
  }
  if (!ctx.current()) return
  const filtered = !!(asked.force || asked.from || asked.to)
  const at = (n: number) => `/reports${query({ ...asked, page: n > 1 ? n : undefined })}`

  function apply(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    const parts = (id: string) => ({ day: v.get(`${id}-day`), month: v.get(`${id}-month`), year: v.get(`${id}-year`) })
    const typed = { from: parts('from'), to: parts('to') }
    const from = partsToIso(typed.from)
    const to = partsToIso(typed.to)
    const errors = checkDateRange({ id: 'from', name: 'start date', iso: from }, { id: 'to', name: 'end date', iso: to })
    if (errors.length) return show(errors, { force: v.get('force'), ...typed })
    void navigate(`/reports${query({ force: v.get('force'), from, to })}`)
  }

  const show = (errors: FieldError[], typed: { force: string; from: Partial<DateParts>; to: Partial<DateParts> }) =>
    ctx.show({
      title: pageNumber > 1 ? `Reports, page ${pageNumber}` : 'Reports',
      errors,
      content: html`<h1 class="govuk-heading-l" tabindex="-1">Reports</h1>
        <p class="govuk-body">
          ${own ? 'Reports your force recorded' : 'Reports shared with your agency'}, newest first.
        </p>
        ${session.can('report.create')
          ? linkButton('/reports/new', 'Record a new report', { secondary: true })
          : nothing}
        ${filterForm({
          id: 'report-filter',
          heading: 'Filter reports',
          applied: filtered,
          clearHref: '/reports',
          onSubmit: apply,
          fields: [
            own
              ? nothing
              : select({
                  id: 'force',
                  label: 'Force',
                  value: typed.force,
                  groups: filterOptions('All forces', forces.map((a) => [a.code, a.name])),
                }),
            dateInput({
              id: 'from',
              legend: { text: 'Happened on or after', size: 's' },
              hint: 'For example, 1 4 2026',
              value: typed.from,
              error: errorFor(errors, 'from'),
            }),
            dateInput({
              id: 'to',
              legend: { text: 'Happened on or before', size: 's' },
              hint: 'For example, 30 4 2026',
              value: typed.to,
              error: errorFor(errors, 'to'),
            }),
          ].filter((f) => f !== nothing),
        })}
        ${!page
          ? html`<p class="govuk-body">Correct the filter to see the reports.</p>`
          : page.items.length
            ? table({
                caption: pageNumber > 1 ? `${filtered ? 'Matching reports' : 'Reports'}, page ${pageNumber}` : filtered ? 'Matching reports' : 'Latest reports',
                classes: 'app-table--wrap',
                head: own ? ['Reference', 'When it happened', 'Recorded as'] : ['Reference', 'When it happened', 'Recorded as', 'Force'],
                rows: page.items.map((r) => {
                  const row = [
                    html`<a class="govuk-link" href="/reports/${r.id}">${reportLinkText(r)}</a>`,
                    formatDateTime(r.occurred_at),
                    label(recordedAsNames, r.recorded_as),
                  ]
                  return own ? row : [...row, agencies.get(r.force_id)?.name ?? r.force]
                }),
              })
            : filtered
              ? html`<p class="govuk-body">No reports match the filter.</p>`
              : html`<p class="govuk-body">There are no reports to show.</p>`}
        ${pagination({
          label: 'Pages of reports',
          previous: page && pageNumber > 1 ? at(pageNumber - 1) : undefined,
          next: page?.next_cursor ? at(pageNumber + 1) : undefined,
        })}`,
    })
  show(addressErrors, { force: asked.force, from: isoToParts(asked.from) ?? {}, to: isoToParts(asked.to) ?? {} })
}

async function reportPage(ctx: PageContext): Promise<void> {
  const id = ctx.params.id
  let report: Report
  try {
    report = await get<Report>(`/api/v1/reports/${encodeURIComponent(id)}`)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return ctx.show(apiErrorView(e, 'Report'))
    throw e
  }
  let screenings: Screening[] | null = null
  try {
    screenings = (await get<Page<Screening>>(`/api/v1/reports/${report.id}/screenings`)).items
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 403)) throw e
  }
  const [agencies, questionnaire] = await Promise.all([agencyById(), loadQuestionnaire()])
  const behaviourLabels = new Map(
    questionnaire.sections
      .flatMap((s) => s.questions)
      .find((q) => q.id === 'behaviours')
      ?.options?.map((o) => [o.value, o.label]) ?? [],
  )
  const me = session.user()!
  const ownForce = report.force_id === me.agencyId
  const roleCounts = new Map<string, number>()
  const people = report.parties.map((p) => {
    const n = (roleCounts.get(p.role) ?? 0) + 1
    roleCounts.set(p.role, n)
    return { ...p, n }
  })
  const manyOf = (role: string) => (roleCounts.get(role) ?? 0) > 1

  ctx.show({
    title: 'Report',
    content: html`<span class="govuk-caption-l">Report</span>
      <h1 class="govuk-heading-l" tabindex="-1">${report.reference || 'No crime reference'}</h1>
      ${accessNotice(report.access)}
      ${summaryList([
        { key: 'Force', value: agencies.get(report.force_id)?.name ?? report.force },
        { key: 'When it happened', value: formatDateTime(report.occurred_at) },
        { key: 'When it was reported', value: formatDateTime(report.reported_at) },
        { key: 'Recorded as', value: label(recordedAsNames, report.recorded_as) },
        {
          key: 'What the suspect did',
          value: report.behaviours.length
            ? html`<ul class="govuk-list">
                ${report.behaviours.map((b) => html`<li>${behaviourLabels.get(b) ?? b}</li>`)}
              </ul>`
            : 'Nothing recorded',
        },
        {
          key: 'What happened',
          value: shown(report.access, 'summary', report.summary ? html`<p class="govuk-body">${report.summary}</p>` : 'Not recorded'),
        },
        { key: 'Recorded in Threadline', value: formatDateTime(report.created_at) },
        { key: 'Record id', value: html`<span class="app-id">${report.id}</span>` },
      ])}
      <h2 class="govuk-heading-m">People in this report</h2>
      ${people.length
        ? summaryList(
            people.map((p) => ({
              key: `${label(partyRoleNames, p.role)}${manyOf(p.role) ? ` ${p.n}` : ''}`,
              value: html`<a class="govuk-link" href="/persons/${p.person_id}">View person record<span class="govuk-visually-hidden"> of the ${p.role}${manyOf(p.role) ? ` ${p.n}` : ''}</span></a>`,
            })),
          )
        : html`<p class="govuk-body">No people are recorded.</p>`}
      <h2 class="govuk-heading-m">Screening</h2>
      ${screenings === null
        ? html`<p class="govuk-body">Screenings of this report are not shared with your agency.</p>`
        : screenings.length
          ? table({
              caption: 'Screenings of this report, oldest first',
              captionSize: 's',
              classes: 'app-table--wrap',
              head: ['When', 'Classification', 'Risk'],
              rows: screenings.map((s) => [
                html`<a class="govuk-link" href="/screenings/${s.id}">${formatDateTime(s.created_at)}<span class="govuk-visually-hidden"> screening result</span></a>`,
                principalTag(s),
                riskTag(s.risk_level),
              ]),
            })
          : html`<p class="govuk-body">${tag('Not screened', 'grey')} This report has not been screened yet.</p>`}
      ${session.can('screening.create') && ownForce
        ? linkButton(`/reports/${report.id}/screening`, screenings?.length ? 'Screen it again' : 'Screen this report')
        : nothing}
      ${session.can('audit.read') && (ownForce || me.role === 'admin')
        ? html`<p class="govuk-body"><a class="govuk-link" href="/audit/report/${report.id}">Who has seen this report</a></p>`
        : nothing}`,
  })
}

route('/reports', reportListPage)
route('/reports/:id', reportPage)
