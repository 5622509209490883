import { messages, type PGlite } from "@electric-sql/pglite";
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

type MappedError = ConstructorParameters<typeof DriverAdapterError>[0];

const constraintFields = (detail?: string) => {
  const fields = detail?.match(/Key \(([^)]+)\)/)?.[1]?.split(", ");
  return fields ? { fields } : undefined;
};

/** Maps PostgreSQL SQLSTATEs to Prisma's error kinds, as adapter-pg does (so a unique violation is P2002). */
function toPrismaError(e: messages.DatabaseError): MappedError {
  const original = { originalCode: e.code ?? "", originalMessage: e.message };
  switch (e.code) {
    case "23505":
      return { ...original, kind: "UniqueConstraintViolation", constraint: constraintFields(e.detail) };
    case "23502":
      return { ...original, kind: "NullConstraintViolation", constraint: constraintFields(e.detail) };
    case "23503":
      return {
        ...original,
        kind: "ForeignKeyConstraintViolation",
        constraint: e.constraint ? { index: e.constraint } : undefined,
      };
    case "40001":
      return { ...original, kind: "TransactionWriteConflict" };
    default:
      return {
        kind: "postgres",
        code: e.code ?? "UNKNOWN",
        severity: e.severity ?? "UNKNOWN",
        message: e.message,
        detail: e.detail,
        column: e.column,
        hint: e.hint,
      };
  }
}

let errorMappingInstalled = false;

/** pglite-prisma-adapter 0.6.1 with the error mapping it lacks (0.7 has it but requires Prisma 7). */
export function pgliteAdapter(client: PGlite): PrismaPGlite {
  const factory = new PrismaPGlite(client);
  const connect = factory.connect.bind(factory);
  Object.assign(factory, {
    connect: async () => {
      const adapter = await connect();
      if (!errorMappingInstalled) installErrorMapping(adapter);
      return adapter;
    },
  });
  return factory;
}

function installErrorMapping(adapter: object) {
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, "onError")) proto = Object.getPrototypeOf(proto);
  if (!proto) return;
  proto.onError = (err: unknown) => {
    if (err instanceof messages.DatabaseError) throw new DriverAdapterError(toPrismaError(err));
    throw err;
  };
  decodeBytesArguments(proto);
  errorMappingInstalled = true;
}

type Query = { sql: string; args: unknown[]; argTypes: { scalarType: string }[] };

/** Prisma sends Bytes arguments as base64 strings; adapter-pg decodes them, 0.6.1 passes the string to PGlite. */
function decodeBytesArguments(proto: { performIO: (query: Query) => Promise<unknown> }) {
  const performIO = proto.performIO;
  proto.performIO = function (this: unknown, query: Query) {
    const args = query.args.map((arg, i) =>
      typeof arg === "string" && query.argTypes[i]?.scalarType === "bytes" ? Buffer.from(arg, "base64") : arg,
    );
    return performIO.call(this, { ...query, args });
  };
}
