//! Form fields with their errors: label, hint, input and an inline error tied to the input by
//! `aria-describedby`, plus the form's alert region. One shape for every form of the change flows.

use crate::api;
use crate::i18n::{Lang, lookup, tr};
use crate::locale::use_i18n;
use leptos::prelude::*;
use shared::ErrorCode;
use wasm_bindgen::JsCast;

/// A message in the current language (a key), or as the server worded it for a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Key(&'static str),
    Server { field: String, text: String },
}

impl Msg {
    /// The server words its messages in English; in German a message per field says what to check.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Msg::Key(key) => tr(lang, key).to_owned(),
            Msg::Server { text, .. } if lang == Lang::En => text.clone(),
            Msg::Server { field, text } => lookup(lang, &format!("field.{field}"))
                .map(str::to_owned)
                .unwrap_or_else(|| text.clone()),
        }
    }
}

/// What is wrong with a form: per field (in the form's order) and a summary for the alert region.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Problems {
    pub fields: Vec<(&'static str, Msg)>,
    pub form: Option<Msg>,
}

impl Problems {
    pub fn field(&self, name: &str) -> Option<Msg> {
        self.fields
            .iter()
            .find(|(f, _)| *f == name)
            .map(|(_, m)| m.clone())
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_none()
    }

    /// Client-side findings, `order` being the form's fields top to bottom.
    pub fn from_fields(found: Vec<(&'static str, Msg)>) -> Problems {
        let form = (!found.is_empty()).then_some(Msg::Key("form.check"));
        Problems {
            fields: found,
            form,
        }
    }

    /// A server error: field errors go under the fields in `order` (top to bottom), anything else
    /// into the alert region.
    pub fn from_error(err: &api::Error, order: &[&'static str]) -> Problems {
        let mut problems = Problems::default();
        match err.code {
            ErrorCode::InvalidInput => {
                for name in order {
                    if let Some(e) = err.errors.iter().find(|e| e.field == *name) {
                        problems.fields.push((
                            name,
                            Msg::Server {
                                field: e.field.clone(),
                                text: e.message.clone(),
                            },
                        ));
                    }
                }
                problems.form = Some(
                    match err
                        .errors
                        .iter()
                        .find(|e| !order.contains(&e.field.as_str()))
                    {
                        Some(e) => Msg::Server {
                            field: e.field.clone(),
                            text: e.message.clone(),
                        },
                        None if problems.fields.is_empty() => Msg::Server {
                            field: String::new(),
                            text: err.message.clone(),
                        },
                        None => Msg::Key("form.check"),
                    },
                );
            }
            code => problems.form = Some(Msg::Key(error_key(code))),
        }
        problems
    }
}

/// The message key for an error that is not about one field.
pub fn error_key(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::RateLimited => "error.rate_limited",
        ErrorCode::Unavailable => "error.unavailable",
        ErrorCode::Forbidden => "error.forbidden",
        ErrorCode::Unauthenticated => "error.session",
        ErrorCode::NotFound => "error.not_found",
        ErrorCode::Conflict | ErrorCode::VersionMismatch | ErrorCode::ChangeStateChanged => {
            "error.conflict"
        }
        ErrorCode::ChangePending => "error.change_pending",
        _ => "error.generic",
    }
}

/// The element id of an API field: `address.postal_code` → `address-postal_code`.
pub fn field_id(name: &str) -> String {
    name.replace('.', "-")
}

/// Moves focus to an element by id (after the browser drew the change).
pub fn focus_id(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Focuses the first field with a problem.
pub fn focus_first(problems: &Problems) {
    if let Some((name, _)) = problems.fields.first() {
        focus_id(field_id(name));
    }
}

/// The alert region of a form: announced when it fills.
#[component]
pub fn FormAlert(problems: RwSignal<Problems>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="form-alert" role="alert" aria-live="assertive" data-testid="form-alert">
            {move || problems.with(|p| p.form.clone()).map(|m| view! { <p>{m.text(i.lang())}</p> })}
        </div>
    }
}

/// A labelled input for the API field `name`, with an optional hint and its inline error.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    problems: RwSignal<Problems>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] min: Option<String>,
    #[prop(optional)] max: Option<String>,
) -> impl IntoView {
    let i = use_i18n();
    let id = field_id(name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = move || problems.with(|p| p.field(name));
    let described = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if error().is_some() {
                ids.push(error_id.clone());
            }
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--invalid=move || error().is_some()>
            <label for=id.clone()>{i.t(label)}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{i.t(h)}</p> })}
            <input
                id=id
                name=name
                type=kind
                inputmode=inputmode
                autocomplete=autocomplete
                min=min
                max=max
                spellcheck="false"
                bind:value=value
                aria-invalid=move || error().map(|_| "true")
                aria-describedby=described
            />
            {move || error().map(|m| view! {
                <p class="field__error" id=error_id.clone()>{m.text(i.lang())}</p>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api::FieldMessage;

    fn invalid(errors: &[(&str, &str)]) -> api::Error {
        let mut e = api::Error::new(ErrorCode::InvalidInput, errors[0].1);
        e.errors = errors
            .iter()
            .map(|(f, m)| FieldMessage {
                field: (*f).into(),
                message: (*m).into(),
                reason: None,
            })
            .collect();
        e
    }

    #[test]
    fn server_field_errors_follow_the_form_order() {
        // The changes app registers these strings; the home does not carry them.
        crate::i18n::use_app_strings(&crate::i18n::CHANGES_STRINGS);
        let order = ["address.street", "address.postal_code", "address.city"];
        let p = Problems::from_error(
            &invalid(&[
                ("address.city", "City."),
                ("address.postal_code", "Five digits."),
            ]),
            &order,
        );
        let names: Vec<_> = p.fields.iter().map(|(f, _)| *f).collect();
        assert_eq!(names, ["address.postal_code", "address.city"]);
        assert_eq!(p.form, Some(Msg::Key("form.check")));
        assert_eq!(p.field("address.city").unwrap().text(Lang::En), "City.");
        assert_eq!(
            p.field("address.city").unwrap().text(Lang::De),
            tr(Lang::De, "field.address.city")
        );
    }

    #[test]
    fn an_error_on_no_known_field_goes_to_the_alert() {
        let p = Problems::from_error(
            &invalid(&[("address", "Already scheduled.")]),
            &["address.street"],
        );
        assert!(p.fields.is_empty());
        assert_eq!(p.form.unwrap().text(Lang::En), "Already scheduled.");
        let p = Problems::from_error(
            &api::Error::new(ErrorCode::RateLimited, "x"),
            &["address.street"],
        );
        assert_eq!(p.form, Some(Msg::Key("error.rate_limited")));
    }
}
