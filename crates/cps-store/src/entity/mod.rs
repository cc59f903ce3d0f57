//! SeaORM entities: one module a table. Private to the store; repositories
//! hand out domain types.

pub mod auth_token;
pub mod business;
pub mod job;
pub mod session;
pub mod user;
