//! A timeline entry's words in the reader's language. The server writes a stable event code and
//! its parameters into the entry's `data` (`"event": "card_activated", "params": {"card": …}`);
//! the template `timeline.event.<code>` words it here. Old rows and codes this app does not know
//! show the server's English `summary`.
//!
//! Placeholders: `{name}` is the parameter as written (names, notes, addresses), `{name:date}` an
//! ISO date, `{name:at}` an RFC 3339 instant (formatted by the caller's `at`, the browser's time
//! zone in the app), `{name:<prefix>}` a code shown as `label(lang, prefix, value)` (a channel, a
//! reason). A template whose parameter is missing is not used.

use crate::i18n::{Lang, format_date, label, lookup};
use serde_json::Value;

/// The template of `code` filled from `params`; `None` without a template or with a parameter
/// missing.
pub fn render(
    lang: Lang,
    code: &str,
    params: &Value,
    at: &dyn Fn(&str) -> String,
) -> Option<String> {
    fill(
        lang,
        lookup(lang, &format!("timeline.event.{code}"))?,
        params,
        at,
    )
}

/// What an entry says: the rendered event, or the server's `summary`.
pub fn summary(lang: Lang, data: &Value, summary: &str, at: &dyn Fn(&str) -> String) -> String {
    data.get("event")
        .and_then(Value::as_str)
        .and_then(|code| render(lang, code, data.get("params").unwrap_or(&Value::Null), at))
        .unwrap_or_else(|| summary.to_owned())
}

/// Who acted: staff (acting for the customer) or the bank (a bulk run) worded in `lang` from
/// `data.actor`, else the server's `actor` (a customer's name, "carryover").
pub fn actor(lang: Lang, data: &Value, actor: &str) -> String {
    let parts = data.get("actor").unwrap_or(&Value::Null);
    if parts.get("bank").and_then(Value::as_bool) == Some(true) {
        return lookup(lang, "timeline.actor.bank").map_or_else(|| actor.to_owned(), str::to_owned);
    }
    let key = if parts.get("for").is_some() {
        "timeline.actor.staff_for"
    } else {
        "timeline.actor.staff"
    };
    match parts.get("staff") {
        Some(_) => lookup(lang, key)
            .and_then(|t| fill(lang, t, parts, &|s| s.to_owned()))
            .unwrap_or_else(|| actor.to_owned()),
        None => actor.to_owned(),
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn fill(lang: Lang, template: &str, params: &Value, at: &dyn Fn(&str) -> String) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let (name, format) = after[..close]
            .split_once(':')
            .unwrap_or((&after[..close], ""));
        let value = text(params.get(name)?)?;
        out.push_str(&match format {
            "" => value,
            "date" => format_date(lang, &value),
            "at" => at(&value),
            prefix => label(lang, prefix, &value),
        });
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plain(at: &str) -> String {
        format!("<{at}>")
    }

    fn both(code: &str, params: Value) -> (String, String) {
        (
            render(Lang::En, code, &params, &plain).unwrap(),
            render(Lang::De, code, &params, &plain).unwrap(),
        )
    }

    #[test]
    fn english_reproduces_the_server_summaries_and_german_has_its_own_words() {
        let (en, de) = both(
            "card_activated",
            json!({"card": "Visa •••• 4242 (12/29)", "moved": 7}),
        );
        assert_eq!(
            en,
            "New card Visa •••• 4242 (12/29) activated; 7 items carried over"
        );
        assert_eq!(
            de,
            "Neue Karte Visa •••• 4242 (12/29) aktiviert; 7 Einträge übernommen"
        );

        let (en, de) = both(
            "address_notification",
            json!({"channel": "letter", "recipient": "Domstraße 1, 50667 Köln"}),
        );
        assert_eq!(
            en,
            "Letter about the address change to Domstraße 1, 50667 Köln"
        );
        assert_eq!(de, "Brief zur Adressänderung an Domstraße 1, 50667 Köln");
        let (en, de) = both(
            "address_notification",
            json!({"channel": "email", "recipient": "m***@example.com"}),
        );
        assert_eq!(en, "Email about the address change to m***@example.com");
        assert_eq!(de, "E-Mail zur Adressänderung an m***@example.com");
    }

    #[test]
    fn codes_are_labelled_dates_formatted_and_free_text_kept() {
        let (en, de) = both(
            "card_blocked",
            json!({"card": "Visa •••• 4242 (12/29)", "reason": "stolen", "replacement": "0005", "waiting": 2}),
        );
        assert_eq!(
            en,
            "Card Visa •••• 4242 (12/29) blocked (stolen); replacement •••• 0005 ordered; 2 payments wait for it"
        );
        assert!(de.contains("(gestohlen)"), "{de}");

        let (en, de) = both(
            "address_change_scheduled",
            json!({"effective_on": "2026-12-01", "moved": 3}),
        );
        assert_eq!(
            en,
            "Address change scheduled for 2026-12-01; 3 items will follow"
        );
        assert!(de.contains("01.12.2026"), "{de}");

        let (en, de) = both(
            "promise_made",
            json!({"staff": "Anna Agent", "text": "Rückruf morgen", "due": "2026-11-24T10:00:00Z"}),
        );
        assert_eq!(
            en,
            "Anna Agent promised: Rückruf morgen (by <2026-11-24T10:00:00Z>)"
        );
        assert_eq!(
            de,
            "Anna Agent hat zugesagt: Rückruf morgen (bis <2026-11-24T10:00:00Z>)"
        );

        let (en, de) = both(
            "staff_looked",
            json!({"staff": "Anna Agent", "what": "timeline"}),
        );
        assert_eq!(en, "Anna Agent looked at the timeline");
        assert_eq!(de, "Anna Agent hat den Verlauf angesehen");
    }

    #[test]
    fn without_a_code_a_template_or_a_parameter_the_summary_shows() {
        let old = json!({"change_id": "c1"});
        assert_eq!(summary(Lang::De, &old, "Old words", &plain), "Old words");
        assert_eq!(
            summary(Lang::De, &Value::Null, "Old words", &plain),
            "Old words"
        );
        let unknown = json!({"event": "something_new", "params": {}});
        assert_eq!(
            summary(Lang::De, &unknown, "New words", &plain),
            "New words"
        );
        let missing = json!({"event": "card_activated", "params": {"card": "Visa"}});
        assert_eq!(
            summary(Lang::De, &missing, "Card words", &plain),
            "Card words"
        );
        let known = json!({"event": "change_cancelled", "params": {}});
        assert_eq!(
            summary(
                Lang::De,
                &known,
                "Change cancelled before it took effect",
                &plain
            ),
            "Änderung storniert, bevor sie wirksam wurde"
        );
        assert_eq!(
            summary(Lang::En, &known, "anything", &plain),
            "Change cancelled before it took effect"
        );
    }

    #[test]
    fn every_event_code_the_server_writes_has_a_template_in_both_languages() {
        let codes = [
            "card_activated",
            "card_blocked",
            "card_reissued",
            "card_reissued_carried_over",
            "address_changed",
            "address_change_scheduled",
            "address_notification",
            "holder_change_submitted",
            "holder_change_approved",
            "case_closed",
            "request_rejected",
            "case_escalated",
            "change_cancelled",
            "change_disputed",
            "document_uploaded",
            "staff_looked",
            "acting_started",
            "acting_stopped",
            "acting_expired",
            "promise_made",
            "promise_kept",
            "promise_broken",
            "note",
            "invitation_sent",
            "invitation_accepted",
            "invitation_accepted_by_you",
            "invitation_accepted_registered_by_you",
            "scheduled_change_failed",
            "scheduled_address_applied",
        ];
        for code in codes {
            for lang in Lang::ALL {
                assert!(
                    lookup(lang, &format!("timeline.event.{code}")).is_some(),
                    "{code} has no template in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn staff_actors_are_worded_in_the_language() {
        let acting = json!({"actor": {"staff": "Anna Agent", "for": "Max Mustermann"}});
        assert_eq!(
            actor(Lang::En, &acting, "x"),
            "Anna Agent (staff) for Max Mustermann"
        );
        assert_eq!(
            actor(Lang::De, &acting, "x"),
            "Anna Agent (Service-Team) für Max Mustermann"
        );
        let bank = json!({"actor": {"bank": true, "channel": "bulk"}});
        assert_eq!(actor(Lang::En, &bank, "the bank"), "the bank");
        assert_eq!(actor(Lang::De, &bank, "the bank"), "Ihre Bank");
        let staff = json!({"actor": {"staff": "Anna Agent"}});
        assert_eq!(actor(Lang::En, &staff, "x"), "Anna Agent (staff)");
        assert_eq!(actor(Lang::De, &staff, "x"), "Anna Agent (Service-Team)");
        assert_eq!(
            actor(Lang::De, &json!({}), "Max Mustermann"),
            "Max Mustermann"
        );
    }
}
