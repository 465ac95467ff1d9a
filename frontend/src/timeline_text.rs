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
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// What the app reads of an entry's `data`: the event code, its parameters and who acted.
/// Read loosely, like the untyped value it replaces (whose parser cost more wasm than all the
/// typed answers together): a part of another shape than expected is left out, and the entry
/// then shows the server's `summary`, never a failed timeline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntryData {
    pub event: Option<String>,
    pub params: Params,
    /// `{"staff": name, "for": customer}` or `{"bank": true, …}`.
    pub actor: Params,
}

/// Named parameters (an object); anything but an object reads as none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(BTreeMap<String, Param>);

impl Params {
    fn get(&self, name: &str) -> Option<&Param> {
        self.0.get(name)
    }
}

/// One parameter: a text (numbers as written), a flag, or something no template shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    Text(String),
    Flag(bool),
    Other,
}

/// Reads any JSON value as `T` when it has `T`'s shape, skipping it otherwise.
trait Loose: Sized {
    fn skipped() -> Self;
    fn text(_: String) -> Self {
        Self::skipped()
    }
    /// A whole number, as written: a text to a parameter.
    fn number(v: String) -> Self {
        Self::text(v)
    }
    fn flag(_: bool) -> Self {
        Self::skipped()
    }
    fn object<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Self::skipped())
    }
}

struct LooseVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Loose> Visitor<'de> for LooseVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<T, E> {
        Ok(T::text(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<T, E> {
        Ok(T::text(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<T, E> {
        Ok(T::number(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<T, E> {
        Ok(T::number(v.to_string()))
    }
    // No template shows a fraction; skipping it keeps float formatting out of the wasm.
    fn visit_f64<E>(self, _: f64) -> Result<T, E> {
        Ok(T::skipped())
    }
    fn visit_bool<E>(self, v: bool) -> Result<T, E> {
        Ok(T::flag(v))
    }
    fn visit_unit<E>(self) -> Result<T, E> {
        Ok(T::skipped())
    }
    fn visit_none<E>(self) -> Result<T, E> {
        Ok(T::skipped())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(T::skipped())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::object(map)
    }
}

macro_rules! loose_deserialize {
    ($($t:ty),*) => {$(
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(LooseVisitor(std::marker::PhantomData))
            }
        }
    )*};
}
loose_deserialize!(EntryData, Params, Param, Code);

impl Loose for Param {
    fn skipped() -> Self {
        Param::Other
    }
    fn text(v: String) -> Self {
        Param::Text(v)
    }
    fn flag(v: bool) -> Self {
        Param::Flag(v)
    }
}

impl Loose for Params {
    fn skipped() -> Self {
        Params::default()
    }
    fn object<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut params = BTreeMap::new();
        while let Some((name, value)) = map.next_entry::<String, Param>()? {
            params.insert(name, value);
        }
        Ok(Params(params))
    }
}

/// An event code: a text, else none.
struct Code(Option<String>);

impl Loose for Code {
    fn skipped() -> Self {
        Code(None)
    }
    fn text(v: String) -> Self {
        Code(Some(v))
    }
    fn number(_: String) -> Self {
        Code(None)
    }
}

impl Loose for EntryData {
    fn skipped() -> Self {
        EntryData::default()
    }
    fn object<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut data = EntryData::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "event" => data.event = map.next_value::<Code>()?.0,
                "params" => data.params = map.next_value()?,
                "actor" => data.actor = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(data)
    }
}

/// The template of `code` filled from `params`; `None` without a template or with a parameter
/// missing.
pub fn render(
    lang: Lang,
    code: &str,
    params: &Params,
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
pub fn summary(lang: Lang, data: &EntryData, summary: &str, at: &dyn Fn(&str) -> String) -> String {
    data.event
        .as_deref()
        .and_then(|code| render(lang, code, &data.params, at))
        .unwrap_or_else(|| summary.to_owned())
}

/// Who acted: staff (acting for the customer) or the bank (a bulk run) worded in `lang` from
/// `data.actor`, else the server's `actor` (a customer's name, "carryover").
pub fn actor(lang: Lang, data: &EntryData, actor: &str) -> String {
    let parts = &data.actor;
    if parts.get("bank") == Some(&Param::Flag(true)) {
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

fn text(value: &Param) -> Option<String> {
    match value {
        Param::Text(s) => Some(s.clone()),
        Param::Flag(b) => Some(b.to_string()),
        Param::Other => None,
    }
}

fn fill(
    lang: Lang,
    template: &str,
    params: &Params,
    at: &dyn Fn(&str) -> String,
) -> Option<String> {
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
    use serde_json::{Value, json};

    /// What the app decodes from `value`.
    fn read<T: for<'de> Deserialize<'de>>(value: Value) -> T {
        serde_json::from_value(value).unwrap()
    }

    fn plain(at: &str) -> String {
        format!("<{at}>")
    }

    fn both(code: &str, params: Value) -> (String, String) {
        let params: Params = read(params);
        (
            render(Lang::En, code, &params, &plain).unwrap(),
            render(Lang::De, code, &params, &plain).unwrap(),
        )
    }

    #[test]
    fn english_reproduces_the_server_summaries_and_german_has_its_own_words() {
        crate::i18n::use_app_strings(&crate::i18n::CHANGES_STRINGS);
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
        crate::i18n::use_app_strings(&crate::i18n::CHANGES_STRINGS);
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
        crate::i18n::use_app_strings(&crate::i18n::CHANGES_STRINGS);
        let old: EntryData = read(json!({"change_id": "c1"}));
        assert_eq!(summary(Lang::De, &old, "Old words", &plain), "Old words");
        assert_eq!(
            summary(Lang::De, &read(Value::Null), "Old words", &plain),
            "Old words"
        );
        let unknown: EntryData = read(json!({"event": "something_new", "params": {}}));
        assert_eq!(
            summary(Lang::De, &unknown, "New words", &plain),
            "New words"
        );
        let missing: EntryData =
            read(json!({"event": "card_activated", "params": {"card": "Visa"}}));
        assert_eq!(
            summary(Lang::De, &missing, "Card words", &plain),
            "Card words"
        );
        let known: EntryData = read(json!({"event": "change_cancelled", "params": {}}));
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
        crate::i18n::use_app_strings(&crate::i18n::CHANGES_STRINGS);
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
        crate::i18n::use_app_strings(&crate::i18n::CHANGES_STRINGS);
        let acting: EntryData =
            read(json!({"actor": {"staff": "Anna Agent", "for": "Max Mustermann"}}));
        assert_eq!(
            actor(Lang::En, &acting, "x"),
            "Anna Agent (staff) for Max Mustermann"
        );
        assert_eq!(
            actor(Lang::De, &acting, "x"),
            "Anna Agent (Service-Team) für Max Mustermann"
        );
        let bank: EntryData = read(json!({"actor": {"bank": true, "channel": "bulk"}}));
        assert_eq!(actor(Lang::En, &bank, "the bank"), "the bank");
        assert_eq!(actor(Lang::De, &bank, "the bank"), "Ihre Bank");
        let staff: EntryData = read(json!({"actor": {"staff": "Anna Agent"}}));
        assert_eq!(actor(Lang::En, &staff, "x"), "Anna Agent (staff)");
        assert_eq!(actor(Lang::De, &staff, "x"), "Anna Agent (Service-Team)");
        assert_eq!(
            actor(Lang::De, &read(json!({})), "Max Mustermann"),
            "Max Mustermann"
        );
    }

    #[test]
    fn parts_of_an_unexpected_shape_are_left_out_not_fatal() {
        crate::i18n::use_app_strings(&crate::i18n::CHANGES_STRINGS);
        let odd: EntryData = read(json!({
            "event": 7,
            "params": ["card"],
            "actor": "Max",
            "extra": {"deep": [1, 2.5, null]}
        }));
        assert_eq!(odd, EntryData::default());
        assert_eq!(summary(Lang::En, &odd, "As written", &plain), "As written");
        assert_eq!(read::<EntryData>(json!("text")), EntryData::default());
        // A fraction is no text a template shows: the summary stands in.
        let fraction: EntryData =
            read(json!({"event": "card_activated", "params": {"card": "Visa", "moved": 1.5}}));
        assert_eq!(summary(Lang::En, &fraction, "Summary", &plain), "Summary");
        let flags: Params = read(json!({"bank": true, "n": 3, "s": "x", "list": [1]}));
        assert_eq!(flags.get("bank"), Some(&Param::Flag(true)));
        assert_eq!(flags.get("n"), Some(&Param::Text("3".into())));
        assert_eq!(flags.get("list"), Some(&Param::Other));
    }
}
