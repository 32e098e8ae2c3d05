import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, Radio } from '@nutui/nutui-react-taro'
import { ADMIN_ROLES, CreateStaffInvitationSchema, INVITATION_DEFAULT_DAYS, type IssuedInvitation } from '@qi/shared'
import { useState } from 'react'
import { createStaffInvitation } from '../../../api/staff'
import { Field } from '../../../components/Field'
import { InvitationCode } from '../../../components/InvitationCode'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { useForm } from '../../../hooks/useForm'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { emptyGrant, grantBody, StaffGrantFields, type GrantValues } from '../../components/StaffGrantFields'
import './edit.scss'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useMe } from '../../../hooks/useMe'

interface Values extends GrantValues {
  note: string
  validDays: number
}

const DAYS = [1, 3, 7, 30]

/** 邀请员工: the roles, stations or institution to give, then the one-time code and its QR to hand over. */
export default function InviteStaffPage() {
  const signedIn = useSignedIn()
  const me = useMe()
  const [issued, setIssued] = useState<IssuedInvitation | null>(null)
  const form = useForm({
    state: useState<Values>({ ...emptyGrant, note: '', validDays: INVITATION_DEFAULT_DAYS }),
    schema: CreateStaffInvitationSchema,
    body: (v) => ({ note: v.note.trim(), validDays: v.validDays, ...grantBody(v) }),
    order: ['note', 'roles', 'stationIds', 'institutionId'],
    send: async (body) => setIssued(await createStaffInvitation(body)),
  })
  // Only managers use this page: anyone else reaching it by its URL is told so, with nothing to press that would be refused.
  const readOnly = signedIn
    ? readOnlyGate(me, ADMIN_ROLES, { description: '员工账号由运营管理人员管理；需要开通或调整账号时，请联系运营管理人员。' })
    : null
  if (readOnly) return readOnly
  if (!signedIn)
    return (
      <View className="staff-edit">
        <SignInPrompt what="邀请员工" />
      </View>
    )
  if (issued)
    return (
      <View className="staff-edit">
        <InvitationCode issued={issued} onDone={() => void Taro.navigateBack()} />
        <View className="staff-edit__save">
          <Button
            block
            fill="outline"
            onClick={() => {
              setIssued(null)
              form.update(() => ({ ...emptyGrant, note: '', validDays: INVITATION_DEFAULT_DAYS }))
            }}
          >
            继续邀请
          </Button>
        </View>
      </View>
    )

  const v = form.values
  return (
    <View className="staff-edit">
      <View className="staff-edit__card">
        <Field label="受邀人" required name="note" error={form.errors.note} hint="写明姓名和单位，列表中据此认出这个邀请">
          <Input
            placeholder="如：王工 · 海南省计量测试研究中心"
            value={v.note}
            maxLength={60}
            onChange={(note) => form.update((x) => ({ ...x, note }), 'note')}
          />
        </Field>
        <StaffGrantFields values={v} errors={form.errors} onChange={(g, clears) => form.update((x) => ({ ...x, ...g }), clears)} />
        <Field label="有效期" name="validDays" error={form.errors.validDays}>
          <Radio.Group
            direction="horizontal"
            value={v.validDays}
            onChange={(d) => form.update((x) => ({ ...x, validDays: Number(d) }), 'validDays')}
          >
            {DAYS.map((d) => (
              <Radio key={d} shape="button" value={d}>
                {d} 天
              </Radio>
            ))}
          </Radio.Group>
        </Field>
      </View>
      <View className="staff-edit__save">
        <Button block type="primary" loading={form.busy} onClick={form.submit}>
          生成绑定码
        </Button>
      </View>
    </View>
  )
}
