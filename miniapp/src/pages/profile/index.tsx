import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, Radio } from '@nutui/nutui-react-taro'
import { EnterpriseProfileSchema, type Me } from '@qi/shared'
import { saveEnterpriseProfile, showMessage } from '../../api'
import { Field, Section } from '../../components/Field'
import { SignInPrompt } from '../../components/SignInPrompt'
import { ErrorView, LoadingView } from '../../components/StatusView'
import { invalidateMe, useMe } from '../../hooks/useMe'
import { useStoredState } from '../../hooks/useStoredState'
import { useForm } from '../../hooks/useForm'
import './index.scss'

const SCALES = [
  { value: 'micro', label: '微型' },
  { value: 'small', label: '小型' },
  { value: 'medium', label: '中型' },
  { value: 'large', label: '大型' },
] as const

interface ProfileDraft {
  name: string
  creditCode: string
  region: string
  address: string
  industry: string
  scale: string
  contactName: string
}

const empty = (): ProfileDraft => ({ name: '', creditCode: '', region: '', address: '', industry: '', scale: '', contactName: '' })

/** The body of PUT /api/me/enterprise: empty optional fields left out. */
function bodyOf(d: ProfileDraft) {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined)
  return {
    name: d.name,
    creditCode: d.creditCode,
    region: opt(d.region),
    address: opt(d.address),
    industry: opt(d.industry),
    scale: opt(d.scale),
    contactName: opt(d.contactName),
  }
}

function fromMe(me: Me): ProfileDraft {
  const e = me.enterprise
  return {
    name: e?.name ?? '',
    creditCode: e?.creditCode ?? '',
    region: e?.region ?? '',
    address: e?.address ?? '',
    industry: e?.industry ?? '',
    scale: e?.scale ?? '',
    contactName: me.user.name === '微信用户' ? '' : me.user.name,
  }
}

/** 企业信息: binds the account to its enterprise; the 统一社会信用代码 is checked as typed. */
export default function ProfilePage() {
  const me = useMe()
  if (me.status === 'signed_out')
    return (
      <View className="profile">
        <SignInPrompt what="并填写企业信息" />
      </View>
    )
  if (me.status === 'loading')
    return (
      <View className="profile">
        <LoadingView />
      </View>
    )
  if (me.status === 'error')
    return (
      <View className="profile">
        <ErrorView message={me.message} onRetry={me.reload} />
      </View>
    )
  return <ProfileForm me={me.me} />
}

function ProfileForm({ me }: { me: Me }) {
  // Start from what the server holds, unless a draft was being typed: in the first
  // render, not an effect, so the form never shows empty and then fills (over typing).
  const [draft, setDraft, clearDraft] = useStoredState<ProfileDraft>(
    'qi.profileDraft',
    () => fromMe(me),
    (stored) =>
      stored && typeof stored === 'object' && Object.values(stored).some(Boolean)
        ? { ...empty(), ...(stored as Partial<ProfileDraft>) }
        : null,
  )
  const form = useForm({
    state: [draft, setDraft],
    schema: EnterpriseProfileSchema,
    body: bodyOf,
    // Typing in a field clears its own message only.
    onEdit: 'keep',
    send: async (body) => {
      await saveEnterpriseProfile(body, { toast: false })
      invalidateMe()
      clearDraft()
      showMessage('企业信息已保存')
      void Taro.navigateBack().catch(() => undefined)
    },
  })
  const { errors } = form

  const set = (k: keyof ProfileDraft) => (v: string) => form.update((d) => ({ ...d, [k]: v }), k)

  /** The 统一社会信用代码 is checked as soon as it has its 18 characters. */
  const checkCode = (v: string) => {
    set('creditCode')(v)
    if (v.trim().length >= 18) {
      const r = EnterpriseProfileSchema.shape.creditCode.safeParse(v)
      form.setErrors((e) => ({ ...e, creditCode: r.success ? undefined : r.error.issues[0]!.message }))
    }
  }

  return (
    <View className="profile">
      <View className="profile__head">
        <Text className="profile__title">企业信息</Text>
        <Text className="profile__note">绑定企业后即可提交需求；同一企业只能由一个账号绑定。</Text>
      </View>
      <Section title="基本信息">
        <Field label="企业名称" required name="name" error={errors.name}>
          <Input placeholder="营业执照上的名称" value={draft.name} maxLength={100} onChange={set('name')} />
        </Field>
        <Field label="统一社会信用代码" required name="creditCode" error={errors.creditCode} hint="18 位，按国家标准校验">
          <Input placeholder="如：91460105MA5T8H3R2K" value={draft.creditCode} maxLength={20} onChange={checkCode} />
        </Field>
        <Field label="企业规模" name="scale" error={errors.scale}>
          <Radio.Group direction="horizontal" value={draft.scale} onChange={(v) => set('scale')(String(v))}>
            {SCALES.map((s) => (
              <Radio key={s.value} shape="button" value={s.value}>
                {s.label}
              </Radio>
            ))}
          </Radio.Group>
        </Field>
        <Field label="所属行业" name="industry" error={errors.industry}>
          <Input placeholder="如：食品制造业" value={draft.industry} maxLength={100} onChange={set('industry')} />
        </Field>
        <Field label="所在地区" name="region" error={errors.region}>
          <Input placeholder="如：海口市" value={draft.region} maxLength={50} onChange={set('region')} />
        </Field>
        <Field label="地址" name="address" error={errors.address}>
          <Input placeholder="经营地址" value={draft.address} maxLength={200} onChange={set('address')} />
        </Field>
      </Section>
      <Section title="联系人">
        <Field label="您的姓名" name="contactName" error={errors.contactName}>
          <Input placeholder="提交需求时默认的联系人" value={draft.contactName} maxLength={30} onChange={set('contactName')} />
        </Field>
      </Section>
      <View className="profile__bar">
        <Button block type="primary" loading={form.busy} onClick={() => void form.submit()}>
          保存
        </Button>
      </View>
    </View>
  )
}
