// A person record's course of conduct on its page, read from the link
// chart (GET /api/v1/persons/{id}/chart, one request): the reports naming
// the person or a record probably the same person, with their role in each;
// the other victims of the reports where they are a suspect; and the forces
// other than the record's own that recorded those reports.

import { html, nothing } from 'lit-html'
import { ApiError } from '../api'
import { formatDate } from '../format'
import { label, partyRoleNames } from '../labels'
import { table, type Content } from '../ui/govuk'
import { loadChart, personName, reportName, type ChartEdge, type LinkChart, type PersonNode, type ReportNode } from './linkChart'

// The chart, or null when it is not shared with the viewer.
export async function loadPersonChart(personId: string): Promise<LinkChart | null> {
  try {
    return await loadChart(personId)
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null
    throw e
  }
}

interface Conduct {
  reports: ReportNode[] // naming any of them, by date
  rolesIn: Map<string, { role: string; node: string }[]> // report node id -> their parties
  victims: Map<string, { person: PersonNode | undefined; reports: ReportNode[] }> // other victims, by node id
  forceName: (code: string) => string
}

function conductOf(chart: LinkChart): Conduct {
  const byId = new Map(chart.nodes.map((n) => [n.id, n]))
  const root = chart.nodes.find((n): n is PersonNode => n.kind === 'person' && n.root)
  const self = new Set<string>(root ? [root.id] : [])
  if (root) {
    for (const e of chart.edges) {
      if (e.kind !== 'same_person') continue
      if (e.source === root.id) self.add(e.target)
      if (e.target === root.id) self.add(e.source)
    }
  }
  const parties = chart.edges.filter((e): e is ChartEdge & { role: string } => e.kind === 'party_of' && !!e.role)
  const rolesIn = new Map<string, { role: string; node: string }[]>()
  for (const e of parties) {
    if (self.has(e.source)) rolesIn.set(e.target, [...(rolesIn.get(e.target) ?? []), { role: e.role, node: e.source }])
  }
  // The chart's reports are those the viewer may open, oldest first.
  const reports = chart.nodes.filter((n): n is ReportNode => n.kind === 'report' && rolesIn.has(n.id))
  const victims: Conduct['victims'] = new Map()
  for (const r of reports) {
    if (!rolesIn.get(r.id)!.some((p) => p.role === 'suspect')) continue
    for (const e of parties) {
      if (e.target !== r.id || e.role !== 'victim' || self.has(e.source)) continue
      const v = victims.get(e.source) ?? { person: byId.get(e.source) as PersonNode | undefined, reports: [] }
      if (!v.reports.includes(r)) v.reports.push(r)
      victims.set(e.source, v)
    }
  }
  const forces = new Map(chart.nodes.flatMap((n) => (n.kind === 'force' ? [[n.code, n.name] as const] : [])))
  return { reports, rolesIn, victims, forceName: (code) => forces.get(code) ?? code }
}

const date = (r: ReportNode) => formatDate(r.occurred_at.slice(0, 10))

function reportLink(r: ReportNode): Content {
  return html`<a class="govuk-link" href="/reports/${r.report_id}">${reportName(r)}</a>`
}

function list(items: Content[]): Content {
  return items.length === 1 ? items[0] : html`<ul class="govuk-list">${items.map((i) => html`<li>${i}</li>`)}</ul>`
}

function reportsSection(c: Conduct, chart: LinkChart): Content {
  const rootId = chart.nodes.find((n) => n.kind === 'person' && n.root)?.id
  const role = (p: { role: string; node: string }) => {
    const name = label(partyRoleNames, p.role)
    if (p.node === rootId) return name
    const record = p.node.replace(/^person:/, '')
    return html`${name}<span class="app-cell-note">as record <span class="app-id">${record}</span>, probably the same person</span>`
  }
  return html`<h2 class="govuk-heading-m">Reports</h2>
    ${c.reports.length
      ? table({
          caption: 'Reports naming this person, oldest first',
          captionSize: 's',
          classes: 'app-table--wrap',
          head: ['Reference', 'Role', 'Force', 'Date'],
          rows: c.reports.map((r) => [reportLink(r), list(c.rolesIn.get(r.id)!.map(role)), c.forceName(r.force), date(r)]),
        })
      : html`<p class="govuk-body">No report naming this person is shared with your agency.</p>`}
    ${chart.truncated ? html`<p class="govuk-body">There are too many reports to list them all: only the first 200 are shown.</p>` : nothing}`
}

function victimsSection(c: Conduct): Content {
  const suspect = c.reports.some((r) => c.rolesIn.get(r.id)!.some((p) => p.role === 'suspect'))
  // A report's new parties are recorded by its force, so a record not shared
  // with the viewer is named by the force of the report naming it.
  const victim = (id: string, v: { person: PersonNode | undefined; reports: ReportNode[] }) =>
    v.person?.visible
      ? html`<a class="govuk-link" href="/persons/${v.person.person_id}">${personName(v.person)}</a>`
      : html`A record held by ${c.forceName(v.reports[0].force)} — not shared<span class="app-cell-note app-id">${id.replace(/^person:/, '')}</span>`
  const rows = [...c.victims].map(([id, v]) => [
    victim(id, v),
    list(v.reports.map((r) => html`${reportLink(r)}<span class="app-cell-note">${c.forceName(r.force)}, ${date(r)}</span>`)),
  ])
  return html`<h2 class="govuk-heading-m">Other victims</h2>
    ${!suspect
      ? html`<p class="govuk-body">This person is not a suspect in any report shared with your agency.</p>`
      : rows.length
        ? table({
            caption: 'Victims of the reports where this person is a suspect',
            captionSize: 's',
            classes: 'app-table--wrap',
            head: ['Victim', 'Reports'],
            rows,
          })
        : html`<p class="govuk-body">No other victim is named in the reports where this person is a suspect.</p>`}`
}

function forcesSection(c: Conduct, ownForce: string | undefined): Content {
  const byForce = new Map<string, ReportNode[]>()
  for (const r of c.reports) {
    if (r.force === ownForce) continue
    byForce.set(r.force, [...(byForce.get(r.force) ?? []), r])
  }
  return html`<h2 class="govuk-heading-m">Other forces</h2>
    ${byForce.size
      ? table({
          caption: 'Other forces and their reports',
          captionSize: 's',
          classes: 'app-table--wrap',
          head: ['Force', 'Reports'],
          rows: [...byForce].map(([code, reports]) => [
            c.forceName(code),
            list(reports.map((r) => html`${reportLink(r)}<span class="app-cell-note">${date(r)}</span>`)),
          ]),
        })
      : html`<p class="govuk-body">No other force has recorded a report naming this person that is shared with your agency.</p>`}`
}

// The three sections; `ownForce` is the code of the agency holding the record.
export function conductSections(chart: LinkChart | null, ownForce: string | undefined): Content {
  if (!chart) return html`<h2 class="govuk-heading-m">Reports</h2>
    <p class="govuk-body">The reports naming this person are not shared with your agency.</p>`
  const c = conductOf(chart)
  return html`${reportsSection(c, chart)}${victimsSection(c)}${forcesSection(c, ownForce)}`
}
