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
    find(lang.table(), key).or_else(|| {
        APP_STRINGS
            .with(std::cell::Cell::get)
            .iter()
            .find_map(|app| find(app.table(lang), key))
    })
}

fn find(table: &[(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// Strings only some apps draw. Each app registers the tables it draws at start
/// ([`use_app_strings`]), so the other apps' bundles carry none of them; what every app draws is
/// in the common table.
pub struct AppStrings {
    de: &'static [(&'static str, &'static str)],
    en: &'static [(&'static str, &'static str)],
}

impl AppStrings {
    fn table(&self, lang: Lang) -> &'static [(&'static str, &'static str)] {
        match lang {
            Lang::De => self.de,
            Lang::En => self.en,
        }
    }
}

/// The customer's change flows and invitation page.
pub static CUSTOMER: AppStrings = AppStrings {
    de: CUSTOMER_DE,
    en: CUSTOMER_EN,
};

/// The sign-in form (the sign-in page, the sign-in-again dialog).
pub static LOGIN: AppStrings = AppStrings {
    de: LOGIN_DE,
    en: LOGIN_EN,
};

/// The timeline's entries.
pub static TIMELINE: AppStrings = AppStrings {
    de: TIMELINE_DE,
    en: TIMELINE_EN,
};

pub static STAFF: AppStrings = AppStrings {
    de: STAFF_DE,
    en: STAFF_EN,
};

/// The plan review: what a change carries over (the changes' review step, a case in the console).
pub static PLAN: AppStrings = AppStrings {
    de: PLAN_DE,
    en: PLAN_EN,
};

/// The tables each app registers at start (`crate::start`), beside the common one.
pub static HOME_STRINGS: [&AppStrings; 0] = [];
pub static SIGN_IN_STRINGS: [&AppStrings; 1] = [&LOGIN];
pub static CHANGES_STRINGS: [&AppStrings; 4] = [&CUSTOMER, &LOGIN, &TIMELINE, &PLAN];
pub static STAFF_STRINGS: [&AppStrings; 4] = [&STAFF, &LOGIN, &TIMELINE, &PLAN];

thread_local! {
    static APP_STRINGS: std::cell::Cell<&'static [&'static AppStrings]> =
        const { std::cell::Cell::new(&[]) };
}

/// Makes the strings of `tables` findable by [`lookup`] and [`tr`].
pub fn use_app_strings(tables: &'static [&'static AppStrings]) {
    APP_STRINGS.with(|a| a.set(tables));
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
    ($de_name:ident, $en_name:ident; $($key:literal => $de:literal, $en:literal;)*) => {
        static $de_name: &[(&str, &str)] = &[$(($key, $de)),*];
        static $en_name: &[(&str, &str)] = &[$(($key, $en)),*];
    };
}

// One line per key: German, then English. Values of API enums use `prefix.value` keys.
dictionary! {
    DE, EN;
    "app.name" => "carryover", "carryover";
    "app.tagline" => "Ihre Konten, Karten und Einstellungen", "Your accounts, cards and settings";
    "app.skip" => "Zum Inhalt springen", "Skip to main content";
    "app.nav" => "Hauptnavigation", "Main navigation";
    "app.lang_label" => "Sprache", "Language";
    "app.sign_out" => "Abmelden", "Sign out";
    "app.loading" => "Wird geladen …", "Loading…";
    "app.retry" => "Erneut versuchen", "Try again";
    "app.sign_out_failed" => "Abmelden hat nicht geklappt: Sie sind noch angemeldet. Bitte versuchen Sie es erneut.", "Signing out did not work: you are still signed in. Please try again.";
    "network.offline" => "Sie sind offline. Was Sie eingegeben haben, bleibt auf dieser Seite; machen Sie weiter, sobald die Verbindung zurück ist.", "You are offline. What you typed stays on this page; carry on once the connection is back.";
    "network.down" => "Der Dienst antwortet gerade nicht. Was Sie eingegeben haben, bleibt auf dieser Seite; wir versuchen es weiter.", "The service is not answering right now. What you typed stays on this page; we keep trying.";
    "idle.stay_failed" => "Angemeldet bleiben hat nicht geklappt. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.", "Staying signed in did not work. Check your connection and try again.";
    "acting.stop_failed" => "Beenden hat nicht geklappt: Sie handeln weiter für diese Person. Bitte versuchen Sie es erneut.", "Stopping did not work: you are still acting for this customer. Please try again.";
    "app.footer" => "carryover – Änderungen online, alles zieht mit um.", "carryover – change things online, everything moves with them.";
    "lang.de" => "Deutsch", "Deutsch";

    // Each route's document title, before " – carryover" (nav.rs).
    "title.overview" => "Übersicht", "Overview";
    "title.login" => "Anmelden", "Sign in";
    "title.card" => "Neue Karte aktivieren", "Activate your new card";
    "title.address" => "Adresse ändern", "Change your address";
    "title.holder" => "Kontoinhaber ändern", "Change account holder";
    "title.timeline" => "Verlauf", "Timeline";
    "title.invitation" => "Ein Konto übernehmen", "Take over an account";
    "title.staff" => "Kundensuche", "Customer search";
    "title.dashboard" => "Kennzahlen", "Figures";
    "title.members" => "Mitarbeitende", "Staff accounts";
    "title.cases" => "Vorgänge", "Cases";
    "title.case" => "Vorgang", "Case";
    "title.customer" => "Kundin oder Kunde", "Customer";
    "title.not_found" => "Seite nicht gefunden", "Page not found";
    "lang.en" => "English", "English";

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
    "status.ordered" => "Bestellt", "Ordered";

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

    "nav.overview" => "Übersicht", "Overview";
    "nav.timeline" => "Verlauf", "Timeline";

    "form.check" => "Bitte prüfen Sie Ihre Eingaben.", "Please check your entries.";
    "error.session" => "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.", "Your session has ended. Please sign in again.";
    "error.not_found" => "Das gibt es nicht (mehr).", "This does not exist (any more).";
    "error.conflict" => "Inzwischen hat sich etwas geändert. Bitte laden Sie die Seite neu.", "Something changed in the meantime. Please reload the page.";
    "error.change_pending" => "Für dieses Konto ist bereits ein Inhaberwechsel offen. Warten Sie dessen Prüfung ab oder ziehen Sie ihn zurück.", "A holder change for this account is already open. Wait for its review or withdraw it first.";

    "field.reason" => "Geben Sie einen Grund an.", "Give a reason.";

    "overview.change_address" => "Adresse ändern", "Change address";
    "overview.scheduled" => "Adressänderung geplant", "Address change scheduled";
    "overview.scheduled_on" => "Umzug geplant zum {date}", "Moving on {date}";
    "overview.scheduled_cancel" => "Geplante Änderung abbrechen", "Cancel this change";
    "overview.scheduled_cancelled" => "Die geplante Adressänderung ist abgebrochen.", "The scheduled address change is cancelled.";
    "overview.card_pending" => "Ihre neue Karte ist unterwegs. Aktivieren Sie sie, sobald sie da ist: Alles an Ihrer bisherigen Karte zieht dann mit um.", "Your new card is on its way. Activate it when it arrives: everything on your current card then moves to it.";
    "overview.activate_card" => "Neue Karte aktivieren", "Activate new card";
    "overview.card_blocked" => "Diese Karte ist gesperrt. Zahlungen an ihr warten auf die Ersatzkarte.", "This card is blocked. Payments on it wait for the replacement card.";
    "status.scheduled" => "Geplant", "Scheduled";
    "status.completed" => "Erledigt", "Completed";

    "overview.change_holder" => "Kontoinhaber ändern", "Change account holder";
    "field.name" => "Geben Sie Ihren vollständigen Namen ein.", "Enter your full name.";
    "overview.no_address" => "Noch keine Postanschrift hinterlegt.", "No postal address on file yet.";
    "case.title" => "Ihre Vorgänge", "Your cases";
    "case.decide_by" => "Wir entscheiden bis {date}.", "We decide by {date}.";
    "case.late" => "Verspätet: Wir hätten bis {date} entscheiden sollen. Wir entschuldigen uns für die Wartezeit.", "Late: we should have decided by {date}. We are sorry for the wait.";
    "idle.title" => "Sind Sie noch da?", "Are you still there?";
    "idle.text" => "Zu Ihrer Sicherheit melden wir Sie in {time} ab.", "For your security you will be signed out in {time}.";
    "idle.stay" => "Angemeldet bleiben", "Stay signed in";
    "nav.cases" => "Vorgänge", "Cases";
    "nav.staff" => "Kundensuche", "Customers";
    "acting.label" => "Sie handeln für eine Kundin oder einen Kunden", "You are acting for a customer";
    "acting.as" => "Sie handeln für {name}.", "You are acting as {name}.";
    "acting.reason" => "Grund:", "Reason:";
    "acting.left" => "Verbleibende Zeit:", "Time left:";
    "acting.stop" => "Beenden", "Stop";
    "kind.holder_change" => "Kontoinhaberwechsel", "Account holder change";
    "status.open" => "Offen", "Open";
    "status.approved" => "Genehmigt", "Approved";
    "status.rejected" => "Abgelehnt", "Rejected";
    "status.withdrawn" => "Zurückgezogen", "Withdrawn";
    "status.pending_review" => "Wird geprüft", "Being reviewed";
    "nav.dashboard" => "Kennzahlen", "Figures";
    "nav.members" => "Mitarbeitende", "Staff";
    "block.open" => "Verlust oder Diebstahl melden", "Report lost or stolen";
    "block.legend" => "Was ist mit der Karte {card} passiert?", "What happened to card {card}?";
    "block.reason_lost" => "Verloren", "Lost";
    "block.reason_stolen" => "Gestohlen", "Stolen";
    "block.reason_damaged" => "Beschädigt", "Damaged";
    "block.explain" => "Wir sperren die Karte sofort und schicken eine neue an Ihre Adresse. Zahlungen, die an der Karte hängen, warten auf die neue Karte und gehen nicht verloren.", "We block the card at once and send a new one to your address. Payments on the card wait for the new card and are not lost.";
    "block.submit" => "Karte sperren", "Block card";
    "block.error.reason" => "Wählen Sie, was mit der Karte passiert ist.", "Choose what happened to the card.";
    "block.done" => "Karte •••• {card} ist gesperrt. Die Ersatzkarte •••• {new} ist an Ihre Adresse unterwegs.", "Card •••• {card} is blocked. Replacement card •••• {new} is on its way to your address.";
    "block.waiting.one" => "1 Zahlung wartet auf sie.", "1 payment waits for it.";
    "block.waiting.other" => "{n} Zahlungen warten auf sie.", "{n} payments wait for it.";
    "flow.cancel" => "Abbrechen", "Cancel";
}

// The sign-in form: the sign-in page, and the sign-in-again dialog of the changes and the console.
dictionary! {
    LOGIN_DE, LOGIN_EN;
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
    "login.error.wait.one" => "Zu viele Anmeldeversuche. Bitte warten Sie 1 Minute und versuchen Sie es dann erneut.", "Too many sign-in attempts. Please wait 1 minute, then try again.";
    "login.error.wait.other" => "Zu viele Anmeldeversuche. Bitte warten Sie {n} Minuten und versuchen Sie es dann erneut.", "Too many sign-in attempts. Please wait {n} minutes, then try again.";
    "login.again_title" => "Bitte melden Sie sich erneut an", "Please sign in again";
    "login.again_intro" => "Ihre Sitzung ist abgelaufen. Was Sie eingegeben haben, bleibt erhalten: Nach der Anmeldung machen Sie dort weiter.", "Your session has ended. What you typed is kept: after signing in you continue where you were.";
    "login.error.closed" => "Diese Anmeldung ist nicht mehr möglich. Bitte wenden Sie sich an uns.", "This sign-in is no longer possible. Please contact us.";
    "field.password" => "Das Passwort stimmt nicht.", "That password is not right.";
}

// The timeline: the customer's (in the changes app) and a customer's in the console.
dictionary! {
    TIMELINE_DE, TIMELINE_EN;
    "timeline.title" => "Ihr Verlauf", "Your timeline";
    "timeline.intro" => "Jede Änderung, jeder Brief und jede E-Mail, das Neueste zuerst.", "Every change, letter and email, newest first.";
    "timeline.empty" => "Noch keine Einträge.", "No entries yet.";
    "timeline.actor.staff" => "{staff} (Service-Team)", "{staff} (staff)";
    "timeline.actor.staff_for" => "{staff} (Service-Team) für {for}", "{staff} (staff) for {for}";
    "timeline.actor.bank" => "Ihre Bank", "the bank";
    "timeline.event.card_reissued" => "Die Bank hat Karte {card} durch {new_card} ersetzt; sie übernimmt, sobald Sie sie aktivieren", "The bank reissued card {card} as {new_card}; it takes over once activated";
    "timeline.event.card_reissued_carried_over" => "Die Bank hat Karte {card} durch {new_card} ersetzt; {moved} Einträge übernommen", "The bank reissued card {card} as {new_card}; {moved} items carried over";
    "timeline.event.card_activated" => "Neue Karte {card} aktiviert; {moved} Einträge übernommen", "New card {card} activated; {moved} items carried over";
    "timeline.event.card_blocked" => "Karte {card} gesperrt ({reason:timeline.reason}); Ersatzkarte •••• {replacement} bestellt; {waiting} Zahlungen warten auf sie", "Card {card} blocked ({reason:timeline.reason}); replacement •••• {replacement} ordered; {waiting} payments wait for it";
    "timeline.event.address_changed" => "Adresse geändert; {moved} Einträge folgen der neuen Adresse", "Address changed; {moved} items follow the new address";
    "timeline.event.address_change_scheduled" => "Adressänderung geplant für den {effective_on:date}; {moved} Einträge folgen dann", "Address change scheduled for {effective_on:date}; {moved} items will follow";
    "timeline.event.address_notification" => "{channel:channel} zur Adressänderung an {recipient}", "{channel:channel} about the address change to {recipient}";
    "timeline.event.holder_change_submitted" => "Inhaberwechsel zur Prüfung eingereicht; laden Sie das Dokument hoch. Wir entscheiden bis {due:at}.", "Account-holder change submitted for review; upload the document. We decide by {due:at}.";
    "timeline.event.holder_change_approved" => "Inhaberwechsel genehmigt von {staff}: {reason}", "Account-holder change approved by {staff}: {reason}";
    "timeline.event.case_closed" => "Vorgang abgeschlossen von {staff}: {reason}", "Case closed by {staff}: {reason}";
    "timeline.event.request_rejected" => "Antrag nicht genehmigt von {staff}: {reason}. So geht es weiter: Antworten Sie mit dem fehlenden Dokument oder rufen Sie uns an und nennen Sie diesen Vorgang.", "Request not approved by {staff}: {reason}. What to do next: reply with the missing document, or call us and quote this case.";
    "timeline.event.case_escalated" => "Wir sind spät dran: Ihr Vorgang war bis {due:at} fällig. Eine Leitung hat ihn übernommen.", "We are late: your case was due by {due:at}. A supervisor has taken it over.";
    "timeline.event.change_cancelled" => "Änderung storniert, bevor sie wirksam wurde", "Change cancelled before it took effect";
    "timeline.event.change_disputed" => "Jemand hat gemeldet, diese Adressänderung nicht veranlasst zu haben; unser Service-Team prüft das", "Someone reported that they did not make this address change; staff will check it";
    "timeline.event.document_uploaded" => "Dokument hochgeladen: {filename} ({kb} KB)", "Document uploaded: {filename} ({kb} KB)";
    "timeline.event.staff_looked" => "{staff} hat {what:timeline.what} angesehen", "{staff} looked at {what:timeline.what}";
    "timeline.event.acting_started" => "{staff} handelt jetzt in Ihrem Auftrag: {reason}", "{staff} started acting on your behalf: {reason}";
    "timeline.event.acting_stopped" => "{staff} handelt nicht mehr in Ihrem Auftrag", "{staff} stopped acting on your behalf";
    "timeline.event.acting_expired" => "{staff} handelt nicht mehr in Ihrem Auftrag: Die 30 Minuten sind abgelaufen", "{staff} stopped acting on your behalf: the 30 minutes ran out";
    "timeline.event.promise_made" => "{staff} hat zugesagt: {text} (bis {due:at})", "{staff} promised: {text} (by {due:at})";
    "timeline.event.promise_kept" => "Zusage eingehalten: {text}", "Promise kept: {text}";
    "timeline.event.promise_broken" => "Wir haben unsere Zusage nicht rechtzeitig eingehalten: {text}. Eine Leitung ist informiert.", "We did not keep our promise in time: {text}. A supervisor has been told.";
    "timeline.event.note" => "{text}", "{text}";
    "timeline.event.invitation_sent" => "E-Mail mit der Einladung an {name}, das Konto zu übernehmen, an {recipient} gesendet; erst nach der Annahme entscheiden wir", "Email inviting {name} to take over the account sent to {recipient}; they accept before we decide";
    "timeline.event.invitation_accepted" => "{name} hat die Einladung zur Kontoübernahme angenommen; jetzt entscheidet unser Service-Team", "{name} accepted the invitation to take over the account; staff now decide";
    "timeline.event.invitation_accepted_by_you" => "Sie haben die Einladung von {inviter} zur Übernahme eines Kontos angenommen; es gehört Ihnen, sobald unser Service-Team zustimmt", "You accepted {inviter}'s invitation to take over an account; it becomes yours once staff approve";
    "timeline.event.invitation_accepted_registered_by_you" => "Registriert. Sie haben die Einladung von {inviter} zur Übernahme eines Kontos angenommen; es gehört Ihnen, sobald unser Service-Team zustimmt", "Registered. You accepted {inviter}'s invitation to take over an account; it becomes yours once staff approve";
    "timeline.event.scheduled_change_failed" => "Geplante Adressänderung nicht ausgeführt: {error}", "Scheduled address change not applied: {error}";
    "timeline.event.scheduled_address_applied" => "Geplante Adressänderung ausgeführt; {moved} Einträge nutzen jetzt die neue Adresse", "Scheduled address change applied; {moved} items now use the new address";
    "timeline.reason.lost" => "verloren", "lost";
    "timeline.reason.stolen" => "gestohlen", "stolen";
    "timeline.reason.damaged" => "beschädigt", "damaged";
    "timeline.what.overview" => "die Kundenübersicht", "the customer overview";
    "timeline.what.timeline" => "den Verlauf", "the timeline";
    "timeline.what.case" => "einen Vorgang", "a case";
    "timeline.what.document" => "ein hochgeladenes Dokument", "an uploaded document";
    "timeline.reason" => "Grund:", "Reason:";
    "event.change" => "Änderung", "Change";
    "event.notification" => "Mitteilung", "Notification";
    "event.case" => "Vorgang", "Case";
    "event.promise" => "Zusage", "Promise";
    "event.staff_access" => "Einsicht durch Mitarbeitende", "Viewed by staff";
    "event.staff_action" => "Aktion durch Mitarbeitende", "Action by staff";
}

// The plan review: what a change carries over, in the changes (review step) and the console (a
// case's plan).
dictionary! {
    PLAN_DE, PLAN_EN;
    "plan.move_to.one" => "{n} {what} wechselt zu {to}", "{n} {what} moves to {to}";
    "plan.move_to.other" => "{n} {what} wechseln zu {to}", "{n} {what} move to {to}";
    "plan.move.one" => "{n} {what} ändert sich", "{n} {what} changes";
    "plan.move.other" => "{n} {what} ändern sich", "{n} {what} change";
    "plan.keep.one" => "{n} {what} bleibt unverändert", "{n} {what} stays unchanged";
    "plan.keep.other" => "{n} {what} bleiben unverändert", "{n} {what} stay unchanged";
    "plan.notify.one" => "{n} {what} wird verschickt", "{n} {what} is sent";
    "plan.notify.other" => "{n} {what} werden verschickt", "{n} {what} are sent";
    "plan.cancel.one" => "{n} {what} endet", "{n} {what} ends";
    "plan.cancel.other" => "{n} {what} enden", "{n} {what} end";
    "plan.card.move" => "Ihre neue Karte wird aktiviert", "Your new card is activated";
    "plan.card.cancel" => "Ihre bisherige Karte wird ersetzt", "Your current card is replaced";
    "plan.sign_in.keep" => "Anmeldung, Kundennummer und Passwort bleiben gleich", "Your sign-in, customer number and password stay the same";
    "plan.home_address.move" => "Ihre Wohnadresse wechselt zu {to}", "Your home address moves to {to}";
    "plan.service_address" => "Leistungsadresse", "service address";
    "plan.set_separately" => "separat festgelegt", "set separately";
    "plan.keep_old" => "Bei der alten Adresse lassen", "Keep at the old address";
    "plan.cancel_instead" => "Stattdessen beenden", "Cancel it instead";
    "plan.card_redirected" => "{card} ist unterwegs: Die Zustellung wird umgeleitet", "{card} in the post: redirected";
    "plan.card_forwarded" => "{card} ist schon verschickt: Die Post leitet sie weiter", "{card} already dispatched: the post forwards it";
    "plan.new_card_for" => "Neue Karte für {name}", "New card for {name}";
    "plan.effective_on" => "Gilt ab", "Takes effect on";
    "kind.card.one" => "Karte", "card";
    "kind.card.other" => "Karten", "cards";
    "kind.recurring_payment.one" => "wiederkehrende Kartenzahlung", "recurring payment";
    "kind.recurring_payment.other" => "wiederkehrende Kartenzahlungen", "recurring payments";
    "kind.alert.one" => "Benachrichtigung", "alert";
    "kind.alert.other" => "Benachrichtigungen", "alerts";
    "kind.limit.one" => "Limit", "limit";
    "kind.limit.other" => "Limits", "limits";
    "kind.wallet_token.one" => "Mobile Wallet", "mobile wallet";
    "kind.wallet_token.other" => "Mobile Wallets", "mobile wallets";
    "kind.standing_order.one" => "Dauerauftrag", "standing order";
    "kind.standing_order.other" => "Daueraufträge", "standing orders";
    "kind.mandate.one" => "Lastschriftmandat", "direct debit mandate";
    "kind.mandate.other" => "Lastschriftmandate", "direct debit mandates";
    "kind.sign_in.one" => "Anmeldung", "sign-in";
    "kind.sign_in.other" => "Anmeldungen", "sign-ins";
    "kind.home_address.one" => "Wohnadresse", "home address";
    "kind.home_address.other" => "Wohnadressen", "home addresses";
    "kind.address_use.one" => "Verwendung Ihrer Adresse", "use of your address";
    "kind.address_use.other" => "Verwendungen Ihrer Adresse", "uses of your address";
    "kind.card_delivery.one" => "Kartenzustellung", "card delivery";
    "kind.card_delivery.other" => "Kartenzustellungen", "card deliveries";
    "kind.contract.one" => "Vertrag", "contract";
    "kind.contract.other" => "Verträge", "contracts";
    "kind.notification.one" => "Mitteilung", "notification";
    "kind.notification.other" => "Mitteilungen", "notifications";
    "srv.home_address" => "Wohnadresse", "Home address";
    "srv.billing_address" => "Rechnungsadresse", "Billing address";
    "srv.correspondence_address" => "Korrespondenzadresse", "Correspondence address";
    "srv.statement_delivery_address" => "Adresse für Kontoauszüge", "Statement delivery address";
    "srv.card_delivery_address" => "Adresse für den Kartenversand", "Card delivery address";
    "srv.letter_to_your_old_address" => "Brief an Ihre alte Adresse", "Letter to your old address";
    "srv.letter_to_your_new_address" => "Brief an Ihre neue Adresse", "Letter to your new address";
    "srv.email_confirmation" => "Bestätigung per E-Mail", "Email confirmation";
    "srv.sign_in__customer_number_and_password" => "Anmeldung, Kundennummer und Passwort", "Sign-in, customer number and password";
    "plan.invitation_to" => "Einladung per E-Mail an {to}", "Invitation by email to {to}";
    "kind.invitation.one" => "Einladung", "invitation";
    "kind.invitation.other" => "Einladungen", "invitations";
}

// The customer's app only: its change flows, the invitation page.
dictionary! {
    CUSTOMER_DE, CUSTOMER_EN;

    "flow.progress" => "Fortschritt", "Progress";
    "flow.step_review" => "Prüfen", "Review";
    "flow.step_confirm" => "Bestätigen", "Confirm";
    "flow.step_done" => "Fertig", "Done";
    "flow.review_title" => "Prüfen Sie, was mitzieht", "Review what carries over";
    "flow.review_intro" => "Noch ist nichts geändert. So sieht es danach aus:", "Nothing has changed yet. This is what will happen:";
    "flow.continue" => "Weiter", "Continue";
    "flow.back" => "Zurück", "Back";
    "flow.planning" => "Wird geprüft …", "Checking…";
    "flow.replanning" => "Die Liste wird aktualisiert …", "Updating the list…";
    "flow.outdated" => "Seit Ihrer Prüfung hat sich etwas geändert. Bitte sehen Sie sich die aktualisierte Liste noch einmal an.", "Something changed since you reviewed this. Please review the updated list again.";
    "flow.expired" => "Diese Prüfung ist abgelaufen. Gehen Sie bitte zurück und prüfen Sie die Änderung erneut.", "This review has expired. Please go back and review the change again.";
    "flow.in_flight" => "Ihre Bestätigung wird noch bearbeitet. Bitte versuchen Sie es gleich noch einmal.", "Your confirmation is still being processed. Please try again in a moment.";

    "confirm.title" => "Mit Ihrem Passwort bestätigen", "Confirm with your password";
    "confirm.intro" => "Zu Ihrer Sicherheit bestätigen Sie diese Änderung mit Ihrem Passwort.", "For your security, confirm this change with your password.";
    "confirm.submit" => "Änderung bestätigen", "Confirm change";
    "confirm.submitting" => "Wird bestätigt …", "Confirming…";
    "confirm.reauth_again" => "Bitte geben Sie Ihr Passwort noch einmal ein.", "Please enter your password again.";

    "receipt.done" => "Erledigt: Alles ist umgezogen", "Done: everything has moved";
    "receipt.done_intro" => "Diese Änderungen sind jetzt wirksam:", "These changes are now in effect:";
    "receipt.scheduled" => "Geplant für den {date}", "Scheduled for {date}";
    "receipt.scheduled_intro" => "An diesem Tag ändern wir Folgendes. Bis dahin können Sie es in der Übersicht abbrechen:", "On that day we change the following. Until then you can cancel it on your overview:";
    "receipt.overview" => "Zur Übersicht", "Go to your overview";
    "receipt.timeline" => "Verlauf ansehen", "See your timeline";

    "country.de" => "Deutschland", "Germany";
    "country.at" => "Österreich", "Austria";
    "country.ch" => "Schweiz", "Switzerland";
    "country.fr" => "Frankreich", "France";
    "country.nl" => "Niederlande", "Netherlands";
    "country.be" => "Belgien", "Belgium";
    "country.it" => "Italien", "Italy";
    "country.es" => "Spanien", "Spain";
    "country.gb" => "Vereinigtes Königreich", "United Kingdom";
    "country.us" => "Vereinigte Staaten", "United States";

    "holder.title" => "Kontoinhaber ändern", "Change account holder";
    "holder.step_enter" => "Grund", "Reason";
    "holder.enter_title" => "Warum ändert sich der Kontoinhaber?", "Why does the account holder change?";
    "holder.reason_legend" => "Grund", "Reason";
    "holder.reason_bereavement" => "Ein Kontoinhaber ist verstorben", "A holder has died";
    "holder.reason_transfer" => "Das Konto geht an eine andere Person", "The account goes to someone else";
    "holder.reason_name_change" => "Mein Name hat sich geändert", "My name has changed";
    "holder.bereavement_hint" => "Unser herzliches Beileid. Sie führen das Konto allein weiter; Daueraufträge und Lastschriften laufen weiter.", "We are sorry for your loss. You keep the account on your own; standing orders and direct debits go on.";
    "holder.new_holder_email" => "E-Mail-Adresse der neuen Kontoinhaberin oder des neuen Kontoinhabers", "Email address of the new holder";
    "holder.new_name" => "Neuer Name", "New name";
    "holder.document_hint" => "Nach der Bestätigung laden Sie einen Nachweis hoch (Sterbeurkunde, Vertrag oder Urkunde). Mitarbeitende prüfen ihn.", "After confirming, you upload a document (death certificate, contract or certificate). Staff check it.";
    "holder.error.reason" => "Wählen Sie einen Grund.", "Choose a reason.";
    "holder.error.email" => "Geben Sie eine E-Mail-Adresse wie name@example.com ein.", "Enter an email address like name@example.com.";
    "holder.error.name" => "Geben Sie den neuen Namen ein.", "Enter the new name.";
    "receipt.pending" => "Eingereicht: Wir prüfen die Änderung", "Submitted: we review the change";
    "receipt.pending_intro" => "Die Änderung wird erst wirksam, wenn Mitarbeitende sie anhand Ihres Nachweises genehmigt haben.", "The change takes effect once staff have approved it, based on your document.";
    "upload.title" => "Nachweis hochladen", "Upload your document";
    "upload.intro" => "Ohne Nachweis können wir nicht entscheiden.", "We cannot decide without a document.";
    "upload.label" => "Nachweis", "Document";
    "upload.hint" => "PDF, JPEG oder PNG, höchstens 10 MB.", "PDF, JPEG or PNG, at most 10 MB.";
    "upload.chosen" => "Gewählt:", "Chosen:";
    "upload.uploading" => "Wird hochgeladen …", "Uploading…";
    "upload.submit" => "Hochladen", "Upload";
    "upload.done" => "Erhalten: {file}.", "Received: {file}.";
    "upload.error.none" => "Wählen Sie eine Datei.", "Choose a file.";
    "upload.error.too_large" => "Die Datei ist größer als 10 MB.", "The file is larger than 10 MB.";
    "upload.progress" => "{pct} %", "{pct} %";
    "upload.progress_bytes" => "{sent} von {total}", "{sent} of {total}";
    "holder.transfer_hint" => "Wir laden die neue Kontoinhaberin oder den neuen Kontoinhaber per E-Mail ein. Sie oder er nimmt die Einladung an (Anmeldung oder Registrierung); danach entscheiden wir.", "We invite the new holder by email. They accept the invitation (by signing in or registering); then we decide.";
    "holder.new_holder_name" => "Name der neuen Kontoinhaberin oder des neuen Kontoinhabers", "Name of the new holder";
    "holder.new_holder_name_hint" => "Vor- und Nachname, wie im Ausweis.", "First and last name, as on their ID.";
    "holder.error.holder_name" => "Geben Sie den Namen der neuen Kontoinhaberin oder des neuen Kontoinhabers ein.", "Enter the new holder's name.";
    "invitation.title" => "Ein Konto übernehmen", "Take over an account";
    "invitation.intro" => "{inviter} möchte das Konto {account} an Sie übergeben.", "{inviter} would like to pass the account {account} on to you.";
    "invitation.account" => "Konto", "Account";
    "invitation.sent_to" => "Einladung an", "Invitation sent to";
    "invitation.valid_until" => "Gültig bis", "Valid until";
    "invitation.approval_hint" => "Das Konto gehört Ihnen, sobald Sie angenommen und unsere Mitarbeitenden die Übergabe geprüft haben.", "The account becomes yours once you have accepted and our staff have checked the transfer.";
    "invitation.accepted" => "Angenommen. Das Konto {account} gehört Ihnen, sobald unsere Mitarbeitenden die Übergabe genehmigt haben. Wir benachrichtigen Sie.", "Accepted. The account {account} becomes yours once our staff have approved the transfer. We will let you know.";
    "invitation.to_overview" => "Zu Ihrer Übersicht", "Go to your overview";
    "invitation.to_sign_in" => "Zur Anmeldung", "Go to sign-in";
    "invitation.staff" => "Mitarbeitende können keine Einladung annehmen. Melden Sie sich ab; die eingeladene Person nimmt selbst an.", "Staff cannot accept an invitation. Sign out; the invited person accepts themselves.";
    "invitation.signed_in_as" => "Sie sind als {name} angemeldet.", "You are signed in as {name}.";
    "invitation.accept" => "Einladung annehmen", "Accept the invitation";
    "invitation.sign_in_title" => "Mit Ihrem Konto annehmen", "Accept with your account";
    "invitation.sign_in_intro" => "Sie haben bereits ein Konto bei uns. Melden Sie sich mit der E-Mail-Adresse an, an die die Einladung ging.", "You already have an account with us. Sign in with the email address the invitation was sent to.";
    "invitation.email" => "E-Mail-Adresse", "Email address";
    "invitation.sign_in_and_accept" => "Anmelden und annehmen", "Sign in and accept";
    "invitation.register_title" => "Registrieren und annehmen", "Register and accept";
    "invitation.register_intro" => "Sie haben noch kein Konto bei uns. Ihre Anmeldung ist die E-Mail-Adresse, an die die Einladung ging.", "You have no account with us yet. You will sign in with the email address the invitation was sent to.";
    "invitation.name" => "Ihr vollständiger Name", "Your full name";
    "invitation.password" => "Passwort", "Password";
    "invitation.password_hint" => "Mindestens 12 Zeichen.", "At least 12 characters.";
    "invitation.password_repeat" => "Passwort wiederholen", "Repeat the password";
    "invitation.register_and_accept" => "Registrieren und annehmen", "Register and accept";
    "invitation.error.not_found" => "Dieser Link ist ungültig. Öffnen Sie den vollständigen Link aus der E-Mail.", "This link is not valid. Open the complete link from the email.";
    "invitation.error.expired" => "Diese Einladung ist abgelaufen. Bitten Sie die Kontoinhaberin oder den Kontoinhaber um eine neue.", "This invitation has expired. Ask the account holder for a new one.";
    "invitation.error.used" => "Diese Einladung wurde bereits angenommen; ein Link gilt nur einmal. Melden Sie sich an, um das Konto zu sehen, sobald es Ihnen gehört.", "This invitation was already accepted; a link works only once. Sign in to see the account once it is yours.";
    "invitation.error.withdrawn" => "Diese Einladung gilt nicht mehr: Die Übergabe wurde zurückgezogen oder entschieden.", "This invitation is no longer valid: the transfer was withdrawn or decided.";
    "invitation.error.mismatch" => "Diese Einladung ging an eine andere E-Mail-Adresse als die, mit der Sie angemeldet sind. Melden Sie sich ab und öffnen Sie den Link erneut.", "This invitation was sent to another email address than the one you are signed in with. Sign out, then open the link again.";
    "invitation.error.account_exists" => "Zu dieser E-Mail-Adresse gibt es bereits ein Konto. Melden Sie sich an und nehmen Sie dann an.", "There is already an account with this email address. Sign in, then accept.";
    "invitation.error.name" => "Geben Sie Ihren vollständigen Namen ein.", "Enter your full name.";
    "invitation.error.password_short" => "Wählen Sie ein Passwort mit mindestens 12 Zeichen.", "Choose a password of at least 12 characters.";
    "invitation.error.password_repeat" => "Die beiden Passwörter stimmen nicht überein.", "The two passwords do not match.";
    "field.card_number" => "Bitte prüfen Sie die Kartennummer: Sie passt zu keiner neuen Karte, die wir Ihnen geschickt haben.", "Please check the card number.";
    "field.expiry" => "Bitte prüfen Sie das Ablaufdatum (MM/JJ): Es passt nicht zu dieser Karte.", "Please check the expiry date.";
    "field.address" => "Diese Änderung ist so nicht möglich: Die Adresse ist schon Ihre, oder eine andere Adressänderung ist bereits geplant.", "This change is not possible as it is.";
    "field.address.street" => "Geben Sie Straße und Hausnummer ein.", "Enter the street and house number.";
    "field.address.extra" => "Bitte prüfen Sie den Adresszusatz.", "Please check the additional line.";
    "field.address.postal_code" => "Diese Postleitzahl hat nicht das Format des gewählten Landes.", "This postal code does not have the format of the chosen country.";
    "field.address.city" => "Geben Sie den Ort ohne Postleitzahl ein.", "Enter the town or city without the postal code.";
    "field.address.country" => "Wählen Sie eines der angebotenen Länder.", "Choose one of the countries offered.";
    "field.address.region" => "Geben Sie das Kürzel des Bundesstaats ein, zum Beispiel CA.", "Enter the two-letter state code, for example CA.";
    "field.effective_on" => "Das Umzugsdatum liegt zwischen morgen und 12 Monaten ab heute.", "The move date lies between tomorrow and 12 months from today.";
    "field.keep" => "Diese Auswahl ist nicht mehr möglich. Bitte prüfen Sie die Liste erneut.", "This choice is no longer possible. Please review the list again.";
    "field.new_name" => "Geben Sie den neuen Namen ein.", "Enter the new name.";
    "card.title" => "Neue Karte aktivieren", "Activate your new card";
    "card.step_enter" => "Neue Karte", "New card";
    "card.enter_title" => "Angaben Ihrer neuen Karte", "Your new card's details";
    "card.enter_intro" => "Geben Sie die Nummer und das Ablaufdatum ein, die auf Ihrer neuen Karte stehen.", "Enter the number and expiry date printed on your new card.";
    "card.number_label" => "Kartennummer", "Card number";
    "card.number_hint" => "16 Ziffern auf der Vorderseite, Leerzeichen sind erlaubt.", "16 digits on the front; spaces are fine.";
    "card.expiry_label" => "Gültig bis", "Expiry date";
    "card.expiry_hint" => "MM/JJ, zum Beispiel 12/29.", "MM/YY, for example 12/29.";
    "card.no_cvv" => "Wir fragen nie nach der Prüfnummer (CVV) auf der Rückseite.", "We never ask for the security code (CVV) on the back.";
    "card.error.number_empty" => "Geben Sie die Nummer Ihrer neuen Karte ein.", "Enter the number printed on your new card.";
    "card.error.number_digits" => "Eine Kartennummer besteht nur aus Ziffern.", "A card number has only digits.";
    "card.error.number_length" => "Eine Kartennummer hat 12 bis 19 Ziffern. Bitte prüfen Sie sie.", "A card number has 12 to 19 digits. Please check it.";
    "card.error.number_typo" => "Diese Kartennummer enthält einen Tippfehler. Bitte prüfen Sie die Ziffern.", "This card number has a typo. Please check the digits.";
    "card.error.expiry_empty" => "Geben Sie das Ablaufdatum ein, zum Beispiel 12/29.", "Enter the expiry date, for example 12/29.";
    "card.error.expiry_format" => "Geben Sie das Ablaufdatum als MM/JJ ein, zum Beispiel 12/29.", "Enter the expiry as MM/YY, for example 12/29.";
    "card.error.expiry_month" => "Der Monat liegt zwischen 01 und 12.", "The month is between 01 and 12.";
    "address.title" => "Adresse ändern", "Change your address";
    "address.step_enter" => "Neue Adresse", "New address";
    "address.enter_title" => "Ihre neue Adresse", "Your new address";
    "address.enter_intro" => "Alles, was Ihre Adresse nutzt, zieht mit um. Im nächsten Schritt sehen Sie die Liste und können einzelne Punkte bei der alten Adresse lassen.", "Everything that uses your address moves with you. Next you see the list and can leave single items at the old address.";
    "address.street" => "Straße und Hausnummer", "Street and house number";
    "address.extra" => "Adresszusatz (optional)", "Additional line (optional)";
    "address.extra_hint" => "Zum Beispiel Wohnung oder c/o.", "For example apartment or c/o.";
    "address.postal_code" => "Postleitzahl", "Postal code";
    "address.city" => "Ort", "Town or city";
    "address.country" => "Land", "Country";
    "address.region" => "Bundesstaat", "State";
    "address.region_hint" => "Zwei Buchstaben, zum Beispiel CA.", "Two letters, for example CA.";
    "address.when" => "Ab wann gilt die neue Adresse?", "When does the new address apply?";
    "address.when_now" => "Ab heute", "From today";
    "address.when_later" => "Ab einem Umzugsdatum", "From a move date";
    "address.date" => "Umzugsdatum", "Move date";
    "address.date_hint" => "Bis zu 12 Monate im Voraus.", "Up to 12 months ahead.";
    "address.error.date_empty" => "Wählen Sie das Umzugsdatum.", "Choose the move date.";
    "plan.effective_today" => "Gilt ab heute", "Takes effect today";
    "field.new_holder_email" => "Prüfen Sie die E-Mail-Adresse der neuen Kontoinhaberin oder des neuen Kontoinhabers.", "Check the new holder's email address.";
    "field.new_holder_name" => "Geben Sie den vollständigen Namen der neuen Kontoinhaberin oder des neuen Kontoinhabers ein.", "Enter the new holder's full name.";
}

// The staff console only.
dictionary! {
    STAFF_DE, STAFF_EN;
    "cases.invitation" => "Einladung der neuen Kontoinhaberin oder des neuen Kontoinhabers", "Invitation of the new holder";
    "cases.invitation_until" => "gültig bis", "valid until";
    "cases.invitation_wait" => "Genehmigen ist erst möglich, wenn die Einladung angenommen ist.", "Approval is possible once the invitation has been accepted.";
    "cases.error.invitation" => "Die neue Kontoinhaberin oder der neue Kontoinhaber hat die Einladung noch nicht angenommen. Genehmigen Sie danach, oder lehnen Sie ab.", "The new holder has not accepted the invitation yet. Approve once they have, or reject.";
    "invitation_status.pending" => "Noch nicht angenommen", "Not accepted yet";
    "invitation_status.accepted" => "Angenommen", "Accepted";
    "invitation_status.expired" => "Abgelaufen", "Expired";
    "invitation_status.withdrawn" => "Zurückgezogen", "Withdrawn";
    "cases.title" => "Vorgänge", "Cases";
    "cases.open" => "Offen, nach Frist", "Open, by deadline";
    "cases.plan" => "Was die Änderung bewirkt", "What the change does";
    "cases.documents" => "Unterlagen", "Documents";
    "cases.no_documents" => "Noch keine Unterlagen.", "No documents yet.";
    "cases.open_document" => "(öffnet in neuem Tab)", "(opens in a new tab)";
    "cases.show_document" => "Hier anzeigen", "Show it here";
    "cases.hide_document" => "Anzeige schließen", "Close the view";
    "cases.decision" => "Entscheidung", "Decision";
    "cases.reason" => "Begründung", "Reason for the decision";
    "cases.approve" => "Genehmigen", "Approve";
    "cases.reject" => "Ablehnen", "Reject";
    "cases.decided" => "Entschieden:", "Decided:";
    "cases.error.reason" => "Geben Sie eine Begründung ein.", "Enter a reason.";
    "cases.error.four_eyes" => "Vier-Augen-Prinzip: Über einen selbst eingereichten Vorgang entscheidet eine andere Person.", "Four eyes: someone else must decide a case you submitted yourself.";
    "staff.forbidden_title" => "Kein Zugriff", "No access";
    "staff.forbidden" => "Diese Seite ist nur für Mitarbeitende.", "This page is for staff only.";
    "staff.title" => "Kundinnen und Kunden", "Customers";
    "staff.search_title" => "Suchen", "Search";
    "staff.search_label" => "Kundin oder Kunde suchen", "Find a customer";
    "staff.search_hint" => "Name, Kundennummer, IBAN, letzte Kartenziffern, E-Mail oder Telefon, auch kombiniert.", "Name, customer number, IBAN, last card digits, email or phone, also combined.";
    "staff.search_submit" => "Suchen", "Search";
    "staff.error.q_short" => "Geben Sie mindestens 2 Zeichen ein.", "Enter at least 2 characters.";
    "staff.results" => "Treffer: {n}", "Results: {n}";
    "staff.matched" => "Gefunden über:", "Matched:";
    "staff.customer" => "Kundin oder Kunde", "Customer";
    "staff.timeline" => "Vollständiger Verlauf", "Full timeline";
    "staff.cases" => "Vorgänge", "Cases";
    "staff.cases_none" => "Keine Vorgänge.", "No cases.";
    "staff.overdue" => "Überfällig", "Overdue";
    "staff.due" => "fällig", "due";
    "staff.act_title" => "Als diese Kundin oder dieser Kunde handeln", "Act as this customer";
    "staff.act_reason" => "Grund", "Reason";
    "staff.act_hint" => "Mindestens 5 Zeichen. Der Grund wird im Verlauf der Kundin oder des Kunden gezeigt.", "At least 5 characters. The customer sees the reason in their timeline.";
    "staff.act_submit" => "Als diese Person handeln", "Act as this customer";
    "staff.error.reason" => "Geben Sie einen Grund mit mindestens 5 Zeichen ein.", "Enter a reason of at least 5 characters.";
    "staff.promises" => "Zusagen", "Promises";
    "staff.promises_none" => "Keine Zusagen.", "No promises.";
    "staff.promise_new" => "Zusage festhalten", "Record a promise";
    "staff.promise_text" => "Was wurde zugesagt?", "What was promised?";
    "staff.promise_due" => "Zu erledigen bis", "Due by";
    "staff.promise_submit" => "Zusage speichern", "Save promise";
    "staff.promise_kept" => "Als eingehalten markieren", "Mark as kept";
    "staff.error.promise_text" => "Beschreiben Sie die Zusage.", "Describe the promise.";
    "staff.error.due_by" => "Wählen Sie ein Datum.", "Choose a date.";
    "promise.open" => "offen", "open";
    "promise.kept" => "eingehalten", "kept";
    "promise.broken" => "nicht eingehalten", "broken";
    "staff.notes" => "Interne Notizen", "Internal notes";
    "staff.notes_none" => "Keine Notizen.", "No notes.";
    "staff.note_text" => "Notiz", "Note";
    "staff.note_hint" => "Nur für Mitarbeitende sichtbar. Notizen werden nie gelöscht; eine Änderung ist eine neue Fassung.", "Seen by staff only. Notes are never deleted; an edit is a new version.";
    "staff.note_submit" => "Notiz speichern", "Save note";
    "staff.note_save_edit" => "Neue Fassung speichern", "Save new version";
    "staff.note_edit" => "Bearbeiten", "Edit";
    "staff.note_superseded" => "Ersetzt", "Superseded";
    "staff.error.note" => "Schreiben Sie eine Notiz.", "Write a note.";
    "dash.title" => "Kennzahlen", "Figures";
    "dash.range" => "Zeitraum", "Period";
    "dash.from" => "Von", "From";
    "dash.to" => "Bis", "To";
    "dash.show" => "Anzeigen", "Show";
    "dash.last_7" => "Letzte 7 Tage", "Last 7 days";
    "dash.last_30" => "Letzte 30 Tage", "Last 30 days";
    "dash.last_90" => "Letzte 90 Tage", "Last 90 days";
    "dash.table_view" => "Zahlen als Tabellen zeigen", "Show numbers as tables";
    "dash.error.date" => "Wählen Sie ein Datum.", "Choose a date.";
    "dash.error.range" => "Das Ende des Zeitraums liegt vor seinem Anfang.", "The end of the period lies before its start.";
    "dash.period" => "Vom {from} bis zum {to}", "From {from} to {to}";
    "dash.figures" => "Auf einen Blick", "At a glance";
    "dash.empty" => "In diesem Zeitraum wurde keine Änderung abgeschlossen.", "No change was completed in this period.";
    "dash.self_service_rate" => "Selbst erledigt", "Self-service rate";
    "dash.self_service_basis" => "{n} von {total} Änderungen ohne Hilfe", "{n} of {total} changes without help";
    "dash.completed" => "Abgeschlossene Änderungen", "Completed changes";
    "dash.contacts" => "Kontakte je erledigtem Anliegen", "Contacts per resolved request";
    "dash.fcr" => "Beim ersten Kontakt gelöst", "First-contact resolution";
    "dash.median" => "Dauer bis erledigt (Median)", "Time to complete (median)";
    "dash.p90" => "Dauer bis erledigt (90 %)", "Time to complete (90th percentile)";
    "dash.cases" => "Fälle fristgerecht entschieden", "Cases decided on time";
    "dash.promises" => "Zusagen fristgerecht eingehalten", "Promises kept on time";
    "dash.outbox" => "Zustellverzug (90 %)", "Delivery lag (90th percentile)";
    "dash.of_n" => "von {n}", "of {n}";
    "dash.daily_title" => "Abgeschlossene Änderungen pro Tag", "Completed changes per day";
    "dash.by_kind" => "Nach Art", "By kind";
    "dash.by_channel" => "Nach Weg", "By channel";
    "dash.self_service" => "Selbst erledigt", "Self-service";
    "dash.staff" => "Mit Mitarbeitenden", "With staff";
    "dash.total" => "Gesamt", "Total";
    "dash.date" => "Tag", "Day";
    "dash.kind" => "Art", "Kind";
    "dash.channel" => "Weg", "Channel";
    "dash.count" => "Anzahl", "Count";
    "change_kind.card_activation" => "Karte aktiviert", "Card activated";
    "change_kind.card_block" => "Karte gesperrt", "Card blocked";
    "change_kind.card_reissue" => "Karte von der Bank ersetzt", "Card reissued by the bank";
    "change_kind.address" => "Adresse geändert", "Address changed";
    "change_kind.holder" => "Kontoinhaber gewechselt", "Account holder changed";
    "via.self_service" => "Selbst online", "Online by the customer";
    "via.staff" => "Durch Mitarbeitende", "By staff";
    "via.bulk" => "Durch die Bank (Sammelauftrag)", "By the bank (bulk run)";
    "members.title" => "Mitarbeitende", "Staff";
    "members.intro" => "Konten der Mitarbeitenden: anlegen und deaktivieren. Deaktivierte Konten bleiben sichtbar, weil der Verlauf sie nennt.", "Staff accounts: add and deactivate them. Deactivated accounts stay listed because the timeline names them.";
    "members.list_title" => "Alle Konten", "All accounts";
    "members.table_caption" => "Konten der Mitarbeitenden", "Staff accounts";
    "members.col_name" => "Name", "Name";
    "members.col_email" => "E-Mail", "Email";
    "members.col_role" => "Rolle", "Role";
    "members.col_status" => "Status", "Status";
    "members.col_action" => "Aktion", "Action";
    "members.active" => "Aktiv", "Active";
    "members.deactivated" => "Deaktiviert", "Deactivated";
    "members.you" => "Sie selbst", "You";
    "members.role.agent" => "Sachbearbeitung", "Agent";
    "members.role.supervisor" => "Teamleitung", "Supervisor";
    "members.role.admin" => "Administration", "Admin";
    "members.deactivate" => "Deaktivieren", "Deactivate";
    "members.confirm_question" => "{name} deaktivieren? Alle Sitzungen enden sofort; die Person kann sich nicht mehr anmelden.", "Deactivate {name}? All their sessions end at once and they can no longer sign in.";
    "members.confirm_yes" => "Ja, deaktivieren", "Yes, deactivate";
    "members.confirm_no" => "Abbrechen", "Cancel";
    "members.deactivated_notice" => "{name} ist deaktiviert.", "{name} is deactivated.";
    "members.added_notice" => "{name} wurde angelegt und kann sich jetzt anmelden.", "{name} was added and can sign in now.";
    "members.add_title" => "Konto anlegen", "Add an account";
    "members.name" => "Name", "Name";
    "members.email" => "E-Mail", "Email";
    "members.role" => "Rolle", "Role";
    "members.password" => "Anfangspasswort", "Initial password";
    "members.password_hint" => "Mindestens 12 Zeichen.", "At least 12 characters.";
    "members.submit" => "Konto anlegen", "Add account";
    "members.empty" => "Noch keine Konten.", "No accounts yet.";
    "members.forbidden" => "Nur Administratorinnen und Administratoren verwalten Konten der Mitarbeitenden.", "Only admins manage staff accounts.";
    "members.error.name" => "Geben Sie den Namen ein (mindestens 2 Zeichen).", "Enter the name (at least 2 characters).";
    "members.error.email" => "Geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@example.com.", "Enter a valid email address, for example name@example.com.";
    "members.error.email_taken" => "Mit dieser E-Mail-Adresse meldet sich schon jemand an.", "This email already signs in to carryover.";
    "members.error.role" => "Wählen Sie eine Rolle.", "Choose a role.";
    "members.error.password" => "Das Passwort hat mindestens 12 Zeichen.", "The password has at least 12 characters.";
    "field.q" => "Geben Sie mindestens 2 Zeichen ein.", "Enter at least 2 characters.";
    "field.note" => "Bitte prüfen Sie die Notiz.", "Please check the note.";
    "field.promise_text" => "Bitte prüfen Sie, was zugesagt wurde.", "Please check what was promised.";
    "field.due_by" => "Bitte prüfen Sie das Datum.", "Please check the date.";
    "field.decision" => "Wählen Sie: genehmigen oder ablehnen.", "Choose to approve or to reject.";
    "field.from" => "Prüfen Sie das Anfangsdatum (JJJJ-MM-TT); ein Zeitraum ist höchstens zwei Jahre lang.", "Check the start date (YYYY-MM-DD); a period is at most two years long.";
    "field.to" => "Prüfen Sie das Enddatum (JJJJ-MM-TT); es liegt nicht vor dem Anfang.", "Check the end date (YYYY-MM-DD); it does not lie before the start.";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Every table per language: what every app uses, then the others.
    fn tables(lang: Lang) -> [&'static [(&'static str, &'static str)]; 6] {
        [
            lang.table(),
            CUSTOMER.table(lang),
            STAFF.table(lang),
            LOGIN.table(lang),
            TIMELINE.table(lang),
            PLAN.table(lang),
        ]
    }

    fn keys(table: &[(&'static str, &'static str)]) -> BTreeSet<&'static str> {
        table.iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn both_languages_have_every_key_once_and_no_empty_text() {
        for lang in Lang::ALL {
            let mut seen = BTreeSet::new();
            for table in tables(lang) {
                for (k, v) in table {
                    assert!(seen.insert(*k), "{lang:?} has {k} twice");
                    assert!(!v.trim().is_empty(), "{lang:?}: {k} is empty");
                }
            }
        }
        for (de, en) in tables(Lang::De).into_iter().zip(tables(Lang::En)) {
            let (de, en) = (keys(de), keys(en));
            let only_de: Vec<_> = de.difference(&en).collect();
            let only_en: Vec<_> = en.difference(&de).collect();
            assert!(
                only_de.is_empty() && only_en.is_empty(),
                "missing in English: {only_de:?}, missing in German: {only_en:?}"
            );
        }
    }

    /// The tables beside the common one that the code in `file` (a path under `src/`) can
    /// reach: those of every app it is built into (the bins in `src/main.rs`, `src/bin/`).
    fn reachable(file: &Path) -> &'static [&'static AppStrings] {
        let is = |path: &str| file.ends_with(path);
        // The home's own pages: the common table only.
        let home = [
            "overview.rs",
            "actions.rs",
            "block_card.rs",
            "scheduled.rs",
            "skeleton.rs",
        ];
        if file.starts_with("customer") && home.iter().any(|f| is(f)) {
            &HOME_STRINGS
        } else if is("customer/login.rs")
            || is("components/login_form.rs")
            || is("components/sign_in_again.rs")
        {
            &SIGN_IN_STRINGS
        } else if is("components/timeline.rs") || is("timeline_text.rs") {
            // In the changes and the console, both of which register the timeline's.
            static TIMELINE_ONLY: [&AppStrings; 1] = [&TIMELINE];
            &TIMELINE_ONLY
        } else if is("components/plan_review.rs") {
            // In the changes and the console, both of which register the plan's.
            static PLAN_ONLY: [&AppStrings; 1] = [&PLAN];
            &PLAN_ONLY
        } else if file.starts_with("customer") {
            &CHANGES_STRINGS
        } else if file.starts_with("staff") {
            &STAFF_STRINGS
        } else {
            &HOME_STRINGS
        }
    }

    /// Every string literal in the source that looks like a key (`"overview.title"`,
    /// `"status.active"`) exists in both languages, however it reaches `tr`, in a table the code
    /// that uses it can reach ([`reachable`]): a key only in a table its app does not register
    /// would show as the key itself.
    #[test]
    fn every_key_used_in_the_source_exists_in_both_languages() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = Vec::new();
        collect_used_keys(&src, &src, &mut used);
        for (file, key) in &used {
            for lang in Lang::ALL {
                let found = find(lang.table(), key).or_else(|| {
                    reachable(file)
                        .iter()
                        .find_map(|a| find(a.table(lang), key))
                });
                assert!(
                    found.is_some(),
                    "key {key:?} is used in src/{} but missing in {lang:?} (or in a table it cannot reach)",
                    file.display()
                );
            }
        }
        assert!(used.len() > 40, "the scan found too few keys");
        assert_eq!(reachable(Path::new("customer/overview.rs")).len(), 0);
        assert_eq!(reachable(Path::new("customer/flow.rs")).len(), 4);
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
        "nav.",
        "form.",
        "field.",
        "flow.",
        "confirm.",
        "receipt.",
        "card.",
        "address.",
        "country.",
        "plan.",
        "kind.",
        "srv.",
        "timeline.",
        "event.",
        "block.",
        "staff.",
        "idle.",
        "holder.",
        "upload.",
        "invitation.",
        "invitation_status.",
        "case.",
        "cases.",
        "acting.",
        "promise.",
        "dash.",
        "change_kind.",
        "via.",
        "members.",
        "title.",
    ];

    /// (file under `root`, key) for every key in the `.rs` files under `dir`.
    fn collect_used_keys(root: &Path, dir: &Path, used: &mut Vec<(std::path::PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect_used_keys(root, &path, used);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs") {
                let file = path.strip_prefix(root).unwrap().to_path_buf();
                let text = std::fs::read_to_string(&path).unwrap();
                // A test's literals are data (field names, server answers), not the UI's keys.
                let text = text.split("#[cfg(test)]").next().unwrap_or_default();
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
                        used.push((file.clone(), candidate.to_owned()));
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
        use_app_strings(&SIGN_IN_STRINGS);
        assert_eq!(format_date(Lang::De, "2026-12-01"), "01.12.2026");
        assert_eq!(format_date(Lang::En, "2026-12-01"), "2026-12-01");
        assert_eq!(label(Lang::De, "freq", "monthly"), "monatlich");
        assert_eq!(label(Lang::En, "freq", "fortnightly"), "fortnightly");
        assert_eq!(tr(Lang::De, "login.title"), "Anmelden");
    }

    #[test]
    fn the_page_drawn_before_the_app_runs_says_what_the_app_says() {
        // index.html draws the header and the sign-in page until the wasm has arrived; the app
        // then draws them again in the same place, so the words must be the same.
        let page = include_str!("../index.html");
        use_app_strings(&SIGN_IN_STRINGS);
        for lang in [Lang::De, Lang::En] {
            for key in [
                "app.tagline",
                "login.title",
                "login.intro",
                "overview.title",
            ] {
                let text = format!("'{}'", tr(lang, key));
                assert!(page.contains(&text), "index.html lacks {text} ({key})");
            }
        }
    }
}
