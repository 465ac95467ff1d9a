//! One search box for every identifier a customer may quote: customer number (with or without
//! spaces), IBAN, card last four with a name, email, phone in any format, or name (accent- and
//! case-insensitive). Each hit says what matched. Every lookup is an indexed equality or prefix.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{SearchHit, SearchResponse};
use shared::domain::CustomerNumber;
use sqlx::Row;

use super::StaffAuth;
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::search_terms::{name_terms, phone_reversed};

const MAX_HITS: usize = 20;
/// Longer than any identifier or name a customer quotes.
const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Customer number, IBAN, card last four + name, email, phone or name.
    #[param(min_length = 2, max_length = 200, pattern = "\\S[\\s\\S]*\\S")]
    pub q: String,
}

/// Find customers by any identifier.
#[utoipa::path(get, path = "/api/staff/customers", tag = "staff", params(SearchQuery),
    responses((status = 200, body = SearchResponse), (status = 422, body = shared::ApiError)))]
pub async fn search(
    State(state): State<AppState>,
    staff: StaffAuth,
    crate::error::QueryParams(q): crate::error::QueryParams<SearchQuery>,
) -> AppResult<Json<SearchResponse>> {
    // The limit is on what was sent, spaces included, as the OpenAPI document states it.
    let too_long = q.q.chars().count() > MAX_QUERY_CHARS;
    let q = shared::domain::text::trimmed(&q.q);
    if q.chars().count() < 2 {
        return Err(AppError::invalid("q", "Type at least two characters."));
    }
    if too_long {
        return Err(AppError::invalid(
            "q",
            format!("Search for one thing at a time (at most {MAX_QUERY_CHARS} characters)."),
        ));
    }
    let hits = find(&state, q).await?;
    // Every search is audited: who looked for what, when, and how much they found.
    sqlx::query(
        "INSERT INTO staff_searches (id, staff_id, query, hits, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(crate::db::new_id())
    .bind(&staff.id)
    .bind(q)
    .bind(hits.len() as i64)
    .bind(crate::clock::db_time(state.clock.now()))
    .execute(&state.db.pool)
    .await?;
    Ok(Json(SearchResponse { hits }))
}

/// The smallest string above every string that starts with `prefix`.
fn prefix_end(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    if let Some(last) = chars.pop() {
        chars.push(char::from_u32(last as u32 + 1).unwrap_or(char::MAX));
    }
    chars.into_iter().collect()
}

async fn ids(state: &AppState, sql: &'static str, args: &[&str]) -> AppResult<Vec<String>> {
    let mut query = sqlx::query(sql);
    for a in args {
        query = query.bind(*a);
    }
    let rows = query.fetch_all(&state.db.pool).await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?)
}

/// Customers whose name has a word starting with every one of `names` (and, given `last4`, a
/// card ending so). One statement joining one index range per word, so a common surname does not
/// crowd out the person sought.
async fn name_matches(
    state: &AppState,
    names: &[String],
    last4: Option<&str>,
) -> AppResult<Vec<String>> {
    let names: Vec<&String> = names.iter().take(4).collect();
    let mut sql = String::from("SELECT DISTINCT t0.customer_id FROM search_terms t0");
    let mut args: Vec<String> = vec![names[0].clone(), prefix_end(names[0])];
    for (i, n) in names.iter().enumerate().skip(1) {
        sql.push_str(&format!(
            " JOIN search_terms t{i} ON t{i}.customer_id = t0.customer_id AND t{i}.kind = 'name' \
             AND t{i}.term >= ${} AND t{i}.term < ${}",
            args.len() + 1,
            args.len() + 2
        ));
        args.push((*n).clone());
        args.push(prefix_end(n));
    }
    if let Some(l4) = last4 {
        sql.push_str(&format!(
            " JOIN cards k ON k.customer_id = t0.customer_id AND k.last4 = ${}",
            args.len() + 1
        ));
        args.push(l4.to_string());
    }
    sql.push_str(" WHERE t0.kind = 'name' AND t0.term >= $1 AND t0.term < $2 LIMIT 50");
    // Built from the fixed fragments above; every value is a bound parameter.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for a in &args {
        query = query.bind(a);
    }
    let rows = query.fetch_all(&state.db.pool).await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?)
}

pub async fn find(state: &AppState, q: &str) -> AppResult<Vec<SearchHit>> {
    let mut matched: BTreeMap<String, Vec<String>> = BTreeMap::new();
    fn add(matched: &mut BTreeMap<String, Vec<String>>, ids: Vec<String>, what: &str) {
        for id in ids {
            matched.entry(id).or_default().push(what.to_string());
        }
    }
    let compact: String = q
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '/')
        .collect();
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let tokens: Vec<&str> = q.split_whitespace().collect();
    let names: Vec<String> = tokens
        .iter()
        .filter(|t| t.chars().any(char::is_alphabetic) && !t.contains('@'))
        .flat_map(|t| name_terms(t))
        .collect();
    let last4: Option<&str> = tokens
        .iter()
        .copied()
        .find(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()));

    if let Ok(n) = CustomerNumber::parse(&compact) {
        add(
            &mut matched,
            ids(
                state,
                "SELECT id FROM customers WHERE number = $1",
                &[n.as_str()],
            )
            .await?,
            "customer number",
        );
    }
    let upper = compact.to_uppercase();
    // By characters, not bytes: the query may hold umlauts anywhere.
    let head: Vec<char> = upper.chars().take(4).collect();
    let iban_like = upper.chars().count() >= 15
        && head.len() == 4
        && head[..2].iter().all(char::is_ascii_alphabetic)
        && head[2..].iter().all(char::is_ascii_digit);
    if iban_like {
        add(
            &mut matched,
            ids(
                state,
                "SELECT h.customer_id FROM accounts a JOIN account_holders h ON h.account_id = a.id WHERE a.iban = $1",
                &[&upper],
            )
            .await?,
            "IBAN",
        );
    }
    if q.contains('@') {
        let email = q.trim().to_lowercase();
        add(
            &mut matched,
            ids(
                state,
                "SELECT customer_id FROM search_terms WHERE kind = 'email' AND term = $1",
                &[&email],
            )
            .await?,
            "email",
        );
    }
    let only_phone_chars = q
        .chars()
        .all(|c| c.is_ascii_digit() || " +-/().".contains(c));
    let found_number = !matched.is_empty();
    if only_phone_chars && digits.len() >= 6 && !found_number {
        let tail: String = phone_reversed(&digits).chars().take(9).collect();
        let end = prefix_end(&tail);
        add(
            &mut matched,
            ids(state, "SELECT customer_id FROM search_terms WHERE kind = 'phone' AND term >= $1 AND term < $2 LIMIT 50", &[&tail, &end]).await?,
            "phone",
        );
    }
    if !names.is_empty() {
        // A name typed in order ("anna müller") is one range on the folded full name; only words
        // in another order, or with a card's last four, need the join over single words.
        let full = names.join(" ");
        let in_order = if names.len() >= 2 && last4.is_none() {
            ids(
                state,
                "SELECT id FROM customers WHERE name_folded >= $1 AND name_folded < $2 LIMIT 50",
                &[&full, &prefix_end(&full)],
            )
            .await?
        } else {
            Vec::new()
        };
        let named = if in_order.is_empty() {
            name_matches(state, &names, last4).await?
        } else {
            in_order
        };
        let what = match last4 {
            Some(l4) => format!("card •••• {l4} and name"),
            None => "name".to_string(),
        };
        add(&mut matched, named, &what);
    }

    let mut ranked: Vec<(String, Vec<String>)> = matched.into_iter().collect();
    ranked.sort_by_key(|(_, matched)| std::cmp::Reverse(matched.len()));
    ranked.truncate(MAX_HITS);
    if ranked.is_empty() {
        return Ok(Vec::new());
    }
    // The hits' rows in one query, then put back in their ranked order.
    let placeholders: Vec<String> = (1..=ranked.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, number, name, email FROM customers WHERE id IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (id, _) in &ranked {
        query = query.bind(id);
    }
    let mut rows = std::collections::HashMap::new();
    for row in query.fetch_all(&state.db.pool).await? {
        let id: String = row.try_get(0)?;
        rows.insert(id, row);
    }
    let mut hits = Vec::with_capacity(ranked.len());
    for (id, what) in ranked {
        let Some(row) = rows.get(&id) else { continue };
        hits.push(SearchHit {
            number: row.try_get(1)?,
            name: row.try_get(2)?,
            email: row.try_get(3)?,
            customer_id: id,
            matched: what,
        });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefix_end_bounds_the_prefix() {
        assert_eq!(super::prefix_end("muster"), "mustes");
        assert!("mustermann" < super::prefix_end("muster").as_str());
    }
}
