import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Tag } from '@nutui/nutui-react-taro'
import { BindSchema, bindCodeFrom, formatBindCode, STAFF_ROLES, type Me } from '@qi/shared'
import { useState } from 'react'
import { ApiError, messageOf, showMessage } from '../../../api'
import { bindInvitation } from '../../../api/staff'
import { Field } from '../../../components/Field'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { useForm } from '../../../hooks/useForm'
import { invalidateMe } from '../../../hooks/useMe'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { ROLE_LABELS } from '../../../labels'
import { inboxPage, mePage, needsPage } from '../../../links'
import './index.scss'

/** The code from the QR link's address (?code=…), as people read it; empty when none. */
function codeFromRoute(raw: string | undefined): string {
  const code = raw ? bindCodeFrom(decodeURIComponent(raw)) : null
  return code ? formatBindCode(code) : ''
}

/**
 * 绑定邀请码: a person signed in with WeChat enters the one-time code they
 * were given (or arrives from its QR with the code filled in, or scans it
 * here) and gets the roles, stations, institution or enterprise it carries.
 */
export default function BindPage() {
  const signedIn = useSignedIn()
  const { params } = useRouter()
  const [code, setCode] = useState(() => codeFromRoute(params.code))
  const [bound, setBound] = useState<Me | null>(null)
  const [refusal, setRefusal] = useState<string | null>(null)
  const form = useForm({
    state: [code, setCode],
    schema: BindSchema,
    body: (c) => ({ code: c }),
    send: async (body) => {
      setRefusal(null)
      const me = await bindInvitation(body.code)
      invalidateMe()
      setBound(me)
      showMessage('绑定成功')
    },
    onFailure: (e) => {
      if (e instanceof ApiError && e.status !== 400) setRefusal(e.message)
      else if (!(e instanceof ApiError)) showMessage(messageOf(e))
    },
  })

  const scan = async () => {
    try {
      const { result } = await Taro.scanCode({})
      const found = bindCodeFrom(result)
      if (!found) return showMessage('这不是绑定码的二维码')
      form.update(() => formatBindCode(found))
    } catch {
      // Cancelled.
    }
  }

  if (!signedIn)
    return (
      <View className="bind">
        <View className="bind__head">
          <Text className="bind__title">绑定邀请码</Text>
          <Text className="bind__note">请先用微信登录，再回到此页绑定{code ? `（绑定码 ${code} 已记下，登录后重新扫码即可）` : ''}</Text>
        </View>
        <SignInPrompt what="并绑定邀请码" />
      </View>
    )

  if (bound) {
    const staff = bound.roles.some((r) => STAFF_ROLES.includes(r))
    const where = [bound.enterprise?.name, bound.institution?.name, bound.expert?.name, ...bound.stations.map((s) => s.name)].filter(
      Boolean,
    )
    return (
      <View className="bind">
        <View className="bind__head">
          <Text className="bind__title">绑定成功</Text>
          <Text className="bind__note">本账号现在的身份：</Text>
          <View className="bind__roles">
            {bound.roles.map((r) => (
              <Tag key={r} round className="bind__role" background="rgba(255, 255, 255, 0.92)" color="#1f66d6">
                {ROLE_LABELS[r]}
              </Tag>
            ))}
          </View>
        </View>
        {where.length ? (
          <View className="bind__card">
            {where.map((w) => (
              <Text key={w} className="bind__where">
                {w}
              </Text>
            ))}
          </View>
        ) : null}
        <View className="bind__bar">
          {staff ? (
            <Button block type="primary" onClick={() => void Taro.redirectTo({ url: inboxPage })}>
              进入工作台
            </Button>
          ) : (
            <Button block type="primary" onClick={() => void Taro.switchTab({ url: needsPage })}>
              查看企业的需求
            </Button>
          )}
          <Button block fill="outline" onClick={() => void Taro.switchTab({ url: mePage })}>
            回到我的
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className="bind">
      <View className="bind__head">
        <Text className="bind__title">绑定邀请码</Text>
        <Text className="bind__note">输入运营管理人员或企业同事给您的 10 位绑定码，或扫描其二维码。每个绑定码只能使用一次。</Text>
      </View>
      <View className="bind__card">
        <Field label="绑定码" required name="code" error={form.errors.code}>
          <Input
            className="bind__input"
            placeholder="如：ABCDE-FGH23"
            value={code}
            maxLength={16}
            onChange={(v) => {
              setRefusal(null)
              form.update(() => v.toUpperCase(), 'code')
            }}
          />
        </Field>
        {refusal ? (
          <Text className="bind__refusal" data-testid="bind-refusal">
            {refusal}
          </Text>
        ) : null}
      </View>
      <View className="bind__bar">
        <Button block type="primary" loading={form.busy} onClick={form.submit}>
          绑定
        </Button>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button block fill="outline" onClick={() => void scan()}>
            扫码绑定
          </Button>
        ) : null}
      </View>
    </View>
  )
}
