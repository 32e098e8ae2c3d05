import { useEffect, useState, type Dispatch, type SetStateAction } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Input, Tag, TextArea } from '@nutui/nutui-react-taro'
import {
  addCalendarDays,
  CALENDAR_YEAR_STATUS_LABELS,
  calendarOf,
  CalendarPublishSchema,
  dayOfWeek,
  type CalendarView,
  type CalendarYear,
  type HolidayRange,
  type WorkCalendar,
} from '@qi/shared'
import { ApiError, fetchCalendar, importHolidayCn, messageOf, publishCalendarYear, showMessage } from '../../../api'
import { errorsByPath, errorUnder } from '../../../components/formErrors'
import { SignInPrompt } from '../../../components/SignInPrompt'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { invalidateCalendar } from '../../../hooks/useCalendar'
import { useMe } from '../../../hooks/useMe'
import { usePageRefresh } from '../../../hooks/usePageRefresh'
import { useRemote } from '../../../hooks/useRemote'
import { useSignedIn } from '../../../hooks/useSignedIn'
import { useForm } from '../../../hooks/useForm'
import { formatDateTime } from '../../../labels'
import './index.scss'

/** A year's schedule as the form holds it, with the version it was loaded at (sent back on publish). */
interface Draft {
  year: number
  version: number
  sourceTitle: string
  sourceDate: string
  holidays: HolidayRange[]
  workdays: string[]
}

const noticeTitle = (year: number) => `国务院办公厅关于${year}年部分节假日安排的通知`

/** A published year as it stands; a provisional one starts from its statutory holidays and the notice's usual title. */
const draftOf = (y: CalendarYear): Draft => ({
  year: y.year,
  version: y.version,
  sourceTitle: y.status === 'published' ? y.sourceTitle : noticeTitle(y.year),
  sourceDate: y.sourceDate ?? '',
  holidays: y.holidays.map((h) => ({ ...h })),
  workdays: [...y.workdays],
})

const bodyOf = (d: Draft) => ({
  version: d.version,
  year: d.year,
  sourceTitle: d.sourceTitle,
  sourceDate: d.sourceDate.trim() === '' ? null : d.sourceDate.trim(),
  holidays: d.holidays.map((h) => ({ name: h.name, from: h.from.trim(), to: h.to.trim() })),
  workdays: d.workdays.map((w) => w.trim()),
})

const sameDraft = (a: Draft, b: Draft) => JSON.stringify(bodyOf(a)) === JSON.stringify(bodyOf(b))

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** The year shown first: the one managers are reminded of, else this year. */
const firstYear = (view: CalendarView) => view.reminderYear ?? Number(view.today.slice(0, 4))

/** 放假安排: each year's holidays and adjusted working days; managers enter, import, review and publish them. */
export default function CalendarPage() {
  const signedIn = useSignedIn()
  if (!signedIn)
    return (
      <View className="calendar-page">
        <SignInPrompt what="放假安排" />
      </View>
    )
  return <CalendarEditor />
}

function CalendarEditor() {
  const remote = useRemote(() => fetchCalendar({ toast: false }), [])
  const me = useMe()
  usePageRefresh(remote.refresh)
  const [year, setYear] = useState<number | null>(null)
  const [drafts, setDrafts] = useState<Record<number, Draft>>({})

  const view = remote.state.status === 'ready' ? remote.state.data : null
  useEffect(() => {
    if (view && year === null) setYear(firstYear(view))
  }, [view, year])

  // Wait for the user as well: whether they may edit decides what the page is (the form, or a look).
  if (remote.state.status === 'loading' || me.status === 'loading')
    return (
      <View className="calendar-page">
        <LoadingView />
      </View>
    )
  if (remote.state.status === 'error') {
    return (
      <View className="calendar-page">
        <ErrorView message={remote.state.message} onRetry={() => void remote.reload()} />
      </View>
    )
  }
  if (me.status === 'error')
    return (
      <View className="calendar-page">
        <ErrorView message={me.message} onRetry={me.reload} />
      </View>
    )
  if (!view || year === null)
    return (
      <View className="calendar-page">
        <LoadingView />
      </View>
    )

  const shown = view.years.find((y) => y.year === year) ?? view.years[view.years.length - 1]!
  const edits = me.status === 'ready' && me.me.roles.includes('manager')
  // Unsaved edits of a year stay while another year is looked at; a newer version replaces them on publish or conflict.
  const draft = drafts[shown.year] && drafts[shown.year]!.version === shown.version ? drafts[shown.year]! : draftOf(shown)
  const setDraft = (next: Draft | null) => setDrafts(({ [shown.year]: _, ...rest }) => (next ? { ...rest, [shown.year]: next } : rest))

  return (
    <View className="calendar-page" data-year={shown.year} data-status={shown.status} data-version={shown.version}>
      <View className="calendar-page__head">
        <Text className="calendar-page__title">放假安排</Text>
        <Text className="calendar-page__note">
          期限按工作日计算：周一至周五，除去放假日，加上调休上班日。国务院办公厅发布当年放假安排前，暂按《全国年节及纪念日放假办法》的法定假日计算（没有调休），相关期限标注“暂按法定假日计算”。
        </Text>
      </View>

      {view.reminderYear && edits ? (
        <Text className="calendar-page__reminder">{view.reminderYear} 年放假安排尚未发布，请在通知发布后及时录入。</Text>
      ) : null}

      <View className="calendar-page__years">
        {view.years.map((y) => (
          <View
            key={y.year}
            className={`calendar-page__year${y.year === shown.year ? ' calendar-page__year--on' : ''}`}
            data-year-tab={y.year}
            onClick={() => setYear(y.year)}
          >
            <Text className="calendar-page__year-number">{y.year}</Text>
            <Text className={`calendar-page__year-status calendar-page__year-status--${y.status}`}>
              {CALENDAR_YEAR_STATUS_LABELS[y.status]}
            </Text>
          </View>
        ))}
      </View>

      <YearSummary year={shown} />

      {edits ? (
        <YearForm
          key={`${shown.year}-${shown.version}`}
          year={shown}
          draft={draft}
          onDraft={setDraft}
          onPublished={(saved) => {
            setDraft(null)
            remote.set({
              ...view,
              years: view.years.map((y) => (y.year === saved.year ? saved : y)),
              reminderYear: view.reminderYear === saved.year ? null : view.reminderYear,
            })
            void invalidateCalendar().catch(() => undefined)
            void remote.refresh()
          }}
          onConflict={async () => {
            setDraft(null)
            await remote.refresh()
          }}
          onSwitchYear={(y) => setYear(y)}
          setOtherDraft={(d) => setDrafts((all) => ({ ...all, [d.year]: d }))}
          otherYear={(y) => view.years.find((x) => x.year === y) ?? null}
        />
      ) : (
        <>
          <MonthReview calendar={calendarOf([shown])} year={shown.year} />
          <Text className="calendar-page__readonly">放假安排由运营管理人员录入和发布，这里可以查看。</Text>
        </>
      )}
    </View>
  )
}

function YearSummary({ year: y }: { year: CalendarYear }) {
  return (
    <View className="calendar-page__card calendar-page__summary">
      <View className="calendar-page__summary-head">
        <Text className="calendar-page__summary-title">{y.year} 年</Text>
        {y.status === 'published' ? (
          <Tag type="success" round>
            已发布
          </Tag>
        ) : (
          <Tag type="warning" round>
            暂按法定假日
          </Tag>
        )}
      </View>
      <Text className="calendar-page__source">
        {y.sourceTitle}
        {y.sourceDate ? `（${y.sourceDate}）` : ''}
      </Text>
      <Text className="calendar-page__meta">
        {y.publishedAt
          ? `第 ${y.version} 版 · ${[y.publishedBy, formatDateTime(y.publishedAt)].filter(Boolean).join(' · ')}`
          : '尚未发布：期限暂按法定假日计算，没有调休上班日'}
      </Text>
    </View>
  )
}

interface YearFormProps {
  year: CalendarYear
  draft: Draft
  onDraft: (d: Draft | null) => void
  onPublished: (saved: CalendarYear) => void
  onConflict: () => Promise<void>
  onSwitchYear: (year: number) => void
  setOtherDraft: (d: Draft) => void
  otherYear: (year: number) => CalendarYear | null
}

const CONFLICT_MESSAGE = '该年度的放假安排已被他人修改，已刷新为最新版本'

function YearForm({ year, draft, onDraft, onPublished, onConflict, onSwitchYear, setOtherDraft, otherYear }: YearFormProps) {
  const [formError, setFormError] = useState('')
  const [importText, setImportText] = useState('')
  const [importing, setImporting] = useState(false)

  // The schedule is checked as typed; the server's messages stay until the next change.
  const setDraft: Dispatch<SetStateAction<Draft>> = (next) => onDraft(typeof next === 'function' ? next(draft) : next)
  const form = useForm({
    state: [draft, setDraft],
    schema: CalendarPublishSchema,
    body: bodyOf,
    errorsOf: errorsByPath,
    onEdit: 'live',
    send: async (body) => {
      setFormError('')
      const saved = await publishCalendarYear(body, { toast: false })
      onPublished(saved)
      showMessage(`${saved.year} 年放假安排已发布`)
    },
    onFailure: async (e, server) => {
      if (e instanceof ApiError && e.status === 409) {
        showMessage(CONFLICT_MESSAGE)
        setFormError(CONFLICT_MESSAGE)
        await onConflict()
        return
      }
      if (server) {
        showMessage(Object.values(server)[0] ?? messageOf(e))
        return
      }
      setFormError(messageOf(e))
      showMessage(messageOf(e))
    },
  })
  const errors = form.errors
  const parsed = CalendarPublishSchema.safeParse(bodyOf(draft))
  const dirty = year.status === 'provisional' || !sameDraft(draft, draftOf(year))
  const issueAt = (path: string) => errorUnder(errors, path)

  // The month view shows the draft as it would count, once it holds together.
  let preview: WorkCalendar | null = null
  if (parsed.success) {
    try {
      preview = calendarOf([{ ...parsed.data, status: 'published' }])
    } catch {
      preview = null
    }
  }

  const change = (next: Partial<Draft>) => {
    form.update((d) => ({ ...d, ...next }))
    form.setErrors({})
    setFormError('')
  }
  const setHoliday = (i: number, patch: Partial<HolidayRange>) =>
    change({ holidays: draft.holidays.map((h, j) => (j === i ? { ...h, ...patch } : h)) })

  const runImport = async () => {
    let file: unknown
    try {
      file = JSON.parse(importText)
    } catch {
      showMessage('不是有效的 JSON，请粘贴 holiday-cn 的年度文件内容')
      return
    }
    setImporting(true)
    try {
      const { schedule, skipped } = await importHolidayCn(file, { toast: false })
      const target = otherYear(schedule.year)
      const next: Draft = { ...schedule, version: target?.version ?? 0, sourceDate: schedule.sourceDate ?? '' }
      if (schedule.year === draft.year) change(next)
      else {
        setOtherDraft(next)
        onSwitchYear(schedule.year)
      }
      setImportText('')
      showMessage(
        `已导入 ${schedule.year} 年：${schedule.holidays.length} 个假日、${schedule.workdays.length} 个调休上班日${skipped.length ? `（略去其他年份的 ${skipped.length} 天）` : ''}，请核对后发布`,
      )
    } catch (e) {
      showMessage(e instanceof ApiError && e.issues.length ? `${e.issues[0]!.path}：${e.issues[0]!.message}` : messageOf(e))
    } finally {
      setImporting(false)
    }
  }

  return (
    <>
      <View className="calendar-page__card">
        <Text className="calendar-page__section">通知</Text>
        <Text className="calendar-page__label">通知标题</Text>
        <TextArea
          className="calendar-page__input calendar-page__title-input"
          data-field="sourceTitle"
          value={draft.sourceTitle}
          maxLength={100}
          autoSize
          onChange={(v) => change({ sourceTitle: v })}
        />
        {issueAt('sourceTitle') ? <Text className="calendar-page__error">{issueAt('sourceTitle')}</Text> : null}
        <Text className="calendar-page__label">发布日期</Text>
        <Input
          className="calendar-page__input"
          data-field="sourceDate"
          placeholder="YYYY-MM-DD"
          value={draft.sourceDate}
          maxLength={10}
          onChange={(v) => change({ sourceDate: v })}
        />
        {issueAt('sourceDate') ? <Text className="calendar-page__error">{issueAt('sourceDate')}</Text> : null}
      </View>

      <View className="calendar-page__card">
        <Text className="calendar-page__section">放假（含周末）</Text>
        {draft.holidays.map((h, i) => (
          <View key={i} className="calendar-page__holiday" data-holiday={i}>
            <View className="calendar-page__holiday-row">
              <Input
                className="calendar-page__input calendar-page__name"
                data-field="name"
                placeholder="假日名称"
                value={h.name}
                maxLength={20}
                onChange={(v) => setHoliday(i, { name: v })}
              />
              <Button
                size="small"
                fill="none"
                className="calendar-page__remove"
                onClick={() => change({ holidays: draft.holidays.filter((_, j) => j !== i) })}
              >
                删除
              </Button>
            </View>
            <View className="calendar-page__holiday-row">
              <Input
                className="calendar-page__input"
                data-field="from"
                placeholder="开始 YYYY-MM-DD"
                value={h.from}
                maxLength={10}
                onChange={(v) => setHoliday(i, { from: v })}
              />
              <Text className="calendar-page__dash">至</Text>
              <Input
                className="calendar-page__input"
                data-field="to"
                placeholder="结束 YYYY-MM-DD"
                value={h.to}
                maxLength={10}
                onChange={(v) => setHoliday(i, { to: v })}
              />
            </View>
            {issueAt(`holidays.${i}`) ? <Text className="calendar-page__error">{issueAt(`holidays.${i}`)}</Text> : null}
          </View>
        ))}
        {errors.holidays ? <Text className="calendar-page__error">{errors.holidays}</Text> : null}
        <Button
          size="small"
          fill="outline"
          onClick={() => change({ holidays: [...draft.holidays, { name: '', from: `${draft.year}-`, to: `${draft.year}-` }] })}
        >
          添加假日
        </Button>
      </View>

      <View className="calendar-page__card">
        <Text className="calendar-page__section">调休上班（周六或周日）</Text>
        {draft.workdays.length === 0 ? <Text className="calendar-page__meta">没有调休上班日</Text> : null}
        {draft.workdays.map((w, i) => (
          <View key={i} className="calendar-page__workday" data-workday={i}>
            <View className="calendar-page__holiday-row">
              <Input
                className="calendar-page__input"
                data-field="workday"
                placeholder="YYYY-MM-DD"
                value={w}
                maxLength={10}
                onChange={(v) => change({ workdays: draft.workdays.map((x, j) => (j === i ? v : x)) })}
              />
              <Button
                size="small"
                fill="none"
                className="calendar-page__remove"
                onClick={() => change({ workdays: draft.workdays.filter((_, j) => j !== i) })}
              >
                删除
              </Button>
            </View>
            {issueAt(`workdays.${i}`) ? <Text className="calendar-page__error">{issueAt(`workdays.${i}`)}</Text> : null}
          </View>
        ))}
        <Button size="small" fill="outline" onClick={() => change({ workdays: [...draft.workdays, `${draft.year}-`] })}>
          添加调休上班日
        </Button>
      </View>

      <View className="calendar-page__card">
        <Text className="calendar-page__section">从 holiday-cn 导入</Text>
        <Text className="calendar-page__meta">
          粘贴 holiday-cn 的年度 JSON 文件（{'{"year": …, "days": [{"name", "date", "isOffDay"}]}'}），导入后在下方核对再发布。
        </Text>
        <TextArea
          className="calendar-page__import"
          data-field="import"
          placeholder="粘贴 JSON 内容"
          value={importText}
          maxLength={20000}
          onChange={(v) => setImportText(v)}
        />
        <Button size="small" fill="outline" loading={importing} disabled={importText.trim() === ''} onClick={() => void runImport()}>
          导入
        </Button>
      </View>

      {preview ? (
        <MonthReview calendar={preview} year={draft.year} />
      ) : (
        <View className="calendar-page__card">
          <Text className="calendar-page__section">核对</Text>
          <Text className="calendar-page__error">{Object.values(errors)[0] ?? '请先把日期填完整'}</Text>
        </View>
      )}

      <View className="calendar-page__bar">
        {formError ? <Text className="calendar-page__error">{formError}</Text> : null}
        <Text className="calendar-page__meta">发布后，之后计算的期限按此安排；已经给出的期限不变。</Text>
        <Button type="primary" block loading={form.busy} disabled={!dirty} onClick={() => void form.submit()}>
          {year.status === 'published' ? `更正并发布 ${draft.year} 年放假安排` : `发布 ${draft.year} 年放假安排`}
        </Button>
      </View>
    </>
  )
}

/** One month at a time: which days are off (休), worked on a weekend (班), or ordinary; with the holidays' names. */
function MonthReview({ calendar, year }: { calendar: WorkCalendar; year: number }) {
  const [month, setMonth] = useState(1)
  const first = `${year}-${String(month).padStart(2, '0')}-01`
  const days: string[] = []
  for (let d = first; d.slice(0, 7) === first.slice(0, 7); d = addCalendarDays(d, 1)) days.push(d)
  const lead = dayOfWeek(first)
  const names = [...new Set(days.map((d) => calendar.holidayName(d)).filter((n): n is string => n !== null))]
  const worked = days.filter((d) => calendar.isWorkingDay(d) && [0, 6].includes(dayOfWeek(d)))
  return (
    <View className="calendar-page__card calendar-page__month" data-month={first.slice(0, 7)}>
      <Text className="calendar-page__section">月历核对</Text>
      <View className="calendar-page__month-head">
        <Button size="small" fill="none" disabled={month === 1} onClick={() => setMonth((m) => m - 1)}>
          ‹ 上月
        </Button>
        <Text className="calendar-page__month-title">
          {year} 年 {month} 月
        </Text>
        <Button size="small" fill="none" disabled={month === 12} onClick={() => setMonth((m) => m + 1)}>
          下月 ›
        </Button>
      </View>
      <View className="calendar-page__grid">
        {WEEKDAYS.map((w) => (
          <Text key={w} className="calendar-page__weekday">
            {w}
          </Text>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <View key={`blank-${i}`} className="calendar-page__day calendar-page__day--blank" />
        ))}
        {days.map((d) => {
          const weekend = [0, 6].includes(dayOfWeek(d))
          const off = calendar.holidayName(d) !== null
          const working = calendar.isWorkingDay(d)
          const kind = off ? 'off' : working && weekend ? 'workday' : weekend ? 'weekend' : 'work'
          return (
            <View key={d} className={`calendar-page__day calendar-page__day--${kind}`} data-day={d} data-kind={kind}>
              <Text className="calendar-page__day-number">{Number(d.slice(8))}</Text>
              {kind === 'off' ? (
                <Text className="calendar-page__day-mark">休</Text>
              ) : kind === 'workday' ? (
                <Text className="calendar-page__day-mark">班</Text>
              ) : null}
            </View>
          )
        })}
      </View>
      <Text className="calendar-page__legend">
        {names.length ? `本月放假：${names.join('、')}` : '本月没有放假'}
        {worked.length ? `；调休上班：${worked.map((d) => `${Number(d.slice(5, 7))}月${Number(d.slice(8))}日`).join('、')}` : ''}
      </Text>
    </View>
  )
}
