import type {
  EntityClass,
  EntityData,
  EntityDictionary,
  EntityManager,
  EntityMetadata,
  EntityProperty,
  Platform,
} from '@mikro-orm/core';
import { Reference, ReferenceKind } from '@mikro-orm/core';

import type { Row } from './run-sql.js';

// Kinds of property that are columns of the entity's own table.
const COLUMN_KINDS = new Set<ReferenceKind>([ReferenceKind.SCALAR, ReferenceKind.MANY_TO_ONE, ReferenceKind.EMBEDDED]);

function isColumn(prop: EntityProperty): boolean {
  if (prop.persist === false || prop.formula || !prop.fieldNames?.length) return false;
  if (prop.kind === ReferenceKind.ONE_TO_ONE) return prop.owner === true;
  if (prop.kind === ReferenceKind.EMBEDDED) return prop.object === true;
  return COLUMN_KINDS.has(prop.kind);
}

/**
 * One entity's table, read and written by SQL built from its ORM metadata: the hot paths (a bearer check, a token
 * issued) in one statement each, without the query builder and the unit of work, which cost a request several times
 * the statement itself (the README's Performance section). Entities read through it are hydrated by `em.merge()` into the
 * EntityManager, so they are managed as if `findOne` had loaded them; the columns come from the metadata,
 * so an app's swapped model (`oauth2Entities()`) is read and written whole.
 */
export class SqlTable<T extends object> {
  /** The table, quoted (with its schema when it has one). */
  readonly name: string;
  private readonly columns: readonly string[];
  private readonly statements = new Map<string, string>();
  private readonly joins = new Map<string, { sql: string; target: SqlTable<object> }>();
  private readonly primaryField: string;
  // The scalar properties, which `read` returns.
  private readonly scalars: readonly { name: string; type: EntityProperty['customType'] }[];

  private constructor(
    readonly meta: EntityMetadata<T>,
    private readonly platform: Platform,
  ) {
    const table = platform.quoteIdentifier(meta.tableName);
    this.name = meta.schema && meta.schema !== '*' ? `${platform.quoteIdentifier(meta.schema)}.${table}` : table;
    this.columns = [...new Set(meta.props.filter(isColumn).flatMap((prop) => prop.fieldNames))];
    this.primaryField = meta.getPrimaryProps()[0]!.fieldNames[0]!;
    this.scalars = meta.props
      .filter((prop) => isColumn(prop) && prop.kind === ReferenceKind.SCALAR)
      .map((prop) => ({ name: prop.name, type: prop.customType }));
  }

  /** Return the table of an entity class (or metadata) registered with the ORM behind `em`, built once per ORM. */
  static of<T extends object>(em: EntityManager, entity: EntityClass<T> | EntityMetadata<T>): SqlTable<T> {
    const meta = typeof entity === 'function' ? em.getMetadata().get<T>(entity.name) : entity;
    let table = tables.get(meta) as SqlTable<T> | undefined;
    if (table === undefined) tables.set(meta, (table = new SqlTable(meta, em.getPlatform())));
    return table;
  }

  private property(name: string): EntityProperty {
    const prop = (this.meta.properties as Record<string, EntityProperty | undefined>)[name];
    if (prop === undefined) throw new TypeError(`${this.meta.className} has no property ${name}`);
    return prop;
  }

  /** Return the statement built by `build` for `key`, built once per table. */
  statement(key: string, build: () => string): string {
    let sql = this.statements.get(key);
    if (sql === undefined) this.statements.set(key, (sql = build()));
    return sql;
  }

  /** Return the quoted column of property `name`. */
  column(name: keyof T & string): string {
    const field = this.property(name).fieldNames?.[0];
    if (field === undefined) throw new TypeError(`${this.meta.className}.${name} is not a column`);
    return this.platform.quoteIdentifier(field);
  }

  /**
   * Return `LEFT JOIN <target> <alias> ON ...` for the relation property `name` of this table's `from` alias, and
   * the target's table (to select and hydrate it).
   */
  leftJoin(
    em: EntityManager,
    name: keyof T & string,
    from: string,
    alias: string,
  ): { sql: string; target: SqlTable<object> } {
    const key = `${name}:${from}:${alias}`;
    let join = this.joins.get(key);
    if (join === undefined) {
      const prop = this.property(name);
      const target = SqlTable.of(em, prop.targetMeta as EntityMetadata<object>);
      const q = (id: string) => this.platform.quoteIdentifier(id);
      const on = prop.joinColumns.map(
        (c: string, i: number) => `${q(alias)}.${q(prop.referencedColumnNames[i]!)} = ${q(from)}.${q(c)}`,
      );
      join = { sql: `LEFT JOIN ${target.name} ${q(alias)} ON ${on.join(' AND ')}`, target };
      this.joins.set(key, join);
    }
    return join;
  }

  /** Return the select list of every column of `alias`, each renamed `<prefix><column>` (for joined reads). */
  selectList(alias: string, prefix: string): string {
    const q = (id: string) => this.platform.quoteIdentifier(id);
    return this.columns.map((c) => `${q(alias)}.${q(c)} AS ${q(prefix + c)}`).join(', ');
  }

  /**
   * Hydrate the entity in the `<prefix>`ed columns of `row` (merged into `em`, refreshing a copy it holds), or
   * return null when the row has none (a LEFT JOIN that found nothing).
   */
  hydrate(em: EntityManager, row: Row, prefix = ''): T | null {
    const data = this.mapRow(em, row, prefix);
    // As `em.map()` does, less its per-property validation and its cascade over relations, which cost a hot path
    // more than the hydration itself; the columns come from the database, so the values are already well-typed.
    return data === null
      ? null
      : em.merge<T>(this.meta.className, data, {
          refresh: true,
          convertCustomTypes: true,
          validate: false,
          cascade: false,
        });
  }

  /** Return the primary key in the `<prefix>`ed columns of `row` as a string (null when absent), without hydrating. */
  primaryKey(row: Row, prefix = ''): string | null {
    const value = row[prefix + this.primaryField];
    return value == null ? null : String(value as string | number);
  }

  /**
   * Return the scalar properties of the entity in the `<prefix>`ed columns of `row` as JavaScript values (relations
   * left out), without building an entity: for a read that only needs a few facts of a row. Null when it has none.
   */
  read(em: EntityManager, row: Row, prefix = ''): Partial<T> | null {
    const data = this.mapRow(em, row, prefix) as Record<string, unknown> | null;
    if (data === null) return null;
    const out: Record<string, unknown> = {};
    for (const { name, type } of this.scalars) {
      const value = data[name];
      out[name] = type && value != null ? type.convertToJSValue(value, this.platform) : value;
    }
    return out as Partial<T>;
  }

  // The entity data (by property) in the `<prefix>`ed columns of `row`, or null when it has none. The driver's result
  // mapper is what `find` uses: it parses dates with the ORM's time zone.
  private mapRow(em: EntityManager, row: Row, prefix: string): EntityData<T> | null {
    if (this.primaryKey(row, prefix) === null) return null;
    let own = row;
    if (prefix !== '') {
      own = {};
      for (const column of this.columns) own[column] = row[prefix + column];
    }
    return em.getDriver().mapResult(own as EntityDictionary<T>, this.meta);
  }

  /**
   * Return the quoted columns and database values of a new row: `values` by property name over the class's own
   * defaults (its field initializers), then `onCreate` for what is still unset; a relation by its target's primary
   * key. A property left undefined gets the column's default.
   */
  insertRow(em: EntityManager, values: Partial<Record<keyof T & string, unknown>>): InsertRow {
    const entity = Object.assign(new (this.meta.class as new () => T)(), values) as Record<string, unknown>;
    const row: InsertRow = { columns: [], params: [] };
    for (const prop of this.meta.props) {
      if (!isColumn(prop) || (prop.primary && prop.autoincrement)) continue;
      let value = entity[prop.name];
      if (value === undefined && prop.onCreate) value = prop.onCreate(entity as T, em);
      if (value === undefined) continue;
      const fields = prop.fieldNames;
      const dbValues =
        prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.EMBEDDED
          ? [this.toDatabase(prop, value)]
          : foreignKey(prop, value, this.platform);
      fields.forEach((field, i) => {
        row.columns.push(this.platform.quoteIdentifier(field));
        row.params.push(dbValues[i] ?? null);
      });
    }
    return row;
  }

  /** Return the quoted primary key column (a single-column key, as every toolkit model has). */
  primaryColumn(): string {
    return this.platform.quoteIdentifier(this.primaryField);
  }

  private toDatabase(prop: EntityProperty, value: unknown): unknown {
    if (value === null) return null;
    if (prop.customType) return prop.customType.convertToDatabaseValue(value, this.platform, { mode: 'query' });
    return prop.kind === ReferenceKind.EMBEDDED ? JSON.stringify(value) : value;
  }
}

/** The columns and values of a row to insert. */
export interface InsertRow {
  columns: string[];
  params: unknown[];
}

/** Return the foreign key values of a relation's value: an entity or plain object with its key, or the key itself. */
function foreignKey(prop: EntityProperty, value: unknown, platform: Platform): unknown[] {
  value = Reference.unwrapReference(value as object);
  if (value === null) return [null];
  const target = prop.targetMeta!;
  return target.primaryKeys.map((pk) => {
    const key = typeof value === 'object' ? (value as Record<string, unknown>)[pk] : value;
    const type = target.properties[pk]?.customType;
    return type && key != null ? type.convertToDatabaseValue(key, platform, { mode: 'query' }) : key;
  });
}

// One table per entity metadata (so per ORM), built on first use.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const tables = new WeakMap<EntityMetadata<any>, SqlTable<any>>();
