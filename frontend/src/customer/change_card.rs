//! Activate a replacement card: type its number and expiry (never the CVV), review everything that
//! moves to it, confirm with the password, get a receipt. The typed number lives only in this
//! page's memory and is cleared once the receipt shows.

use super::flow::{ChangeFlow, Flow};
use crate::api;
use crate::components::field::{FormAlert, Msg, Problems, TextField, focus_first};
use crate::components::sign_in_again::use_sign_in_again;
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::side::AppLink;
use crate::submit::Submit;
use leptos::prelude::*;
use shared::api::PreviewRequest;
use shared::domain::luhn_valid;

const FIELDS: &[&str] = &["card_number", "expiry"];

fn number_error(input: &str) -> Option<&'static str> {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.is_empty() {
        Some("card.error.number_empty")
    } else if !digits.bytes().all(|b| b.is_ascii_digit()) {
        Some("card.error.number_digits")
    } else if !(12..=19).contains(&digits.len()) {
        Some("card.error.number_length")
    } else if !luhn_valid(&digits) {
        Some("card.error.number_typo")
    } else {
        None
    }
}

fn expiry_error(input: &str) -> Option<&'static str> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Some("card.error.expiry_empty");
    }
    let Some((m, y)) = s.split_once('/') else {
        return Some("card.error.expiry_format");
    };
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(m, 1..=2) || !digits(y, 2..=2) {
        Some("card.error.expiry_format")
    } else if !matches!(m.parse::<u8>(), Ok(1..=12)) {
        Some("card.error.expiry_month")
    } else {
        None
    }
}

fn validate(number: &str, expiry: &str) -> Problems {
    let mut found = Vec::new();
    if let Some(key) = number_error(number) {
        found.push(("card_number", Msg::Key(key)));
    }
    if let Some(key) = expiry_error(expiry) {
        found.push(("expiry", Msg::Key(key)));
    }
    Problems::from_fields(found)
}

#[component]
pub fn ChangeCardPage() -> impl IntoView {
    let i = use_i18n();
    let again = use_sign_in_again();
    let flow = Flow::new();
    let number = RwSignal::new(String::new());
    let expiry = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let submit = Submit::new();
    let pending = submit.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let (card_number, expiry_value) = (number.get_untracked(), expiry.get_untracked());
        let found = validate(&card_number, &expiry_value);
        if !found.is_empty() {
            focus_first(&found);
            problems.set(found);
            return;
        }
        problems.set(Problems::default());
        submit.run(async move {
            let request = PreviewRequest::CardActivation {
                card_number,
                expiry: expiry_value.trim().to_owned(),
            };
            let result = api::preview(request).await;
            flow.previewed(result, again, problems, FIELDS);
        });
    };
    // The receipt is shown: the typed number is no longer needed.
    let on_done = Callback::new(move |()| {
        number.set(String::new());
        expiry.set(String::new());
    });

    view! {
        <PageHeading text={i.t("card.title")}/>
        <ChangeFlow flow steps=["card.step_enter", "flow.step_review", "flow.step_confirm", "flow.step_done"] on_done>
            <section class="panel" aria-labelledby="step-heading">
                <h2 id="step-heading" tabindex="-1">{i.t("card.enter_title")}</h2>
                <p>{i.t("card.enter_intro")}</p>
                <FormAlert problems/>
                <form novalidate on:submit=on_submit>
                    <TextField
                        name="card_number"
                        label="card.number_label"
                        hint="card.number_hint"
                        value=number
                        problems
                        inputmode="numeric"
                        autocomplete="cc-number"
                    />
                    <TextField
                        name="expiry"
                        label="card.expiry_label"
                        hint="card.expiry_hint"
                        value=expiry
                        problems
                        inputmode="numeric"
                        autocomplete="cc-exp"
                    />
                    <p class="muted">{i.t("card.no_cvv")}</p>
                    <div class="actions">
                        <button type="submit" class="button button--primary" aria-disabled=move || pending.get().then_some("true")>
                            {move || if pending.get() { i.s("flow.planning") } else { i.s("flow.continue") }}
                        </button>
                        <AppLink href="/" class="button button--secondary">{i.t("flow.cancel")}</AppLink>
                    </div>
                </form>
            </section>
        </ChangeFlow>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_input_is_checked_before_anything_is_sent() {
        assert_eq!(number_error("4242 4242 4242 4242"), None);
        assert_eq!(
            number_error("4242-4242-4242-4241"),
            Some("card.error.number_typo")
        );
        assert_eq!(number_error(""), Some("card.error.number_empty"));
        assert_eq!(number_error("4242"), Some("card.error.number_length"));
        assert_eq!(number_error("4242 abcd"), Some("card.error.number_digits"));
        assert_eq!(expiry_error("12/29"), None);
        assert_eq!(expiry_error(" 3/28"), None);
        assert_eq!(expiry_error("13/29"), Some("card.error.expiry_month"));
        assert_eq!(expiry_error("1229"), Some("card.error.expiry_format"));
        assert_eq!(expiry_error("12/2029"), Some("card.error.expiry_format"));
        assert_eq!(expiry_error(""), Some("card.error.expiry_empty"));
        let p = validate("4242 4242 4242 4241", "");
        assert_eq!(p.fields.len(), 2);
        assert_eq!(p.fields[0].0, "card_number");
    }
}
