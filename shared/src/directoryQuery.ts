// The public directories (机构名录、专家库, public fields only): which
// institutions and experts offer a category or a service item, in a region.
// Used by the item page and the 服务大厅 directory pages.
import { z } from 'zod';
import { ITEM_BY_CODE } from './catalog';
import { CategoryCodeSchema, plainText } from './schemas';

export const InstitutionQuerySchema = z.object({
  category: CategoryCodeSchema.optional(),
  item: z
    .string()
    .refine((v) => ITEM_BY_CODE.has(v), { error: '服务项目不在目录中' })
    .optional(),
  /** The region as the directory names it (三亚市、海口市…), matched exactly. */
  region: plainText('所在地区').max(50, { error: '所在地区不能超过 50 个字' }).optional(),
});
export type InstitutionQuery = z.infer<typeof InstitutionQuerySchema>;

/** The expert directory is searched the same way. */
export const ExpertQuerySchema = InstitutionQuerySchema;
export type ExpertQuery = InstitutionQuery;
