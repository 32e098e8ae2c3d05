import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { calendarOf, chinaCalendar, type CalendarView, type IsoDate, type WorkCalendar } from '@qi/shared'
import { fetchCalendar } from '../api'

// The working-day calendar the server counts on (GET /api/calendar: published
// years and, before a notice, the statutory holidays, provisional), kept on
// the phone between sessions and asked again when a page wants it and the
// last answer is older than MAX_AGE_MS (a manager may publish a year while the
// app stays open). Until the first answer ever arrives, the years the code
// knows (2025, 2026).
const STORAGE_KEY = 'qi.calendar'
const MAX_AGE_MS = 10 * 60 * 1000

function restore(): { view: CalendarView; calendar: WorkCalendar } | null {
  try {
    const stored = Taro.getStorageSync(STORAGE_KEY) as CalendarView | '' | undefined
    if (!stored || !Array.isArray(stored.years)) return null
    return { view: stored, calendar: calendarOf(stored.years) }
  } catch {
    return null // nothing stored, or data this version cannot read: ask the server
  }
}

let current: { view: CalendarView | null; calendar: WorkCalendar } = restore() ?? { view: null, calendar: chinaCalendar }
let pending: Promise<CalendarView> | null = null
let askedAt = 0
const listeners = new Set<() => void>()

function adopt(view: CalendarView): void {
  const same = current.view?.stamp === view.stamp && current.view?.today === view.today
  if (same) return
  current = { view, calendar: calendarOf(view.years) }
  try {
    Taro.setStorageSync(STORAGE_KEY, view)
  } catch {
    // Storage full: the calendar still counts for this session.
  }
  for (const l of listeners) l()
}

/** Asks the server unless it answered in the last MAX_AGE_MS (or after invalidateCalendar); failures keep what the phone has. */
export function loadCalendar(): Promise<CalendarView> {
  if (!pending || Date.now() - askedAt > MAX_AGE_MS) {
    const mine = fetchCalendar({ toast: false })
    pending = mine
    askedAt = Date.now()
    mine.then(adopt, () => {
      if (pending === mine) pending = null
    })
  }
  return pending
}

/** Forgets this session's answer (after a manager published a year) and asks again. */
export function invalidateCalendar(): Promise<CalendarView> {
  pending = null
  return loadCalendar()
}

/** The calendar to count on now, for code outside components. */
export function currentCalendar(): WorkCalendar {
  return current.calendar
}

/** The calendar, re-rendering when a newer one arrives. */
export function useCalendar(): { calendar: WorkCalendar; view: CalendarView | null } {
  const [, setTick] = useState(0)
  useEffect(() => {
    const listener = () => setTick((n) => n + 1)
    listeners.add(listener)
    void loadCalendar().catch(() => undefined)
    return () => {
      listeners.delete(listener)
    }
  }, [])
  return current
}

/** Whether counting from `from` to `to` runs through a year that is only provisional. */
export function isProvisionalSpan(calendar: WorkCalendar, from: IsoDate, to: IsoDate): boolean {
  return calendar.provisionalYears(from, to).length > 0
}
