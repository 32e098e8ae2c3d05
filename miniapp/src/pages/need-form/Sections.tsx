// The need form's three sections (DB46 Annex B): what is needed, who to
// contact, and when and with what. Each shows the draft's fields and hands
// every change to the page as a change of the draft.
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Checkbox, DatePicker, Input, TextArea } from '@nutui/nutui-react-taro'
import { CATEGORIES, CATEGORY_BY_CODE, type CategoryCode } from '@qi/shared'
import { AttachmentPicker } from '../../components/AttachmentPicker'
import { Field, Section } from '../../components/Field'
import type { FieldErrors } from '../../components/formErrors'
import { withCategories, type NeedDraft } from './draft'

export interface SectionProps {
  draft: NeedDraft
  errors: FieldErrors
  update: (change: (d: NeedDraft) => NeedDraft) => void
}

/** 需求内容: title, categories, the items they offer, and the description. */
export function ContentSection({ draft, errors, update }: SectionProps) {
  const itemsOffered = draft.categories.flatMap((c) => CATEGORY_BY_CODE[c].items.map((i) => ({ ...i, category: c })))
  return (
    <Section title="需求内容">
      <Field label="需求标题" required name="title" error={errors.title} hint="一句话说明需要什么服务">
        <Input
          placeholder="如：椰子汁出口东盟检测咨询"
          value={draft.title}
          maxLength={60}
          onChange={(v) => update((d) => ({ ...d, title: v }))}
        />
      </Field>
      <Field label="服务类别（可多选）" required name="categories" error={errors.categories}>
        <Checkbox.Group
          className="need-form__choices"
          direction="horizontal"
          value={draft.categories}
          onChange={(v) => update((d) => withCategories(d, v as CategoryCode[]))}
        >
          {CATEGORIES.map((c) => (
            <Checkbox key={c.code} shape="button" value={c.code} label={c.shortName} />
          ))}
        </Checkbox.Group>
      </Field>
      {itemsOffered.length > 0 ? (
        <Field label="服务项目（可选）" name="items" error={errors.items} hint="选择所需的具体服务，便于精准对接">
          <Checkbox.Group
            className="need-form__choices"
            direction="horizontal"
            value={draft.items}
            onChange={(v) => update((d) => ({ ...d, items: v }))}
          >
            {itemsOffered.map((i) => (
              <Checkbox key={i.code} shape="button" value={i.code} label={i.name} />
            ))}
          </Checkbox.Group>
        </Field>
      ) : null}
      <Field label="需求描述" required name="description" error={errors.description} hint="产品、问题、希望达到的目标，越具体越好">
        <TextArea
          placeholder="请描述您的需求"
          value={draft.description}
          maxLength={2000}
          showCount
          autoSize
          onChange={(v) => update((d) => ({ ...d, description: v }))}
        />
      </Field>
    </Section>
  )
}

/** 联系信息: the applying unit, the contact and their phone. */
export function ContactSection({ draft, errors, update }: SectionProps) {
  return (
    <Section title="联系信息">
      <Field label="申请人（单位）" name="applicant" error={errors.applicant} hint="默认为您绑定的企业">
        <Input
          placeholder="申请单位名称"
          value={draft.applicant}
          maxLength={60}
          onChange={(v) => update((d) => ({ ...d, applicant: v }))}
        />
      </Field>
      <Field label="联系人" required name="contactName" error={errors.contactName}>
        <Input
          placeholder="联系人姓名"
          value={draft.contactName}
          maxLength={30}
          onChange={(v) => update((d) => ({ ...d, contactName: v }))}
        />
      </Field>
      <Field label="联系电话" required name="contactPhone" error={errors.contactPhone} hint="手机号或带区号的固定电话，仅服务人员可见">
        <Input
          placeholder="如：13800000000"
          type="tel"
          value={draft.contactPhone}
          maxLength={20}
          onChange={(v) => update((d) => ({ ...d, contactPhone: v }))}
        />
      </Field>
    </Section>
  )
}

function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** 时限与附件: the reply date the enterprise hopes for (else the standard limit), and the attachments. */
export function TimingSection({ draft, errors, update, replyDays }: SectionProps & { replyDays: number }) {
  const [pickingDate, setPickingDate] = useState(false)
  return (
    <Section title="时限与附件">
      <Field label="期望答复日期" name="desiredReplyBy" error={errors.desiredReplyBy} hint={`不填则按 ${replyDays} 个工作日内答复`}>
        <View className="need-form__date">
          <Text
            className={`need-form__date-value${draft.desiredReplyBy ? '' : ' need-form__date-value--empty'}`}
            onClick={() => setPickingDate(true)}
          >
            {draft.desiredReplyBy || '选择日期'}
          </Text>
          {draft.desiredReplyBy ? (
            <Text className="need-form__date-clear" onClick={() => update((d) => ({ ...d, desiredReplyBy: '' }))}>
              清除
            </Text>
          ) : null}
        </View>
        <DatePicker
          title="期望答复日期"
          type="date"
          visible={pickingDate}
          startDate={new Date()}
          endDate={new Date(Date.now() + 365 * 86_400_000)}
          defaultValue={draft.desiredReplyBy ? new Date(`${draft.desiredReplyBy}T00:00:00`) : new Date()}
          showChinese
          onClose={() => setPickingDate(false)}
          onConfirm={(_options, values) => {
            const [y, m, d] = values.map(Number)
            if (y && m && d) update((dr) => ({ ...dr, desiredReplyBy: isoDay(new Date(y, m - 1, d)) }))
          }}
        />
      </Field>
      <Field label="附件（照片或文件）" name="attachments" error={errors.attachments}>
        <AttachmentPicker value={draft.attachments} onChange={(change) => update((d) => ({ ...d, attachments: change(d.attachments) }))} />
      </Field>
    </Section>
  )
}
