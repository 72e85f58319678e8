// The rest of a case's records, for reading: advocacy, risk reassessments,
// perpetrator management, MARAC, breaches, evidence, health contacts,
// notes, panel minutes and the self-referral, each item shown with every
// field it holds (or why it is withheld). Every agency sharing the case
// reads them here; the case page adds the buttons for the forms the
// viewer's role may use (./caseWriters) and, on an item that can move on
// through its lifecycle, a link to do so.

import { html, nothing } from 'lit-html'
import { formatDate, formatDateTime } from '../format'
import {
  breachOutcomeNames,
  consentPurposeNames,
  engagementNames,
  evidenceSourceNames,
  evidenceTypeNames,
  measureNames,
  needNames,
  outcomeMeasureNames,
  riskLevelNames,
  riskToolNames,
  sentence,
} from '../labels'
import type { CaseItem } from '../types'
import { summaryCard, summaryList, type CardAction, type Content } from '../ui/govuk'
import { withheldBody } from './cases'

interface Group {
  title: string
  id: string
  kinds: [kind: string, name: string][]
  none?: string // said when there are none, if the group is shown with a form's button
}

const groups: Group[] = [
  {
    title: 'Victim advocacy',
    id: 'advocacy',
    kinds: [
      ['self_referral', 'Self-referral'],
      ['consent', 'Consent'],
      ['advocacy', 'Advocacy referral'],
      ['needs_assessment', 'Needs assessment'],
      ['safety_plan', 'Safety plan'],
      ['victim_view', 'The victim’s own view of the risk'],
      ['outcome_measure', 'Outcome measures'],
    ],
  },
  { title: 'Risk reassessments', id: 'risk', kinds: [['risk_assessment', 'Risk assessment']], none: 'No risk reassessments are recorded.' },
  {
    title: 'Perpetrator management',
    id: 'perpetrator',
    kinds: [
      ['intervention', 'Intervention'],
      ['mappa', 'MAPPA'],
    ],
    none: 'No interventions or MAPPA management are recorded.',
  },
  { title: 'MARAC', id: 'marac', kinds: [['marac', 'MARAC referral']], none: 'The case has not been referred to MARAC.' },
  { title: 'Breaches of orders', id: 'breaches', kinds: [['breach', 'Breach']], none: 'No breaches are recorded.' },
  { title: 'Evidence', id: 'evidence', kinds: [['evidence', 'Evidence item']], none: 'No evidence is recorded.' },
  { title: 'Health contacts', id: 'health', kinds: [['health_contact', 'Health contact']], none: 'No health contacts are recorded.' },
  { title: 'Notes', id: 'notes', kinds: [['note', 'Note']], none: 'No notes are recorded.' },
  { title: 'Panel minutes', id: 'minutes', kinds: [['minutes', 'Minutes']] },
]

export interface LoadedGroup {
  group: Group
  items: { name: string; item: CaseItem }[]
}

// The case's items (oldest first, as the API gives them) sorted into the page's groups.
export function groupCaseRecords(items: CaseItem[]): LoadedGroup[] {
  return groups.map((group) => ({
    group,
    items: items.flatMap((item) => {
      const kind = group.kinds.find(([k]) => k === item.kind)
      return kind ? [{ name: kind[1], item }] : []
    }),
  }))
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/

// Fields whose codes have names of their own.
const codeNames: Record<string, Record<string, string>> = {
  tool: riskToolNames,
  risk_level: riskLevelNames,
  evidence_type: evidenceTypeNames,
  source: evidenceSourceNames,
  outcome: breachOutcomeNames,
  engagement: engagementNames,
  purpose: consentPurposeNames,
  needs: needNames,
  ...Object.fromEntries(Object.keys(outcomeMeasureNames).map((key) => [key, measureNames])),
}

// Fields whose names say more than their keys.
const keyNames: Record<string, string> = {
  ...outcomeMeasureNames,
  receiving_agency: 'Shared with',
  advocate_agency: 'Advocacy service',
  in_their_words: 'In their own words',
  meeting_on: 'MARAC meeting',
  from_date: 'Managed from',
  at: 'When',
  text: 'Note',
}

const keyName = (key: string) => keyNames[key] ?? sentence(key.replace(/_/g, ' '))

function valueText(value: unknown, agencyName: (code: string) => string, key: string): Content {
  if (value === null || value === undefined || value === '') return 'Not given'
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') {
    if (DATE.test(value)) return formatDate(value)
    if (TIMESTAMP.test(value)) return formatDateTime(value)
    if (key === 'agency' || key.endsWith('_agency')) return agencyName(value)
    if (codeNames[key]?.[value]) return codeNames[key][value]
    // Record ids and digests, as they are.
    if (/(_id|_ids|sha256)$/.test(key)) return html`<span class="app-id">${value}</span>`
    return html`<span class="app-text">${/^[a-z0-9_]+$/.test(value) ? sentence(value.replace(/_/g, ' ')) : value}</span>`
  }
  if (Array.isArray(value)) {
    if (!value.length) return 'None'
    return html`<ul class="govuk-list">
      ${value.map((v) => html`<li>${typeof v === 'object' && v !== null ? objectText(v as Record<string, unknown>, agencyName) : valueText(v, agencyName, key)}</li>`)}
    </ul>`
  }
  return objectText(value as Record<string, unknown>, agencyName)
}

function objectText(o: Record<string, unknown>, agencyName: (code: string) => string): Content {
  return Object.entries(o).map(([k, v], i) => html`${i ? '; ' : ''}${sentence(k.replace(/_/g, ' '))}: ${valueText(v, agencyName, k)}`)
}

function itemCard(name: string, item: CaseItem, agencyName: (code: string) => string, actions: CardAction[]): Content {
  const withheld = withheldBody(item)
  const rows = withheld
    ? [{ key: 'Details', value: withheld }]
    : Object.entries(item.body ?? {})
        .filter(([k]) => k !== 'history' && k !== 'version')
        .map(([k, v]) => ({ key: keyName(k), value: valueText(v, agencyName, k) }))
  if (item.status) rows.unshift({ key: 'Status', value: sentence(item.status.replace(/_/g, ' ')) })
  return summaryCard(`${name}, ${formatDate(item.created_at.slice(0, 10))}`, summaryList(rows, { noBorder: true }), 3, actions)
}

export interface RecordForms {
  add: Partial<Record<string, Content>> // a group's button, by group id
  before: Partial<Record<string, Content>> // a section shown before a group, by group id
  actions: (item: CaseItem, name: string) => CardAction[] // an item's links
}

export function caseRecordsView(loaded: LoadedGroup[], agencyName: (code: string) => string, forms: RecordForms): Content {
  return loaded.map(({ group, items }) => {
    const add = forms.add[group.id]
    const before = forms.before[group.id] ?? nothing
    if (!items.length && !add) return before
    return html`${before}<h2 class="govuk-heading-m" id="${group.id}">${group.title}</h2>
      ${add ?? nothing}
      ${items.map(({ name, item }) => itemCard(name, item, agencyName, forms.actions(item, name)))}
      ${!items.length ? html`<p class="govuk-body">${group.none ?? 'None are recorded.'}</p>` : nothing}`
  })
}
