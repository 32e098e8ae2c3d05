// The workbench's pages (staff subpackage), by URL, in one place.
const q = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

const root = '/packageStaff/pages'
export const inboxPage = `${root}/inbox/index`
export const staffNeedPage = (id: string) => `${root}/need/index${q({ id })}`
export const dispatchPage = (id: string) => `${root}/dispatch/index${q({ id })}`
export const intakePage = `${root}/intake/index`
export const tasksPage = `${root}/tasks/index`
export const taskPage = (taskId: string, needId: string) => `${root}/task/index${q({ id: taskId, needId })}`
export const messagesPage = `${root}/messages/index`
