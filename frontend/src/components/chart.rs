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

const W: f64 = 400.0;
const H: f64 = 200.0;
const LEFT: f64 = 32.0;
const BOTTOM: f64 = 22.0;
const TOP: f64 = 8.0;

/// Stacked bars over time. `short` turns a bar's label into its axis text.
pub fn stacked_bars(stacks: &[Stack], short: impl Fn(&str) -> String) -> impl IntoView {
    let top = nice_ceiling(stacks.iter().map(|s| s.lower + s.upper).max().unwrap_or(0));
    let plot_h = H - TOP - BOTTOM;
    let plot_w = W - LEFT - 4.0;
    let slot = plot_w / stacks.len().max(1) as f64;
    let bar = (slot * 0.8).max(1.0);
    let y = move |v: i64| TOP + plot_h - plot_h * v as f64 / top as f64;
    let grid = [0, top / 2, top]
        .into_iter()
        .map(|v| {
            view! {
                <line class="chart__grid" x1=LEFT x2=W y1=y(v) y2=y(v)></line>
                <text class="chart__tick" x=LEFT - 4.0 y=y(v) + 4.0 text-anchor="end">{v}</text>
            }
        })
        .collect_view();
    let bars = stacks
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
            view! {
                <rect class="chart__lower" x=x width=bar y=y(s.lower) height=y(0) - y(s.lower)></rect>
                <rect class="chart__upper" x=x width=bar y=y(s.lower + s.upper) height=y(s.lower) - y(s.lower + s.upper)></rect>
            }
        })
        .collect_view();
    let labels = labelled(stacks.len(), 4)
        .into_iter()
        .map(|i| {
            let x = LEFT + slot * (i as f64 + 0.5);
            view! { <text class="chart__tick" x=x y=H - 6.0 text-anchor="middle">{short(&stacks[i].label)}</text> }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {W} {H}") aria-hidden="true" focusable="false">
            {grid}
            {bars}
            {labels}
        </svg>
    }
}

/// One horizontal bar per count, the label above its bar.
pub fn count_bars(rows: &[(String, i64)]) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let row_h = 34.0;
    let height = row_h * rows.len().max(1) as f64;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (label, count))| {
            let y = row_h * i as f64;
            let width = (W - 48.0) * *count as f64 / max as f64;
            view! {
                <text class="chart__label" x=0 y=y + 12.0>{label.clone()}</text>
                <rect class="chart__lower" x=0 y=y + 16.0 width=width height=12></rect>
                <text class="chart__tick" x=width + 4.0 y=y + 27.0>{*count}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart chart--bars" viewBox=format!("0 0 {W} {height}") aria-hidden="true" focusable="false">
            {bars}
        </svg>
    }
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
