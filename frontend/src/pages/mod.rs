pub mod cases;
pub mod change_address;
pub mod change_card;
pub mod change_holder;
pub mod login;
pub mod overview;
pub mod staff;
pub mod timeline;
