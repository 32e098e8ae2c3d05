// The fields of a need that the enterprise's own form (需求登记) and the
// specialist's window intake (窗口登记) share: categories, the items they
// offer, the desired reply date (never before the accept deadline is past)
// and the attachments. One component each, used by both pages.
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Checkbox, DatePicker } from '@nutui/nutui-react-taro'
import { CATEGORIES, CATEGORY_BY_CODE, earliestDesiredReplyBy, ITEM_BY_CODE, type CategoryCode } from '@qi/shared'
import { useCalendar } from '../hooks/useCalendar'
import { useTimeLimits } from '../hooks/useTimeLimits'
import { AttachmentPicker, type AttachmentDraft } from './AttachmentPicker'
import { todayInShanghai } from './Deadline'
import { Field } from './Field'
import './NeedFields.scss'

/** The items still offered by `categories` (choosing fewer categories drops the others' items). */
export const itemsWithin = (categories: readonly CategoryCode[], items: readonly string[]): string[] =>
  items.filter((i) => categories.includes(ITEM_BY_CODE.get(i)!.category))

/** 服务类别 (one or more), as wrapping buttons. */
export function CategoriesField(props: { value: CategoryCode[]; error?: string; onChange: (v: CategoryCode[]) => void }) {
  return (
    <Field label="服务类别（可多选）" required name="categories" error={props.error}>
      <Checkbox.Group
        className="need-fields__choices"
        direction="horizontal"
        value={props.value}
        onChange={(v) => props.onChange(v as CategoryCode[])}
      >
        {CATEGORIES.map((c) => (
          <Checkbox key={c.code} shape="button" value={c.code} label={c.shortName} />
        ))}
      </Checkbox.Group>
    </Field>
  )
}

/** 服务项目: the items the chosen categories offer (nothing until a category is chosen). */
export function ItemsField(props: { categories: CategoryCode[]; value: string[]; error?: string; onChange: (v: string[]) => void }) {
  const offered = props.categories.flatMap((c) => CATEGORY_BY_CODE[c].items)
  if (!offered.length) return null
  return (
    <Field label="服务项目（可选）" name="items" error={props.error} hint="选择所需的具体服务，便于精准对接">
      <Checkbox.Group className="need-fields__choices" direction="horizontal" value={props.value} onChange={(v) => props.onChange(v)}>
        {offered.map((i) => (
          <Checkbox key={i.code} shape="button" value={i.code} label={i.name} />
        ))}
      </Checkbox.Group>
    </Field>
  )
}

const isoDay = (d: Date): string => {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
const localDate = (iso: string): Date => new Date(`${iso}T00:00:00`)

/**
 * 期望答复日期: optional; the earliest day offered is the day after the accept
 * deadline of a need submitted today (the shared rule, on the calendar and
 * limits in force), which the server checks again.
 */
export function DesiredReplyField(props: { value: string; error?: string; onChange: (v: string) => void }) {
  const [picking, setPicking] = useState(false)
  const limits = useTimeLimits()
  const { calendar } = useCalendar()
  const earliest = earliestDesiredReplyBy(todayInShanghai(), limits, calendar)
  const start = localDate(earliest)
  return (
    <Field
      label="期望答复日期"
      name="desiredReplyBy"
      error={props.error}
      hint={`最早可选 ${earliest}（受理时限之后）；不填则按 ${limits.replyDays} 个工作日内答复`}
    >
      <View className="need-fields__date">
        <Text
          className={`need-fields__date-value${props.value ? '' : ' need-fields__date-value--empty'}`}
          data-earliest={earliest}
          onClick={() => setPicking(true)}
        >
          {props.value || '选择日期'}
        </Text>
        {props.value ? (
          <Text className="need-fields__date-clear" onClick={() => props.onChange('')}>
            清除
          </Text>
        ) : null}
      </View>
      <DatePicker
        title="期望答复日期"
        type="date"
        visible={picking}
        startDate={start}
        endDate={new Date(start.getTime() + 365 * 86_400_000)}
        defaultValue={props.value && props.value >= earliest ? localDate(props.value) : start}
        showChinese
        onClose={() => setPicking(false)}
        onConfirm={(_options, values) => {
          const [y, m, d] = values.map(Number)
          if (y && m && d) props.onChange(isoDay(new Date(y, m - 1, d)))
        }}
      />
    </Field>
  )
}

/** 附件: photos and files, uploaded as they are picked. */
export function AttachmentsField(props: {
  value: AttachmentDraft[]
  error?: string
  onChange: (update: (prev: AttachmentDraft[]) => AttachmentDraft[]) => void
}) {
  return (
    <Field label="附件（照片或文件）" name="attachments" error={props.error}>
      <AttachmentPicker value={props.value} onChange={props.onChange} />
    </Field>
  )
}
