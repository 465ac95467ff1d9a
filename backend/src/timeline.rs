//! The append-only record per customer. Written inside the transaction of what it records.

use crate::clock::db_time;
use crate::db::rows::{self, Val};
use crate::db::{Tx, new_id};

/// Who did something: the customer, a staff member (maybe on the customer's behalf), or the system.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: &'static str,
    pub id: Option<String>,
    pub name: String,
    pub on_behalf_reason: Option<String>,
    /// Staff: the staff member's name and, when acting for a customer, the customer's: the
    /// parts of `name` ("… (staff)", "… (staff) for …"), written to the entry's `data.actor`
    /// so that clients word it in their language.
    pub staff: Option<(String, Option<String>)>,
}

impl Actor {
    pub fn channel(&self) -> &'static str {
        match self.kind {
            "staff" => "staff",
            "bank" => "bulk",
            _ => "self_service",
        }
    }
}

impl Actor {
    /// carryover itself: the scheduler, the dispute desk.
    pub fn system() -> Actor {
        Actor {
            kind: "system",
            id: None,
            name: "carryover".into(),
            on_behalf_reason: None,
            staff: None,
        }
    }

    /// The bank itself, in an operator's bulk run (`carryover reissue`): its changes are on the
    /// channel `bulk`, and clients word the actor ("by the bank") from `data.actor.bank`.
    pub fn bank() -> Actor {
        Actor {
            kind: "bank",
            id: None,
            name: "the bank".into(),
            on_behalf_reason: None,
            staff: None,
        }
    }

    /// The customer acting for themselves.
    pub async fn customer(
        conn: &mut sqlx::AnyConnection,
        customer_id: &str,
    ) -> Result<Actor, sqlx::Error> {
        use sqlx::Row;
        let name: String = sqlx::query("SELECT name FROM customers WHERE id = $1")
            .bind(customer_id)
            .fetch_one(conn)
            .await?
            .try_get(0)?;
        Ok(Actor {
            kind: "customer",
            id: Some(customer_id.to_string()),
            name,
            on_behalf_reason: None,
            staff: None,
        })
    }
}

pub struct Entry<'a> {
    pub customer_id: &'a str,
    pub at: time::OffsetDateTime,
    pub kind: &'a str,
    pub actor: &'a Actor,
    pub summary: String,
    pub data: serde_json::Value,
    pub internal: bool,
}

/// `data` with the entry's stable event code and its parameters (`data.event`, `data.params`),
/// so that clients word the entry in their own language; `summary` stays the English wording
/// (for API clients and old rows). Parameters that are themselves translatable values (a
/// channel, a reason) are codes; free text (names, notes, reasons staff wrote) stays as written;
/// dates and instants are ISO.
pub fn event(data: serde_json::Value, code: &str, params: serde_json::Value) -> serde_json::Value {
    let mut map = match data {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Null => serde_json::Map::new(),
        other => {
            let mut map = serde_json::Map::new();
            map.insert("value".into(), other);
            map
        }
    };
    map.insert("event".into(), code.into());
    map.insert("params".into(), params);
    serde_json::Value::Object(map)
}

pub async fn record(tx: &mut Tx, e: Entry<'_>) -> Result<String, sqlx::Error> {
    record_with(tx, e, None).await
}

/// [`record`], with one member of `data` already serialized (a plan's steps, made once for the
/// change row and its entry): spliced into the entry's JSON as it is.
pub async fn record_with(
    tx: &mut Tx,
    e: Entry<'_>,
    raw: Option<(&str, &serde_json::value::RawValue)>,
) -> Result<String, sqlx::Error> {
    let row = row(e, raw).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let id = row.id.clone();
    insert(tx, vec![row]).await?;
    Ok(id)
}

/// An entry made, not yet written: a bulk job writes many with one [`insert`].
pub struct Row {
    pub id: String,
    values: Vec<Val>,
}

/// An entry's row, in the order [`row`] gives its values.
pub const COLUMNS: [&str; 11] = [
    "id",
    "customer_id",
    "at",
    "kind",
    "actor_kind",
    "actor_id",
    "actor_name",
    "on_behalf_reason",
    "summary",
    "data",
    "internal",
];

/// The entry as [`record_with`] writes it.
pub fn row(
    e: Entry<'_>,
    raw: Option<(&str, &serde_json::value::RawValue)>,
) -> serde_json::Result<Row> {
    let id = new_id();
    let mut data = e.data;
    if let (Some((staff, customer)), serde_json::Value::Object(map)) = (&e.actor.staff, &mut data) {
        let mut actor = serde_json::json!({ "staff": staff });
        if let Some(customer) = customer {
            actor["for"] = customer.clone().into();
        }
        map.insert("actor".into(), actor);
    }
    if e.actor.kind == "bank"
        && let serde_json::Value::Object(map) = &mut data
    {
        map.insert(
            "actor".into(),
            serde_json::json!({ "bank": true, "channel": e.actor.channel() }),
        );
    }
    let values = vec![
        Val::from(id.as_str()),
        e.customer_id.into(),
        db_time(e.at).into(),
        e.kind.into(),
        e.actor.kind.into(),
        e.actor.id.clone().into(),
        e.actor.name.as_str().into(),
        e.actor.on_behalf_reason.clone().into(),
        e.summary.into(),
        with_raw(data, raw)?.into(),
        i64::from(e.internal).into(),
    ];
    Ok(Row { id, values })
}

/// Writes the entries in one statement.
pub async fn insert(tx: &mut Tx, entries: Vec<Row>) -> Result<(), sqlx::Error> {
    let rows = entries.into_iter().map(|r| r.values).collect();
    rows::insert(tx, "timeline", &COLUMNS, rows).await?;
    Ok(())
}

/// `data` as JSON text, with `raw` as one more member when given.
fn with_raw(
    data: serde_json::Value,
    raw: Option<(&str, &serde_json::value::RawValue)>,
) -> serde_json::Result<String> {
    use serde::ser::{SerializeMap, Serializer};
    let (serde_json::Value::Object(map), Some((key, raw))) = (&data, raw) else {
        return Ok(data.to_string());
    };
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::new(&mut out);
    let mut m = ser.serialize_map(Some(map.len() + 1))?;
    for (k, v) in map.iter().filter(|(k, _)| k.as_str() != key) {
        m.serialize_entry(k, v)?;
    }
    m.serialize_entry(key, raw)?;
    m.end()?;
    // serde_json writes only valid UTF-8.
    Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

#[cfg(test)]
mod raw_tests {
    #[test]
    fn a_raw_member_reads_back_as_if_it_had_been_a_value() {
        let steps = serde_json::json!([{"label": "Netflix (9.99 EUR)", "action": "move"}]);
        let raw = serde_json::value::RawValue::from_string(steps.to_string()).unwrap();
        let data = serde_json::json!({"change_id": "c1", "event": "card_activated"});
        let text = super::with_raw(data.clone(), Some(("steps", &raw))).unwrap();
        let mut expected = data.clone();
        expected["steps"] = steps;
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            expected
        );
        assert_eq!(
            super::with_raw(data.clone(), None).unwrap(),
            data.to_string()
        );
    }
}
