pub mod change_address;
pub mod change_card;
pub mod login;
pub mod overview;
pub mod timeline;
