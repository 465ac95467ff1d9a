//! The steps every change shares: enter → review everything that follows → confirm with the
//! password → receipt. A page owns its form (step 1) and hands the rest to [`ChangeFlow`].
//! The state lives in [`Flow`], owned by the page, so going back never loses input.

use super::confirm::ConfirmStep;
use super::steps::StepIndicator;
use super::upload::Upload;
use crate::api::{self, Change};
use crate::components::field::{FormAlert, Problems, focus_first, focus_id};
use crate::components::plan_review::{Choices, effective_line, plan_review};
use crate::components::sign_in_again::SignInAgain;
use crate::dates::today_plus;
use crate::i18n::{Lang, format_date, tr};
use crate::locale::use_i18n;
use crate::side::AppLink;
use leptos::prelude::*;
use shared::api::PreviewResponse;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Enter = 0,
    Review = 1,
    Confirm = 2,
    Done = 3,
}

#[derive(Clone, Copy)]
pub struct Flow {
    pub step: RwSignal<Step>,
    pub preview: RwSignal<Option<PreviewResponse>>,
    pub done: RwSignal<Option<Change>>,
    /// A note above the review, e.g. that the plan changed since the preview.
    pub notice: RwSignal<Option<&'static str>>,
    /// A problem on the review step (planning again failed).
    pub problems: RwSignal<Problems>,
    /// The `Idempotency-Key` of the confirm attempt and the preview token it belongs to: a retry
    /// of the same confirm sends the same key.
    key: StoredValue<Option<(String, String)>>,
}

impl Flow {
    pub fn new() -> Flow {
        Flow {
            step: RwSignal::new(Step::Enter),
            preview: RwSignal::new(None),
            done: RwSignal::new(None),
            notice: RwSignal::new(None),
            problems: RwSignal::new(Problems::default()),
            key: StoredValue::new(None),
        }
    }

    /// Shows a fresh plan for review.
    pub fn review(self, preview: PreviewResponse) {
        self.notice.set(None);
        self.problems.set(Problems::default());
        self.preview.set(Some(preview));
        self.step.set(Step::Review);
    }

    /// A preview's answer on the entry step: the plan to review; a session that ended asks to
    /// sign in again over the page (what was typed stays); anything else lands on its fields.
    pub fn previewed(
        self,
        result: api::ApiResult<PreviewResponse>,
        again: SignInAgain,
        problems: RwSignal<Problems>,
        fields: &[&'static str],
    ) {
        match result {
            Ok(preview) => self.review(preview),
            Err(err) if err.code == shared::ErrorCode::Unauthenticated => again.ask(),
            Err(err) => {
                let found = Problems::from_error(&err, fields);
                focus_first(&found);
                problems.set(found);
            }
        }
    }

    /// The key for committing `token`: the same as last time for the same token, else a new one.
    pub fn key_for(self, token: &str) -> String {
        if let Some((t, k)) = self.key.get_value()
            && t == token
        {
            return k;
        }
        let key = api::new_idempotency_key();
        self.key.set_value(Some((token.to_owned(), key.clone())));
        key
    }

    pub fn forget_key(self) {
        self.key.set_value(None);
    }

    pub fn finish(self, change: Change) {
        self.forget_key();
        self.done.set(Some(change));
        self.step.set(Step::Done);
    }
}

/// The step indicator and the current step. `children` is step 1, the page's own form.
#[component]
pub fn ChangeFlow(
    flow: Flow,
    steps: [&'static str; 4],
    on_done: Callback<()>,
    #[prop(optional)] choices: Option<Choices>,
    children: ChildrenFn,
) -> impl IntoView {
    // Focus follows the step, so keyboard and screen-reader users start at its heading.
    Effect::new(move |prev: Option<Step>| {
        let step = flow.step.get();
        if prev.is_some_and(|p| p != step) {
            focus_id("step-heading".into());
        }
        step
    });
    view! {
        <StepIndicator labels=steps current=Signal::derive(move || flow.step.get() as usize)/>
        {move || match flow.step.get() {
            Step::Enter => children().into_any(),
            Step::Review => view! { <ReviewStep flow choices/> }.into_any(),
            Step::Confirm => view! { <ConfirmStep flow on_done/> }.into_any(),
            Step::Done => view! { <Receipt flow/> }.into_any(),
        }}
    }
}

/// "Takes effect today" or "Takes effect on 15.01.2027".
fn when_line(lang: Lang, effective_on: Option<&str>) -> Option<String> {
    match effective_on {
        Some(d) if d <= today_plus(0).as_str() => Some(tr(lang, "plan.effective_today").to_owned()),
        other => effective_line(lang, other),
    }
}

#[component]
fn ReviewStep(flow: Flow, choices: Option<Choices>) -> impl IntoView {
    let i = use_i18n();
    let busy = move || choices.is_some_and(|c| c.busy.get());
    view! {
        <section class="panel" aria-labelledby="step-heading" data-testid="review">
            <h2 id="step-heading" tabindex="-1">{i.t("flow.review_title")}</h2>
            <p>{i.t("flow.review_intro")}</p>
            {move || flow.notice.get().map(|k| view! {
                <div class="notice notice--warn" role="alert" data-testid="flow-notice"><p>{i.s(k)}</p></div>
            })}
            <FormAlert problems=flow.problems/>
            {move || {
                let lang = i.lang();
                flow.preview.with(|p| p.as_ref().map(|p| view! {
                    {when_line(lang, p.plan.effective_on.as_deref()).map(|l| view! { <p><strong>{l}</strong></p> })}
                    {plan_review(lang, &p.plan.steps, choices)}
                }))
            }}
            {choices.map(|_| view! { <p class="muted" role="status">{move || busy().then(|| i.s("flow.replanning"))}</p> })}
            <div class="actions">
                <button type="button" class="button button--primary" disabled=busy
                    on:click=move |_| flow.step.set(Step::Confirm)>
                    {i.t("flow.continue")}
                </button>
                <button type="button" class="button button--secondary" on:click=move |_| flow.step.set(Step::Enter)>
                    {i.t("flow.back")}
                </button>
            </div>
        </section>
    }
}

#[component]
fn Receipt(flow: Flow) -> impl IntoView {
    let i = use_i18n();
    move || {
        let lang = i.lang();
        let planned_on = flow
            .preview
            .with(|p| p.as_ref().and_then(|p| p.plan.effective_on.clone()));
        flow.done.with(|c| {
            c.as_ref().map(|c| {
                let scheduled = c.status == "scheduled";
                let review = c.status == "pending_review";
                let title = if review {
                    tr(lang, "receipt.pending").to_owned()
                } else if scheduled {
                    let date = c.effective_on.clone().or(planned_on).unwrap_or_default();
                    tr(lang, "receipt.scheduled").replace("{date}", &format_date(lang, &date))
                } else {
                    tr(lang, "receipt.done").to_owned()
                };
                let intro = if review {
                    "receipt.pending_intro"
                } else if scheduled {
                    "receipt.scheduled_intro"
                } else {
                    "receipt.done_intro"
                };
                let upload = review.then(|| view! { <Upload change_id=c.id.clone()/> });
                view! {
                    <section class="panel" aria-labelledby="step-heading" data-testid="receipt">
                        <h2 id="step-heading" tabindex="-1">{title}</h2>
                        <p role="status">{tr(lang, intro)}</p>
                        {plan_review(lang, &c.steps, None)}
                        {upload}
                        <div class="actions">
                            <AppLink href="/" class="button button--primary">{tr(lang, "receipt.overview")}</AppLink>
                            <AppLink href="/timeline" class="button button--secondary">{tr(lang, "receipt.timeline")}</AppLink>
                        </div>
                    </section>
                }
            })
        })
    }
}
