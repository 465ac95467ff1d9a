//! Charts drawn as inline SVG, no chart service: stacked daily bars and horizontal count bars.
//! The SVG is decoration for sighted users (`aria-hidden`); every chart is shown beside a table
//! of the same numbers, which screen readers read (see the dashboard page).

use leptos::prelude::*;

/// A bar split into two stacked parts (self-service below, with staff on top).
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    pub label: String,
    pub lower: i64,
    pub upper: i64,
}

/// A round upper end for the value axis: 1, 2, 5 × 10ⁿ at or above `max` (at least 1).
pub fn nice_ceiling(max: i64) -> i64 {
    let max = max.max(1);
    let mut unit = 1;
    loop {
        for step in [1, 2, 5] {
            if step * unit >= max {
                return step * unit;
            }
        }
        unit *= 10;
    }
}

/// Which of `n` bars get a date under the axis: the first, the last and a few evenly between,
/// so that labels never overlap on a phone.
pub fn labelled(n: usize, at_most: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let slots = at_most.clamp(2, n.max(2));
    let mut picks: Vec<usize> = (0..slots)
        .map(|i| (i * (n - 1) + (slots - 1) / 2) / (slots - 1).max(1))
        .collect();
    picks.dedup();
    picks
}

/// Stacked bars over time. The bars are SVG stretched to the frame (`preserveAspectRatio=none`);
/// the axis texts are HTML placed by percentage, so they keep the page's type size on a phone and
/// on a wide screen alike. `short` turns a bar's label into its axis text.
pub fn stacked_bars(stacks: &[Stack], short: impl Fn(&str) -> String) -> impl IntoView {
    let top = nice_ceiling(stacks.iter().map(|s| s.lower + s.upper).max().unwrap_or(0));
    let n = stacks.len().max(1);
    // One unit of width per bar, 100 units of height for the top of the axis.
    let h = |v: i64| 100.0 * v as f64 / top as f64;
    let bars = stacks
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let x = i as f64 + 0.1;
            view! {
                <rect class="chart__lower" x=x width=0.8 y=100.0 - h(s.lower) height=h(s.lower)></rect>
                <rect class="chart__upper" x=x width=0.8 y=100.0 - h(s.lower + s.upper) height=h(s.upper)></rect>
            }
        })
        .collect_view();
    let grid = [0, top / 2, top]
        .into_iter()
        .map(|v| {
            let y = 100.0 - h(v);
            view! { <line class="chart__grid" x1=0 x2=n y1=y y2=y vector-effect="non-scaling-stroke"></line> }
        })
        .collect_view();
    let y_ticks = [0, top / 2, top]
        .into_iter()
        .map(|v| view! { <span class="chart__y" style=format!("bottom: {:.2}%", h(v))>{v}</span> })
        .collect_view();
    let x_ticks = labelled(stacks.len(), 4)
        .into_iter()
        .map(|i| {
            let left = 100.0 * (i as f64 + 0.5) / n as f64;
            // The outer labels align to their ends, so none reaches beyond the frame.
            let class = match i {
                0 => "chart__x chart__x--start",
                i if i + 1 == n => "chart__x chart__x--end",
                _ => "chart__x",
            };
            view! { <span class=class style=format!("left: {left:.2}%")>{short(&stacks[i].label)}</span> }
        })
        .collect_view();
    view! {
        <div class="chart-frame" aria-hidden="true">
            <svg class="chart" viewBox=format!("0 0 {n} 100") preserveAspectRatio="none" focusable="false">
                {grid}
                {bars}
            </svg>
            {y_ticks}
            {x_ticks}
        </div>
    }
}

/// One horizontal bar per count: the label above its bar, the count after it.
pub fn count_bars(rows: &[(String, i64)]) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let rows = rows
        .iter()
        .map(|(label, count)| {
            let width = 100.0 * *count as f64 / max as f64;
            view! {
                <li class="count-bar">
                    <span class="count-bar__label">{label.clone()}</span>
                    <span class="count-bar__row">
                        <svg class="count-bar__bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
                            <rect class="chart__lower" x=0 y=0 width=width height=10></rect>
                        </svg>
                        <span class="count-bar__count">{*count}</span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="count-bars" aria-hidden="true">{rows}</ul> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_at_a_round_number_at_or_above_the_largest_value() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(50), 50);
        assert_eq!(nice_ceiling(51), 100);
        assert_eq!(nice_ceiling(1_234), 2_000);
    }

    #[test]
    fn axis_labels_include_both_ends_and_never_crowd() {
        assert_eq!(labelled(0, 4), Vec::<usize>::new());
        assert_eq!(labelled(1, 4), vec![0]);
        assert_eq!(labelled(2, 4), vec![0, 1]);
        let thirty = labelled(30, 4);
        assert_eq!(thirty.len(), 4);
        assert_eq!((thirty[0], thirty[3]), (0, 29));
        assert!(thirty.windows(2).all(|w| w[1] - w[0] >= 9), "{thirty:?}");
        assert_eq!(labelled(91, 4).last(), Some(&90));
    }
}
