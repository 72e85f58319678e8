// Cases: the triage queue, the list of cases, and one case with its
// timeline, its actions, orders and decisions, and the triage form for the
// roles that triage. Everything shown comes from the case API
// (docs/cases.md); the list cursors stay in memory, never in the address.

import { html, nothing } from 'lit-html'
import { ApiError, get, post, query } from '../api'
import { apiErrorView, flash, formValues, navigate, route, type PageContext } from '../app'
import { agencyById, loadAgencies } from '../data'
import { formatDate, formatDateTime } from '../format'
import { label, sentence } from '../labels'
import * as session from '../session'
import type { Access, Agency, Page } from '../types'
import { accessNotice, withheldText } from '../ui/access'
import {
  button,
  checkboxes,
  insetText,
  notificationBanner,
  pagination,
  radios,
  summaryList,
  table,
  tag,
  textarea,
  type Content,
  type FieldError,
} from '../ui/govuk'

export interface Case {
  id: string
  reference: string
  status: string
  tier: number | null
  source: string
  owner_agency_id: string
  case_type: string
  motivation: string
  risk_level: string
  victim_person_id: string | null
  suspect_person_id: string | null
  report_ids: string[]
  referral_reason: string
  enhanced_rights: boolean
  not_enhanced_reason: string
  closure_reason: string
  created_at: string
  updated_at: string
  version: number
  access?: Access
}

interface Reason {
  rule_id: string
  tier: number
  text: string
}

interface Suggestion {
  tier: number | null
  advice_only: boolean
  reasons: Reason[]
  rules_version: string
  explanation: string
  tier_name?: string
  tier_description?: string
}

interface CaseItem {
  id: string
  kind: string
  subtype: string
  agency_id: string
  status: string | null
  due_on: string | null
  body: Record<string, unknown> | null
  created_at: string
  version: number
  victims_code_clock?: { due_on: string; working_days: number; state: string }
  access?: Access
}

interface TimelineEvent {
  seq: number
  at: string
  kind: string
  agency: string
  summary: string | null
  withheld?: string
}

interface Timeline {
  case_id: string
  events: TimelineEvent[]
  withheld_events: number
}

// As src/domain/vocabulary.cpp names them.
export const caseTypeNames: Record<string, string> = {
  domestic_ex_intimate: 'Domestic: ex-intimate partner',
  domestic_family: 'Domestic: family member',
  acquaintance: 'Non-domestic: acquaintance',
  colleague: 'Non-domestic: colleague or client',
  neighbour: 'Non-domestic: neighbour',
  stranger: 'Non-domestic: stranger',
  online_only: 'Online only',
  unknown: 'Not yet known',
}

const sourceNames: Record<string, string> = {
  police_report: 'A screened police report',
  probation: 'Probation',
  health: 'Health services',
  advocacy: 'An advocacy service',
  cps: 'Crown Prosecution Service',
  other_force: 'Another police force',
  self: 'Self-referral by the victim',
}

const statusNames: Record<string, string> = { referred: 'Referred', open: 'Open', closed: 'Closed' }
const riskNames: Record<string, string> = { standard: 'Standard', medium: 'Medium', high: 'High' }

const factNames: [string, string][] = [
  ['fear_of_violence', 'The victim fears violence'],
  ['threats_or_violence', 'Threats or violence'],
  ['weapons', 'The suspect has access to weapons or has mentioned them'],
  ['sexual_violence', 'Sexual violence'],
  ['escalating', 'The behaviour is escalating'],
  ['breach_of_order', 'A court order or bail condition has been breached'],
  ['mental_health_concern', 'A concern about the suspect’s mental health'],
  ['mappa_managed', 'The suspect is managed under MAPPA'],
  ['online_only', 'The conduct is online only'],
]

const participantRoles: Record<string, string> = {
  police_force: 'police',
  probation_region: 'probation',
  nhs_trust: 'health',
  advocacy_service: 'advocacy',
  cps_area: 'prosecution',
  commissioner: 'commissioner',
}

export function statusTag(status: string): Content {
  if (status === 'referred') return tag('Referred', 'blue')
  if (status === 'open') return tag('Open', 'green')
  if (status === 'closed') return tag('Closed', 'grey')
  return tag(label(statusNames, status), 'grey')
}

function tierText(tier: number | null): string {
  return tier ? `Tier ${tier}` : 'Not tiered'
}

const PAGE_SIZE = 20

// Opaque cursors (they hold dates): one list per address, kept in memory.
const cursors: Record<string, string[]> = { '/referrals': [''], '/cases': [''] }

async function casesList(ctx: PageContext, path: '/referrals' | '/cases'): Promise<void> {
  const list = cursors[path]
  const pageNumber = Math.max(1, Math.floor(Number(ctx.query.get('page') ?? '1')) || 1)
  if (pageNumber > list.length) {
    await navigate(path, { replace: true })
    return
  }
  const page = await get<Page<Case>>(`/api/v1${path}${query({ limit: PAGE_SIZE, cursor: list[pageNumber - 1] })}`)
  if (page.next_cursor) list[pageNumber] = page.next_cursor
  const queue = path === '/referrals'
  const name = queue ? 'Triage queue' : 'Cases'
  const title = pageNumber > 1 ? `${name}, page ${pageNumber}` : name
  ctx.show({
    title,
    content: html`<h1 class="govuk-heading-l" tabindex="-1">${name}</h1>
      <p class="govuk-body">
        ${queue
          ? 'Cases referred to the stalking programme and waiting for a multi-agency triage, newest first.'
          : 'Cases your agency holds or that are shared with it, newest first.'}
      </p>
      ${page.items.length
        ? table({
            caption: pageNumber > 1 ? title : queue ? 'Cases waiting for triage' : 'Latest cases',
            classes: 'app-table--wrap',
            head: queue
              ? ['Case', 'Referred', 'Referred by', 'Reason']
              : ['Case', 'Status', 'Tier', 'Risk', 'Referred'],
            rows: page.items.map((c) => {
              const link = html`<a class="govuk-link" href="/cases/${c.id}">${c.reference}</a>`
              return queue
                ? [link, formatDateTime(c.created_at), label(sourceNames, c.source), c.referral_reason || 'Not given']
                : [link, statusTag(c.status), tierText(c.tier), c.risk_level ? label(riskNames, c.risk_level) : 'Not assessed', formatDateTime(c.created_at)]
            }),
          })
        : html`<p class="govuk-body">${queue ? 'No cases are waiting for triage.' : 'There are no cases to show.'}</p>`}
      ${pagination({
        label: `Pages of the ${queue ? 'triage queue' : 'case list'}`,
        previous: pageNumber > 1 ? `${path}${query({ page: pageNumber > 2 ? pageNumber - 1 : undefined })}` : undefined,
        next: page.next_cursor ? `${path}${query({ page: pageNumber + 1 })}` : undefined,
      })}`,
  })
}

// The items of one collection, or null when they are not shared with the viewer.
async function collection(caseId: string, name: string): Promise<CaseItem[] | null> {
  try {
    return (await get<Page<CaseItem>>(`/api/v1/cases/${caseId}/${name}`)).items
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null
    throw e
  }
}

function withheldBody(item: CaseItem): Content | null {
  if (item.body !== null) return null
  const reason = item.access?.withheld[0]?.reason ?? 'not shared with your agency'
  return withheldText(reason)
}

const clockTexts: Record<string, { text: string; colour: 'blue' | 'red' | 'green' | 'orange' }> = {
  awaiting: { text: 'Awaiting', colour: 'blue' },
  overdue: { text: 'Overdue', colour: 'red' },
  met: { text: 'Met', colour: 'green' },
  breached: { text: 'Breached', colour: 'orange' },
}

function clockText(item: CaseItem): Content {
  const clock = item.victims_code_clock
  if (!clock) return 'No clock'
  const state = clockTexts[clock.state] ?? { text: sentence(clock.state), colour: 'blue' as const }
  const when =
    clock.state === 'awaiting' || clock.state === 'overdue'
      ? ` Tell the victim by ${formatDate(clock.due_on)} (${clock.working_days} working ${clock.working_days === 1 ? 'day' : 'days'}).`
      : ''
  return html`${tag(state.text, state.colour)}${when}`
}

function itemSection(heading: string, items: CaseItem[] | null, what: string, head: string[], row: (i: CaseItem) => Content[]): Content {
  return html`<h2 class="govuk-heading-m">${heading}</h2>
    ${items === null
      ? html`<p class="govuk-body">${sentence(what)} on this case are not shared with your agency.</p>`
      : items.length
        ? table({ caption: `${heading} on this case`, captionSize: 's', classes: 'app-table--wrap', head, rows: items.map(row) })
        : html`<p class="govuk-body">No ${what} are recorded.</p>`}`
}

interface TriageDraft {
  risk_level: string
  case_type: string
  facts: string[]
  participants: string[]
  tier: string
  rationale: string
  override_reason: string
  suggestion?: Suggestion
}

const fieldLabels: Record<string, string> = {
  risk_level: 'Risk level',
  case_type: 'Case type',
  tier: 'Tier',
  rationale: 'Rationale',
  override_reason: 'Reason for a different tier',
  participants: 'Who took part',
  facts: 'What is known',
}

// The server's field errors as an error summary: one entry per field,
// linked to the field on this page.
function fieldErrors(e: ApiError): FieldError[] {
  const errors = (e.problem.errors ?? []).map((f) => {
    const field = f.field.split('/')[0]
    const id = field in fieldLabels ? field : 'rationale'
    const name = fieldLabels[field] ?? sentence(f.field)
    return { id, message: `${name} ${f.message}` }
  })
  return errors.length ? errors : [{ id: 'rationale', message: e.problem.detail ?? 'The triage could not be saved' }]
}

function triageForm(draft: TriageDraft, errors: FieldError[], agencies: Agency[], onSubmit: (e: SubmitEvent) => void): Content {
  const err = (id: string) => errors.find((e) => e.id === id)?.message
  const s = draft.suggestion
  return html`<h2 class="govuk-heading-m" id="triage">Triage this case</h2>
    <p class="govuk-body">Record the multi-agency consultation. Get the suggestion from the tiering rules first, then choose the tier.</p>
    <form novalidate @submit=${onSubmit}>
      ${checkboxes({
        name: 'participants',
        legend: { text: 'Who took part', size: 's' },
        hint: 'Select every agency that took part in the consultation.',
        error: err('participants'),
        small: true,
        values: draft.participants,
        items: agencies.map((a) => ({ value: a.code, text: a.name })),
      })}
      ${radios({
        name: 'risk_level',
        legend: { text: 'Risk level', size: 's' },
        inline: true,
        error: err('risk_level'),
        value: draft.risk_level,
        items: Object.entries(riskNames).map(([value, text]) => ({ value, text })),
      })}
      ${radios({
        name: 'case_type',
        legend: { text: 'Case type', size: 's' },
        error: err('case_type'),
        small: true,
        value: draft.case_type,
        items: Object.entries(caseTypeNames).map(([value, text]) => ({ value, text })),
      })}
      ${checkboxes({
        name: 'facts',
        legend: { text: 'What is known', size: 's' },
        hint: 'Select all that apply.',
        error: err('facts'),
        small: true,
        values: draft.facts,
        items: factNames.map(([value, text]) => ({ value, text })),
      })}
      <div class="govuk-button-group">${button('Get suggestion', { secondary: true, name: 'step', value: 'suggest' })}</div>
      ${s
        ? html`<div class="govuk-inset-text" id="suggestion">
            <h3 class="govuk-heading-s">
              ${s.tier ? `The rules suggest tier ${s.tier}${s.tier_name ? `: ${s.tier_name}` : ''}` : 'The rules suggest advice only'}
            </h3>
            ${s.tier_description ? html`<p class="govuk-body">${s.tier_description}</p>` : nothing}
            ${s.reasons.length
              ? html`<p class="govuk-body">Why:</p>
                  <ul class="govuk-list govuk-list--bullet">
                    ${s.reasons.map((r) => html`<li>Tier ${r.tier}: ${r.text} <span class="app-rule">(rule ${r.rule_id})</span></li>`)}
                  </ul>`
              : html`<p class="govuk-body">No rule matched.</p>`}
            <p class="govuk-body app-rule">Rules ${s.rules_version}</p>
          </div>`
        : nothing}
      ${radios({
        name: 'tier',
        legend: { text: 'Tier', size: 's' },
        hint: s?.tier ? `The rules suggest tier ${s.tier}.` : 'Get the suggestion first.',
        inline: true,
        error: err('tier'),
        value: draft.tier,
        items: [1, 2, 3, 4].map((t) => ({ value: String(t), text: `Tier ${t}` })),
      })}
      ${textarea({
        id: 'rationale',
        label: html`<span class="govuk-!-font-weight-bold">Rationale</span>`,
        hint: 'Why this tier: what the consultation agreed.',
        error: err('rationale'),
        value: draft.rationale,
      })}
      ${textarea({
        id: 'override_reason',
        label: html`<span class="govuk-!-font-weight-bold">Reason for a different tier (if the tier is not the suggestion)</span>`,
        hint: 'Needed only when the tier differs from the rules’ suggestion: at least 10 characters.',
        error: err('override_reason'),
        value: draft.override_reason,
        rows: 3,
      })}
      ${button('Record the triage', { name: 'step', value: 'triage' })}
    </form>`
}

async function casePage(ctx: PageContext): Promise<void> {
  const id = ctx.params.id
  let kase: Case
  try {
    kase = await get<Case>(`/api/v1/cases/${encodeURIComponent(id)}`)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return ctx.show(apiErrorView(e, 'Case'))
    throw e
  }
  const [timeline, triages, actions, orders, decisions, agencies, allAgencies] = await Promise.all([
    get<Timeline>(`/api/v1/cases/${kase.id}/timeline`),
    collection(kase.id, 'triages'),
    collection(kase.id, 'actions'),
    collection(kase.id, 'orders'),
    collection(kase.id, 'decisions'),
    agencyById(),
    loadAgencies(),
  ])
  const byCode = new Map(allAgencies.map((a) => [a.code, a]))
  const agencyName = (code: string) => byCode.get(code)?.name ?? code
  const latest = triages?.length ? triages[triages.length - 1] : undefined
  const latestBody = latest?.body as { rationale?: string; suggested_tier?: number; override_reason?: string } | null | undefined
  const me = session.user()!
  const canTriage = session.can('case.triage') && kase.status === 'referred'
  const draft: TriageDraft = {
    risk_level: kase.risk_level,
    case_type: kase.case_type,
    facts: [],
    participants: [...new Set([agencies.get(me.agencyId)?.code].filter((c): c is string => !!c))],
    tier: '',
    rationale: '',
    override_reason: '',
  }

  const tierValue = (): Content => {
    if (!kase.tier) return 'Not tiered yet'
    return html`<p class="govuk-body">${tierText(kase.tier)}</p>
      ${latestBody?.suggested_tier ? html`<p class="govuk-body">The rules suggested tier ${latestBody.suggested_tier}.</p>` : nothing}
      ${latestBody?.rationale ? html`<p class="govuk-body">Rationale: ${latestBody.rationale}</p>` : nothing}
      ${latestBody?.override_reason && latestBody.suggested_tier !== kase.tier
        ? html`<p class="govuk-body">Why a different tier: ${latestBody.override_reason}</p>`
        : nothing}`
  }

  const render = (errors: FieldError[] = []) =>
    ctx.show({
      title: 'Case',
      errors,
      content: html`<span class="govuk-caption-l">Case</span>
        <h1 class="govuk-heading-l" tabindex="-1">${kase.reference}</h1>
        ${accessNotice(kase.access)}
        ${summaryList([
          { key: 'Status', value: statusTag(kase.status) },
          { key: 'Tier', value: tierValue() },
          { key: 'Risk level', value: kase.risk_level ? label(riskNames, kase.risk_level) : 'Not assessed yet' },
          { key: 'Case type', value: kase.case_type ? label(caseTypeNames, kase.case_type) : 'Not known yet' },
          {
            key: 'Victims’ Code',
            value: kase.enhanced_rights
              ? 'Enhanced rights: the victim is told of decisions within 1 working day'
              : `Standard rights: ${kase.not_enhanced_reason || 'no reason recorded'}`,
          },
          { key: 'Referred by', value: label(sourceNames, kase.source) },
          { key: 'Referral reason', value: kase.referral_reason || 'Not given' },
          { key: 'Referred', value: formatDateTime(kase.created_at) },
          ...(kase.closure_reason ? [{ key: 'Why it was closed', value: kase.closure_reason }] : []),
          {
            key: 'Records',
            value: html`<ul class="govuk-list">
              ${kase.report_ids.map((r, i) => html`<li><a class="govuk-link" href="/reports/${r}">Report ${kase.report_ids.length > 1 ? i + 1 : ''}</a></li>`)}
              ${kase.victim_person_id ? html`<li><a class="govuk-link" href="/persons/${kase.victim_person_id}">Victim’s person record</a></li>` : nothing}
              ${kase.suspect_person_id ? html`<li><a class="govuk-link" href="/persons/${kase.suspect_person_id}">Suspect’s person record</a></li>` : nothing}
            </ul>`,
          },
          { key: 'Case id', value: html`<span class="app-id">${kase.id}</span>` },
        ])}
        ${canTriage ? triageForm(draft, errors, allAgencies, submit) : nothing}
        <h2 class="govuk-heading-m">Timeline</h2>
        ${timeline.withheld_events
          ? insetText(
              `${timeline.withheld_events} ${timeline.withheld_events === 1 ? 'event is' : 'events are'} not shown: ${timeline.withheld_events === 1 ? 'it belongs' : 'they belong'} to agencies that share nothing of this case with yours.`,
            )
          : html`<p class="govuk-body">Events withheld from your agency: none.</p>`}
        ${table({
          caption: 'Everything that happened on this case, oldest first',
          captionSize: 's',
          classes: 'app-table--wrap app-timeline',
          head: ['When', 'Agency', 'What happened'],
          rows: timeline.events.map((e) => [
            formatDateTime(e.at),
            agencyName(e.agency),
            e.withheld ? withheldText(e.withheld) : (e.summary ?? ''),
          ]),
        })}
        ${itemSection('Actions', actions, 'actions', ['Action', 'Agency', 'Status', 'Due'], (i) => [
          sentence(i.subtype.replace(/_/g, ' ')),
          agencies.get(i.agency_id)?.name ?? 'Another agency',
          withheldBody(i) ?? sentence((i.status ?? 'recorded').replace(/_/g, ' ')),
          formatDate(i.due_on),
        ])}
        ${itemSection('Protection orders', orders, 'protection orders', ['Order', 'Status', 'Runs to'], (i) => [
          i.subtype.toUpperCase().length <= 4 ? i.subtype.toUpperCase() : sentence(i.subtype.replace(/_/g, ' ')),
          withheldBody(i) ?? sentence((i.status ?? 'recorded').replace(/_/g, ' ')),
          formatDate(i.due_on),
        ])}
        ${itemSection('Decisions', decisions, 'decisions', ['Decision', 'Decided', 'Victims’ Code clock'], (i) => [
          sentence(i.subtype.replace(/_/g, ' ')),
          withheldBody(i) ?? formatDate(String((i.body?.decided_at as string | undefined) ?? '').slice(0, 10) || null),
          clockText(i),
        ])}
`,
    })

  function readDraft(form: HTMLFormElement) {
    const v = formValues(form)
    draft.participants = v.all('participants')
    draft.risk_level = v.get('risk_level')
    draft.case_type = v.get('case_type')
    draft.facts = v.all('facts')
    draft.tier = v.get('tier')
    draft.rationale = v.get('rationale')
    draft.override_reason = v.get('override_reason')
  }

  function facts(): Record<string, boolean> {
    return Object.fromEntries(factNames.map(([k]) => [k, draft.facts.includes(k)]))
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    readDraft(form)
    const step = (event.submitter as HTMLButtonElement | null)?.value ?? 'triage'
    try {
      if (step === 'suggest') {
        draft.suggestion = await post<Suggestion>(`/api/v1/cases/${kase.id}/tier-suggestion`, {
          risk_level: draft.risk_level || undefined,
          case_type: draft.case_type || undefined,
          facts: facts(),
        })
        if (!draft.tier && draft.suggestion.tier) draft.tier = String(draft.suggestion.tier)
        if (!ctx.current()) return
        render()
        document.getElementById('suggestion')?.scrollIntoView({ block: 'nearest' })
        return
      }
      const payload: Record<string, unknown> = {
        version: kase.version,
        participants: draft.participants.map((code) => ({
          agency: code,
          role: participantRoles[byCode.get(code)?.kind ?? ''] ?? 'partner agency',
        })),
        risk_level: draft.risk_level || undefined,
        case_type: draft.case_type || undefined,
        facts: { ...facts(), is_stalking: true },
        rationale: draft.rationale,
      }
      if (draft.tier) payload.tier = Number(draft.tier)
      if (draft.override_reason) payload.override_reason = draft.override_reason
      await post(`/api/v1/cases/${kase.id}/triage`, payload)
      if (!ctx.current()) return
      flash(notificationBanner({ success: true, heading: `The case is triaged: tier ${draft.tier}` }))
      await navigate(`/cases/${kase.id}`, { replace: true })
    } catch (e) {
      if (!(e instanceof ApiError) || !ctx.current()) throw e
      if (e.status === 400) return render(fieldErrors(e))
      if (e.status === 409) {
        return render([{ id: 'rationale', message: `${e.problem.detail ?? 'Someone changed the case first'}. Reload the page to see the change.` }])
      }
      ctx.show(apiErrorView(e))
    }
  }

  render()
}

route('/referrals', (ctx) => casesList(ctx, '/referrals'))
route('/cases', (ctx) => casesList(ctx, '/cases'))
route('/cases/:id', casePage)
