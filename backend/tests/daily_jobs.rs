//! The daily arrears check runs once per day across every instance (issue 5).
mod common;

use common::TestApp;
use std::time::Duration;

async fn both(app: &TestApp, other: &TestApp) -> (Option<usize>, Option<usize>) {
    let (a, b) = tokio::join!(
        carryover::daily::run_arrears_check(&app.state),
        carryover::daily::run_arrears_check(&other.state)
    );
    (a.unwrap(), b.unwrap())
}

fn one_ran(runs: (Option<usize>, Option<usize>)) -> usize {
    match runs {
        (Some(n), None) | (None, Some(n)) => n,
        other => panic!("exactly one instance runs the day's check: {other:?}"),
    }
}

dual_test!(
    two_instances_run_the_arrears_check_once_a_day,
    |app: TestApp| async move {
        let other = common::restart(&app, app.clock.clone()).await;
        assert_eq!(
            one_ran(both(&app, &other).await),
            0,
            "every demo bill is paid"
        );

        // A real arrears appears later that day: today's check is done, tomorrow's finds it.
        sqlx::query("INSERT INTO account_dues (id, account_id, description, amount, currency, due_on, created_at) \
                     SELECT 'due-x', id, 'Kontoführung', '6.90', 'EUR', '2026-11-01', '2026-11-01T00:00:00.000000Z' FROM accounts WHERE iban = 'DE91100000000123456789'")
            .execute(&app.state.db.pool).await.unwrap();
        assert_eq!(both(&app, &other).await, (None, None), "once a day");
        assert_eq!(app.scalar("SELECT COUNT(*) FROM arrears_notices").await, 0);

        app.clock.advance(Duration::from_secs(24 * 3600));
        assert_eq!(one_ran(both(&app, &other).await), 1);
        assert_eq!(app.scalar("SELECT COUNT(*) FROM arrears_notices").await, 1);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%\"arrears\"%'")
                .await,
            1,
            "one letter to the one holder"
        );

        app.clock.advance(Duration::from_secs(24 * 3600));
        assert_eq!(
            one_ran(both(&app, &other).await),
            0,
            "one notice, not one a day"
        );
        assert_eq!(app.scalar("SELECT COUNT(*) FROM arrears_notices").await, 1);
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM job_runs WHERE job = 'arrears_check' AND finished_at IS NOT NULL")
                .await,
            3
        );
    }
);
