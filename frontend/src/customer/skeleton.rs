//! The overview while its data loads: the same panels, headings and labels as the loaded page
//! (so they take the same room and wrap the same way at every width), with grey bars where the
//! customer's values will be. When the data arrives the skeleton is replaced and nothing below
//! the header moves (`e2e/tests/overview.spec.ts` measures the layout shift).
//!
//! Hidden from assistive technology (its headings too): a screen reader hears the one
//! "Loading…" status instead. No ids and no test ids of the loaded page, nothing focusable.
//!
//! Static markup of this app's own texts, written as one HTML string: as a typed view its many
//! nested elements cost 13 KB more WebAssembly (4 KB brotli) for something shown a second.

use crate::i18n::{Lang, tr};
use leptos::prelude::*;

/// The loading overview: the customer number, personal details, one account and one card (the
/// usual customer's; more of either only add below the first screen).
pub fn overview_skeleton(lang: Lang) -> AnyView {
    view! {
        <p class="visually-hidden" role="status">{tr(lang, "app.loading")}</p>
        <div class="overview-skeleton" aria-hidden="true" data-testid="overview-skeleton"
            inner_html=skeleton_html(lang)></div>
    }
    .into_any()
}

/// `&`, `<`, `>` and `"` as entities: the texts go into markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A grey bar one line high and `width` wide (in `ch` of the surrounding font).
fn bar(width: u8) -> String {
    format!(r#"<span class="skeleton" style="width:{width}ch">&nbsp;</span>"#)
}

/// The markup of [`overview_skeleton`]: the loaded page's classes and element kinds.
pub fn skeleton_html(lang: Lang) -> String {
    let t = |key: &'static str| escape(tr(lang, key));
    // A fact of a `<dl class="facts">`: its real label, a bar per line of its value.
    let fact = |key: &'static str, widths: &[u8]| {
        let lines: String = widths
            .iter()
            .map(|w| format!(r#"<span class="skeleton-line">{}</span>"#, bar(*w)))
            .collect();
        format!("<div><dt>{}</dt><dd>{lines}</dd></div>", t(key))
    };
    // A dependents list with its heading: per row a main line and small print, a side line and
    // small print.
    let dependents = |key: &'static str, rows: &[(u8, u8)]| {
        let rows: String = rows
            .iter()
            .map(|(main, side)| {
                format!(
                    r#"<li class="row"><span class="row__main"><strong>{}</strong><span class="row__sub">{}</span></span><span class="row__side"><strong>{}</strong><span class="row__sub">{}</span></span></li>"#,
                    bar(*main),
                    bar(main / 2 + 4),
                    bar(*side),
                    bar(side + 6)
                )
            })
            .collect();
        format!(
            r#"<div class="dependents"><h4>{}</h4><ul class="rows">{rows}</ul></div>"#,
            t(key)
        )
    };
    // A button's own box (its height, about its width), drawn as a bar: no text, which would
    // be text without contrast.
    let button = |width: u8| {
        format!(
            r#"<span class="button button--secondary skeleton skeleton--button" style="width:{width}ch">&nbsp;</span>"#
        )
    };
    let mut html = String::with_capacity(4096);
    html.push_str(&format!(
        r#"<div class="customer-number"><h2 class="customer-number__label">{}</h2><p class="customer-number__value">{}</p><p class="customer-number__hint">{}</p></div>"#,
        t("overview.customer_number"),
        bar(12),
        t("overview.customer_number_hint")
    ));
    html.push_str(&format!(
        r#"<div class="panel"><h2>{}</h2><dl class="facts">{}{}{}{}</dl><p class="actions">{}</p></div>"#,
        t("overview.personal"),
        fact("overview.name", &[16]),
        fact("overview.email", &[20]),
        fact("overview.phone", &[14]),
        fact("overview.address", &[16, 12, 8]),
        button(18)
    ));
    html.push_str(&format!(
        r#"<div class="panel"><h2>{}</h2><div class="item"><h3>{}</h3><dl class="facts">{}{}{}</dl>{}</div></div>"#,
        t("overview.accounts"),
        bar(10),
        fact("overview.iban", &[24]),
        fact("overview.holders", &[16]),
        fact("overview.status", &[8]),
        dependents(
            "overview.standing_orders",
            &[(18, 9), (12, 9), (20, 8)]
        )
    ));
    html.push_str(&format!(
        r#"<div class="panel"><h2>{}</h2><div class="item"><h3>{}</h3><dl class="facts">{}{}</dl><div class="block-card">{}</div>{}</div></div>"#,
        t("overview.cards"),
        bar(14),
        fact("overview.expiry", &[5]),
        fact("overview.card_account", &[24]),
        button(26),
        dependents(
            "overview.recurring_payments",
            &[(10, 7), (8, 7), (12, 7)]
        )
    ));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skeleton_has_the_labels_of_the_page_and_none_of_its_ids() {
        for lang in Lang::ALL {
            let html = skeleton_html(lang);
            for key in [
                "overview.customer_number",
                "overview.personal",
                "overview.accounts",
                "overview.cards",
            ] {
                assert!(html.contains(&escape(tr(lang, key))), "{lang:?}: {key}");
            }
            // Nothing to find twice, nothing to reach with Tab.
            for never in [" id=", "data-testid", "<a ", "<button", "tabindex"] {
                assert!(!html.contains(never), "{lang:?}: {never}");
            }
            assert_eq!(html.matches("<div").count(), html.matches("</div>").count());
        }
        assert_eq!(escape(r#"a & "b" <c>"#), "a &amp; &quot;b&quot; &lt;c&gt;");
    }

    #[test]
    fn index_html_draws_this_skeleton_for_a_signed_in_customer_until_the_app_runs() {
        // The app then draws its own in the same place: one skeleton, not two that differ.
        let page = include_str!("../../index.html");
        for lang in Lang::ALL {
            let html = skeleton_html(lang);
            assert!(
                !html.contains('\'') && !html.contains('\\'),
                "{lang:?}: not a JS string"
            );
            let drawn = format!("'{html}'");
            assert!(
                page.contains(&drawn),
                "index.html should draw, in {lang:?}:\n{drawn}"
            );
        }
    }
}
