//! SeaORM entities: one module a table. Private to the store; repositories
//! hand out domain types.

pub mod auth_token;
pub mod business;
pub mod catalogue_item;
pub mod invoice;
pub mod job;
pub mod ledger_entry;
pub mod legacy_account;
pub mod legacy_product;
pub mod membership;
pub mod order;
pub mod product;
pub mod session;
pub mod user;
