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

// Pages few roles use load only when first opened: the dashboards with
// their charts, findings, retention review and user administration. A file that
// cannot be fetched shows the service's problem page.
async function load<T>(module: () => Promise<T>): Promise<T> {
  try {
    return await module()
  } catch {
    throw new ApiError({ status: 503, title: 'The page could not be loaded' })
  }
}

const dashboards = async (ctx: PageContext) => (await load(() => import('./pages/dashboards'))).dashboardsPage(ctx)
route('/dashboards', dashboards)
route('/dashboards/:measure', dashboards)

// Administration: users, a user's role, unlocking an account, roles, agencies.
route('/admin/users', async (ctx) => (await load(() => import('./pages/adminUsers'))).usersPage(ctx))
route('/admin/users/new', async (ctx) => (await load(() => import('./pages/adminUserNew'))).newUserPage(ctx))
route('/admin/users/:id/role', async (ctx) => (await load(() => import('./pages/adminUserRole'))).changeRolePage(ctx))
route('/admin/users/:id/unlock', async (ctx) => (await load(() => import('./pages/adminUserUnlock'))).unlockPage(ctx))
route('/admin/roles', async (ctx) => (await load(() => import('./pages/adminRoles'))).rolesPage(ctx))
route('/admin/agencies', async (ctx) => (await load(() => import('./pages/adminAgencies'))).agenciesPage(ctx))

// Course-of-conduct findings: the lists by status, one finding and its acknowledgement.
route('/findings', async (ctx) => (await load(() => import('./pages/findings'))).findingsPage(ctx))
route('/findings/:id', async (ctx) => (await load(() => import('./pages/findings'))).findingPage(ctx))

const retentionQueue = async (ctx: PageContext) => (await load(() => import('./pages/retention'))).queuePage(ctx)
route('/retention', retentionQueue)
route('/retention/:type', retentionQueue)
route('/retention/:type/:id', async (ctx) => (await load(() => import('./pages/retentionReview'))).reviewPage(ctx))

// What govuk-frontend's page template does with an inline script, done here
// (the server's Content Security Policy allows no inline script): a browser
// that runs this module script supports ES modules, GOV.UK Frontend's test.
document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported')

start()
