// The form pages for recording work on a case, loaded on first use (./cases
// registers their routes): /cases/{id}/add/{kind} for a new record,
// /cases/{id}/update/{item} to move a record on through its lifecycle, and
// /cases/{id}/inform/{item} to record that the victim was told of a decision.
// Each form checks the role may use it (./caseWriters) and that the case is
// open before showing it.

import type { PageContext } from '../app'
import { actionPage, contactPage } from './caseItems'
import { closedCase, forbidden, loadCase, notFound } from './caseForm'
import { evidencePage } from './caseEvidence'
import { interventionPage } from './caseIntervention'
import { nominationPage } from './caseNomination'
import { breachPage, orderPage } from './caseOrders'
import { outcomePage } from './caseOutcome'
import { riskAssessmentPage } from './caseRiskAssessment'
import type { Case } from './cases'
import { addForms, mayUse } from './caseWriters'

export { itemEventPage } from './caseEvents'
export { informPage } from './caseItems'

const addPages: Record<string, (ctx: PageContext, kase: Case) => Promise<void>> = {
  action: actionPage,
  contact: contactPage,
  order: orderPage,
  breach: breachPage,
  intervention: interventionPage,
  'risk-assessment': riskAssessmentPage,
  evidence: evidencePage,
  outcome: outcomePage,
  nomination: nominationPage,
}

export async function addItemPage(ctx: PageContext): Promise<void> {
  const kind = ctx.params.kind
  const page = addPages[kind]
  if (!page || !(kind in addForms)) return notFound(ctx)
  if (!mayUse(kind)) return forbidden(ctx)
  const kase = await loadCase(ctx)
  if (!kase || !ctx.current()) return
  if (kase.status === 'closed') return closedCase(ctx, kase)
  return page(ctx, kase)
}
