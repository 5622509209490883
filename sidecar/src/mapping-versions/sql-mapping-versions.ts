import type { SqlRunner } from "../db/migrate.js";
import { type MappingSpec, parseMappingSpec } from "../domain/mapping/mapping-spec.js";
import {
  builtInMapping,
  builtInVersion,
  type MappingVersion,
  type MappingVersions,
  MappingVersionTaken,
  type NewMappingVersion,
} from "./mapping-versions.js";
import type { SpecChange } from "./spec-diff.js";

/** A row as jsonb, so PGlite and pg hand back the same types. */
interface Row {
  name: string;
  version: number;
  spec: unknown;
  createdAt: string;
  createdBy: string;
  reason: string;
  diff: SpecChange[];
  deadLetterId: string | null;
}

const columns = `name, version, spec, "createdAt", "createdBy", reason, diff, "deadLetterId"`;

const toVersion = (row: Row): MappingVersion => ({
  name: row.name,
  version: row.version,
  spec: parseMappingSpec(row.spec),
  createdAt: new Date(row.createdAt),
  createdBy: row.createdBy,
  reason: row.reason,
  changes: row.diff,
  deadLetterId: row.deadLetterId,
});

/** Mapping versions in the MappingVersion table; the highest stored version of a name is in force. */
export class SqlMappingVersions implements MappingVersions {
  constructor(private readonly sql: SqlRunner) {}

  async active(name: string): Promise<MappingSpec> {
    const { rows } = await this.sql.query(
      `SELECT spec FROM "MappingVersion" WHERE name = $1 ORDER BY version DESC LIMIT 1`,
      [name],
    );
    const [row] = rows as { spec: unknown }[];
    return row ? parseMappingSpec(row.spec) : builtInMapping(name);
  }

  async list(name: string): Promise<MappingVersion[]> {
    const { rows } = await this.sql.query(
      `SELECT to_jsonb(r) AS row FROM (SELECT ${columns} FROM "MappingVersion" WHERE name = $1) r
       ORDER BY (r.version) DESC`,
      [name],
    );
    return [...(rows as { row: Row }[]).map((r) => toVersion(r.row)), builtInVersion(builtInMapping(name))];
  }

  async add({ spec, createdBy, reason, changes, deadLetterId }: NewMappingVersion): Promise<MappingVersion> {
    const { rows } = await this.sql.query(
      `INSERT INTO "MappingVersion" (id, ${columns})
       VALUES (gen_random_uuid(), $1, $2, $3::jsonb, now(), $4, $5, $6::jsonb, $7::uuid)
       ON CONFLICT (name, version) DO NOTHING
       RETURNING to_jsonb("MappingVersion") AS row`,
      [spec.name, spec.version, JSON.stringify(spec), createdBy, reason, JSON.stringify(changes), deadLetterId],
    );
    const [row] = rows as { row: Row }[];
    if (!row) throw new MappingVersionTaken(spec.name, spec.version);
    return toVersion(row.row);
  }
}
