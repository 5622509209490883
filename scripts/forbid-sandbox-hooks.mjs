// Module hooks for scripts/check-production-build.mjs: a production process that resolves a sandbox or simulator
// module fails at once, naming it.
const forbidden =
  /@nop-stripe\/(stripe-emulator|nop-simulator|erp-simulator|wms-simulator|simulator-support)\b|\/sandbox\/|\/packages\/(stripe-emulator|nop-simulator|erp-simulator|wms-simulator|simulator-support)\//;

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (forbidden.test(specifier) || forbidden.test(resolved.url))
    throw new Error(`a production process resolved a sandbox module: ${specifier} (${resolved.url})`);
  return resolved;
}
