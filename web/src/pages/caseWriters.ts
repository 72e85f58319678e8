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
}

// The kinds whose lifecycle the form at /cases/{id}/update/{item} moves on,
// and the action each needs (the kind's writing action).
export const eventForms: Record<string, string> = {
  order: 'case.police',
  intervention: 'case.write',
  evidence: 'case.write',
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
  return true
}

export function inForce(orders: CaseItem[]): CaseItem[] {
  return orders.filter((o) => o.body !== null && ordersInForce.includes(o.status ?? ''))
}

// Whether the item can be moved on through its lifecycle by this user now.
export function mayUpdate(item: CaseItem, kase: Case): boolean {
  const action = eventForms[item.kind]
  return !!action && kase.status !== 'closed' && session.can(action) && item.body !== null && !!item.allowed_events?.length
}
