import { SATISFACTION_LABELS, type NeedDetail } from '@qi/shared'
import { formatDateTime } from '../labels'
import { Fact } from './Field'

/** A need's rating (附录 C) in full: each question's level, 问题是否解决, the remark and when — for the enterprise and for staff. */
export function RatingFacts({ rating }: { rating: NonNullable<NeedDetail['rating']> }) {
  return (
    <>
      <Fact label="总体评价">{SATISFACTION_LABELS[rating.overall]}</Fact>
      <Fact label="反馈及时性">{SATISFACTION_LABELS[rating.timeliness]}</Fact>
      <Fact label="专业性">{SATISFACTION_LABELS[rating.professionalism]}</Fact>
      <Fact label="文明性">{SATISFACTION_LABELS[rating.courtesy]}</Fact>
      <Fact label="问题是否解决">{rating.resolved ? '是' : '否'}</Fact>
      {rating.comment ? <Fact label="意见建议">{rating.comment}</Fact> : null}
      <Fact label="评价时间">{formatDateTime(rating.createdAt)}</Fact>
    </>
  )
}
