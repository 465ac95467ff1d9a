//! Who is signed in, as the server says: one resource both apps share through the context the
//! shell provides. Sign-in, acting and sign-out refresh it.

use crate::api::{self, ApiResult};
use leptos::prelude::*;
use shared::api::{ActingAs, PrincipalKind, SessionResponse};

/// Who is signed in, as the server says. Refetched after signing in or out.
#[derive(Clone, Copy)]
pub struct Session(pub LocalResource<ApiResult<SessionResponse>>);

impl Session {
    pub fn signed_in(self) -> bool {
        matches!(self.0.get(), Some(Ok(_)))
    }

    /// Not known yet, but the browser's hint says someone signed in here: what will most
    /// likely show can keep its place meanwhile, so nothing jumps when the answer comes.
    pub fn probably_signed_in(self) -> bool {
        self.0.get().is_none() && api::signed_in_hint()
    }

    /// Staff signed in (acting for a customer or not).
    pub fn is_staff(self) -> bool {
        self.0
            .get()
            .and_then(Result::ok)
            .is_some_and(|s| s.principal.kind == PrincipalKind::Staff)
    }

    /// Staff with the admin role (they manage staff accounts).
    pub fn is_admin(self) -> bool {
        self.0.get().and_then(Result::ok).is_some_and(|s| {
            s.principal.kind == PrincipalKind::Staff && s.principal.role.as_deref() == Some("admin")
        })
    }

    /// Whom staff act for now, if anyone.
    pub fn acting_as(self) -> Option<ActingAs> {
        self.0.get().and_then(Result::ok).and_then(|s| s.acting_as)
    }

    /// Asks the server again. Until it answers, the session reads as loading: a resolved
    /// resource keeps its old value while it refetches, and right after signing in that old
    /// value is "not signed in", which sent a quick click on a signed-in page back to sign-in.
    pub fn refresh(self) {
        self.0.set(None);
        self.0.refetch();
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
