import { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * One entity's columns in a hand-written SELECT, and the entity back from a row: for the few hot queries that run as
 * prepared statements below TypeORM but still hand entities to the code above. Built from TypeORM's metadata, so a
 * new column is picked up without touching the query. Values stay as the `pg` driver returns them (dates as Date,
 * jsonb parsed), which is what these entities hold.
 */
export class EntityColumns<T extends ObjectLiteral> {
  /** `alias.column AS "alias_column", …`, for the SELECT list. */
  readonly select: string;
  private readonly metadata: EntityMetadata;

  constructor(dataSource: DataSource, target: EntityTarget<T>, private readonly alias: string) {
    this.metadata = dataSource.getMetadata(target);
    this.select = this.metadata.columns.map((c) => `${alias}.${c.databaseName} AS "${alias}_${c.databaseName}"`).join(', ');
  }

  /** The entity from a row of the SELECT; null when its id is null (an outer join found nothing). */
  from(row: Record<string, unknown>): T | null {
    if (row[`${this.alias}_id`] == null) return null;
    const entity = this.metadata.create() as Record<string, unknown>;
    for (const c of this.metadata.columns) entity[c.propertyName] = row[`${this.alias}_${c.databaseName}`];
    return entity as T;
  }
}
