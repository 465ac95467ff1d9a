//! The customer number panel and personal details.

use crate::i18n::{Lang, tr};
use leptos::prelude::*;
use shared::api::CustomerView;
use shared::domain::CustomerNumber;

pub fn customer_number_panel(lang: Lang, number: &str) -> AnyView {
    let shown = CustomerNumber::parse(number)
        .map(|n| n.display())
        .unwrap_or_else(|_| number.to_owned());
    view! {
        <section class="customer-number" aria-labelledby="customer-number-label">
            <h2 id="customer-number-label" class="customer-number__label">{tr(lang, "overview.customer_number")}</h2>
            <p class="customer-number__value" data-testid="customer-number">{shown}</p>
            <p class="customer-number__hint">{tr(lang, "overview.customer_number_hint")}</p>
        </section>
    }
    .into_any()
}

pub fn personal_details(
    lang: Lang,
    customer: CustomerView,
    actions: fn(Lang) -> Option<AnyView>,
) -> AnyView {
    let a = customer.address;
    view! {
        <section class="panel" aria-labelledby="personal-title" data-testid="personal">
            <h2 id="personal-title">{tr(lang, "overview.personal")}</h2>
            <dl class="facts">
                <div><dt>{tr(lang, "overview.name")}</dt><dd data-testid="customer-name">{customer.name}</dd></div>
                <div><dt>{tr(lang, "overview.email")}</dt><dd>{customer.email}</dd></div>
                <div><dt>{tr(lang, "overview.phone")}</dt><dd>{customer.phone}</dd></div>
                <div>
                    <dt>{tr(lang, "overview.address")}</dt>
                    <dd data-testid="customer-address">
                        // Registered through an invitation: no postal address yet.
                        {if a.street.is_empty() {
                            view! { <span class="muted">{tr(lang, "overview.no_address")}</span> }.into_any()
                        } else {
                            view! {
                                <address>
                                    {a.street}<br/>
                                    {a.extra.map(|e| view! { {e}<br/> })}
                                    {format!("{} {}", a.postal_code, a.city)}
                                    {a.region.map(|r| format!(" {r}"))}<br/>
                                    {a.country}
                                </address>
                            }.into_any()
                        }}
                    </dd>
                </div>
            </dl>
            {actions(lang)}
        </section>
    }
    .into_any()
}
