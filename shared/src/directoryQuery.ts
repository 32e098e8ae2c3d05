// The public institution directory (机构名录, public fields only): which
// institutions offer a category or a service item. Used by the item page.
import { z } from 'zod';
import { ITEM_BY_CODE } from './catalog';
import { CategoryCodeSchema } from './schemas';

export const DIRECTORY_PATHS = { institutions: '/api/institutions' } as const;

export const InstitutionQuerySchema = z.object({
  category: CategoryCodeSchema.optional(),
  item: z
    .string()
    .refine((v) => ITEM_BY_CODE.has(v), { error: '服务项目不在目录中' })
    .optional(),
});
export type InstitutionQuery = z.infer<typeof InstitutionQuerySchema>;
