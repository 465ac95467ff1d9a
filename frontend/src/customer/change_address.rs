//! Change the home address, today or from a move date: everything that uses the address follows,
//! except what the customer chooses to keep at the old address; old and new address are told.

use super::flow::{ChangeFlow, Flow};
use crate::api;
use crate::components::field::{FormAlert, Msg, Problems, TextField, focus_first};
use crate::components::sign_in_again::use_sign_in_again;
use crate::dates::today_plus;
use crate::i18n::lookup;
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::side::AppLink;
use crate::submit::Submit;
use leptos::prelude::*;
use shared::api::{Address, PreviewRequest};

/// The API fields of the form, top to bottom.
const FIELDS: &[&str] = &[
    "address.street",
    "address.extra",
    "address.postal_code",
    "address.city",
    "address.country",
    "address.region",
    "effective_on",
];

const COUNTRIES: [&str; 10] = ["DE", "AT", "CH", "FR", "NL", "BE", "IT", "ES", "GB", "US"];

/// Everything typed into the form; owned by the page so that going back keeps it.
#[derive(Clone, Copy)]
struct Form {
    street: RwSignal<String>,
    extra: RwSignal<String>,
    postal_code: RwSignal<String>,
    city: RwSignal<String>,
    country: RwSignal<String>,
    region: RwSignal<String>,
    /// Moving on a later date rather than today.
    later: RwSignal<bool>,
    date: RwSignal<String>,
    keep: RwSignal<Vec<String>>,
}

impl Form {
    fn new() -> Form {
        let s = || RwSignal::new(String::new());
        Form {
            street: s(),
            extra: s(),
            postal_code: s(),
            city: s(),
            country: RwSignal::new("DE".into()),
            region: s(),
            later: RwSignal::new(false),
            date: s(),
            keep: RwSignal::new(Vec::new()),
        }
    }

    fn request(self, keep: Vec<String>) -> PreviewRequest {
        let optional =
            |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let country = self.country.get_untracked();
        PreviewRequest::Address {
            address: Address {
                street: self.street.get_untracked(),
                postal_code: self.postal_code.get_untracked(),
                city: self.city.get_untracked(),
                extra: optional(self.extra),
                region: if country == "US" {
                    optional(self.region)
                } else {
                    None
                },
                country,
            },
            effective_on: if self.later.get_untracked() {
                optional(self.date)
            } else {
                None
            },
            keep,
        }
    }
}

#[component]
pub fn ChangeAddressPage() -> impl IntoView {
    let i = use_i18n();
    let again = use_sign_in_again();
    let flow = Flow::new();
    let form = Form::new();
    let problems = RwSignal::new(Problems::default());
    let submit = Submit::new();
    let pending = submit.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        if form.later.get_untracked() && form.date.get_untracked().is_empty() {
            let found =
                Problems::from_fields(vec![("effective_on", Msg::Key("address.error.date_empty"))]);
            focus_first(&found);
            problems.set(found);
            return;
        }
        problems.set(Problems::default());
        submit.run(async move {
            let result = api::preview(form.request(form.keep.get_untracked())).await;
            flow.previewed(result, again, problems, FIELDS);
        });
    };

    // Ticking "keep at the old address" plans again with the new choice.
    let choices = super::choices::replanning(flow, form.keep, move |keep| form.request(keep));
    let on_done = Callback::new(move |()| form.keep.set(Vec::new()));

    let country_error = move || problems.with(|p| p.field("address.country"));

    view! {
        <PageHeading text={i.t("address.title")}/>
        <ChangeFlow flow steps=["address.step_enter", "flow.step_review", "flow.step_confirm", "flow.step_done"] on_done choices>
            <section class="panel" aria-labelledby="step-heading">
                <h2 id="step-heading" tabindex="-1">{i.t("address.enter_title")}</h2>
                <p>{i.t("address.enter_intro")}</p>
                <FormAlert problems/>
                <form novalidate on:submit=on_submit>
                    <TextField name="address.street" label="address.street" value=form.street problems autocomplete="address-line1"/>
                    <TextField name="address.extra" label="address.extra" hint="address.extra_hint" value=form.extra problems autocomplete="address-line2"/>
                    <TextField name="address.postal_code" label="address.postal_code" value=form.postal_code problems autocomplete="postal-code"/>
                    <TextField name="address.city" label="address.city" value=form.city problems autocomplete="address-level2"/>
                    <div class="field" class:field--invalid=move || country_error().is_some()>
                        <label for="address-country">{i.t("address.country")}</label>
                        <select
                            id="address-country"
                            autocomplete="country"
                            prop:value=move || form.country.get()
                            on:change=move |ev| form.country.set(event_target_value(&ev))
                            aria-invalid=move || country_error().map(|_| "true")
                            aria-describedby=move || country_error().map(|_| "address-country-error")
                        >
                            {move || {
                                let lang = i.lang();
                                COUNTRIES.into_iter().map(|c| {
                                    let name = lookup(lang, &format!("country.{}", c.to_ascii_lowercase())).unwrap_or(c);
                                    view! { <option value=c selected=move || form.country.get() == c>{name}</option> }
                                }).collect_view()
                            }}
                        </select>
                        {move || country_error().map(|m| view! {
                            <p class="field__error" id="address-country-error">{m.text(i.lang())}</p>
                        })}
                    </div>
                    <Show when=move || form.country.get() == "US">
                        <TextField name="address.region" label="address.region" hint="address.region_hint" value=form.region problems autocomplete="address-level1"/>
                    </Show>
                    <fieldset class="field choices">
                        <legend>{i.t("address.when")}</legend>
                        <label class="choice">
                            <input type="radio" name="when" value="now"
                                prop:checked=move || !form.later.get()
                                on:change=move |_| form.later.set(false)/>
                            " " {i.t("address.when_now")}
                        </label>
                        <label class="choice">
                            <input type="radio" name="when" value="later"
                                prop:checked=move || form.later.get()
                                on:change=move |_| form.later.set(true)/>
                            " " {i.t("address.when_later")}
                        </label>
                    </fieldset>
                    <Show when=move || form.later.get()>
                        <TextField
                            name="effective_on"
                            label="address.date"
                            hint="address.date_hint"
                            value=form.date
                            problems
                            kind="date"
                            min=today_plus(1)
                            max=today_plus(365)
                        />
                    </Show>
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
