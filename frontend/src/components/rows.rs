//! The one list shape every dependent uses: a titled list of rows, each with a main line, a side
//! line and optional small print. One shape keeps the wasm small and the page consistent.

use leptos::prelude::*;

pub struct Row {
    pub title: String,
    pub sub: Option<String>,
    pub side: Option<String>,
    pub side_sub: Option<String>,
    /// A status worth seeing at a glance, shown as a badge (`waiting_for_card`).
    pub flag: Option<(String, String)>,
}

impl Row {
    pub fn new(title: impl Into<String>) -> Row {
        Row {
            title: title.into(),
            sub: None,
            side: None,
            side_sub: None,
            flag: None,
        }
    }
    pub fn subline(mut self, text: impl Into<String>) -> Row {
        self.sub = Some(text.into());
        self
    }
    pub fn side(mut self, text: impl Into<String>) -> Row {
        self.side = Some(text.into());
        self
    }
    /// A badge: its modifier (`badge--{status}`) and text.
    pub fn flag(mut self, status: &str, text: String) -> Row {
        self.flag = Some((status.to_owned(), text));
        self
    }
    pub fn side_sub(mut self, text: impl Into<String>) -> Row {
        self.side_sub = Some(text.into());
        self
    }
}

/// `<section data-testid=…><h4>…</h4><ul>…</ul></section>`; nothing when there are no rows.
pub fn dependents(test_id: &'static str, heading: &'static str, rows: Vec<Row>) -> Option<AnyView> {
    if rows.is_empty() {
        return None;
    }
    Some(
        view! {
            <section class="dependents" data-testid=test_id>
                <h4>{heading}</h4>
                {rows_list(rows)}
            </section>
        }
        .into_any(),
    )
}

pub fn rows_list(rows: Vec<Row>) -> AnyView {
    let items = rows
        .into_iter()
        .map(|r| {
            view! {
                <li class="row">
                    <span class="row__main">
                        <strong>{r.title}</strong>
                        {r.sub.map(|s| view! { <span class="row__sub">{s}</span> })}
                        {r.flag.map(|(status, text)| view! {
                            <span class=format!("badge badge--{status}") data-testid="row-status">{text}</span>
                        })}
                    </span>
                    <span class="row__side">
                        {r.side.map(|s| view! { <strong>{s}</strong> })}
                        {r.side_sub.map(|s| view! { <span class="row__sub">{s}</span> })}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="rows">{items}</ul> }.into_any()
}
