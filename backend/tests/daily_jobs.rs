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

dual_test!(
    the_daily_purge_deletes_what_ran_out_and_keeps_the_rest,
    |app: TestApp| async move {
        let max = app.signed_in("max@example.com").await;
        common::preview_and_commit(
            &app,
            &max,
            serde_json::json!({"kind": "address", "address": {"street": "Neue Straße 5", "postal_code": "20095", "city": "Hamburg", "country": "DE"}}),
        )
        .await;
        let counts = async || {
            (
                app.scalar("SELECT COUNT(*) FROM sessions").await,
                app.scalar("SELECT COUNT(*) FROM idempotency_keys").await,
                app.scalar("SELECT COUNT(*) FROM login_failures").await,
            )
        };
        assert_eq!(counts().await, (1, 1, 0));

        // Two days later Max's session (12 h at most) and his key (24 h) have run out; Erika
        // signs in, Max mistypes his password, and 20 minutes on the failure is out of the
        // limiter's window while Erika's session is still alive.
        app.clock.advance(Duration::from_secs(2 * 24 * 3600));
        let fresh = app.signed_in("erika@example.com").await;
        assert_eq!(app.login("max@example.com", "wrong").await.status(), 401);
        assert_eq!(counts().await, (2, 1, 1));
        app.clock.advance(Duration::from_secs(20 * 60));
        assert_eq!(
            carryover::daily::run_purge(&app.state).await.unwrap(),
            Some(3)
        );
        assert_eq!(
            counts().await,
            (1, 0, 0),
            "only Erika's new session is left"
        );
        assert_eq!(
            fresh.get(app.url("/api/me")).send().await.unwrap().status(),
            200
        );
        assert_eq!(
            carryover::daily::run_purge(&app.state).await.unwrap(),
            None,
            "once a day"
        );
    }
);
