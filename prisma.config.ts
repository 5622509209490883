// Prisma CLI configuration: used to author migrations against a real PostgreSQL (`npm run db:diff`) and to
// generate the client. The running sidecar never calls the CLI; it applies migrations itself (db/migrate.ts).
process.env.DATABASE_URL ??= "postgresql://sidecar:sidecar@127.0.0.1:5432/test"; // env() must resolve, even for generate

import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const url = new URL(process.env.DATABASE_URL);

// Workaround for prisma/orm#27403: the WASM schema engine reads catalog columns of type `name`/`char`,
// which adapter-pg cannot deserialize; present them as text.
// biome-ignore lint/suspicious/noExplicitAny: patches a private prototype method
function patchNameOid(adapter: any) {
  let proto = Object.getPrototypeOf(adapter);
  while (proto && !Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto);
  if (!proto || proto.__nameOidPatched) return adapter;
  const performIO = proto.performIO;
  proto.performIO = async function (query: unknown) {
    const result = await performIO.call(this, query);
    for (const field of result.fields ?? [])
      if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  proto.__nameOidPatched = true;
  return adapter;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    // Discrete fields, not connectionString: the shadow database pool is built as {...config, database}.
    const factory = new PrismaPg({
      host: url.hostname,
      port: Number(url.port || 5432),
      database: url.pathname.slice(1),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      allowExitOnIdle: true,
      idleTimeoutMillis: 200,
    });
    const connect = factory.connect.bind(factory);
    const connectToShadowDb = factory.connectToShadowDb.bind(factory);
    Object.assign(factory, {
      connect: async () => patchNameOid(await connect()),
      connectToShadowDb: async () => patchNameOid(await connectToShadowDb()),
    });
    return factory;
  },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
