pub mod account;
pub mod card;
pub mod customer;
pub mod header;
pub mod lang_switch;
pub mod more;
pub mod rows;
