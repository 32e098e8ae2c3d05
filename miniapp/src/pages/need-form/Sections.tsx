// The need form's three sections (DB46 Annex B): what is needed, who to
// contact, and when and with what. Each shows the draft's fields and hands
// every change to the page as a change of the draft.
import { Input, TextArea } from '@nutui/nutui-react-taro'
import { Field, Section } from '../../components/Field'
import { AttachmentsField, CategoriesField, DesiredReplyField, ItemsField } from '../../components/NeedFields'
import type { FieldErrors } from '../../components/formErrors'
import { withCategories, type NeedDraft } from './draft'

export interface SectionProps {
  draft: NeedDraft
  errors: FieldErrors
  update: (change: (d: NeedDraft) => NeedDraft) => void
}

/** 需求内容: title, categories, the items they offer, and the description. */
export function ContentSection({ draft, errors, update }: SectionProps) {
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
      <CategoriesField value={draft.categories} error={errors.categories} onChange={(v) => update((d) => withCategories(d, v))} />
      <ItemsField
        categories={draft.categories}
        value={draft.items}
        error={errors.items}
        onChange={(v) => update((d) => ({ ...d, items: v }))}
      />
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

/** 时限与附件: the reply date the enterprise hopes for (else the standard limit), and the attachments. */
export function TimingSection({ draft, errors, update }: SectionProps) {
  return (
    <Section title="时限与附件">
      <DesiredReplyField
        value={draft.desiredReplyBy}
        error={errors.desiredReplyBy}
        onChange={(v) => update((d) => ({ ...d, desiredReplyBy: v }))}
      />
      <AttachmentsField
        value={draft.attachments}
        error={errors.attachments}
        onChange={(change) => update((d) => ({ ...d, attachments: change(d.attachments) }))}
      />
    </Section>
  )
}
