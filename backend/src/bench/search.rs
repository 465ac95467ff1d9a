//! `carryover bench search`: staff-search latency over the customers in the database, per kind
//! of identifier, as p50/p95/p99. Run it after `carryover seed --customers 100000`.

use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Row;

use crate::AppState;
use crate::staff::search::find;

use super::percentile;

/// The queries a support agent types, built from real rows.
async fn queries(state: &AppState, n: usize) -> anyhow::Result<Vec<(&'static str, String)>> {
    let total: i64 = sqlx::query("SELECT COUNT(*) FROM customers")
        .fetch_one(&state.db.pool)
        .await?
        .try_get(0)?;
    anyhow::ensure!(
        total > 0,
        "the database has no customers; run `carryover seed --customers 100000` first"
    );
    let mut rng = StdRng::seed_from_u64(7);
    let mut out = Vec::with_capacity(n * 6);
    // The offset walks the customers' primary key alone: at a million customers, walking the
    // join instead took seconds per query.
    for _ in 0..n {
        let offset = rng.gen_range(0..total);
        let r = sqlx::query(
            "SELECT c.number, c.name, c.email, c.phone, a.iban, k.last4 FROM customers c \
             JOIN account_holders h ON h.customer_id = c.id JOIN accounts a ON a.id = h.account_id \
             JOIN cards k ON k.customer_id = c.id \
             WHERE c.id >= (SELECT id FROM customers ORDER BY id LIMIT 1 OFFSET $1) \
             ORDER BY c.id LIMIT 1",
        )
        .bind(offset)
        .fetch_one(&state.db.pool)
        .await?;
        let number: String = r.try_get(0)?;
        let name: String = r.try_get(1)?;
        let last = name.rsplit(' ').next().unwrap_or(&name).to_string();
        let phone: String = r.try_get(3)?;
        out.push((
            "customer number",
            format!("{} {} {}", &number[..4], &number[4..8], &number[8..]),
        ));
        out.push((
            "IBAN",
            shared::domain::format_iban(&r.try_get::<String, _>(4)?),
        ));
        out.push((
            "card last four + name",
            format!("{} {last}", r.try_get::<String, _>(5)?),
        ));
        out.push(("email", r.try_get::<String, _>(2)?.to_uppercase()));
        out.push(("phone", phone.replacen("+49 ", "0", 1)));
        out.push(("name", name.to_lowercase()));
    }
    Ok(out)
}

pub async fn search(state: &AppState, n: usize) -> anyhow::Result<()> {
    let qs = queries(state, n).await?;
    // Warm the caches once, as a running server would be.
    for (_, q) in qs.iter().take(20) {
        find(state, q).await?;
    }
    let mut by_kind: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
    let mut misses: std::collections::BTreeMap<&str, usize> = Default::default();
    for (kind, q) in &qs {
        let t = Instant::now();
        let hits = find(state, q).await?;
        by_kind.entry(kind).or_default().push(t.elapsed());
        if hits.is_empty() {
            *misses.entry(kind).or_default() += 1;
            if std::env::var_os("CARRYOVER_BENCH_SHOW_MISSES").is_some() {
                eprintln!("no hit for {kind}: {q}");
            }
        }
    }
    println!(
        "staff search on {:?}, {} queries per kind",
        state.db.backend, n
    );
    println!("{:<24} {:>8} {:>8} {:>8}", "kind", "p50", "p95", "p99");
    let mut all = Vec::new();
    for (kind, mut v) in by_kind {
        v.sort();
        println!(
            "{kind:<24} {:>8.2?} {:>8.2?} {:>8.2?}",
            percentile(&v, 0.5),
            percentile(&v, 0.95),
            percentile(&v, 0.99)
        );
        all.extend(v);
    }
    all.sort();
    println!(
        "{:<24} {:>8.2?} {:>8.2?} {:>8.2?}",
        "all",
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        percentile(&all, 0.99)
    );
    println!("queries without a hit: {misses:?}");
    Ok(())
}
