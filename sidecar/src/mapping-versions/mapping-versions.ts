import { erpSalesOrderMappingV1 } from "../domain/mapping/erp-sales-order-mapping.js";
import type { MappingSpec } from "../domain/mapping/mapping-spec.js";
import type { SpecChange } from "./spec-diff.js";

/** The versions that ship with the code: each name's version 1, in force while no version of it is stored. */
export const builtInMappings: ReadonlyMap<string, MappingSpec> = new Map([
  [erpSalesOrderMappingV1.name, erpSalesOrderMappingV1],
]);

export function builtInMapping(name: string): MappingSpec {
  const spec = builtInMappings.get(name);
  if (!spec) throw new Error(`no built-in mapping named ${name}`);
  return spec;
}

/** A mapping version as stored (or the built-in one: createdBy "built-in", no date). */
export interface MappingVersion {
  name: string;
  version: number;
  spec: MappingSpec;
  createdAt: Date | null;
  createdBy: string;
  reason: string;
  /** What changed from the version before. */
  changes: SpecChange[];
  /** The dead letter whose fix this version was, if any. */
  deadLetterId: string | null;
}

export type NewMappingVersion = Omit<MappingVersion, "createdAt" | "name" | "version">;

/** What a flow needs: the version in force of a mapping, read per job (one indexed row), so every process agrees. */
export interface ActiveMappings {
  active(name: string): Promise<MappingSpec>;
}

export interface MappingVersions extends ActiveMappings {
  /** Newest first, the built-in version last. */
  list(name: string): Promise<MappingVersion[]>;
  /** Stores `spec` under its name and version; MappingVersionTaken when that version exists already. */
  add(version: NewMappingVersion): Promise<MappingVersion>;
}

export class MappingVersionTaken extends Error {
  override name = "MappingVersionTaken";
  constructor(
    readonly mapping: string,
    readonly version: number,
  ) {
    super(`mapping ${mapping} version ${version} was stored meanwhile; look again and retry`);
  }
}

/** The built-in version as a list entry. */
export const builtInVersion = (spec: MappingSpec): MappingVersion => ({
  name: spec.name,
  version: spec.version,
  spec,
  createdAt: null,
  createdBy: "built-in",
  reason: "shipped with the sidecar",
  changes: [],
  deadLetterId: null,
});

/** For tests and tools without a database: only the built-in versions. */
export const builtInOnly: ActiveMappings = { active: async (name) => builtInMapping(name) };
