/**
 * The language this run of the suite speaks. `cargo xtask test` runs the whole suite twice:
 * CARRYOVER_E2E_LANG=de (German browser, de-DE) and CARRYOVER_E2E_LANG=en (en-US, the default).
 * Page objects and specs never hard-code one language: they say both and get the current one.
 */
export type Lang = 'en' | 'de';

export const LANG: Lang = process.env.CARRYOVER_E2E_LANG === 'de' ? 'de' : 'en';

/** The browser locale of this run; the app starts in the browser's language. */
export const LOCALE = LANG === 'de' ? 'de-DE' : 'en-US';

/** The text (or the pattern, for a part of a longer text) in the current language. */
export function say(en: string, de: string): string;
export function say(en: RegExp, de: RegExp): RegExp;
export function say(en: string | RegExp, de: string | RegExp): string | RegExp {
  return LANG === 'de' ? de : en;
}

/** A pattern matching exactly the text in the current language (for accessible names). */
export function exactly(en: string, de: string): RegExp {
  return new RegExp(`^${escape(say(en, de))}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
