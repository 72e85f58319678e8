// The rest of a case's records, for reading: advocacy, risk reassessments,
// perpetrator management, breaches, evidence, panel minutes and the
// self-referral, each item shown with every field it holds (or why it is
// withheld). The forms that write them are the API's; this is what every
// agency sharing the case reads.

import { html, nothing } from 'lit-html'
import { formatDate, formatDateTime } from '../format'
import { sentence } from '../labels'
import type { CaseItem } from '../types'
import { summaryCard, summaryList, type Content } from '../ui/govuk'
import { collection, withheldBody } from './cases'

interface Group {
  title: string
  id: string
  collections: [route: string, name: string][]
}

const groups: Group[] = [
  {
    title: 'Victim advocacy',
    id: 'advocacy',
    collections: [
      ['self-referrals', 'Self-referral'],
      ['consents', 'Consent'],
      ['advocacy', 'Advocacy referral'],
      ['needs-assessments', 'Needs assessment'],
      ['safety-plans', 'Safety plan'],
      ['victim-views', 'The victim’s own view of the risk'],
      ['outcome-measures', 'Outcome measures'],
    ],
  },
  { title: 'Risk reassessments', id: 'risk', collections: [['risk-assessments', 'Risk assessment']] },
  {
    title: 'Perpetrator management',
    id: 'perpetrator',
    collections: [
      ['interventions', 'Intervention'],
      ['mappa', 'MAPPA'],
    ],
  },
  { title: 'Breaches of orders', id: 'breaches', collections: [['breaches', 'Breach']] },
  { title: 'Evidence', id: 'evidence', collections: [['evidence', 'Evidence item']] },
  { title: 'Panel minutes', id: 'minutes', collections: [['minutes', 'Minutes']] },
]

export interface LoadedGroup {
  group: Group
  items: { name: string; item: CaseItem }[]
  withheld: number // collections not shared with the viewer
}

export async function loadCaseRecords(caseId: string): Promise<LoadedGroup[]> {
  return Promise.all(
    groups.map(async (group) => {
      const lists = await Promise.all(group.collections.map(([route]) => collection(caseId, route)))
      const items = lists.flatMap((list, i) => (list ?? []).map((item) => ({ name: group.collections[i][1], item })))
      items.sort((a, b) => a.item.created_at.localeCompare(b.item.created_at))
      return { group, items, withheld: lists.filter((l) => l === null).length }
    }),
  )
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/

function valueText(value: unknown, agencyName: (code: string) => string, key: string): Content {
  if (value === null || value === undefined || value === '') return 'Not given'
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') {
    if (DATE.test(value)) return formatDate(value)
    if (TIMESTAMP.test(value)) return formatDateTime(value)
    if (key === 'agency' || key.endsWith('_agency')) return agencyName(value)
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

function itemCard(name: string, item: CaseItem, agencyName: (code: string) => string): Content {
  const withheld = withheldBody(item)
  const rows = withheld
    ? [{ key: 'Details', value: withheld }]
    : Object.entries(item.body ?? {})
        .filter(([k]) => k !== 'history' && k !== 'version')
        .map(([k, v]) => ({ key: sentence(k.replace(/_/g, ' ')), value: valueText(v, agencyName, k) }))
  if (item.status) rows.unshift({ key: 'Status', value: sentence(item.status.replace(/_/g, ' ')) })
  return summaryCard(`${name}, ${formatDate(item.created_at.slice(0, 10))}`, summaryList(rows, { noBorder: true }), 3)
}

export function caseRecordsView(loaded: LoadedGroup[], agencyName: (code: string) => string): Content {
  return loaded.map(({ group, items, withheld }) =>
    items.length || withheld
      ? html`<h2 class="govuk-heading-m" id="${group.id}">${group.title}</h2>
          ${items.map(({ name, item }) => itemCard(name, item, agencyName))}
          ${withheld && !items.length ? html`<p class="govuk-body">These records are not shared with your agency.</p>` : nothing}`
      : nothing,
  )
}
