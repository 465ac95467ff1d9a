//! Every string the UI shows, in German and English, looked up by key.
//!
//! Plain data and pure functions, no browser APIs, so the tests below run natively. The reactive
//! glue (current language, localStorage, `<html lang>`) lives in `locale.rs`.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The BCP 47 tag written to `<html lang>` and localStorage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// `de`, `de-DE`, `de_AT` → German; `en-US` → English; anything else: none.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language for a browser whose preferred language is `tag`: German for German, else English.
    pub fn for_browser(tag: Option<&str>) -> Lang {
        tag.and_then(Lang::from_tag).unwrap_or(Lang::En)
    }

    fn table(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::De => DE,
            Lang::En => EN,
        }
    }
}

/// The text for a key known at compile time. A missing key (the test below forbids that) shows
/// the English text, then the key itself, instead of nothing.
pub fn tr(lang: Lang, key: &'static str) -> &'static str {
    lookup(lang, key)
        .or_else(|| lookup(Lang::En, key))
        .unwrap_or(key)
}

pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    lang.table()
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
}

/// A value from the API (`active`, `monthly`, `push`) shown with its label under `prefix`, or as
/// it came when this app has no label for it yet.
pub fn label(lang: Lang, prefix: &str, value: &str) -> String {
    lookup(lang, &format!("{prefix}.{value}"))
        .map(str::to_owned)
        .unwrap_or_else(|| value.replace('_', " "))
}

/// `"1000.00"`, `"EUR"` → `1.000,00 €` (de) or `€1,000.00` (en).
pub fn format_money(lang: Lang, amount: &str, currency: &str) -> String {
    let amount = amount.trim();
    let (sign, unsigned) = match amount.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", amount),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return format!("{amount} {currency}");
    }
    let frac = format!("{frac:0<2}");
    let (group_sep, dec_sep) = match lang {
        Lang::De => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group_sep);
        }
        grouped.push(c);
    }
    let symbol = match currency {
        "EUR" => Some("€"),
        "USD" => Some("$"),
        "GBP" => Some("£"),
        _ => None,
    };
    match (lang, symbol) {
        (Lang::En, Some(s)) => format!("{sign}{s}{grouped}{dec_sep}{frac}"),
        (_, Some(s)) => format!("{sign}{grouped}{dec_sep}{frac}\u{a0}{s}"),
        (_, None) => format!("{sign}{grouped}{dec_sep}{frac}\u{a0}{currency}"),
    }
}

/// `2026-12-01` → `01.12.2026` (de) or unchanged (en, unambiguous ISO).
pub fn format_date(lang: Lang, date: &str) -> String {
    let parts: Vec<&str> = date.get(..10).unwrap_or(date).split('-').collect();
    match (lang, parts.as_slice()) {
        (Lang::De, [y, m, d]) if y.len() == 4 => format!("{d}.{m}.{y}"),
        _ => date.to_owned(),
    }
}

macro_rules! dictionary {
    ($($key:literal => $de:literal, $en:literal;)*) => {
        static DE: &[(&str, &str)] = &[$(($key, $de)),*];
        static EN: &[(&str, &str)] = &[$(($key, $en)),*];
    };
}

// One line per key: German, then English. Values of API enums use `prefix.value` keys.
dictionary! {
    "app.name" => "carryover", "carryover";
    "app.tagline" => "Ihre Konten, Karten und Einstellungen", "Your accounts, cards and settings";
    "app.skip" => "Zum Inhalt springen", "Skip to main content";
    "app.nav" => "Hauptnavigation", "Main navigation";
    "app.lang_label" => "Sprache", "Language";
    "app.sign_out" => "Abmelden", "Sign out";
    "app.loading" => "Wird geladen …", "Loading…";
    "app.retry" => "Erneut versuchen", "Try again";
    "app.footer" => "carryover – Änderungen online, alles zieht mit um.", "carryover – change things online, everything moves with them.";
    "lang.de" => "Deutsch", "Deutsch";
    "lang.en" => "English", "English";

    "login.title" => "Anmelden", "Sign in";
    "login.intro" => "Melden Sie sich mit Ihrer E-Mail-Adresse oder Ihrer Kundennummer an.", "Sign in with your email address or your customer number.";
    "login.login_label" => "E-Mail oder Kundennummer", "Email or customer number";
    "login.login_hint" => "Zum Beispiel name@example.com oder 1000 0000 16. Nicht Ihre Kartennummer.", "For example name@example.com or 1000 0000 16. Not your card number.";
    "login.password_label" => "Passwort", "Password";
    "login.submit" => "Anmelden", "Sign in";
    "login.submitting" => "Anmeldung läuft …", "Signing in…";
    "login.error.summary" => "Bitte prüfen Sie Ihre Eingaben.", "Please check your entries.";
    "login.error.login_empty" => "Geben Sie Ihre E-Mail-Adresse oder Kundennummer ein.", "Enter your email address or customer number.";
    "login.error.email_invalid" => "Geben Sie eine E-Mail-Adresse wie name@example.com ein.", "Enter an email address like name@example.com.";
    "login.error.card_number" => "Melden Sie sich mit E-Mail-Adresse oder Kundennummer an, nicht mit einer Kartennummer.", "Sign in with your email address or customer number, not a card number.";
    "login.error.number_length" => "Eine Kundennummer hat 10 Ziffern.", "A customer number has 10 digits.";
    "login.error.number_typo" => "Diese Kundennummer hat einen Tippfehler: Die Prüfziffer passt nicht.", "This customer number has a typo: its check digit does not match.";
    "login.error.password_empty" => "Geben Sie Ihr Passwort ein.", "Enter your password.";
    "login.error.wrong" => "E-Mail/Kundennummer oder Passwort ist falsch. Bitte versuchen Sie es erneut.", "Email/customer number or password is wrong. Please try again.";

    "error.rate_limited" => "Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.", "Too many attempts. Please wait a moment, then try again.";
    "error.unavailable" => "Der Dienst ist gerade nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.", "The service cannot be reached right now. Check your connection and try again.";
    "error.forbidden" => "Diese Seite ist für Kundinnen und Kunden.", "This page is for customers.";
    "error.generic" => "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.", "Something went wrong. Please try again.";

    "notfound.title" => "Seite nicht gefunden", "Page not found";
    "notfound.back" => "Zur Übersicht", "Go to your overview";

    "overview.title" => "Ihre Übersicht", "Your overview";
    "overview.customer_number" => "Ihre Kundennummer", "Your customer number";
    "overview.customer_number_hint" => "Eine Nummer für alles. Sie bleibt gleich, auch wenn sich Karte, Konto oder Adresse ändern.", "One number for everything. It stays the same when your card, account or address changes.";
    "overview.personal" => "Persönliche Daten", "Personal details";
    "overview.name" => "Name", "Name";
    "overview.email" => "E-Mail", "Email";
    "overview.phone" => "Telefon", "Phone";
    "overview.address" => "Anschrift", "Address";
    "overview.accounts" => "Konten", "Accounts";
    "overview.iban" => "IBAN", "IBAN";
    "overview.holders" => "Kontoinhaber", "Account holders";
    "overview.status" => "Status", "Status";
    "overview.standing_orders" => "Daueraufträge", "Standing orders";
    "overview.mandates" => "Lastschriftmandate", "Direct debit mandates";
    "overview.creditor_id" => "Gläubiger-ID", "Creditor ID";
    "overview.reference" => "Verwendungszweck", "Reference";
    "overview.next_on" => "Nächste Ausführung", "Next on";
    "overview.cards" => "Karten", "Cards";
    "overview.card_label" => "Karte", "Card";
    "overview.expiry" => "Gültig bis", "Expires";
    "overview.card_account" => "Konto", "Account";
    "overview.recurring_payments" => "Wiederkehrende Kartenzahlungen", "Recurring card payments";
    "overview.alerts" => "Benachrichtigungen", "Alerts";
    "overview.limits" => "Limits", "Limits";
    "overview.wallet_tokens" => "Mobile Wallets", "Mobile wallets";
    "overview.wallet_on" => "auf", "on";
    "overview.card_no_dependents" => "An dieser Karte hängt noch nichts.", "Nothing depends on this card yet.";
    "overview.contracts" => "Verträge", "Contracts";
    "overview.preferences" => "Einstellungen", "Preferences";
    "overview.pref_language" => "Sprache", "Language";
    "overview.pref_paperless" => "Papierlose Kontoauszüge", "Paperless statements";
    "overview.pref_alert_channel" => "Benachrichtigungen per", "Alerts by";
    "overview.none" => "Keine", "None";
    "common.yes" => "Ja", "Yes";
    "common.no" => "Nein", "No";

    "status.active" => "Aktiv", "Active";
    "status.issued" => "Ausgestellt", "Issued";
    "status.blocked" => "Gesperrt", "Blocked";
    "status.replaced" => "Ersetzt", "Replaced";
    "status.cancelled" => "Beendet", "Cancelled";
    "status.waiting_for_card" => "Wartet auf neue Karte", "Waiting for the new card";
    "status.deceased" => "verstorben", "deceased";
    "status.pending" => "In Bearbeitung", "Pending";
    "status.suspended" => "Ausgesetzt", "Suspended";
    "status.closed" => "Geschlossen", "Closed";

    "freq.weekly" => "wöchentlich", "weekly";
    "freq.monthly" => "monatlich", "monthly";
    "freq.quarterly" => "vierteljährlich", "quarterly";
    "freq.yearly" => "jährlich", "yearly";
    "freq.annually" => "jährlich", "annually";

    "alert.transaction_over" => "Zahlungen über", "Payments over";
    "alert.online_purchase" => "Online-Einkäufe", "Online purchases";
    "alert.foreign_transaction" => "Zahlungen im Ausland", "Payments abroad";
    "alert.low_balance" => "Niedriger Kontostand", "Low balance";

    "channel.push" => "Push-Mitteilung", "Push notification";
    "channel.sms" => "SMS", "SMS";
    "channel.email" => "E-Mail", "Email";
    "channel.letter" => "Brief", "Letter";

    "limit.daily_atm" => "Bargeld pro Tag", "Cash per day";
    "limit.daily_pos" => "Kartenzahlungen pro Tag", "Card payments per day";
    "limit.monthly_online" => "Online-Zahlungen pro Monat", "Online payments per month";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn keys(lang: Lang) -> BTreeSet<&'static str> {
        lang.table().iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn both_languages_have_every_key_once_and_no_empty_text() {
        for lang in Lang::ALL {
            let table = lang.table();
            assert_eq!(
                keys(lang).len(),
                table.len(),
                "{lang:?} has a duplicate key"
            );
            for (k, v) in table {
                assert!(!v.trim().is_empty(), "{lang:?}: {k} is empty");
            }
        }
        let de = keys(Lang::De);
        let en = keys(Lang::En);
        let only_de: Vec<_> = de.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&de).collect();
        assert!(
            only_de.is_empty() && only_en.is_empty(),
            "missing in English: {only_de:?}, missing in German: {only_en:?}"
        );
    }

    /// Every string literal in the source that looks like a key (`"overview.title"`, `"status.active"`)
    /// exists in both languages, however it reaches `tr`.
    #[test]
    fn every_key_used_in_the_source_exists_in_both_languages() {
        let mut used = BTreeSet::new();
        collect_used_keys(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut used,
        );
        assert!(used.len() > 40, "the scan found too few keys: {used:?}");
        for key in &used {
            for lang in Lang::ALL {
                assert!(
                    lookup(lang, key).is_some(),
                    "key {key:?} is used but missing in {lang:?}"
                );
            }
        }
    }

    const NAMESPACES: &[&str] = &[
        "app.",
        "lang.",
        "login.",
        "error.",
        "notfound.",
        "overview.",
        "common.",
        "status.",
        "freq.",
        "alert.",
        "channel.",
        "limit.",
    ];

    fn collect_used_keys(dir: &Path, used: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect_used_keys(&path, used);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (pos, _) in text.match_indices('"') {
                    let rest = &text[pos + 1..];
                    if !NAMESPACES.iter().any(|ns| rest.starts_with(ns)) {
                        continue;
                    }
                    let end = rest.find('"').unwrap_or(rest.len());
                    let candidate = &rest[..end];
                    if candidate.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
                    }) {
                        used.insert(candidate.to_owned());
                    }
                }
            }
        }
    }

    #[test]
    fn browser_language_picks_german_or_falls_back_to_english() {
        assert_eq!(Lang::for_browser(Some("de-DE")), Lang::De);
        assert_eq!(Lang::for_browser(Some("de")), Lang::De);
        assert_eq!(Lang::for_browser(Some("en-GB")), Lang::En);
        assert_eq!(Lang::for_browser(Some("fr-FR")), Lang::En);
        assert_eq!(Lang::for_browser(None), Lang::En);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
    }

    #[test]
    fn money_is_formatted_per_language() {
        assert_eq!(format_money(Lang::De, "950.00", "EUR"), "950,00\u{a0}€");
        assert_eq!(format_money(Lang::En, "950.00", "EUR"), "€950.00");
        assert_eq!(format_money(Lang::De, "1000.5", "EUR"), "1.000,50\u{a0}€");
        assert_eq!(
            format_money(Lang::En, "1234567.00", "CHF"),
            "1,234,567.00\u{a0}CHF"
        );
        assert_eq!(format_money(Lang::En, "-12.99", "EUR"), "-€12.99");
    }

    #[test]
    fn dates_and_labels() {
        assert_eq!(format_date(Lang::De, "2026-12-01"), "01.12.2026");
        assert_eq!(format_date(Lang::En, "2026-12-01"), "2026-12-01");
        assert_eq!(label(Lang::De, "freq", "monthly"), "monatlich");
        assert_eq!(label(Lang::En, "freq", "fortnightly"), "fortnightly");
        assert_eq!(tr(Lang::De, "login.title"), "Anmelden");
    }
}
