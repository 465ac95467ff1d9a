//! The answers every route of a kind can give, added to the OpenAPI document in one place rather
//! than on each handler: who may call a route decides them, not what the route does. A customer
//! on a staff route gets 404 (staff routes do not exist for them), staff not acting for a
//! customer get 403 on customer routes, anyone without a session 401, and a write that fails the
//! CSRF guard 403.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

/// Routes that need no session.
const PUBLIC: [&str; 11] = [
    "/api/auth/login",
    "/api/auth/logout",
    "/api/openapi.json",
    "/api/changes/disputes",
    "/api/invitations/{token}",
    "/api/invitations/{token}/accept",
    "/api/testing/customers",
    "/api/testing/staff",
    "/healthz",
    "/readyz",
    "/metrics",
];

pub struct StandardResponses;

impl utoipa::Modify for StandardResponses {
    fn modify(&self, doc: &mut OpenApi) {
        for (path, item) in doc.paths.paths.iter_mut() {
            let operations = [
                (false, item.get.as_mut()),
                (true, item.post.as_mut()),
                (true, item.put.as_mut()),
                (true, item.patch.as_mut()),
                (true, item.delete.as_mut()),
            ];
            for (write, op) in operations {
                if let Some(op) = op {
                    add_standard(path, write, op);
                }
            }
        }
    }
}

fn add_standard(path: &str, write: bool, op: &mut Operation) {
    let api = path.starts_with("/api/");
    if api && !PUBLIC.contains(&path) {
        add(op, "401", "Not signed in, or the session has ended");
    }
    if path.starts_with("/api/staff/") {
        add(op, "403", "Not allowed for this staff role");
        add(
            op,
            "404",
            "Not found; customers get 404 on every staff route",
        );
    } else if ["/api/me", "/api/timeline", "/api/changes", "/api/cards"]
        .iter()
        .any(|p| path.starts_with(p))
        && !PUBLIC.contains(&path)
    {
        add(
            op,
            "403",
            "Staff not acting for a customer, or a step staff may not take for one",
        );
    }
    if api && write {
        add(
            op,
            "403",
            "A browser write without a same-origin `Origin`, or another client without `X-CSRF-Token`",
        );
    }
}

/// Adds `status` with the error body unless the handler documents it already.
fn add(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ApiError")))
                            .build(),
                    )
                    .build(),
            )
        });
}
