//! Reading changes back as the API shows them.

use shared::api::ChangeView;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::migration::Plan;

pub const COLUMNS: &str =
    "id, kind, status, plan, created_at, completed_at, actor_kind, channel, effective_on, version";

pub fn from_row(r: &AnyRow) -> Result<ChangeView, sqlx::Error> {
    let plan: String = r.try_get("plan")?;
    let plan: Plan = serde_json::from_str(&plan).map_err(|e| sqlx::Error::Decode(e.into()))?;
    Ok(ChangeView {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        status: r.try_get("status")?,
        steps: plan.steps,
        created_at: r.try_get("created_at")?,
        completed_at: r.try_get("completed_at")?,
        actor_kind: r.try_get("actor_kind")?,
        channel: r.try_get("channel")?,
        effective_on: r.try_get("effective_on")?,
        version: r.try_get("version")?,
    })
}
