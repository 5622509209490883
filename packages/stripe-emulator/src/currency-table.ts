/**
 * The emulator's own copy of Stripe's currency facts (docs.stripe.com/currencies), written from Stripe's
 * documentation and not imported from the sidecar: the product's money module keeps its own, and a test
 * (test/stripe-differential/currency-facts.test.ts) holds the two against each other.
 */
const words = (list: string) => new Set(list.trim().split(/\s+/));

/** Amounts are in the major unit. */
const zeroDecimal = words("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf");
/** Zero-decimal in practice, but written with two decimals that must be 00. */
export const WHOLE_TWO_DECIMAL = words("isk ugx");
/** Three decimals, the last of which must be 0. */
const threeDecimal = words("bhd jod kwd omr tnd");
/** Presentment currencies for card payments, beside the zero- and three-decimal ones and ISK. */
const twoDecimal = words(`
  usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bmd bnd bob brl bsd bwp byn bzd cad cdf chf cny
  cop crc cve czk dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gtq gyd hkd hnl htg huf idr ils inr jmd kes
  kgs khr kyd kzt lak lbp lkr lrd lsl mad mdl mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd
  pab pen pgk php pkr pln qar ron rsd rub sar sbd scr sek sgd shp sle sos srd std szl thb tjs top try ttd twd
  tzs uah uyu uzs wst xcd yer zar zmw`);

export const SUPPORTED: ReadonlySet<string> = new Set([...zeroDecimal, ...threeDecimal, "isk", ...twoDecimal]);

export const isSupportedCurrency = (currency: string) => SUPPORTED.has(currency);
export const isZeroDecimal = (currency: string) => zeroDecimal.has(currency) && !WHOLE_TWO_DECIMAL.has(currency);
export const isThreeDecimal = (currency: string) => threeDecimal.has(currency);

/** Decimals of an amount as the API writes it. */
export const minorUnitExponent = (currency: string) => (isZeroDecimal(currency) ? 0 : isThreeDecimal(currency) ? 3 : 2);

/** The smallest move of an amount in minor units: 10 with three decimals, 100 for ISK and UGX, else 1. */
export const amountStep = (currency: string) =>
  isThreeDecimal(currency) ? 10 : WHOLE_TWO_DECIMAL.has(currency) ? 100 : 1;
