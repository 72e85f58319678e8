// The form pages for recording work on a case, loaded on first use (./cases
// registers their routes): /cases/{id}/add/{kind} for a new record,
// /cases/{id}/update/{item} to move a record on through its lifecycle,
// /cases/{id}/edit/{item} to change a plan, and /cases/{id}/inform/{item} to
// record that the victim was told of a decision. Each form checks the role
// may use it (./caseWriters) and that the case is open before showing it.

import type { PageContext } from '../app'
import { advocacyPage } from './caseAdvocacy'
import { consentPage } from './caseConsent'
import { actionPage, contactPage } from './caseItems'
import { closedCase, forbidden, loadCase, notFound } from './caseForm'
import { evidencePage } from './caseEvidence'
import { healthContactPage } from './caseHealthContact'
import { interventionPage } from './caseIntervention'
import { mappaPage } from './caseMappa'
import { maracPage } from './caseMarac'
import { needsAssessmentPage } from './caseNeeds'
import { nominationPage } from './caseNomination'
import { notePage } from './caseNote'
import { breachPage, orderPage } from './caseOrders'
import { outcomePage } from './caseOutcome'
import { outcomeMeasurePage } from './caseOutcomeMeasures'
import { planPage } from './casePlans'
import { riskAssessmentPage } from './caseRiskAssessment'
import { safeContactPage } from './caseSafeContact'
import { safetyPlanPage } from './caseSafetyPlan'
import { victimViewPage } from './caseVictimView'
import type { Case } from './cases'
import { addForms, mayUse } from './caseWriters'

export { itemEventPage } from './caseEvents'
export { informPage } from './caseItems'
export { editPlanPage } from './casePlans'

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
  plan: planPage,
  note: notePage,
  mappa: mappaPage,
  marac: maracPage,
  'health-contact': healthContactPage,
  consent: consentPage,
  advocacy: advocacyPage,
  'safe-contact': safeContactPage,
  'needs-assessment': needsAssessmentPage,
  'safety-plan': safetyPlanPage,
  'victim-view': victimViewPage,
  'outcome-measure': outcomeMeasurePage,
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
