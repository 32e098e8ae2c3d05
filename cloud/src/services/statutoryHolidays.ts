// The statutory holidays of a year (《全国年节及纪念日放假办法》, as revised in
// 2024): what the calendar counts on before the State Council publishes that
// year's 放假安排. Lunar dates and the 清明 solar term come from
// lunar-typescript (6tail), not from our own astronomy. Server only: the
// mini-program receives the result from the API.
import { Lunar, Solar } from 'lunar-typescript';
import type { CalendarYear, HolidayRange, IsoDate } from '@qi/shared';

export const STATUTORY_SOURCE = '《全国年节及纪念日放假办法》法定假日（国务院办公厅放假安排通知发布前暂按此计算）';

const ymd = (s: Solar): IsoDate => s.toYmd();

/**
 * 元旦 1 day; 春节 4 days from 除夕 (the last day of the 12th lunar month, the
 * 29th in some years) to 初三; 清明节 1 day; 劳动节 2 days; 端午节 1 day;
 * 中秋节 1 day; 国庆节 3 days. No adjusted working days. When 中秋 falls
 * within 国庆 the two share the days, as the notices name them.
 */
export function statutoryHolidays(year: number): HolidayRange[] {
  const newYear = Lunar.fromYmd(year, 1, 1).getSolar(); // 初一 of the lunar year that starts in `year`
  const qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明'];
  if (!qingming) throw new Error(`no 清明 in the lunar year ${year}`);
  const midAutumn = ymd(Lunar.fromYmd(year, 8, 15).getSolar());
  const national = { name: '国庆节', from: `${year}-10-01`, to: `${year}-10-03` };
  const out: HolidayRange[] = [
    { name: '元旦', from: `${year}-01-01`, to: `${year}-01-01` },
    { name: '春节', from: ymd(newYear.next(-1)), to: ymd(newYear.next(2)) },
    { name: '清明节', from: ymd(qingming), to: ymd(qingming) },
    { name: '劳动节', from: `${year}-05-01`, to: `${year}-05-02` },
    { name: '端午节', from: ymd(Lunar.fromYmd(year, 5, 5).getSolar()), to: ymd(Lunar.fromYmd(year, 5, 5).getSolar()) },
  ];
  if (midAutumn >= national.from && midAutumn <= national.to) out.push({ ...national, name: '国庆节、中秋节' });
  else out.push({ name: '中秋节', from: midAutumn, to: midAutumn }, national);
  return out.sort((a, b) => (a.from < b.from ? -1 : 1));
}

const cache = new Map<number, CalendarYear>();

/** A year without a published notice, as the calendar counts it: statutory holidays, provisional. */
export function provisionalYear(year: number): CalendarYear {
  let y = cache.get(year);
  if (!y) {
    y = {
      year,
      status: 'provisional',
      sourceTitle: STATUTORY_SOURCE,
      sourceDate: null,
      holidays: statutoryHolidays(year),
      workdays: [],
      version: 0,
      publishedAt: null,
      publishedBy: null,
    };
    cache.set(year, y);
  }
  return structuredClone(y);
}
