import { getToken } from './api/client'
import { loadCalendar } from './hooks/useCalendar'
import { loadMe } from './hooks/useMe'
import { loadTimeLimits } from './hooks/useTimeLimits'
import { loadConsent } from './privacy'

// H5: what the first screens ask the server for (the account on the home page and the need form,
// the time limits the form promises, the calendar its receipt counts on, the consent its first
// submission checks), asked at launch —
// alongside the first page's code rather than after it rendered. The hooks share these
// requests (one each); a failure here is the hooks' to show, when a page asks again.
if (getToken()) {
  void loadMe().catch(() => undefined)
  void loadConsent().catch(() => undefined)
}
void loadTimeLimits().catch(() => undefined)
void loadCalendar().catch(() => undefined)
