import { normalizeName } from "./nearest-name.js";

/**
 * Country names and short forms that stores write instead of an ISO 3166-1 alpha-2 code, in English and in the
 * country's own language: a small table, enough for the usual slips ("Deutschland", "Holland", "U.S.A.").
 */
const names: Record<string, string[]> = {
  AT: ["Austria", "Österreich"],
  AU: ["Australia"],
  BE: ["Belgium", "België", "Belgique"],
  BR: ["Brazil", "Brasil"],
  CA: ["Canada"],
  CH: ["Switzerland", "Schweiz", "Suisse", "Svizzera"],
  CN: ["China", "PRC"],
  CZ: ["Czech Republic", "Czechia", "Česko"],
  DE: ["Germany", "Deutschland", "Allemagne", "Alemania", "Germania"],
  DK: ["Denmark", "Danmark"],
  ES: ["Spain", "España", "Espagne"],
  FI: ["Finland", "Suomi"],
  FR: ["France", "Frankreich", "Francia"],
  GB: ["United Kingdom", "UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"],
  GR: ["Greece", "Hellas", "Ellada"],
  IE: ["Ireland", "Éire", "Eire"],
  IN: ["India", "Bharat"],
  IT: ["Italy", "Italia", "Italien"],
  JP: ["Japan", "Nippon", "Nihon"],
  KR: ["South Korea", "Korea", "Republic of Korea"],
  MX: ["Mexico", "México"],
  NL: ["Netherlands", "The Netherlands", "Holland", "Nederland"],
  NO: ["Norway", "Norge", "Noreg"],
  NZ: ["New Zealand", "Aotearoa"],
  PL: ["Poland", "Polska"],
  PT: ["Portugal"],
  SE: ["Sweden", "Sverige"],
  TR: ["Turkey", "Türkiye", "Turkiye"],
  US: ["United States", "United States of America", "USA", "US of A", "America"],
};

const byName = new Map(Object.entries(names).flatMap(([code, list]) => list.map((n) => [normalizeName(n), code])));

/** "Deutschland" -> DE, "U.S.A." -> US; undefined for anything not in the table. */
export function countryCodeOfName(name: string): string | undefined {
  return byName.get(normalizeName(name));
}
