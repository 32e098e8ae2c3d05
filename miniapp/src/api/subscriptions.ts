// WeChat subscribe messages (订阅消息): ask the user, in the mini-program, to
// allow a need-status message, and tell the server the answer — each
// acceptance lets it send one message (POST /api/notifications/subscriptions).
// WeChat only shows the prompt from a tap, so the template ids are fetched
// beforehand (needStatusTemplateIds) and the prompt is asked with no network
// wait in between (askForNeedStatusMessages). On H5 there is nothing to ask.
import Taro from '@tarojs/taro'
import { WORKBENCH_PATHS, type SubscriptionStatus } from '@qi/shared'
import { api } from './client'

/** The server's need-status template ids (none on H5, or when WeChat messages are not configured). */
export async function needStatusTemplateIds(): Promise<string[]> {
  if (process.env.TARO_ENV !== 'weapp') return []
  try {
    const status = await api.get<SubscriptionStatus>(WORKBENCH_PATHS.subscriptions, { toast: false })
    return status.templates.map((t) => t.templateId)
  } catch {
    return []
  }
}

/** Call straight from a tap handler. Resolves whether the user accepted at least one template. */
export async function askForNeedStatusMessages(tmplIds: string[]): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp' || !tmplIds.length) return false
  try {
    const answer = (await Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option)) as unknown as Record<
      string,
      string
    >
    let accepted = false
    for (const templateId of tmplIds) {
      const ok = answer[templateId] === 'accept'
      accepted ||= ok
      await api.post(WORKBENCH_PATHS.subscriptions, { templateId, accepted: ok }, { toast: false })
    }
    return accepted
  } catch {
    // Declined, unsupported or offline: the in-app inbox still tells the user.
    return false
  }
}
