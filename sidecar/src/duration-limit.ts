/**
 * The longest expiry or overlap any path accepts (the CLI, GraphQL, the vault, the token store): ten years. Longer
 * is a typo, and a date that far out can overflow (Invalid Date).
 */
export const MAX_DURATION_DAYS = 3650;
export const MAX_DURATION_SECONDS = MAX_DURATION_DAYS * 86_400;
