//! A migration plan as people read it: grouped by what happens to which kind of thing, each group
//! counted ("3 recurring payments move to Visa •••• 4242 (12/29)"), every item listed. Used by the
//! review step and the receipt of every change flow.

use crate::i18n::{Lang, format_date, format_money, label, lookup, tr};
use leptos::prelude::*;
use shared::api::{PlanStep, StepAction};

/// Items the customer may decide about ("keep at the old address", "cancel instead of carrying
/// over"), re-planned on every tick.
#[derive(Clone, Copy)]
pub struct Choices {
    /// Ids the customer chose: to keep at the old place, or to cancel.
    pub chosen: RwSignal<Vec<String>>,
    /// True while the plan is computed again.
    pub busy: ReadSignal<bool>,
    /// `(id, chosen)`: the customer ticked or unticked an item.
    pub toggle: Callback<(String, bool)>,
}

/// Kinds whose items may stay at the old address by choice.
const CHOOSABLE_KINDS: [&str; 2] = ["address_use", "contract"];

pub fn action_name(action: StepAction) -> &'static str {
    match action {
        StepAction::Move => "move",
        StepAction::Keep => "keep",
        StepAction::Notify => "notify",
        StepAction::Cancel => "cancel",
    }
}

/// Steps with the same action and kind, in the order the plan first names them.
pub struct Group<'a> {
    pub action: StepAction,
    pub kind: &'a str,
    pub steps: Vec<&'a PlanStep>,
}

pub fn groups(steps: &[PlanStep]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    for step in steps {
        match groups
            .iter_mut()
            .find(|g| g.action == step.action && g.kind == step.dependent_kind)
        {
            Some(g) => g.steps.push(step),
            None => groups.push(Group {
                action: step.action,
                kind: &step.dependent_kind,
                steps: vec![step],
            }),
        }
    }
    groups
}

/// Where every moving item of a group goes, when that is one place.
fn common_target<'a>(group: &Group<'a>) -> Option<&'a str> {
    let first = group.steps.first()?.after.as_deref()?;
    (group.action == StepAction::Move
        && !first.is_empty()
        && group
            .steps
            .iter()
            .all(|s| s.after.as_deref() == Some(first)))
    .then_some(first)
}

/// The group's sentence: a special one for some kinds (`plan.card.move`), else count, noun and verb.
pub fn heading(lang: Lang, group: &Group) -> String {
    let n = group.steps.len();
    let form = if n == 1 { "one" } else { "other" };
    let action = action_name(group.action);
    let to = common_target(group);
    let template = lookup(lang, &format!("plan.{}.{action}", group.kind)).unwrap_or_else(|| {
        let key = match (group.action, to) {
            (StepAction::Move, Some(_)) => format!("plan.move_to.{form}"),
            _ => format!("plan.{action}.{form}"),
        };
        lookup(lang, &key).unwrap_or("{n} {what}")
    });
    let what = lookup(lang, &format!("kind.{}.{form}", group.kind))
        .map(str::to_owned)
        .unwrap_or_else(|| group.kind.replace('_', " "));
    template
        .replace("{n}", &n.to_string())
        .replace("{what}", &what)
        .replace(
            "{to}",
            &to.map(|t| pretty_label(lang, "card", t))
                .unwrap_or_default(),
        )
}

/// The server's label, made readable: API values get their labels, amounts their local format,
/// and fixed English labels their translation.
pub fn pretty_label(lang: Lang, kind: &str, text: &str) -> String {
    // "online_purchase (sms)", "daily_atm 1000.00 EUR"
    match kind {
        "alert" => {
            if let Some((k, rest)) = text.split_once(" (") {
                let channel = rest.trim_end_matches(')');
                return format!(
                    "{} ({})",
                    label(lang, "alert", k),
                    label(lang, "channel", channel)
                );
            }
        }
        "limit" => {
            let mut parts = text.split(' ');
            if let (Some(k), Some(amount), Some(cur), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            {
                return format!(
                    "{} {}",
                    label(lang, "limit", k),
                    format_money(lang, amount, cur)
                );
            }
        }
        _ => {}
    }
    // "Netflix (12.99 EUR)"
    if let Some((name, rest)) = text.rsplit_once(" (")
        && let Some((amount, cur)) = rest.trim_end_matches(')').split_once(' ')
        && !amount.is_empty()
        && amount.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && cur.len() == 3
    {
        return format!("{name} ({})", format_money(lang, amount, cur));
    }
    // "New card for Erika Musterfrau": ordered for who stays when a holder's card closes.
    if let Some(name) = text.strip_prefix("New card for ") {
        return tr(lang, "plan.new_card_for").replace("{name}", name);
    }
    // "Invitation by email to no…@example.com"
    if let Some(to) = text.strip_prefix("Invitation by email to ") {
        return tr(lang, "plan.invitation_to").replace("{to}", to);
    }
    // A card on its way while the address changes: "Visa •••• 1111 in the post: redirected".
    for (suffix, key) in [
        (" in the post: redirected", "plan.card_redirected"),
        (
            " already dispatched: the post forwards it",
            "plan.card_forwarded",
        ),
    ] {
        if let Some(card) = text.strip_suffix(suffix) {
            return tr(lang, key).replace("{card}", card);
        }
    }
    // "Telefon & Internet (Telekom Deutschland): service address"
    if let Some(name) = text.strip_suffix(": service address") {
        return format!("{name}: {}", tr(lang, "plan.service_address"));
    }
    // "Billing address", "Billing address (set separately)"
    let (base, separately) = match text.strip_suffix(" (set separately)") {
        Some(base) => (base, true),
        None => (text, false),
    };
    let slug: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let base = lookup(lang, &format!("srv.{slug}")).unwrap_or(base);
    if separately {
        format!("{base} ({})", tr(lang, "plan.set_separately"))
    } else {
        base.to_owned()
    }
}

/// What a row adds below its label: a status change, or where it goes or stays.
fn detail(lang: Lang, group: &Group, step: &PlanStep) -> Option<String> {
    let before = step.before.as_deref().filter(|s| !s.is_empty());
    let after = step.after.as_deref().filter(|s| !s.is_empty());
    match (before, after) {
        (Some(b), Some(a)) if group.kind == "card" => Some(format!(
            "{} → {}",
            label(lang, "status", b),
            label(lang, "status", a)
        )),
        (Some(b), Some(a)) if b != a && common_target(group).is_none() => Some(format!(
            "{b} → {}",
            lookup(lang, &format!("status.{a}"))
                .map(str::to_owned)
                .unwrap_or_else(|| pretty_label(lang, &step.dependent_kind, a))
        )),
        (Some(b), Some(a)) if b == a => Some(b.to_owned()),
        _ => None,
    }
}

/// The element id of an item's choice checkbox.
pub fn choice_id(dependent_id: &str) -> String {
    format!("choice-{dependent_id}")
}

/// The plan, grouped and counted. With `choices`, items that may stay get a checkbox.
pub fn plan_review(lang: Lang, steps: &[PlanStep], choices: Option<Choices>) -> AnyView {
    let keep = choices
        .map(|c| c.chosen.get_untracked())
        .unwrap_or_default();
    let sections = groups(steps)
        .into_iter()
        .map(|group| {
            let title = heading(lang, &group);
            let test_id = format!("plan-{}-{}", action_name(group.action), group.kind);
            let rows = group
                .steps
                .iter()
                .map(|step| {
                    let label_id = format!("step-{}-{}", step.dependent_kind, step.dependent_id);
                    let kept = keep.contains(&step.dependent_id);
                    // The server offers some choices itself (an item on a card that closes).
                    let offers_cancel = step.choices.contains(&StepAction::Cancel);
                    let choosable = offers_cancel
                        || CHOOSABLE_KINDS.contains(&step.dependent_kind.as_str())
                            && (step.action == StepAction::Move || kept);
                    let choice_key = if offers_cancel { "plan.cancel_instead" } else { "plan.keep_old" };
                    let choice = choices.filter(|_| choosable).map(|c| {
                        let id = step.dependent_id.clone();
                        view! {
                            <label class="choice">
                                <input
                                    type="checkbox"
                                    id=choice_id(&id)
                                    checked=kept
                                    aria-describedby=label_id.clone()
                                    disabled=move || c.busy.get()
                                    on:change=move |ev| c.toggle.run((id.clone(), event_target_checked(&ev)))
                                />
                                " " {tr(lang, choice_key)}
                            </label>
                        }
                    });
                    view! {
                        <li class="plan__item">
                            <span class="plan__label" id=label_id>{pretty_label(lang, &step.dependent_kind, &step.label)}</span>
                            {detail(lang, &group, step).map(|d| view! { <span class="row__sub">{d}</span> })}
                            {choice}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class=format!("plan__group plan__group--{}", action_name(group.action)) data-testid=test_id>
                    <h3>{title}</h3>
                    <ul class="plan__items">{rows}</ul>
                </section>
            }
        })
        .collect_view();
    view! { <div class="plan" data-testid="plan">{sections}</div> }.into_any()
}

/// "Takes effect on 15.01.2027" for plans with a date.
pub fn effective_line(lang: Lang, effective_on: Option<&str>) -> Option<String> {
    effective_on.map(|d| format!("{} {}", tr(lang, "plan.effective_on"), format_date(lang, d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(kind: &str, action: StepAction, label: &str, after: Option<&str>) -> PlanStep {
        PlanStep {
            choices: Vec::new(),
            dependent_kind: kind.into(),
            dependent_id: format!("{kind}-{label}"),
            label: label.into(),
            action,
            before: after.map(|_| "Visa •••• 5556 (08/27)".into()),
            after: after.map(str::to_owned),
        }
    }

    #[test]
    fn groups_are_counted_and_say_where_things_go() {
        // The changes app registers these strings; the home does not carry them.
        crate::i18n::use_app_strings(&crate::i18n::CHANGES_STRINGS);
        let to = Some("Visa •••• 4242 (12/29)");
        let steps = vec![
            step(
                "recurring_payment",
                StepAction::Move,
                "Netflix (12.99 EUR)",
                to,
            ),
            step(
                "recurring_payment",
                StepAction::Move,
                "Spotify (10.99 EUR)",
                to,
            ),
            step(
                "standing_order",
                StepAction::Keep,
                "Sparplan (100.00 EUR)",
                None,
            ),
            step(
                "recurring_payment",
                StepAction::Move,
                "Amazon Prime (8.99 EUR)",
                to,
            ),
            step("wallet_token", StepAction::Move, "Apple Pay (iPhone)", to),
        ];
        let g = groups(&steps);
        assert_eq!(g.len(), 3);
        assert_eq!(
            heading(Lang::En, &g[0]),
            "3 recurring payments move to Visa •••• 4242 (12/29)"
        );
        assert_eq!(heading(Lang::En, &g[1]), "1 standing order stays unchanged");
        assert_eq!(
            heading(Lang::De, &g[2]),
            "1 Mobile Wallet wechselt zu Visa •••• 4242 (12/29)"
        );
    }

    #[test]
    fn labels_are_readable_in_both_languages() {
        // The changes app registers these strings; the home does not carry them.
        crate::i18n::use_app_strings(&crate::i18n::CHANGES_STRINGS);
        assert_eq!(
            pretty_label(Lang::En, "alert", "online_purchase (sms)"),
            "Online purchases (SMS)"
        );
        assert_eq!(
            pretty_label(Lang::De, "limit", "daily_atm 1000.00 EUR"),
            "Bargeld pro Tag 1.000,00\u{a0}€"
        );
        assert_eq!(
            pretty_label(Lang::En, "recurring_payment", "Netflix (12.99 EUR)"),
            "Netflix (€12.99)"
        );
        assert_eq!(
            pretty_label(Lang::De, "address_use", "Billing address"),
            "Rechnungsadresse"
        );
        assert_eq!(
            pretty_label(Lang::De, "address_use", "Billing address (set separately)"),
            "Rechnungsadresse (separat festgelegt)"
        );
        assert_eq!(
            pretty_label(Lang::En, "contract", "Strom (SWB)"),
            "Strom (SWB)"
        );
        assert_eq!(
            pretty_label(Lang::En, "mandate", "Stadtwerke Berlin"),
            "Stadtwerke Berlin"
        );
        // The address planner's words for a card on its way (backend migration/address.rs).
        assert_eq!(
            pretty_label(
                Lang::De,
                "card_delivery",
                "Visa •••• 1111 in the post: redirected"
            ),
            "Visa •••• 1111 ist unterwegs: Die Zustellung wird umgeleitet"
        );
        assert_eq!(
            pretty_label(
                Lang::De,
                "card_delivery",
                "Visa •••• 2222 already dispatched: the post forwards it"
            ),
            "Visa •••• 2222 ist schon verschickt: Die Post leitet sie weiter"
        );
        assert_eq!(
            pretty_label(
                Lang::En,
                "card_delivery",
                "Visa •••• 1111 in the post: redirected"
            ),
            "Visa •••• 1111 in the post: redirected"
        );
    }
}
