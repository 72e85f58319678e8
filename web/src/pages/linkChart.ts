// The link chart of a course of conduct, drawn around one person record:
// the people, the reports naming them, the identifiers they were recorded
// with and the forces that recorded the reports. The picture comes from the
// graph library, loaded only here; the tables below it hold every node and
// edge as text, with the links keyboard and screen-reader users follow.

import { html, nothing } from 'lit-html'
import type { Core } from 'cytoscape'
import { ApiError, get } from '../api'
import { apiErrorView, navigate, route, type PageContext } from '../app'
import { loadAgencies } from '../data'
import { formatDate, percent } from '../format'
import { label, partyRoleNames, recordedAsNames } from '../labels'
import type { Access } from '../types'
import { withheldText } from '../ui/access'
import { insetText, summaryCard, summaryList, table, type Content } from '../ui/govuk'
import type { GraphEdge, GraphNode } from '../ui/linkGraph'

// GET /api/v1/persons/{id}/chart (docs/api.md).
export interface PersonNode {
  id: string
  kind: 'person'
  person_id: string
  root: boolean
  visible: boolean
  roles: string[]
  agency?: string
  given_name?: string
  family_name?: string
  access?: Access
}
export interface ReportNode {
  id: string
  kind: 'report'
  report_id: string
  reference: string | null
  occurred_at: string
  recorded_as: string | null
  force: string
}
export interface IdentifierNode {
  id: string
  kind: 'identifier'
  identifier_kind: 'phone' | 'email' | 'handle' | 'vehicle'
  value: string
  holders: number
}
export interface ForceNode {
  id: string
  kind: 'force'
  code: string
  name: string
}
export type ChartNode = PersonNode | ReportNode | IdentifierNode | ForceNode
export interface ChartEdge {
  kind: 'party_of' | 'recorded_by' | 'has_identifier' | 'same_person'
  source: string
  target: string
  role?: string
  probability?: number
  match_weight?: number
}
export interface LinkChart {
  person_id: string
  links_shown: boolean
  truncated: boolean
  nodes: ChartNode[]
  edges: ChartEdge[]
}

export function loadChart(personId: string): Promise<LinkChart> {
  return get<LinkChart>(`/api/v1/persons/${encodeURIComponent(personId)}/chart`)
}

const identifierNames: Record<string, string> = {
  phone: 'Phone number',
  email: 'E-mail address',
  handle: 'Online handle',
  vehicle: 'Vehicle',
}

export function personName(p: PersonNode): string {
  if (!p.visible) return 'Record not shared with your agency'
  return [p.given_name, p.family_name].filter(Boolean).join(' ') || 'Name not recorded'
}

function roles(p: PersonNode): string {
  return p.roles.length ? p.roles.map((r) => label(partyRoleNames, r)).join(', ') : 'Linked record'
}

export function reportName(r: ReportNode): string {
  return r.reference || 'Report without a reference'
}

function personHref(p: PersonNode): string | undefined {
  return p.visible ? `/persons/${p.person_id}` : undefined
}

// The chart's nodes as the graph draws them: a short text label on each.
function graphNodes(chart: LinkChart): GraphNode[] {
  return chart.nodes.map((n): GraphNode => {
    switch (n.kind) {
      case 'person':
        return { id: n.id, kind: n.kind, root: n.root, label: `${personName(n)}\n${roles(n)}`, href: personHref(n) }
      case 'report':
        return { id: n.id, kind: n.kind, label: `${reportName(n)}\n${formatDate(n.occurred_at.slice(0, 10))}`, href: `/reports/${n.report_id}` }
      case 'identifier':
        return { id: n.id, kind: n.kind, label: `${label(identifierNames, n.identifier_kind)}\n${n.value}` }
      case 'force':
        return { id: n.id, kind: n.kind, label: n.name }
    }
  })
}

function graphEdges(chart: LinkChart): GraphEdge[] {
  return chart.edges.map((e) => ({
    kind: e.kind,
    source: e.source,
    target: e.target,
    label:
      e.kind === 'party_of'
        ? label(partyRoleNames, e.role ?? '')
        : e.kind === 'same_person'
          ? `same person ${percent(e.probability ?? 0)}`
          : undefined,
  }))
}

// ---- the text alternative --------------------------------------------------------

function personLink(p: PersonNode | undefined): Content {
  if (!p) return 'Unknown record'
  const href = personHref(p)
  if (!href) return html`${personName(p)} <span class="app-id">${p.person_id}</span>`
  return html`<a class="govuk-link" href="${href}">${personName(p)}<span class="govuk-visually-hidden"> (${roles(p).toLowerCase()})</span></a>`
}

// Every node and edge as text, in few columns so nothing is wider than a
// phone: people and identifiers as tables, each report as a summary card.
function tables(chart: LinkChart, agencyNames: Map<string, string>): Content {
  const byId = new Map(chart.nodes.map((n) => [n.id, n]))
  const persons = chart.nodes.filter((n): n is PersonNode => n.kind === 'person')
  const reports = chart.nodes.filter((n): n is ReportNode => n.kind === 'report')
  const identifiers = chart.nodes.filter((n): n is IdentifierNode => n.kind === 'identifier')
  const forces = chart.nodes.filter((n): n is ForceNode => n.kind === 'force')
  const person = (id: string) => byId.get(id) as PersonNode | undefined
  const edgesOf = (kind: ChartEdge['kind']) => chart.edges.filter((e) => e.kind === kind)
  const forceName = (code: string) => forces.find((f) => f.code === code)?.name ?? code
  const list = (items: Content[]) =>
    items.length ? html`<ul class="govuk-list">${items.map((i) => html`<li>${i}</li>`)}</ul>` : 'None'
  const withheld = (p: PersonNode) =>
    p.access?.withheld.length
      ? html`<br />Contact details: ${withheldText([...new Set(p.access.withheld.map((w) => w.reason))].join('; '))}`
      : nothing
  const sameAs = edgesOf('same_person')

  return html`<h2 class="govuk-heading-m">People</h2>
    ${table({
      caption: html`<span class="govuk-visually-hidden">People</span>`,
      head: ['Person record', 'Role', 'Recorded by'],
      classes: 'app-table--wrap',
      rows: persons.map((p) => [
        html`${personLink(p)}${p.root ? html`<br /><strong class="govuk-tag govuk-tag--blue">This record</strong>` : nothing}${withheld(p)}`,
        roles(p),
        p.visible ? (agencyNames.get(p.agency ?? '') ?? p.agency ?? '') : 'Another agency',
      ]),
    })}
    <h2 class="govuk-heading-m">Reports</h2>
    ${reports.length
      ? reports.map((r) =>
          summaryCard(
            html`<a class="govuk-link" href="/reports/${r.report_id}">${reportName(r)}</a>`,
            summaryList([
              { key: 'Date', value: formatDate(r.occurred_at.slice(0, 10)) },
              { key: 'Recorded as', value: r.recorded_as ? label(recordedAsNames, r.recorded_as) : 'Not recorded' },
              { key: 'Force', value: forceName(r.force) },
              {
                key: 'People',
                value: list(
                  edgesOf('party_of')
                    .filter((e) => e.target === r.id)
                    .map((e) => html`${label(partyRoleNames, e.role ?? '')}: ${personLink(person(e.source))}`),
                ),
              },
            ]),
            3,
          ),
        )
      : html`<p class="govuk-body">No report naming these records is shared with your agency.</p>`}
    ${identifiers.length
      ? html`<h2 class="govuk-heading-m">Identifiers</h2>
          ${table({
            caption: html`<span class="govuk-visually-hidden">Identifiers</span>`,
            head: ['Identifier', 'Held by'],
            classes: 'app-table--wrap',
            rows: identifiers.map((i) => [
              html`${i.value}<br /><span class="app-rule">${label(identifierNames, i.identifier_kind)}</span>`,
              html`${list(
                edgesOf('has_identifier')
                  .filter((e) => e.target === i.id)
                  .map((e) => personLink(person(e.source))),
              )}${i.holders > 1 ? html`<strong class="govuk-tag govuk-tag--purple">Shared by ${i.holders} records</strong>` : nothing}`,
            ]),
          })}`
      : nothing}
    ${forces.length
      ? html`<h2 class="govuk-heading-m">Forces</h2>
          ${table({
            caption: html`<span class="govuk-visually-hidden">Forces</span>`,
            head: ['Force', 'Reports'],
            numeric: [1],
            rows: forces.map((f) => [f.name, String(edgesOf('recorded_by').filter((e) => e.target === f.id).length)]),
          })}`
      : nothing}
    ${chart.links_shown
      ? html`<h2 class="govuk-heading-m">Records that are probably the same person</h2>
          ${sameAs.length
            ? table({
                caption: html`<span class="govuk-visually-hidden">Records that are probably the same person</span>`,
                head: ['Records', 'Probability', 'Why'],
                numeric: [1],
                classes: 'app-table--wrap',
                rows: sameAs.map((e) => {
                  const a = person(e.source)
                  const b = person(e.target)
                  return [
                    list([personLink(a), personLink(b)]),
                    percent(e.probability ?? 0),
                    a?.visible && b?.visible
                      ? html`<a class="govuk-link" href="/persons/${a.person_id}/links/${b.person_id}">Explanation<span class="govuk-visually-hidden"> of this match</span></a>`
                      : 'Ask the other agency to share the record',
                  ]
                }),
              })
            : html`<p class="govuk-body">Identity resolution finds no other record of these people.</p>`}`
      : nothing}`
}

function key(): Content {
  return html`<h2 class="govuk-heading-s">How to read the chart</h2>
    <ul class="govuk-list govuk-list--bullet">
      <li>Circles are people; a thick circle is this record.</li>
      <li>Rounded boxes are reports. Select a person or a report to open it.</li>
      <li>Diamonds are identifiers (phone numbers, e-mail addresses, handles and vehicles).</li>
      <li>Hexagons are the forces that recorded the reports.</li>
      <li>Solid lines join people to the reports naming them, labelled with their role; dotted lines join reports to forces; dashed lines join people to their identifiers; double lines join records that are probably the same person.</li>
    </ul>`
}

// ---- the page --------------------------------------------------------------------

let graph: Core | null = null

async function drawInto(chart: LinkChart, ctx: PageContext): Promise<boolean> {
  const container = document.getElementById('link-chart')
  if (!container) return false
  try {
    const { drawGraph } = await import('../ui/linkGraph')
    if (!ctx.current()) return true
    graph?.destroy()
    graph = drawGraph(container, graphNodes(chart), graphEdges(chart), (href) => void navigate(href))
    return true
  } catch {
    return false
  }
}

async function linkChartPage(ctx: PageContext): Promise<void> {
  graph?.destroy()
  graph = null
  let chart: LinkChart
  try {
    chart = await loadChart(ctx.params.id)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return ctx.show(apiErrorView(e, 'Person record'))
    throw e
  }
  const agencyNames = new Map((await loadAgencies()).map((a) => [a.code, a.name]))
  if (!ctx.current()) return
  const root = chart.nodes.find((n): n is PersonNode => n.kind === 'person' && n.root)
  const count = (kind: ChartNode['kind'], one: string, many: string) => {
    const n = chart.nodes.filter((node) => node.kind === kind).length
    return `${n} ${n === 1 ? one : many}`
  }
  const summary =
    `Link chart around ${root ? personName(root) : 'this person'}: ${count('person', 'person record', 'person records')}, ` +
    `${count('report', 'report', 'reports')}, ${count('identifier', 'identifier', 'identifiers')} and ` +
    `${count('force', 'force', 'forces')}. The same is set out below.`
  const view = (drawn: boolean | null) => ({
    title: 'Link chart',
    backLink: `/persons/${chart.person_id}`,
    content: html`<span class="govuk-caption-l">Course of conduct</span>
      <h1 class="govuk-heading-l" tabindex="-1">Link chart</h1>
      <p class="govuk-body-l">
        The reports naming ${root ? personName(root) : 'this person'}, the people in them, the identifiers they were
        recorded with and the forces that recorded them.
      </p>
      ${chart.links_shown
        ? html`<p class="govuk-body">
            Records that identity resolution finds are probably the same person (50% or more) are included with their
            reports. Records another agency has not shared with yours are shown, without their details, so you can ask
            for them.
          </p>`
        : insetText('Your role does not include identity resolution: only this record and the reports naming it are shown.')}
      ${chart.truncated ? insetText('There are too many reports to chart them all: only the first 200 are shown.') : nothing}
      ${key()}
      <div class="app-link-chart" id="link-chart" role="img" aria-label="${summary}"></div>
      ${drawn === false ? insetText('The chart could not be drawn. Everything it shows is in the tables below.') : nothing}
      <h2 class="govuk-heading-l">What the chart shows</h2>
      ${tables(chart, agencyNames)}`,
  })
  ctx.show(view(null))
  const drawn = await drawInto(chart, ctx)
  if (!drawn && ctx.current()) ctx.show(view(false))
}

route('/persons/:id/chart', linkChartPage)
