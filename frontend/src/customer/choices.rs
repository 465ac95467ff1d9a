//! Choices in a plan under review that plan again on every tick.

use super::flow::Flow;
use crate::api;
use crate::components::field::{Problems, focus_id};
use crate::components::plan_review::{Choices, choice_id};
use crate::components::sign_in_again::use_sign_in_again;
use crate::submit::Submit;
use leptos::prelude::*;
use shared::ErrorCode;
use shared::api::PreviewRequest;

/// Choices that plan again on every tick: `request` is the preview for a list of chosen ids;
/// the new plan replaces the one under review, a failure is shown on the review step.
pub fn replanning(
    flow: Flow,
    chosen: RwSignal<Vec<String>>,
    request: impl Fn(Vec<String>) -> PreviewRequest + Copy + Send + Sync + 'static,
) -> Choices {
    let again = use_sign_in_again();
    let submit = Submit::new();
    let busy = submit.pending();
    let toggle = Callback::new(move |(id, on): (String, bool)| {
        let mut ids = chosen.get_untracked();
        ids.retain(|k| *k != id);
        if on {
            ids.push(id.clone());
        }
        flow.problems.set(Problems::default());
        submit.run(async move {
            let result = api::preview(request(ids.clone())).await;
            match result {
                Ok(preview) => {
                    chosen.set(ids);
                    flow.preview.set(Some(preview));
                }
                Err(err) => {
                    if err.code == ErrorCode::Unauthenticated {
                        again.ask();
                    } else {
                        flow.problems.set(Problems::from_error(&err, &[]));
                    }
                    // Draw the checkboxes from the last plan again.
                    flow.preview.update(|_| {});
                }
            }
            // The plan is drawn anew (and the box was disabled while busy): focus goes back
            // to the box that was ticked, or a keyboard user would start again at the top.
            focus_id(choice_id(&id));
        });
    });
    Choices {
        chosen,
        busy,
        toggle,
    }
}
