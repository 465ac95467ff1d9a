//! Time comes from one place so tests can move it (session timeouts, deadlines, schedules).

use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

#[derive(Clone)]
pub struct Clock(Arc<Inner>);

enum Inner {
    System,
    Manual(Mutex<OffsetDateTime>),
}

impl Clock {
    pub fn system() -> Self {
        Clock(Arc::new(Inner::System))
    }

    /// A clock that stands still until [`Clock::advance`] moves it.
    pub fn manual(start: OffsetDateTime) -> Self {
        Clock(Arc::new(Inner::Manual(Mutex::new(start))))
    }

    pub fn now(&self) -> OffsetDateTime {
        match &*self.0 {
            Inner::System => OffsetDateTime::now_utc(),
            Inner::Manual(t) => *t.lock().expect("clock lock"),
        }
    }

    /// Moves a manual clock forward; the system clock cannot be moved.
    pub fn advance(&self, by: std::time::Duration) {
        match &*self.0 {
            Inner::System => panic!("the system clock cannot be advanced"),
            Inner::Manual(t) => *t.lock().expect("clock lock") += by,
        }
    }
}

/// The one text form of an instant in the database: fixed width, UTC, so text order is time order.
pub fn db_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

/// Dates are `YYYY-MM-DD` text.
pub fn db_date(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

pub fn parse_db_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn db_time_round_trips_and_sorts() {
        let a = datetime!(2026-01-02 03:04:05.000006 UTC);
        let b = datetime!(2026-11-02 03:04:05 UTC);
        assert_eq!(db_time(a), "2026-01-02T03:04:05.000006Z");
        assert_eq!(parse_db_time(&db_time(a)), Some(a));
        assert!(db_time(a) < db_time(b));
    }

    #[test]
    fn manual_clock_advances() {
        let c = Clock::manual(datetime!(2026-01-01 00:00 UTC));
        c.advance(std::time::Duration::from_secs(60));
        assert_eq!(c.now(), datetime!(2026-01-01 00:01 UTC));
    }
}
