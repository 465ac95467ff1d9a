//! Dates from the browser's clock and RFC 3339 instants in the browser's time zone.

use crate::i18n::{Lang, format_date};

fn iso_date(d: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// Today plus `days` in the browser's calendar, `YYYY-MM-DD`.
pub fn today_plus(days: u32) -> String {
    let d = js_sys::Date::new_0();
    d.set_date(d.get_date() + days);
    iso_date(&d)
}

/// Today plus `days` (negative: before today) in the browser's calendar, `YYYY-MM-DD`.
pub fn days_from_today(days: i32) -> String {
    let now = js_sys::Date::new_0();
    // Through the calendar date, not milliseconds (a day is not always 24 hours long); the
    // browser rolls a day out of range (0, -5, 40) over into the month before or after.
    let d = js_sys::Date::new_with_year_month_day(
        now.get_full_year(),
        now.get_month() as i32,
        now.get_date() as i32 + days,
    );
    iso_date(&d)
}

/// `2026-11-22T16:18:38Z` → `22.11.2026, 17:18` (de) or `2026-11-22 17:18` (en), local time.
pub fn local_date_time(lang: Lang, at: &str) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(at));
    if d.get_time().is_nan() {
        return at.to_owned();
    }
    let date = format_date(lang, &iso_date(&d));
    let sep = if lang == Lang::De { ", " } else { " " };
    format!("{date}{sep}{:02}:{:02}", d.get_hours(), d.get_minutes())
}
