//! `carryover reissue`: a bank's portfolio reissue through the migration engine, on both
//! databases: everything carried over or nothing per customer, the bank on the timeline, a
//! failed customer rolled back alone and retried, and a run killed with SIGKILL that finishes on
//! a re-run (two processes at once) with nobody done twice and nobody skipped.

mod common;

use std::process::Stdio;
use std::time::Duration;

use carryover::AppState;
use carryover::reissue::{self, Criteria, Options, YearMonth};
use common::{Backend, TestApp};
use sqlx::Row;

/// Adds `n` generated customers (one Visa card expiring 09/29 with 0–3 recurring payments) and
/// gives every card an alert too, so that more than one kind moves. Returns their account ids.
async fn generated(state: &AppState, n: u32) -> Vec<String> {
    carryover::seed::bulk::seed(&state.db, &state.config.secret, n, state.clock.now())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO card_alerts (id, card_id, kind, channel, threshold_amount, currency, version) \
         SELECT id || '-alert', id, 'spend', 'push', '50.00', 'EUR', 1 FROM cards \
         WHERE customer_id LIKE 'bulk-%' AND NOT EXISTS \
         (SELECT 1 FROM card_alerts a WHERE a.id = cards.id || '-alert')",
    )
    .execute(&state.db.pool)
    .await
    .unwrap();
    use sqlx::Row;
    sqlx::query("SELECT id FROM accounts WHERE id LIKE 'bulk-%' ORDER BY id")
        .fetch_all(&state.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

fn options(run_id: &str, accounts: &[String], carry_over: bool) -> Options {
    Options {
        run_id: Some(run_id.into()),
        criteria: Criteria {
            expiring_before: Some(YearMonth::parse("2029-10").unwrap()),
            brand: Some("VISA".into()),
            accounts_file: Some("generated.txt".into()),
        },
        accounts: Some(accounts.to_vec()),
        carry_over,
        workers: Some(2),
        batch: 7,
        report: false,
    }
}

/// Live dependents still on a card that is no longer active: what the reissue must never leave.
const LEFT_BEHIND: &str = "SELECT \
    (SELECT COUNT(*) FROM recurring_payments r JOIN cards c ON c.id = r.card_id \
      WHERE c.status = 'replaced' AND r.status <> 'cancelled') + \
    (SELECT COUNT(*) FROM card_alerts a JOIN cards c ON c.id = a.card_id WHERE c.status = 'replaced')";

dual_test!(
    carried_over_everything_moves_and_the_bank_is_on_the_timeline,
    |app: TestApp| async move {
        let accounts = generated(&app.state, 20).await;
        let payments = app
            .scalar("SELECT COUNT(*) FROM recurring_payments WHERE card_id LIKE 'bulk-%'")
            .await;
        let summary = reissue::run(&app.state, options("r1", &accounts, true))
            .await
            .unwrap();
        assert_eq!(
            (
                summary.total,
                summary.carried_over,
                summary.failed,
                summary.pending
            ),
            (20, 20, 0, 0)
        );
        assert_eq!(summary.cards, 20);
        assert_eq!(
            summary.moved,
            payments + 20,
            "every payment and every alert"
        );
        assert_eq!(app.scalar(LEFT_BEHIND).await, 0);
        assert_eq!(
        app.scalar("SELECT COUNT(*) FROM cards WHERE customer_id LIKE 'bulk-%' AND status = 'active' AND replaces_card_id IS NOT NULL").await,
        20
    );
        assert_eq!(
        app.scalar("SELECT COUNT(*) FROM changes WHERE kind = 'card_reissue' AND channel = 'bulk' AND actor_kind = 'bank' AND status = 'completed'").await,
        20
    );
        assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox WHERE topic = 'letter' AND payload LIKE '%reissued_card%'").await,
        20
    );
        // Demo customers are outside the account list: Max's cards are as they were.
        assert_eq!(
        app.scalar("SELECT COUNT(*) FROM changes WHERE kind = 'card_reissue' AND customer_id NOT LIKE 'bulk-%'").await,
        0
    );

        // Staff read it on the customer's timeline: by the bank, on the bulk channel.
        let staff = app.signed_in("agent@example.com").await;
        let customer = accounts[0].trim_end_matches("-acc");
        let page: serde_json::Value = staff
            .get(app.url(&format!("/api/staff/customers/{customer}/timeline")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let entry = page["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["data"]["event"] == "card_reissued_carried_over")
            .unwrap_or_else(|| panic!("no reissue on the timeline: {page}"));
        assert_eq!(entry["actor_kind"], "bank");
        assert_eq!(entry["data"]["actor"]["bank"], true);
        assert_eq!(entry["data"]["actor"]["channel"], "bulk");
        assert!(
            entry["summary"]
                .as_str()
                .unwrap()
                .starts_with("The bank reissued card Visa"),
            "{entry}"
        );

        // The same run again finds nothing to do.
        let again = reissue::run(&app.state, options("r1", &accounts, true))
            .await
            .unwrap();
        assert_eq!((again.done_now, again.carried_over), (0, 20));
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM changes WHERE kind = 'card_reissue'")
                .await,
            20
        );
        // A new run over the same cards selects none: they were replaced.
        let next = reissue::run(&app.state, options("r2", &accounts, true))
            .await
            .unwrap();
        assert_eq!(next.total, 0);
    }
);

dual_test!(
    without_carry_over_the_customer_activates_as_today,
    |app: TestApp| async move {
        let accounts = generated(&app.state, 3).await;
        let summary = reissue::run(&app.state, options("plain", &accounts, false))
            .await
            .unwrap();
        assert_eq!((summary.issued, summary.moved), (3, 0));
        // Nothing moved yet: the old cards work until the new ones are activated.
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM cards WHERE customer_id LIKE 'bulk-%' AND status = 'active'"
            )
            .await,
            3
        );
        assert_eq!(
            app.scalar(
                "SELECT COUNT(*) FROM cards WHERE customer_id LIKE 'bulk-%' AND status = 'issued'"
            )
            .await,
            3
        );
        // A run over the same cards now leaves them alone: their replacement is on its way.
        let again = reissue::run(&app.state, options("plain-2", &accounts, true))
            .await
            .unwrap();
        assert_eq!(again.total, 0);

        // The customer's own activation carries everything over, as after any replacement.
        use sqlx::Row;
        let row = sqlx::query(
        "SELECT customer_id, id FROM cards WHERE customer_id LIKE 'bulk-%' AND status = 'issued' ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
        let (customer, card): (String, String) = (row.get(0), row.get(1));
        let mut conn = app.state.db.pool.acquire().await.unwrap();
        let (_, fingerprint) =
            carryover::changes::card_activation::plan(&app.state, &mut conn, &customer, &card)
                .await
                .unwrap();
        drop(conn);
        let mut tx = app.state.db.begin().await.unwrap();
        let version = carryover::changes::lock_customer(&mut tx, &customer)
            .await
            .unwrap();
        let actor = carryover::timeline::Actor::customer(&mut tx, &customer)
            .await
            .unwrap();
        carryover::changes::card_activation::commit(
            &app.state,
            &mut tx,
            &actor,
            &customer,
            &card,
            &fingerprint,
            version,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(app.scalar(LEFT_BEHIND).await, 0);
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM card_alerts WHERE card_id = '{card}'"
            ))
            .await,
            1
        );
    }
);

dual_test!(
    a_customer_whose_plan_fails_rolls_back_alone_and_is_retried,
    |app: TestApp| async move {
        let accounts = generated(&app.state, 10).await;
        // A legacy row in a state the engine does not know: the plan keeps it, the set-based move
        // takes it along, and the counted invariants catch the difference.
        let odd_card = format!("{}-card", accounts[3].trim_end_matches("-acc"));
        sqlx::query(
        "INSERT INTO recurring_payments (id, card_id, merchant, amount, currency, frequency, status, version) \
         VALUES ('legacy-1', $1, 'Legacy GmbH', '1.00', 'EUR', 'monthly', 'deleted', 1)",
    )
    .bind(&odd_card)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
        let before_changes = app.scalar("SELECT COUNT(*) FROM changes").await;

        let first = reissue::run(&app.state, options("retry", &accounts, true))
            .await
            .unwrap();
        assert_eq!((first.carried_over, first.failed), (9, 1));
        assert_eq!(first.failures.len(), 1);
        assert!(
            first.failures[0].1.contains("invariant"),
            "{:?}",
            first.failures
        );
        // Rolled back whole: the card is active, no replacement, no change, nothing moved.
        let odd = |sql: &str| sql.replace("{card}", &odd_card);
        assert_eq!(
            app.scalar(&odd(
                "SELECT COUNT(*) FROM cards WHERE id = '{card}' AND status = 'active'"
            ))
            .await,
            1
        );
        assert_eq!(
            app.scalar(&odd(
                "SELECT COUNT(*) FROM cards WHERE replaces_card_id = '{card}'"
            ))
            .await,
            0
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM changes").await,
            before_changes + 9
        );

        // Cleaned up, the next pass of the same run retries it and only it.
        sqlx::query("UPDATE recurring_payments SET status = 'cancelled' WHERE id = 'legacy-1'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let second = reissue::run(&app.state, options("retry", &accounts, true))
            .await
            .unwrap();
        assert_eq!(
            (second.done_now, second.carried_over, second.failed),
            (1, 10, 0)
        );
        assert_eq!(
            app.scalar("SELECT COUNT(*) FROM changes").await,
            before_changes + 10
        );
        assert_eq!(
        app.scalar("SELECT attempts FROM reissue_items WHERE run_id = 'retry' AND status = 'done' ORDER BY attempts DESC LIMIT 1").await,
        2
    );
    }
);

/// The binary, killed with SIGKILL mid-run and started again (twice at once): every selected
/// customer ends up reissued exactly once.
async fn killed_and_resumed(backend: Backend) {
    let app = common::spawn_app(backend).await;
    let customers = 2_000;
    generated(&app.state, customers).await;
    // Each process's log goes to its own file, shown when it fails.
    let log = |name: &str| app.mailbox.with_file_name(format!("reissue-{name}.log"));
    let command = |name: &str| {
        let mut cmd = common::replicas::command(&app.database_url, &app.mailbox);
        cmd.args([
            "reissue",
            "--run-id",
            "killed",
            "--expiring-before",
            "2029-10",
            "--brand",
            "visa",
            "--carry-over",
            "--batch",
            "10",
        ])
        .env("CARRYOVER_LOG", "info")
        .stderr(Stdio::from(std::fs::File::create(log(name)).unwrap()));
        cmd
    };
    let mut first = command("first").spawn().unwrap();
    let done = "SELECT COUNT(*) FROM reissue_items WHERE run_id = 'killed' AND status = 'done'";
    let mut seen = 0;
    for _ in 0..2_000 {
        seen = app.scalar(done).await;
        if seen >= 20 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let total = app
        .scalar("SELECT total FROM reissue_runs WHERE id = 'killed'")
        .await;
    // Both counts in one statement, so from one snapshot: on PostgreSQL a COMMIT the killed
    // process had already sent still lands after `kill` returns (30 changes and 20 done, read
    // one after the other across it).
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT ({done}), (SELECT COUNT(*) FROM changes WHERE kind = 'card_reissue')"
    )))
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let (after_kill, changes): (i64, i64) = (row.get(0), row.get(1));
    assert!(seen >= 20, "the run got going");
    assert!(
        after_kill < total,
        "killed before the end ({after_kill} of {total})"
    );
    assert_eq!(
        changes, after_kill,
        "a change exactly for every customer marked done"
    );

    // Resumed by two processes at once, as on two replicas.
    let (mut a, mut b) = (command("a").spawn().unwrap(), command("b").spawn().unwrap());
    let (a, b) = (a.wait().unwrap(), b.wait().unwrap());
    let tail = |name: &str| {
        let text = std::fs::read_to_string(log(name)).unwrap_or_default();
        text.lines().rev().take(20).collect::<Vec<_>>().join("\n")
    };
    assert!(
        a.success() && b.success(),
        "{a:?} {b:?}\n--- a (last lines, newest first) ---\n{}\n--- b ---\n{}",
        tail("a"),
        tail("b")
    );
    assert_eq!(app.scalar(done).await, total);
    assert!(total >= i64::from(customers));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM changes WHERE kind = 'card_reissue'")
            .await,
        total
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM (SELECT customer_id FROM changes WHERE kind = 'card_reissue' \
             GROUP BY customer_id HAVING COUNT(*) > 1) twice"
        )
        .await,
        0,
        "nobody twice"
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM cards WHERE customer_id LIKE 'bulk-%' AND status = 'replaced'"
        )
        .await,
        i64::from(customers),
        "nobody skipped"
    );
    assert_eq!(app.scalar(LEFT_BEHIND).await, 0);
    assert!(
        app.scalar(
            "SELECT COUNT(*) FROM reissue_runs WHERE id = 'killed' AND finished_at IS NOT NULL"
        )
        .await
            == 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_run_finishes_on_sqlite() {
    killed_and_resumed(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_run_finishes_on_postgres() {
    killed_and_resumed(Backend::Postgres).await;
}
