// Who may record what on a case, as the server decides it
// (src/services/case_kinds.cpp, case_service_items.cpp, panel_service.cpp,
// data/access/roles.csv): the case page shows a form's button only to a
// role the server would allow, and the form pages check the same. The
// server still enforces every rule.

import { ordersInForce } from '../labels'
import * as session from '../session'
import type { CaseItem } from '../types'
import type { Case } from './cases'

// The forms at /cases/{id}/add/{kind} and the role actions each needs.
export const addForms: Record<string, string[]> = {
  action: ['case.write'],
  contact: ['case.write'],
  order: ['case.police'],
  breach: ['case.police'],
  intervention: ['case.write'],
  'risk-assessment': ['case.write'],
  evidence: ['case.write'],
  outcome: ['case.police'],
  // A nomination needs only case.read; choosing the panel needs panel.read.
  nomination: ['case.read', 'panel.read'],
  plan: ['case.write'],
  note: ['case.write'],
  mappa: ['case.write'],
  marac: ['case.write'],
  'health-contact': ['health.write'],
  // The advocate's records (case.advocacy: advocates and leads); consent
  // is recorded by any role working on the case.
  consent: ['case.write'],
  advocacy: ['case.advocacy'],
  'safe-contact': ['case.advocacy'],
  'needs-assessment': ['case.advocacy'],
  'safety-plan': ['case.advocacy'],
  'victim-view': ['case.advocacy'],
  'outcome-measure': ['case.advocacy'],
}

// The kinds whose lifecycle the form at /cases/{id}/update/{item} moves on,
// and the action each needs (the kind's writing action).
export const eventForms: Record<string, string> = {
  order: 'case.police',
  intervention: 'case.write',
  evidence: 'case.write',
  consent: 'case.write',
  advocacy: 'case.advocacy',
}

export function mayUse(kind: string): boolean {
  return (addForms[kind] ?? ['none']).every((action) => session.can(action))
}

// Whether the form for `kind` may be offered on this case: an open case, the
// role's actions, and what the record needs (an outcome names one of the
// case's reports; a breach needs an order in force).
export function mayAdd(kind: string, kase: Case, orders?: CaseItem[] | null): boolean {
  if (kase.status === 'closed' || !mayUse(kind)) return false
  if (kind === 'outcome') return kase.report_ids.length > 0
  if (kind === 'breach') return inForce(orders ?? []).length > 0
  if (kind === 'marac') return isDomestic(kase)
  return true
}

// MARAC is for domestic abuse; non-domestic stalking goes to the stalking clinic.
export function isDomestic(kase: Case): boolean {
  return kase.case_type.startsWith('domestic_')
}

export function inForce(orders: CaseItem[]): CaseItem[] {
  return orders.filter((o) => o.body !== null && ordersInForce.includes(o.status ?? ''))
}

// The steps this user can record on the item now: those the server allows,
// less allocating an advocate, which only an advocate can take on (the
// server allocates the advocate recording it).
export function usableEvents(item: CaseItem): string[] {
  const events = item.allowed_events ?? []
  return item.kind === 'advocacy' && session.user()?.role !== 'advocate' ? events.filter((e) => e !== 'allocate') : events
}

// Whether the item can be moved on through its lifecycle by this user now.
export function mayUpdate(item: CaseItem, kase: Case): boolean {
  const action = eventForms[item.kind]
  return !!action && kase.status !== 'closed' && session.can(action) && item.body !== null && usableEvents(item).length > 0
}

// Whether the user may change the item's text (a plan): only the agency
// that wrote it, on an open case.
export function mayEdit(item: CaseItem, kase: Case): boolean {
  return (
    item.kind === 'plan' &&
    kase.status !== 'closed' &&
    session.can('case.write') &&
    item.body !== null &&
    item.agency_id === session.user()?.agencyId
  )
}
