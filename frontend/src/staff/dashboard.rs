//! `/staff/dashboard`: the figures of story 003 for a period. Key figures as text, charts as
//! inline SVG, and the same numbers as tables (always read by screen readers; shown instead of
//! the charts on request).

use super::chart::{Stack, count_bars, stacked_bars};
use crate::api;
use crate::components::field::{FormAlert, Msg, Problems, TextField, focus_first};
use crate::dates::days_from_today;
use crate::i18n::{Lang, format_date, label, tr};
use crate::locale::use_i18n;
use crate::nav::PageHeading;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{Count, MetricsResponse};

/// `0.8125` → `81 %` (de) or `81%` (en); nothing measured → a dash.
fn percent(lang: Lang, rate: Option<f64>) -> String {
    match (rate, lang) {
        (None, _) => "–".into(),
        (Some(r), Lang::De) => format!("{:.0} %", r * 100.0),
        (Some(r), Lang::En) => format!("{:.0}%", r * 100.0),
    }
}

/// Seconds as the two largest units: `95` → `1 min 35 s`, `1_840` → `30 min`, `7_500` → `2 h 5 min`.
fn duration(lang: Lang, seconds: Option<f64>) -> String {
    let Some(s) = seconds else {
        return "–".into();
    };
    let s = s.round() as i64;
    let day = if lang == Lang::De { "T" } else { "d" };
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60, s % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{sec} s"),
        // Seconds matter for a short wait, not for a long one.
        (0, 0, 0..10) => format!("{m} min {sec} s"),
        (0, 0, _) => format!("{m} min"),
        (0, _, _) => format!("{h} h {m} min"),
        _ => format!("{d} {day} {h} h"),
    }
}

fn decimal(lang: Lang, v: Option<f64>) -> String {
    match v {
        None => "–".into(),
        Some(v) if lang == Lang::De => format!("{v:.2}").replace('.', ","),
        Some(v) => format!("{v:.2}"),
    }
}

/// One key figure: its name, the value, and what it is based on.
fn figure(
    name: &'static str,
    value: String,
    basis: Option<String>,
    id: &'static str,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="figure" data-testid=id>
            <dt>{i.t(name)}</dt>
            <dd class="figure__value">{value}</dd>
            {basis.map(|b| view! { <dd class="figure__basis">{b}</dd> })}
        </div>
    }
}

fn of_n(lang: Lang, n: i64) -> String {
    tr(lang, "dash.of_n").replace("{n}", &n.to_string())
}

fn figures(lang: Lang, m: &MetricsResponse) -> impl IntoView {
    let self_service = m
        .by_channel
        .iter()
        .find(|c| c.key == "self_service")
        .map_or(0, |c| c.count);
    let basis = tr(lang, "dash.self_service_basis")
        .replace("{n}", &self_service.to_string())
        .replace("{total}", &m.changes_completed.to_string());
    view! {
        <dl class="figures">
            {figure("dash.self_service_rate", percent(lang, m.self_service_rate), Some(basis), "figure-self-service")}
            {figure("dash.completed", m.changes_completed.to_string(), None, "figure-completed")}
            {figure("dash.contacts", decimal(lang, m.contacts_per_resolved_request), None, "figure-contacts")}
            {figure("dash.fcr", percent(lang, m.first_contact_resolution), None, "figure-fcr")}
            {figure("dash.median", duration(lang, m.time_to_complete_median_seconds), None, "figure-median")}
            {figure("dash.p90", duration(lang, m.time_to_complete_p90_seconds), None, "figure-p90")}
            {figure("dash.cases", percent(lang, m.cases_decided_on_time_rate), Some(of_n(lang, m.cases_decided)), "figure-cases")}
            {figure("dash.promises", percent(lang, m.promises_kept_on_time_rate), Some(of_n(lang, m.promises_due)), "figure-promises")}
            {figure("dash.outbox", duration(lang, m.outbox_lag_p90_seconds), Some(of_n(lang, m.outbox_delivered)), "figure-outbox")}
        </dl>
    }
}

/// A chart and the table of its numbers. The table is always there for screen readers; it is
/// shown instead of the chart when `as_table` is on.
fn chart_and_table(
    title: &'static str,
    id: &'static str,
    as_table: Signal<bool>,
    chart: AnyView,
    table: AnyView,
) -> impl IntoView {
    let i = use_i18n();
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    view! {
        <section class="panel" aria-labelledby=labelled_by data-testid=id>
            <h2 id=heading>{i.t(title)}</h2>
            <div class="chart-box" hidden=move || as_table.get()>{chart}</div>
            <div class:visually-hidden=move || !as_table.get() data-testid=format!("{id}-table")>{table}</div>
        </section>
    }
}

fn daily_table(lang: Lang, m: &MetricsResponse) -> AnyView {
    let rows = m
        .daily
        .iter()
        .map(|d| {
            view! {
                <tr>
                    <th scope="row">{format_date(lang, &d.date)}</th>
                    <td>{d.self_service}</td>
                    <td>{d.staff}</td>
                    <td>{d.self_service + d.staff}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table">
            <caption>{tr(lang, "dash.daily_title")}</caption>
            <thead><tr>
                <th scope="col">{tr(lang, "dash.date")}</th>
                <th scope="col">{tr(lang, "dash.self_service")}</th>
                <th scope="col">{tr(lang, "dash.staff")}</th>
                <th scope="col">{tr(lang, "dash.total")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn count_table(
    lang: Lang,
    caption: &'static str,
    head: &'static str,
    rows: &[(String, i64)],
) -> AnyView {
    let rows = rows
        .iter()
        .map(|(k, n)| view! { <tr><th scope="row">{k.clone()}</th><td>{*n}</td></tr> })
        .collect_view();
    view! {
        <table class="table">
            <caption>{tr(lang, caption)}</caption>
            <thead><tr><th scope="col">{tr(lang, head)}</th><th scope="col">{tr(lang, "dash.count")}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn labelled(lang: Lang, prefix: &str, counts: &[Count]) -> Vec<(String, i64)> {
    counts
        .iter()
        .map(|c| (label(lang, prefix, &c.key), c.count))
        .collect()
}

fn charts(lang: Lang, m: &MetricsResponse, as_table: Signal<bool>) -> impl IntoView {
    let stacks: Vec<Stack> = m
        .daily
        .iter()
        .map(|d| Stack {
            label: d.date.clone(),
            lower: d.self_service,
            upper: d.staff,
        })
        .collect();
    // `2026-11-05` → `05.11.` or `11-05` under the axis.
    let short = move |date: &str| match lang {
        Lang::De => format!("{}.{}.", &date[8..10], &date[5..7]),
        Lang::En => date[5..].to_owned(),
    };
    let kinds = labelled(lang, "change_kind", &m.by_kind);
    let channels = labelled(lang, "via", &m.by_channel);
    let legend = view! {
        <ul class="legend" aria-hidden="true">
            <li><span class="legend__swatch chart__lower"></span>{tr(lang, "dash.self_service")}</li>
            <li><span class="legend__swatch chart__upper"></span>{tr(lang, "dash.staff")}</li>
        </ul>
    };
    let daily = view! { {stacked_bars(&stacks, short)} {legend} }.into_any();
    view! {
        {chart_and_table("dash.daily_title", "chart-daily", as_table, daily, daily_table(lang, m))}
        <div class="dashboard__pair">
            {chart_and_table("dash.by_kind", "chart-kind", as_table, count_bars(&kinds).into_any(), count_table(lang, "dash.by_kind", "dash.kind", &kinds))}
            {chart_and_table("dash.by_channel", "chart-channel", as_table, count_bars(&channels).into_any(), count_table(lang, "dash.by_channel", "dash.channel", &channels))}
        </div>
    }
}

/// `/staff/dashboard`
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i = use_i18n();
    let from = RwSignal::new(days_from_today(-29));
    let to = RwSignal::new(days_from_today(0));
    let problems = RwSignal::new(Problems::default());
    let as_table = RwSignal::new(false);
    let data = RwSignal::new(None::<MetricsResponse>);
    let pending = RwSignal::new(false);

    let show = move |f: String, t: String| {
        let mut found = Vec::new();
        if f.is_empty() {
            found.push(("from", Msg::Key("dash.error.date")));
        }
        if t.is_empty() {
            found.push(("to", Msg::Key("dash.error.date")));
        }
        // ISO dates compare as text.
        if found.is_empty() && t < f {
            found.push(("to", Msg::Key("dash.error.range")));
        }
        let p = Problems::from_fields(found);
        focus_first(&p);
        let ok = p.is_empty();
        problems.set(p);
        if !ok {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            match api::staff_metrics(f, t).await {
                Ok(m) => data.set(Some(m)),
                Err(e) => {
                    let p = Problems::from_error(&e, &["from", "to"]);
                    focus_first(&p);
                    problems.set(p);
                }
            }
            pending.set(false);
        });
    };
    show(from.get_untracked(), to.get_untracked());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        show(from.get_untracked(), to.get_untracked());
    };
    let preset = move |days: i32| {
        from.set(days_from_today(1 - days));
        to.set(days_from_today(0));
        show(from.get_untracked(), to.get_untracked());
    };
    let presets = [(7, "dash.last_7"), (30, "dash.last_30"), (90, "dash.last_90")]
        .into_iter()
        .map(|(days, key)| {
            view! { <button type="button" class="button button--secondary" on:click=move |_| preset(days)>{i.t(key)}</button> }
        })
        .collect_view();

    view! {
        <PageHeading text={i.t("dash.title")}/>
        <section class="panel" aria-labelledby="range-title">
            <h2 id="range-title">{i.t("dash.range")}</h2>
            <FormAlert problems/>
            <form novalidate on:submit=on_submit class="range-form">
                <TextField name="from" label="dash.from" kind="date" value=from problems/>
                <TextField name="to" label="dash.to" kind="date" value=to problems/>
                <button type="submit" class="button button--primary" disabled=move || pending.get()>{i.t("dash.show")}</button>
            </form>
            <div class="button-row">{presets}</div>
            <button
                type="button"
                class="button button--secondary"
                aria-pressed=move || if as_table.get() { "true" } else { "false" }
                on:click=move |_| as_table.update(|t| *t = !*t)
            >
                {i.t("dash.table_view")}
            </button>
        </section>
        {move || {
            let lang = i.lang();
            match data.get() {
                None => view! { <p class="loading" role="status">{tr(lang, "app.loading")}</p> }.into_any(),
                Some(m) => {
                    let period = tr(lang, "dash.period")
                        .replace("{from}", &format_date(lang, &m.from))
                        .replace("{to}", &format_date(lang, &m.to));
                    let empty = (m.changes_completed == 0)
                        .then(|| view! { <p class="muted">{tr(lang, "dash.empty")}</p> });
                    view! {
                        <section class="panel" aria-labelledby="figures-title" aria-busy=move || pending.get().to_string() data-testid="figures">
                            <h2 id="figures-title">{tr(lang, "dash.figures")}</h2>
                            <p class="muted" role="status" data-testid="period">{period}</p>
                            {empty}
                            {figures(lang, &m)}
                        </section>
                        {charts(lang, &m, as_table.into())}
                    }
                    .into_any()
                }
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_show_their_two_largest_units() {
        assert_eq!(duration(Lang::En, None), "–");
        assert_eq!(duration(Lang::En, Some(42.4)), "42 s");
        assert_eq!(duration(Lang::En, Some(95.0)), "1 min 35 s");
        assert_eq!(duration(Lang::En, Some(1_840.0)), "30 min");
        assert_eq!(duration(Lang::En, Some(7_500.0)), "2 h 5 min");
        assert_eq!(duration(Lang::En, Some(93_600.0)), "1 d 2 h");
        assert_eq!(duration(Lang::De, Some(93_600.0)), "1 T 2 h");
    }

    #[test]
    fn rates_are_percentages_in_the_language_and_nothing_measured_is_a_dash() {
        assert_eq!(percent(Lang::En, Some(0.8125)), "81%");
        assert_eq!(percent(Lang::De, Some(0.8125)), "81 %");
        assert_eq!(percent(Lang::De, None), "–");
        assert_eq!(decimal(Lang::De, Some(1.5)), "1,50");
    }
}
