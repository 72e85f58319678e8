import { html, nothing } from 'lit-html'
import { ApiError, get } from '../api'
import { apiErrorView, route, type PageContext } from '../app'
import { agencyById } from '../data'
import { formatDate, formatDateTime, percent } from '../format'
import * as session from '../session'
import type { LinkDecision, LinkExplanation, Person } from '../types'
import { accessNotice, shown, withheldText } from '../ui/access'
import { summaryList, table, type Content } from '../ui/govuk'
import { decisionsSection, decisionTag, linksSection, loadPersonLinks } from './personLinks'
import { conductSections, loadPersonChart } from './personReports'

function list(values: string[] | null): Content {
  if (!values || !values.length) return 'None recorded'
  return values.length === 1 ? values[0] : html`<ul class="govuk-list">${values.map((v) => html`<li>${v}</li>`)}</ul>`
}

async function personPage(ctx: PageContext): Promise<void> {
  let person: Person
  try {
    person = await get<Person>(`/api/v1/persons/${encodeURIComponent(ctx.params.id)}`)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return ctx.show(apiErrorView(e, 'Person record'))
    throw e
  }
  const [agencies, linked, chart] = await Promise.all([
    agencyById(),
    session.can('link.read') ? loadPersonLinks(person.id) : Promise.resolve(null),
    loadPersonChart(person.id),
  ])
  const a = person.access
  const name = [person.given_name, person.family_name].filter(Boolean).join(' ')

  ctx.show({
    title: 'Person record',
    content: html`<span class="govuk-caption-l">Person record</span>
      <h1 class="govuk-heading-l" tabindex="-1">${name || 'Name not recorded'}</h1>
      ${accessNotice(a)}
      ${summaryList([
        { key: 'First name', value: person.given_name || 'Not recorded' },
        { key: 'Last name', value: person.family_name || 'Not recorded' },
        { key: 'Date of birth', value: formatDate(person.dob) },
        { key: 'Gender', value: person.gender || 'Not recorded' },
        { key: 'Address', value: shown(a, 'address', person.address || 'Not recorded') },
        { key: 'Postcode', value: shown(a, 'postcode', person.postcode || 'Not recorded') },
        { key: 'Phone numbers', value: shown(a, 'phones', list(person.phones)) },
        { key: 'E-mail addresses', value: shown(a, 'emails', list(person.emails)) },
        { key: 'Online handles', value: shown(a, 'handles', list(person.handles)) },
        { key: 'Vehicles', value: shown(a, 'vehicles', list(person.vehicles)) },
        { key: 'Recorded by', value: agencies.get(person.agency_id)?.name ?? 'Another agency' },
        { key: 'Recorded in Threadline', value: formatDateTime(person.created_at) },
        { key: 'Record id', value: html`<span class="app-id">${person.id}</span>` },
      ])}
      ${conductSections(chart, agencies.get(person.agency_id)?.code)}
      <p class="govuk-body">
        <a class="govuk-link" href="/persons/${person.id}/chart">Link chart of the course of conduct</a>: the reports,
        people, identifiers and forces linked to this record.
      </p>
      ${linked ? html`${linksSection(person.id, linked.links)}${decisionsSection(person.id, linked.decisions)}` : nothing}
      ${session.can('audit.read') && (person.agency_id === session.user()!.agencyId || session.user()!.role === 'admin')
        ? html`<p class="govuk-body"><a class="govuk-link" href="/audit/person/${person.id}">Who has seen this record</a></p>`
        : nothing}`,
  })
}

// The explanation of a pair, or the not-found page when either record is
// unknown or not visible to the user (then null).
export async function loadExplanation(ctx: PageContext): Promise<LinkExplanation | null> {
  const { id, other } = ctx.params
  try {
    return await get<LinkExplanation>(`/api/v1/links/${encodeURIComponent(id)}/${encodeURIComponent(other)}/explain`)
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      ctx.show(apiErrorView(err, 'Person record'))
      return null
    }
    throw err
  }
}

// The standing decision on a pair, as a summary of who, when and why.
export function decisionSummary(d: LinkDecision): Content {
  const withheld = d.details_withheld ? withheldText(d.details_withheld) : null
  return summaryList([
    { key: 'Decision', value: decisionTag(d) },
    { key: 'Decided by', value: withheld ?? d.decided_by_name ?? 'Not known' },
    { key: 'When', value: formatDateTime(d.decided_at) },
    { key: 'Why', value: withheld ?? html`<span class="app-text">${d.reason}</span>` },
  ])
}

async function linkExplanationPage(ctx: PageContext): Promise<void> {
  const { id, other } = ctx.params
  const e = await loadExplanation(ctx)
  if (!e || !ctx.current()) return
  const signed = (w: number) => `${w >= 0 ? '+' : '−'}${Math.abs(w).toFixed(2)}`
  ctx.show({
    title: 'Why two records may be the same person',
    backLink: `/persons/${id}`,
    content: html`<span class="govuk-caption-l">Identity resolution</span>
      <h1 class="govuk-heading-l" tabindex="-1">Why these two records may be the same person</h1>
      <p class="govuk-body-l">Match probability ${percent(e.match_probability)}, total weight ${signed(e.total_weight)}.</p>
      ${e.decision
        ? html`<p class="govuk-body">A person decided, and the decision overrides the model: the probability is now ${percent(e.probability)}.</p>
            ${decisionSummary(e.decision)}`
        : nothing}
      ${session.can('link.decide')
        ? html`<p class="govuk-body">
            <a class="govuk-link" href="/persons/${id}/links/${other}/${e.decision ? 'undo' : 'decision'}">${e.decision ? 'Undo the decision' : 'Decide whether they are the same person'}</a>
          </p>`
        : nothing}
      <p class="govuk-body">
        Each detail adds weight when the records agree and takes it away when they differ, starting
        from the prior weight (how likely any two records are to match). Rare values count for more.
      </p>
      ${table({
        caption: 'How each detail counts',
        captionSize: 's',
        classes: 'app-table--wrap',
        head: ['Detail', 'Comparison', 'This record', 'Other record', 'Weight'],
        numeric: [4],
        rows: [
          ['Prior', 'Any two records', '', '', signed(e.prior_weight)],
          ...e.fields.map((f) => [
            f.field.replaceAll('_', ' '),
            f.level.replaceAll('_', ' '),
            f.value_a ?? '',
            f.value_b ?? '',
            `${signed(f.weight)}${f.tf_adjustment ? ' (rare value)' : ''}`,
          ]),
          [html`<strong>Total</strong>`, '', '', '', html`<strong>${signed(e.total_weight)}</strong>`],
        ],
      })}
      <p class="govuk-body">
        <a class="govuk-link" href="/persons/${id}">Back to the person record</a> ·
        <a class="govuk-link" href="/persons/${other}">Open the other record</a>
      </p>`,
  })
}

// The forms for deciding on a pair, loaded on first use.
async function decisionForms(): Promise<typeof import('./linkDecision')> {
  try {
    return await import('./linkDecision')
  } catch {
    throw new ApiError({ status: 503, title: 'The page could not be loaded' })
  }
}

route('/persons/:id', personPage)
route('/persons/:id/links/:other', linkExplanationPage)
route('/persons/:id/links/:other/decision', async (ctx) => (await decisionForms()).decidePage(ctx))
route('/persons/:id/links/:other/undo', async (ctx) => (await decisionForms()).undoPage(ctx))
