import { html, nothing } from 'lit-html'
import { ApiError, get, query } from '../api'
import { apiErrorView, navigate, route, type PageContext } from '../app'
import { agencyById, loadQuestionnaire } from '../data'
import { formatDateTime } from '../format'
import { label, partyRoleNames, recordedAsNames } from '../labels'
import * as session from '../session'
import type { Page, Report } from '../types'
import { accessNotice, shown } from '../ui/access'
import { linkButton, pagination, summaryList, table, tag } from '../ui/govuk'
import { principalTag, riskTag, type Screening } from './screeningResult'

const PAGE_SIZE = 20

// The API pages with an opaque cursor (it holds a date): the address holds
// only the page number, and the cursors of the pages seen stay in memory.
const cursors: string[] = ['']

function reportLinkText(r: Report): string {
  return r.reference || `Report ending ${r.id.slice(-6)}`
}

async function reportListPage(ctx: PageContext): Promise<void> {
  const pageNumber = Math.max(1, Math.floor(Number(ctx.query.get('page') ?? '1')) || 1)
  if (pageNumber > cursors.length) {
    // A page seen before this page load: its cursor is gone, start again.
    await navigate('/reports', { replace: true })
    return
  }
  const cursor = cursors[pageNumber - 1]
  const [page, agencies] = await Promise.all([
    get<Page<Report>>(`/api/v1/reports${query({ limit: PAGE_SIZE, cursor })}`),
    agencyById(),
  ])
  if (page.next_cursor) cursors[pageNumber] = page.next_cursor
  const me = session.user()!
  const own = me.role === 'officer' || me.role === 'lead'
  ctx.show({
    title: pageNumber > 1 ? `Reports, page ${pageNumber}` : 'Reports',
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Reports</h1>
      <p class="govuk-body">
        ${own ? 'Reports your force recorded' : 'Reports shared with your agency'}, newest first.
      </p>
      ${session.can('report.create')
        ? linkButton('/reports/new', 'Record a new report', { secondary: true })
        : nothing}
      ${page.items.length
        ? table({
            caption: pageNumber > 1 ? `Reports, page ${pageNumber}` : 'Latest reports',
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
        : html`<p class="govuk-body">There are no reports to show.</p>`}
      ${pagination({
        label: 'Pages of reports',
        previous: pageNumber > 1 ? `/reports${query({ page: pageNumber > 2 ? pageNumber - 1 : undefined })}` : undefined,
        next: page.next_cursor ? `/reports${query({ page: pageNumber + 1 })}` : undefined,
      })}`,
  })
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
