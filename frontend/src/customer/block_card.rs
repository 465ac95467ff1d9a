//! "Report lost or stolen" on an active card: a small confirm with the reason, then the card is
//! blocked at once and a replacement ordered; the overview says what happened.

use super::overview::{Notice, OverviewCtx};
use crate::api;
use crate::components::field::{FormAlert, Msg, Problems, error_key, focus_id};
use crate::locale::use_i18n;
use crate::submit::Submit;
use leptos::prelude::*;

const REASONS: [(&str, &str); 3] = [
    ("lost", "block.reason_lost"),
    ("stolen", "block.reason_stolen"),
    ("damaged", "block.reason_damaged"),
];

#[component]
pub fn BlockCard(card_id: String, last4: String) -> impl IntoView {
    let i = use_i18n();
    let ctx = expect_context::<OverviewCtx>();
    let open = RwSignal::new(false);
    let reason = RwSignal::new("");
    let problems = RwSignal::new(Problems::default());
    let submit = Submit::new();
    let pending = submit.pending();
    let form_id = format!("block-{card_id}");
    let legend = move || {
        i.s("block.legend")
            .replace("{card}", &format!("•••• {last4}"))
    };
    let reason_error = move || problems.with(|p| p.field("reason"));
    let error_id = format!("{form_id}-error");
    let error_ref = error_id.clone();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let chosen = reason.get_untracked();
        if chosen.is_empty() {
            problems.set(Problems::from_fields(vec![(
                "reason",
                Msg::Key("block.error.reason"),
            )]));
            return;
        }
        let card_id = card_id.clone();
        submit.run(async move {
            let result = api::block_card(card_id, chosen).await;
            match result {
                Ok(done) => {
                    ctx.notice.set(Some(Notice::Blocked {
                        last4: done.card.last4,
                        replacement: done.replacement.last4,
                        waiting: done.waiting,
                    }));
                    ctx.me.refetch();
                    focus_id("overview-notice".into());
                }
                Err(err) => problems.set(Problems {
                    fields: Vec::new(),
                    form: Some(match err.code {
                        shared::ErrorCode::InvalidInput => Msg::Server {
                            field: "reason".into(),
                            text: err.message,
                        },
                        code => Msg::Key(error_key(code)),
                    }),
                }),
            }
        });
    };

    let radios = REASONS
        .into_iter()
        .map(|(value, key)| {
            view! {
                <label class="choice">
                    <input type="radio" name=format!("{form_id}-reason") value=value
                        on:change=move |_| reason.set(value)/>
                    " " {i.t(key)}
                </label>
            }
        })
        .collect_view();

    view! {
        <div class="block-card">
            <button
                type="button"
                class="button button--danger"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=form_id.clone()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {i.t("block.open")}
            </button>
            <form id=form_id class="block-card__form" novalidate on:submit=on_submit hidden=move || !open.get()>
                <FormAlert problems/>
                <fieldset class="field choices" class:field--invalid=move || reason_error().is_some()
                    aria-describedby=move || reason_error().map(|_| error_id.clone())>
                    <legend>{legend}</legend>
                    {radios}
                </fieldset>
                {move || reason_error().map(|m| view! {
                    <p class="field__error" id=error_ref.clone()>{m.text(i.lang())}</p>
                })}
                <p class="muted">{i.t("block.explain")}</p>
                <div class="actions">
                    <button type="submit" class="button button--danger" disabled=move || pending.get()>
                        {i.t("block.submit")}
                    </button>
                    <button type="button" class="button button--secondary" on:click=move |_| open.set(false)>
                        {i.t("flow.cancel")}
                    </button>
                </div>
            </form>
        </div>
    }
}
