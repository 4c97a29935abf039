import { isUUID } from 'class-validator';
import { FindOptionsWhere, In } from 'typeorm';

/**
 * The brands a query may touch: a list of brand ids, or null for every brand (an unscoped key, or internal code that
 * has already resolved the brand from a trusted source). Repositories serving the admin and support APIs take it
 * first, in place of a single `brandId`, and apply it with one of the two helpers below, so the rule is written once.
 */
export type BrandScope = readonly string[] | null;

/**
 * A TypeORM `where` restricted to the scope, or null when the scope is empty (nothing can match). TypeORM refuses
 * `undefined` in a `where`, so the brand condition is added only when there is one.
 */
export function scopedWhere<T extends { brandId: string }>(scope: BrandScope, where: FindOptionsWhere<T>): FindOptionsWhere<T> | null {
  if (scope === null) return where;
  if (scope.length === 0) return null;
  return { ...where, brandId: scope.length === 1 ? scope[0] : In([...scope]) } as FindOptionsWhere<T>;
}

/** The same rule in raw SQL: `column` within the scope passed as parameter `param` (null passes every brand). */
export function scopedSql(column: string, param = '$1'): string {
  return `(${param}::uuid[] IS NULL OR ${column} = ANY(${param}::uuid[]))`;
}

/** Ids in paths are uuids; anything else cannot exist, and must be a 404 rather than a Postgres cast error. */
export function isId(value: string): boolean {
  return isUUID(value);
}
