const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The text form of a uuid column's value: anything else PostgreSQL refuses as a data exception. */
export const isUuid = (value: string) => uuidPattern.test(value);
