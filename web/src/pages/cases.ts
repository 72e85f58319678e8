// Cases: the triage queue, the list of cases, and one case with its
// timeline, plans, actions, contacts (with the victim's safe-contact
// preferences), orders, decisions and outcomes, the rest of its records
// (./caseRecords, ./caseTimelineRecords), and the triage form for the roles
// that triage. Each record's form is its own page (./caseFormPages, loaded
// on first use); the case page shows a form's button only to the roles the
// server allows (./caseWriters). Everything shown comes from the case API
// (docs/cases.md); the list cursors stay in memory, never in the address.

import { html, nothing } from 'lit-html'
import { ApiError, get, post, query } from '../api'
import { apiErrorView, flash, formValues, navigate, route, type PageContext } from '../app'
import { agencyById, loadAgencies } from '../data'
import { formatDate, formatDateTime } from '../format'
import {
  actionCategoryNames,
  actionPlanParts,
  channelNames,
  contactWithNames,
  decisionNames,
  itemEventNames,
  label,
  orderStatusNames,
  orderTypeNames,
  planTypeNames,
  riskLevelNames,
  sentence,
} from '../labels'
import * as session from '../session'
import type { Access, Agency, CaseItem, CaseRecords, Contact, Page, SafeContact } from '../types'
import { accessNotice, shown, withheldText } from '../ui/access'
import { filterForm, filterOptions } from '../ui/filter'
import { mayAdd, mayEdit, mayUpdate } from './caseWriters'
import type { Panel } from './panels'
import {
  button,
  checkboxes,
  fieldset,
  insetText,
  linkButton,
  notificationBanner,
  pagination,
  radios,
  select,
  summaryCard,
  summaryList,
  table,
  tag,
  textarea,
  type CardAction,
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

export interface TimelineEvent {
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

// Opaque cursors (they hold dates): one list per address and filter, kept in memory.
const cursors = new Map<string, string[]>()

async function casesList(ctx: PageContext, path: '/referrals' | '/cases'): Promise<void> {
  const queue = path === '/referrals'
  // Both lists filter by how the case was referred; the case list also by
  // status and tier (the queue holds referred cases, none tiered yet). Codes
  // only, never personal data.
  const asked = {
    source: ctx.query.get('source') ?? '',
    status: queue ? '' : (ctx.query.get('status') ?? ''),
    tier: queue ? '' : (ctx.query.get('tier') ?? ''),
  }
  if (asked.source && !sourceNames[asked.source]) asked.source = ''
  if (asked.status && !statusNames[asked.status]) asked.status = ''
  if (asked.tier && !/^[1-4]$/.test(asked.tier)) asked.tier = ''
  const filterQuery = query(asked)
  const key = `${path}${filterQuery}`
  const list = cursors.get(key) ?? ['']
  cursors.set(key, list)
  const pageNumber = Math.max(1, Math.floor(Number(ctx.query.get('page') ?? '1')) || 1)
  if (pageNumber > list.length) {
    await navigate(key, { replace: true })
    return
  }
  const page = await get<Page<Case>>(`/api/v1${path}${query({ ...asked, limit: PAGE_SIZE, cursor: list[pageNumber - 1] })}`)
  if (!ctx.current()) return
  if (page.next_cursor) list[pageNumber] = page.next_cursor
  const filtered = !!(asked.source || asked.status || asked.tier)
  const at = (n: number) => `${path}${query({ ...asked, page: n > 1 ? n : undefined })}`
  const name = queue ? 'Triage queue' : 'Cases'
  const title = pageNumber > 1 ? `${name}, page ${pageNumber}` : name

  function apply(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    void navigate(`${path}${query({ source: v.get('source'), status: v.get('status'), tier: v.get('tier') })}`)
  }

  ctx.show({
    title,
    content: html`<h1 class="govuk-heading-l" tabindex="-1">${name}</h1>
      <p class="govuk-body">
        ${queue
          ? 'Cases referred to the stalking programme and waiting for a multi-agency triage, newest first.'
          : 'Cases your agency holds or that are shared with it, newest first.'}
      </p>
      ${filterForm({
        id: 'case-filter',
        heading: queue ? 'Filter the queue' : 'Filter cases',
        applied: filtered,
        clearHref: path,
        onSubmit: apply,
        fields: [
          select({ id: 'source', label: 'Referred by', value: asked.source, groups: filterOptions('Any referrer', Object.entries(sourceNames)) }),
          ...(queue
            ? []
            : [
                select({ id: 'status', label: 'Status', value: asked.status, groups: filterOptions('All statuses', Object.entries(statusNames)) }),
                select({ id: 'tier', label: 'Tier', value: asked.tier, groups: filterOptions('All tiers', ['1', '2', '3', '4'].map((t) => [t, `Tier ${t}`])) }),
              ]),
        ],
      })}
      ${page.items.length
        ? table({
            caption: pageNumber > 1 ? `${filtered ? 'Matching cases' : name}, page ${pageNumber}` : queue ? 'Cases waiting for triage' : filtered ? 'Matching cases' : 'Latest cases',
            classes: 'app-table--wrap',
            head: queue
              ? ['Case', 'Referred', 'Referred by', 'Reason']
              : ['Case', 'Status', 'Tier', 'Risk', 'Referred'],
            rows: page.items.map((c) => {
              const link = html`<a class="govuk-link" href="/cases/${c.id}">${c.reference}</a>`
              return queue
                ? [link, formatDateTime(c.created_at), label(sourceNames, c.source), c.referral_reason || 'Not given']
                : [link, statusTag(c.status), tierText(c.tier), c.risk_level ? label(riskLevelNames, c.risk_level) : 'Not assessed', formatDateTime(c.created_at)]
            }),
          })
        : html`<p class="govuk-body">${filtered ? 'No cases match the filter.' : queue ? 'No cases are waiting for triage.' : 'There are no cases to show.'}</p>`}
      ${pagination({
        label: `Pages of the ${queue ? 'triage queue' : 'case list'}`,
        previous: pageNumber > 1 ? at(pageNumber - 1) : undefined,
        next: page.next_cursor ? at(pageNumber + 1) : undefined,
      })}`,
  })
}

// The items of one collection, or null when they are not shared with the viewer.
export async function collection(caseId: string, name: string): Promise<CaseItem[] | null> {
  try {
    return (await get<Page<CaseItem>>(`/api/v1/cases/${caseId}/${name}`)).items
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null
    throw e
  }
}

export function withheldBody(item: CaseItem): Content | null {
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

// A decision's Victims' Code clock as words (the tag's colour repeats them).
export function clockText(item: CaseItem): Content {
  const clock = item.victims_code_clock
  if (!clock) return 'No clock'
  const state = clockTexts[clock.state] ?? { text: sentence(clock.state), colour: 'blue' as const }
  const days = `${clock.working_days} working ${clock.working_days === 1 ? 'day' : 'days'}`
  const told = typeof item.body?.informed_on === 'string' ? item.body.informed_on : ''
  let when = ''
  if (clock.state === 'awaiting') when = ` Tell the victim by ${formatDate(clock.due_on)} (${days}).`
  else if (clock.state === 'overdue') when = ` The victim should have been told by ${formatDate(clock.due_on)} (${days}).`
  else if (told) when = ` Told on ${formatDate(told)}; due by ${formatDate(clock.due_on)}.`
  else when = ` Due by ${formatDate(clock.due_on)}.`
  return html`${tag(state.text, state.colour)}${when}`
}

export function decisionName(item: CaseItem): string {
  return label(decisionNames, item.subtype)
}

// The victim's safe-contact preferences: the latest recorded, as the server
// checks contacts against them.
export function safeContactView(items: CaseItem[] | null): Content {
  if (items === null) return html`<p class="govuk-body">The victim’s safe-contact preferences are not shared with your agency.</p>`
  const latest = items[items.length - 1]
  if (!latest) {
    return html`<p class="govuk-body">No safe-contact preferences are recorded. The victim’s advocate records them with the victim.</p>`
  }
  const withheld = withheldBody(latest)
  if (withheld) return html`<p class="govuk-body">${withheld}</p>`
  const p = latest.body as unknown as SafeContact
  const rows = [
    {
      key: 'How to contact',
      value: p.channels.length
        ? html`<ul class="govuk-list">${p.channels.map((c) => html`<li>${label(channelNames, c)}</li>`)}</ul>`
        : 'None',
    },
    { key: 'When', value: p.times || 'Not given' },
    { key: 'Who may call', value: p.who_may_call || 'Not given' },
    { key: 'Code word', value: p.code_word || 'None agreed' },
    ...(p.do_not ? [{ key: 'Never', value: p.do_not }] : []),
  ]
  return html`${summaryList(rows)}
    <p class="govuk-body app-rule">Recorded ${formatDateTime(latest.created_at)}.</p>`
}

function itemSection(
  heading: string,
  items: CaseItem[] | null,
  what: string,
  head: string[],
  row: (i: CaseItem) => Content[],
  add?: Content,
): Content {
  return html`<h2 class="govuk-heading-m">${heading}</h2>
    ${add ?? nothing}
    ${items === null
      ? html`<p class="govuk-body">${sentence(what)} on this case are not shared with your agency.</p>`
      : items.length
        ? table({ caption: `${heading} on this case`, captionSize: 's', classes: 'app-table--wrap', head, rows: items.map(row) })
        : html`<p class="govuk-body">No ${what} are recorded.</p>`}`
}

// A plan's text in its parts, when it is an action plan as the triage
// writes it ("Investigation: …" on each part's first line); else null.
function planParts(text: string): { key: string; value: string }[] | null {
  const parts: { key: string; value: string }[] = []
  for (const line of text.split('\n')) {
    const part = actionPlanParts.find(([, name]) => line.startsWith(`${name}: `))
    if (part) parts.push({ key: part[1], value: line.slice(part[1].length + 2) })
    else if (parts.length) parts[parts.length - 1].value += `\n${line}`
    else if (line.trim()) return null
  }
  return parts.length ? parts.map((p) => ({ ...p, value: p.value.trim() })) : null
}

// Action plan, safeguarding plan, risk-management plan; each kind oldest first.
const planOrder = (plan: CaseItem) => {
  const i = Object.keys(planTypeNames).indexOf(plan.subtype)
  return i < 0 ? Object.keys(planTypeNames).length : i
}

function plansSection(plans: CaseItem[] | null, add: Content | undefined, actions: (plan: CaseItem) => CardAction[]): Content {
  const body = (plan: CaseItem): Content => {
    const withheld = withheldBody(plan)
    if (withheld) return html`<p class="govuk-body">${withheld}</p>`
    const text = String(plan.body?.text ?? '')
    const parts = planParts(text)
    return html`${parts
        ? summaryList(parts.map((p) => ({ key: p.key, value: html`<span class="app-text">${p.value}</span>` })))
        : html`<p class="govuk-body app-text">${text}</p>`}
      <p class="govuk-body app-rule">Recorded ${formatDateTime(plan.created_at)}.</p>`
  }
  return html`<h2 class="govuk-heading-m" id="plans">Plans</h2>
    ${add ?? nothing}
    ${plans === null
      ? html`<p class="govuk-body">Plans on this case are not shared with your agency.</p>`
      : plans.length
        ? [...plans].sort((a, b) => planOrder(a) - planOrder(b)).map((p) => summaryCard(label(planTypeNames, p.subtype), body(p), 3, actions(p)))
        : html`<p class="govuk-body">No plans are recorded.</p>`}`
}

interface TriageDraft {
  is_stalking: 'yes' | 'no'
  risk_level: string
  case_type: string
  facts: string[]
  participants: string[]
  tier: string
  rationale: string
  override_reason: string
  action_plan: Record<string, string>
  safeguarding_plan: string
  advice: string
  suggestion?: Suggestion
}

const fieldLabels: Record<string, string> = {
  is_stalking: 'Whether the conduct is stalking',
  risk_level: 'Risk level',
  case_type: 'Case type',
  tier: 'Tier',
  rationale: 'Rationale',
  override_reason: 'Reason for a different tier',
  participants: 'Who took part',
  facts: 'What is known',
  safeguarding_plan: 'Safeguarding plan',
  advice: 'Advice to the referrer',
}

// The server's field errors as an error summary: one entry per field,
// linked to the field on this page.
function fieldErrors(e: ApiError, fallback: string): FieldError[] {
  const errors = (e.problem.errors ?? []).map((f) => {
    const [field, part] = f.field.split('/')
    const planPart = field === 'action_plan' ? actionPlanParts.find(([key]) => key === part) : undefined
    if (planPart) return { id: `action_plan_${planPart[0]}`, message: `Action plan, ${planPart[1].toLowerCase()}: ${f.message}` }
    if (field === 'facts' && part === 'is_stalking') return { id: 'is_stalking', message: `${fieldLabels.is_stalking} ${f.message}` }
    if (field === 'advice') return { id: 'advice', message: 'Enter the advice to the referrer' }
    const id = field in fieldLabels ? field : fallback
    const name = fieldLabels[field] ?? sentence(f.field)
    return { id, message: `${name} ${f.message}` }
  })
  return errors.length ? errors : [{ id: fallback, message: e.problem.detail ?? 'The triage could not be saved' }]
}

function triageForm(
  draft: TriageDraft,
  errors: FieldError[],
  agencies: Agency[],
  onSubmit: (e: SubmitEvent) => void,
  onChange: (e: Event) => void,
): Content {
  const err = (id: string) => errors.find((e) => e.id === id)?.message
  const s = draft.suggestion
  const stalking = draft.is_stalking === 'yes'
  const common = html`${checkboxes({
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
      items: Object.entries(riskLevelNames).map(([value, text]) => ({ value, text })),
    })}
    ${radios({
      name: 'case_type',
      legend: { text: 'Case type', size: 's' },
      error: err('case_type'),
      small: true,
      value: draft.case_type,
      items: Object.entries(caseTypeNames).map(([value, text]) => ({ value, text })),
    })}`
  const tiering = html`${checkboxes({
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
    ${fieldset(
      {
        id: 'action_plan',
        legend: { text: 'Action plan', size: 's' },
        hint: 'What the consultation agreed each agency will do. Leave out any part that does not apply.',
      },
      actionPlanParts.map(([key, name]) =>
        textarea({
          id: `action_plan_${key}`,
          label: name,
          error: err(`action_plan_${key}`),
          value: draft.action_plan[key] ?? '',
          rows: 3,
        }),
      ),
    )}
    ${textarea({
      id: 'safeguarding_plan',
      label: html`<span class="govuk-!-font-weight-bold">Safeguarding plan</span>`,
      hint: 'How the victim will be kept safe: advocacy, a safety plan, security at home.',
      error: err('safeguarding_plan'),
      value: draft.safeguarding_plan,
      rows: 4,
    })}
    ${button('Record the triage', { name: 'step', value: 'triage' })}`
  const advice = html`${textarea({
      id: 'advice',
      label: html`<span class="govuk-!-font-weight-bold">Advice to the referrer</span>`,
      hint: 'What the referrer should do instead. Recording it closes the case; the referrer can refer again if the conduct continues.',
      error: err('advice'),
      value: draft.advice,
      rows: 6,
    })}
    ${button('Record the triage and close the case', { name: 'step', value: 'advice' })}`
  return html`<h2 class="govuk-heading-m" id="triage">Triage this case</h2>
    <p class="govuk-body">Record the multi-agency consultation. Get the suggestion from the tiering rules first, then choose the tier.</p>
    <form novalidate @submit=${onSubmit} @change=${onChange}>
      ${radios({
        name: 'is_stalking',
        legend: { text: 'Is the conduct stalking?', size: 's' },
        hint: 'Your answer changes the questions that follow. If it is not stalking, you write advice to the referrer and the case closes.',
        inline: true,
        error: err('is_stalking'),
        value: draft.is_stalking,
        items: [
          { value: 'yes', text: 'Yes' },
          { value: 'no', text: 'No' },
        ],
      })}
      ${common} ${stalking ? tiering : advice}
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
  // Every record in one request (one audit entry), not one per kind.
  const [timeline, all, agencies, allAgencies, recordGroups, fromTimeline, panels] = await Promise.all([
    get<Timeline>(`/api/v1/cases/${kase.id}/timeline`),
    get<CaseRecords>(`/api/v1/cases/${kase.id}/records`),
    agencyById(),
    loadAgencies(),
    import('./caseRecords'),
    import('./caseTimelineRecords'),
    // The panels name the meetings the case is nominated for.
    session.can('panel.read') ? get<{ items: Panel[] }>('/api/v1/panels').then((p) => p.items) : Promise.resolve([] as Panel[]),
  ])
  const ofKind = (kind: string) => all.items.filter((i) => i.kind === kind)
  const [triages, plans, actions, safeContacts, contacts, orders, decisions] = [
    'triage', 'plan', 'action', 'safe_contact', 'contact', 'order', 'decision',
  ].map(ofKind)
  const records = { view: recordGroups.caseRecordsView, loaded: recordGroups.groupCaseRecords(all.items) }
  const byCode = new Map(allAgencies.map((a) => [a.code, a]))
  const agencyName = (code: string) => byCode.get(code)?.name ?? code
  const latest = triages?.length ? triages[triages.length - 1] : undefined
  const latestBody = latest?.body as
    | { rationale?: string; suggested_tier?: number; override_reason?: string; advice?: string }
    | null
    | undefined
  const me = session.user()!
  const canTriage = session.can('case.triage') && kase.status === 'referred'
  const open = kase.status !== 'closed'
  const canInform = session.can('case.police') && open
  const draft: TriageDraft = {
    is_stalking: 'yes',
    risk_level: kase.risk_level,
    case_type: kase.case_type,
    facts: [],
    participants: [...new Set([agencies.get(me.agencyId)?.code].filter((c): c is string => !!c))],
    tier: '',
    rationale: '',
    override_reason: '',
    action_plan: {},
    safeguarding_plan: '',
    advice: '',
  }

  const tierValue = (): Content => {
    if (!kase.tier) return latest?.subtype === 'advice' ? 'Not tiered: the conduct is not stalking' : 'Not tiered yet'
    return html`<p class="govuk-body">${tierText(kase.tier)}</p>
      ${latestBody?.suggested_tier ? html`<p class="govuk-body">The rules suggested tier ${latestBody.suggested_tier}.</p>` : nothing}
      ${latestBody?.rationale ? html`<p class="govuk-body">Rationale: ${latestBody.rationale}</p>` : nothing}
      ${latestBody?.override_reason && latestBody.suggested_tier !== kase.tier
        ? html`<p class="govuk-body">Why a different tier: ${latestBody.override_reason}</p>`
        : nothing}`
  }

  const contactRow = (i: CaseItem): Content[] => {
    const c = i.body as unknown as Contact | null
    const agency = agencies.get(i.agency_id)?.name ?? 'Another agency'
    if (!c) return [formatDateTime(i.created_at), label(contactWithNames, i.subtype), withheldBody(i) ?? '', agency, '']
    return [
      formatDateTime(c.at),
      label(contactWithNames, c.with),
      html`${label(channelNames, c.channel)}${c.override_reason
        ? html`<span class="app-cell-note">Not a channel the victim agreed to. Reason: ${c.override_reason}</span>`
        : nothing}`,
      agency,
      html`<span class="app-text">${c.summary || 'No summary'}</span>`,
    ]
  }

  // A form's button, for the roles the server allows on this case.
  const addButton = (kind: string, text: string): Content | undefined =>
    mayAdd(kind, kase, orders) ? linkButton(`/cases/${kase.id}/add/${kind}`, text, { secondary: true }) : undefined
  // Several forms' buttons side by side, or none.
  const addButtons = (...forms: [kind: string, text: string][]): Content | undefined => {
    const shown = forms.flatMap(([kind, text]) => addButton(kind, text) ?? [])
    return shown.length ? html`<div class="govuk-button-group">${shown}</div>` : undefined
  }
  const updateLink = (i: CaseItem, what: string): CardAction[] =>
    mayUpdate(i, kase) ? [{ href: `/cases/${kase.id}/update/${i.id}`, text: 'Update', hidden: what }] : []
  const recorded = (i: CaseItem) => formatDate(i.created_at.slice(0, 10))

  // An order: its type, its status and what can happen next, when it runs
  // to, and the latest step recorded on it.
  const orderRow = (i: CaseItem): Content[] => {
    const steps = Array.isArray(i.body?.history) ? (i.body.history as { event: string; on: string }[]) : []
    const last = steps[steps.length - 1]
    const link = updateLink(i, `the ${label(orderTypeNames, i.subtype)} recorded on ${recorded(i)}`)[0]
    return [
      label(orderTypeNames, i.subtype),
      withheldBody(i) ??
        html`${label(orderStatusNames, i.status ?? '')}${link
          ? html`<span class="app-cell-note"><a class="govuk-link" href="${link.href}">Update<span class="govuk-visually-hidden"> ${link.hidden}</span></a></span>`
          : nothing}`,
      formatDate(i.due_on),
      last ? `${label(itemEventNames.order, last.event)}, ${formatDate(last.on)}` : `Recorded, ${recorded(i)}`,
    ]
  }

  const decisionClock = (i: CaseItem): Content =>
    html`${clockText(i)}${canInform && i.allowed_events?.includes('inform')
      ? html`<span class="app-cell-note">
          <a class="govuk-link" href="/cases/${kase.id}/inform/${i.id}">Tell the victim<span class="govuk-visually-hidden"> of the ${decisionName(i).toLowerCase()} decision</span></a>
        </span>`
      : nothing}`

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
          { key: 'Risk level', value: kase.risk_level ? label(riskLevelNames, kase.risk_level) : 'Not assessed yet' },
          { key: 'Case type', value: kase.case_type ? label(caseTypeNames, kase.case_type) : 'Not known yet' },
          {
            key: 'Victims’ Code',
            value: kase.enhanced_rights
              ? 'Enhanced rights: the victim is told of decisions within 1 working day'
              : `Standard rights: ${kase.not_enhanced_reason || 'no reason recorded'}`,
          },
          { key: 'Referred by', value: label(sourceNames, kase.source) },
          { key: 'Referral reason', value: shown(kase.access, 'referral_reason', kase.referral_reason || 'Not given') },
          { key: 'Referred', value: formatDateTime(kase.created_at) },
          ...(kase.closure_reason ? [{ key: 'Why it was closed', value: kase.closure_reason }] : []),
          ...(latestBody?.advice
            ? [{ key: 'Advice to the referrer', value: html`<span class="app-text">${latestBody.advice}</span>` }]
            : []),
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
        ${canTriage ? triageForm(draft, errors, allAgencies, submit, changed) : nothing}
        ${plans?.length || (kase.status !== 'referred' && latest?.subtype !== 'advice')
          ? plansSection(plans, addButton('plan', 'Add a plan'), (p) =>
              mayEdit(p, kase) ? [{ href: `/cases/${kase.id}/edit/${p.id}`, text: 'Change', hidden: `the ${label(planTypeNames, p.subtype).toLowerCase()}` }] : [],
            )
          : nothing}
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
        ${itemSection(
          'Actions',
          actions,
          'actions',
          ['Action', 'Category', 'Owner', 'Status', 'Due'],
          (i) => [
            typeof i.body?.title === 'string' ? i.body.title : (withheldBody(i) ?? label(actionCategoryNames, i.subtype)),
            label(actionCategoryNames, i.subtype),
            typeof i.body?.owner_agency === 'string' ? agencyName(i.body.owner_agency) : (agencies.get(i.agency_id)?.name ?? 'Another agency'),
            sentence((i.status ?? 'recorded').replace(/_/g, ' ')),
            formatDate(i.due_on),
          ],
          addButton('action', 'Add an action'),
        )}
        <h2 class="govuk-heading-m" id="contacts">Contacts</h2>
        <h3 class="govuk-heading-s">The victim’s safe-contact preferences</h3>
        ${safeContactView(safeContacts)}
        ${addButtons(
          ['contact', 'Log a contact'],
          ['safe-contact', safeContacts?.length ? 'Change the safe-contact preferences' : 'Record safe-contact preferences'],
        ) ?? nothing}
        ${contacts === null
          ? html`<p class="govuk-body">Contacts on this case are not shared with your agency.</p>`
          : contacts.length
            ? table({
                caption: 'Contacts on this case',
                captionSize: 's',
                classes: 'app-table--wrap',
                head: ['When', 'With', 'How', 'Agency', 'Summary'],
                rows: contacts.map(contactRow),
              })
            : html`<p class="govuk-body">No contacts are recorded.</p>`}
        ${itemSection(
          'Protection orders',
          orders,
          'protection orders',
          ['Order', 'Status', 'Runs to', 'Latest step'],
          orderRow,
          addButton('order', 'Record a protection order'),
        )}
        ${itemSection('Decisions', decisions, 'decisions', ['Decision', 'Decided', 'Victims’ Code clock'], (i) => [
          decisionName(i),
          withheldBody(i) ?? formatDate(String((i.body?.decided_at as string | undefined) ?? '').slice(0, 10) || null),
          decisionClock(i),
        ])}
        ${fromTimeline.outcomesSection(all.outcomes, addButton('outcome', 'Record an outcome'))}
        ${records.view(records.loaded, agencyName, {
          add: {
            advocacy: addButtons(
              ['consent', 'Record consent'],
              ['advocacy', 'Refer to an advocate'],
              ['needs-assessment', 'Record a needs assessment'],
              ['safety-plan', 'Record a safety plan'],
              ['victim-view', 'Record the victim’s view'],
              ['outcome-measure', 'Record outcome measures'],
            ),
            risk: addButton('risk-assessment', 'Record a risk reassessment'),
            perpetrator: addButtons(['intervention', 'Refer to an intervention'], ['mappa', 'Record MAPPA management']),
            marac: addButton('marac', 'Refer to MARAC'),
            breaches: addButton('breach', 'Record a breach of an order'),
            evidence: addButton('evidence', 'Add evidence'),
            health: addButton('health-contact', 'Record a health contact'),
            notes: addButton('note', 'Add a note'),
          },
          before: {
            minutes: fromTimeline.nominationsSection(timeline.events, panels, agencyName, addButton('nomination', 'Nominate for a panel')),
          },
          actions: (i, name) => updateLink(i, `the ${name.toLowerCase()} recorded on ${recorded(i)}`),
        })}
`,
    })

  // Only the fields the form holds now: the other answer's fields keep
  // what was typed into them.
  function readDraft(form: HTMLFormElement) {
    const v = formValues(form)
    const has = (name: string) => form.querySelector(`[name="${name}"]`) !== null
    draft.is_stalking = v.get('is_stalking') === 'no' ? 'no' : 'yes'
    draft.participants = v.all('participants')
    draft.risk_level = v.get('risk_level')
    draft.case_type = v.get('case_type')
    if (has('facts')) draft.facts = v.all('facts')
    if (has('tier')) draft.tier = v.get('tier')
    if (has('rationale')) draft.rationale = v.get('rationale')
    if (has('override_reason')) draft.override_reason = v.get('override_reason')
    for (const [key] of actionPlanParts) {
      if (has(`action_plan_${key}`)) draft.action_plan[key] = v.get(`action_plan_${key}`)
    }
    if (has('safeguarding_plan')) draft.safeguarding_plan = v.get('safeguarding_plan')
    if (has('advice')) draft.advice = v.get('advice')
  }

  function facts(): Record<string, boolean> {
    return Object.fromEntries(factNames.map(([k]) => [k, draft.facts.includes(k)]))
  }

  // The answer to "Is the conduct stalking?" changes the questions after
  // it (the hint says so); the radio chosen keeps the focus.
  function changed(event: Event) {
    const target = event.target as HTMLInputElement
    if (target.name !== 'is_stalking' || !target.form) return
    readDraft(target.form)
    render()
    document.getElementById(target.id)?.focus()
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    readDraft(form)
    const step = (event.submitter as HTMLButtonElement | null)?.value ?? 'triage'
    const participants = draft.participants.map((code) => ({
      agency: code,
      role: participantRoles[byCode.get(code)?.kind ?? ''] ?? 'partner agency',
    }))
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
      if (draft.is_stalking === 'no') {
        const errors: FieldError[] = []
        if (!draft.participants.length) errors.push({ id: 'participants', message: 'Select every agency that took part' })
        if (!draft.risk_level) errors.push({ id: 'risk_level', message: 'Select the risk level' })
        if (!draft.case_type) errors.push({ id: 'case_type', message: 'Select the case type' })
        if (!draft.advice) errors.push({ id: 'advice', message: 'Enter the advice to the referrer' })
        if (errors.length) return render(errors)
        await post(`/api/v1/cases/${kase.id}/triage`, {
          version: kase.version,
          participants,
          risk_level: draft.risk_level,
          case_type: draft.case_type,
          facts: { is_stalking: false },
          advice: draft.advice,
        })
        if (!ctx.current()) return
        flash(notificationBanner({ success: true, heading: 'The case is closed with advice to the referrer' }))
        await navigate(`/cases/${kase.id}`, { replace: true })
        return
      }
      const payload: Record<string, unknown> = {
        version: kase.version,
        participants,
        risk_level: draft.risk_level || undefined,
        case_type: draft.case_type || undefined,
        facts: { ...facts(), is_stalking: true },
        rationale: draft.rationale,
      }
      if (draft.tier) payload.tier = Number(draft.tier)
      if (draft.override_reason) payload.override_reason = draft.override_reason
      const plan = Object.fromEntries(Object.entries(draft.action_plan).filter(([, text]) => text))
      if (Object.keys(plan).length) payload.action_plan = plan
      if (draft.safeguarding_plan) payload.safeguarding_plan = draft.safeguarding_plan
      await post(`/api/v1/cases/${kase.id}/triage`, payload)
      if (!ctx.current()) return
      flash(notificationBanner({ success: true, heading: `The case is triaged: tier ${draft.tier}` }))
      await navigate(`/cases/${kase.id}`, { replace: true })
    } catch (e) {
      if (!(e instanceof ApiError) || !ctx.current()) throw e
      const fallback = draft.is_stalking === 'no' ? 'advice' : 'rationale'
      if (e.status === 400) return render(fieldErrors(e, fallback))
      if (e.status === 409) {
        return render([{ id: fallback, message: `${sentence(e.problem.detail ?? 'Someone changed the case first')}. Reload the page to see the change.` }])
      }
      ctx.show(apiErrorView(e))
    }
  }

  render()
}

// The forms load on first use; a file that cannot be fetched shows the
// service's problem page.
async function caseForms(): Promise<typeof import('./caseFormPages')> {
  try {
    return await import('./caseFormPages')
  } catch {
    throw new ApiError({ status: 503, title: 'The page could not be loaded' })
  }
}

route('/referrals', (ctx) => casesList(ctx, '/referrals'))
route('/cases', (ctx) => casesList(ctx, '/cases'))
route('/cases/:id', casePage)
route('/cases/:id/add/:kind', async (ctx) => (await caseForms()).addItemPage(ctx))
route('/cases/:id/update/:item', async (ctx) => (await caseForms()).itemEventPage(ctx))
route('/cases/:id/edit/:item', async (ctx) => (await caseForms()).editPlanPage(ctx))
route('/cases/:id/inform/:item', async (ctx) => (await caseForms()).informPage(ctx))
