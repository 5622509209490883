/**
 * Stripe's currency table (docs.stripe.com/currencies): which currencies exist for card payments and how
 * their amounts are written in the API. Pure data, shared by the money module and the Stripe emulator.
 */

/** Amounts are the major unit (docs.stripe.com/currencies, zero-decimal list). */
export const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);
/** Zero-decimal in practice but represented with two decimals that must be `00`. */
export const WHOLE_TWO_DECIMAL = new Set(["isk", "ugx"]);
/** Three decimals; Stripe requires the last digit to be 0. */
export const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

/** Currencies Stripe accepts for card payments (presentment). */
export const SUPPORTED = new Set([
  ...ZERO_DECIMAL,
  ...THREE_DECIMAL,
  "isk",
  "usd",
  "aed",
  "afn",
  "all",
  "amd",
  "ang",
  "aoa",
  "ars",
  "aud",
  "awg",
  "azn",
  "bam",
  "bbd",
  "bdt",
  "bgn",
  "bmd",
  "bnd",
  "bob",
  "brl",
  "bsd",
  "bwp",
  "byn",
  "bzd",
  "cad",
  "cdf",
  "chf",
  "cny",
  "cop",
  "crc",
  "cve",
  "czk",
  "dkk",
  "dop",
  "dzd",
  "egp",
  "etb",
  "eur",
  "fjd",
  "fkp",
  "gbp",
  "gel",
  "gip",
  "gmd",
  "gtq",
  "gyd",
  "hkd",
  "hnl",
  "htg",
  "huf",
  "idr",
  "ils",
  "inr",
  "jmd",
  "kes",
  "kgs",
  "khr",
  "kyd",
  "kzt",
  "lak",
  "lbp",
  "lkr",
  "lrd",
  "lsl",
  "mad",
  "mdl",
  "mkd",
  "mmk",
  "mnt",
  "mop",
  "mur",
  "mvr",
  "mwk",
  "mxn",
  "myr",
  "mzn",
  "nad",
  "ngn",
  "nio",
  "nok",
  "npr",
  "nzd",
  "pab",
  "pen",
  "pgk",
  "php",
  "pkr",
  "pln",
  "qar",
  "ron",
  "rsd",
  "rub",
  "sar",
  "sbd",
  "scr",
  "sek",
  "sgd",
  "shp",
  "sle",
  "sos",
  "srd",
  "std",
  "szl",
  "thb",
  "tjs",
  "top",
  "try",
  "ttd",
  "twd",
  "tzs",
  "uah",
  "uyu",
  "uzs",
  "wst",
  "xcd",
  "yer",
  "zar",
  "zmw",
]);

export function isSupportedCurrency(currency: string): boolean {
  return SUPPORTED.has(currency);
}

export function isZeroDecimal(currency: string): boolean {
  return ZERO_DECIMAL.has(currency) && !WHOLE_TWO_DECIMAL.has(currency);
}

export function isThreeDecimal(currency: string): boolean {
  return THREE_DECIMAL.has(currency);
}

/** Number of decimals in the API representation of an amount. */
export function minorUnitExponent(currency: string): number {
  if (isZeroDecimal(currency)) return 0;
  if (isThreeDecimal(currency)) return 3;
  return 2;
}

/**
 * Smallest step an amount may move in, in minor units: 10 for three-decimal currencies (last digit 0),
 * 100 for ISK and UGX (decimals always `00`), otherwise 1.
 */
export function amountStep(currency: string): number {
  if (isThreeDecimal(currency)) return 10;
  if (WHOLE_TWO_DECIMAL.has(currency)) return 100;
  return 1;
}
