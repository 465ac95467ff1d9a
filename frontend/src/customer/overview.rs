//! The customer's overview: the one customer number first, then everything grouped by what it
//! depends on, so a customer sees what will move when a card, an account or an address changes.
//!
//! The data does not change while the page is shown, so the whole overview is rendered as plain
//! text for one language and rendered again when the language changes: no reactive closure per
//! value, which keeps the wasm small.

use super::actions::OVERVIEW;
use super::skeleton::overview_skeleton;
use crate::api::{self, ApiResult, Change};
use crate::components::overview::overview;
use crate::i18n::{Lang, tr};
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use crate::session::use_session;
use crate::side::{GoTo, SignInFirst};
use leptos::prelude::*;
use shared::ErrorCode;
use shared::api::MeResponse;

/// What just happened on the overview, said above everything else.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Blocked {
        last4: String,
        replacement: String,
        waiting: usize,
    },
    Cancelled,
}

impl Notice {
    fn text(&self, lang: Lang) -> String {
        match self {
            Notice::Blocked {
                last4,
                replacement,
                waiting,
            } => {
                let mut text = tr(lang, "block.done")
                    .replace("{card}", last4)
                    .replace("{new}", replacement);
                if *waiting > 0 {
                    let key = if *waiting == 1 {
                        "block.waiting.one"
                    } else {
                        "block.waiting.other"
                    };
                    text.push(' ');
                    text.push_str(&tr(lang, key).replace("{n}", &waiting.to_string()));
                }
                text
            }
            Notice::Cancelled => tr(lang, "overview.scheduled_cancelled").to_owned(),
        }
    }
}

/// Shared with the overview's actions: the data to reload and the notice to show.
#[derive(Clone, Copy)]
pub struct OverviewCtx {
    pub me: LocalResource<ApiResult<MeResponse>>,
    /// The customer's changes, for a scheduled address change (`ScheduledAddress`). Loaded with
    /// `me` and shown with it: arriving later, its notice pushed everything below it down.
    pub changes: LocalResource<ApiResult<Vec<Change>>>,
    pub notice: RwSignal<Option<Notice>>,
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let i = use_i18n();
    let session = use_session();
    let me = LocalResource::new(api::me);
    let changes = LocalResource::new(api::changes);
    let notice = RwSignal::new(None::<Notice>);
    provide_context(OverviewCtx {
        me,
        changes,
        notice,
    });
    // Whether the changes have answered (at all: a failure shows no notice, the page still comes).
    let changes_loaded = Memo::new(move |_| changes.with(Option::is_some));

    view! {
        <PageHeading text={i.t("overview.title")}/>
        <div class="notice-slot" id="overview-notice" tabindex="-1" role="status" data-testid="overview-notice">
            {move || notice.get().map(|n| view! { <p class="notice notice--ok">{n.text(i.lang())}</p> })}
        </div>
        // Until both answers are there, the skeleton holds their room. A reload afterwards (a
        // card blocked) keeps the page as it is until the new data is in (a resource keeps its
        // value while it reloads); a reload of the changes alone (a scheduled change cancelled)
        // redraws their notice, not the page: this follows only whether they have come.
        {move || {
            let lang = i.lang();
            if !changes_loaded.get() {
                return overview_skeleton(lang);
            }
            match me.get() {
                None => overview_skeleton(lang),
                Some(Ok(data)) => overview(lang, data, OVERVIEW),
                Some(Err(err)) if err.code == ErrorCode::Unauthenticated => {
                    view! { <SignInFirst/> }.into_any()
                }
                // Staff who act for nobody have no overview of their own: the console.
                Some(Err(err)) if err.code == ErrorCode::Forbidden && session.is_staff() => {
                    view! { <GoTo path="/staff"/> }.into_any()
                }
                Some(Err(err)) => {
                    let key = match err.code {
                        ErrorCode::Unavailable => "error.unavailable",
                        ErrorCode::Forbidden => "error.forbidden",
                        _ => "error.generic",
                    };
                    view! {
                        <div class="form-alert" role="alert">
                            <p>{tr(lang, key)}</p>
                            <button type="button" class="button button--secondary" on:click=move |_| {
                                me.refetch();
                                changes.refetch();
                            }>
                                {tr(lang, "app.retry")}
                            </button>
                        </div>
                    }
                    .into_any()
                }
            }
        }}
    }
}
