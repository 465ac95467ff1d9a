//! The customer number panel and personal details.

use crate::locale::use_i18n;
use leptos::prelude::*;
use shared::api::CustomerView;
use shared::domain::CustomerNumber;

#[component]
pub fn CustomerNumberPanel(number: String) -> impl IntoView {
    let i = use_i18n();
    let shown = CustomerNumber::parse(&number).map(|n| n.display()).unwrap_or(number);
    view! {
        <section class="customer-number" aria-labelledby="customer-number-label">
            <h2 id="customer-number-label" class="customer-number__label">{i.t("overview.customer_number")}</h2>
            <p class="customer-number__value" data-testid="customer-number">{shown}</p>
            <p class="customer-number__hint">{i.t("overview.customer_number_hint")}</p>
        </section>
    }
}

#[component]
pub fn PersonalDetails(customer: CustomerView) -> impl IntoView {
    let i = use_i18n();
    let a = customer.address;
    view! {
        <section class="panel" aria-labelledby="personal-title" data-testid="personal">
            <h2 id="personal-title">{i.t("overview.personal")}</h2>
            <dl class="facts">
                <div><dt>{i.t("overview.name")}</dt><dd data-testid="customer-name">{customer.name}</dd></div>
                <div><dt>{i.t("overview.email")}</dt><dd>{customer.email}</dd></div>
                <div><dt>{i.t("overview.phone")}</dt><dd>{customer.phone}</dd></div>
                <div>
                    <dt>{i.t("overview.address")}</dt>
                    <dd data-testid="customer-address">
                        <address>
                            {a.street}<br/>
                            {format!("{} {}", a.postal_code, a.city)}<br/>
                            {a.country}
                        </address>
                    </dd>
                </div>
            </dl>
        </section>
    }
    .into_any()
}
