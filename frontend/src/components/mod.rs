//! What both apps draw. Nothing here imports an app (`crate::customer`, `crate::staff`).

pub mod account;
pub mod acting;
pub mod card;
pub mod cases;
pub mod customer;
pub mod field;
pub mod header;
pub mod idle;
pub mod lang_switch;
pub mod login_form;
pub mod more;
pub mod offline;
pub mod overview;
pub mod plan_review;
pub mod rows;
pub mod shell;
pub mod sign_in_again;
pub mod signed_in;
pub mod timeline;
