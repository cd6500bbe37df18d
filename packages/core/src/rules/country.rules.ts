// The browser entry: the package's Node entry loads every locale with a dynamic `require`, which
// cannot be bundled; English is the only locale this rule reads.
import * as countries from 'i18n-iso-countries/index.js';
import english from 'i18n-iso-countries/langs/en.json';

countries.registerLocale(english);

/** No country name in the data is near this long; a longer string is answered without a lookup. */
const LONGEST_NAME = 100;
const ALPHA_2 = /^[A-Za-z]{2}$/;

let codes: ReadonlySet<string> | undefined;
let byName: ReadonlyMap<string, string> | undefined;

function assignedCodes(): ReadonlySet<string> {
  codes ??= new Set(Object.keys(countries.getAlpha2Codes()));
  return codes;
}

/** Every English name the data lists (ISO-3166's short name and the common ones), lower-cased, to its code. */
function codesByName(): ReadonlyMap<string, string> {
  if (byName) return byName;
  const map = new Map<string, string>();
  for (const [code, names] of Object.entries(countries.getNames('en', { select: 'all' }))) {
    for (const name of names) if (!map.has(name.toLowerCase())) map.set(name.toLowerCase(), code);
  }
  byName = map;
  return map;
}

/**
 * Braze's best-effort country mapping (spec 7, Rev 2): an ISO-3166 alpha-2 code in any letter
 * case → the code upper-case; a country's English name (ISO's short name or a common name such
 * as "United States", compared case-insensitively, surrounding spaces ignored) → its code;
 * anything else → `null`, which removes the attribute. Names and codes come from the
 * `i18n-iso-countries` data, which also assigns Kosovo's `XK`.
 *
 * @example
 * normalizeCountry('Australia'); // → 'AU'
 * normalizeCountry('de'); // → 'DE'
 * normalizeCountry('Atlantis'); // → null
 */
export function normalizeCountry(value: string): string | null {
  const text = value.trim();
  if (text.length > LONGEST_NAME) return null;
  if (ALPHA_2.test(text) && assignedCodes().has(text.toUpperCase())) return text.toUpperCase();
  return codesByName().get(text.toLowerCase()) ?? null;
}
