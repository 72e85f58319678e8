// Threadline's web application: GOV.UK Frontend markup rendered in the
// browser from the HTTP API, with a small History API router.

import './styles.scss'
import { ApiError } from './api'
import { route, start, type PageContext } from './app'
import './pages/signIn'
import './pages/selfReferral'
import './pages/home'
import './pages/reports'
import './pages/newReport'
import './pages/screening'
import './pages/screeningResult'
import './pages/referFromScreening'
import './pages/person'
import './pages/linkChart'
import './pages/admin'
import './pages/cases'
import './pages/panels'

// The dashboards and their charts load only when first opened; a file that
// cannot be fetched shows the service's problem page.
async function dashboards(ctx: PageContext): Promise<void> {
  let page: typeof import('./pages/dashboards')
  try {
    page = await import('./pages/dashboards')
  } catch {
    throw new ApiError({ status: 503, title: 'The page could not be loaded' })
  }
  await page.dashboardsPage(ctx)
}
route('/dashboards', dashboards)
route('/dashboards/:measure', dashboards)

// What govuk-frontend's page template does with an inline script, done here
// (the server's Content Security Policy allows no inline script): a browser
// that runs this module script supports ES modules, GOV.UK Frontend's test.
document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported')

start()
