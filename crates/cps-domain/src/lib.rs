//! The rules of CPS, free of I/O. Every type here that exists is valid
//! ("parse, don't validate"): the web layer turns form input into these types
//! and shows the [`FieldErrors`] it gets back.

pub mod account;
pub mod api;
pub mod bankfile;
pub mod billing;
pub mod bulk_upload;
pub mod card_payment;
pub mod card_setup;
pub mod catalogue;
pub mod checkout;
pub mod clock;
pub mod code128;
pub mod country;
mod country_names;
pub mod eas;
pub mod email;
pub mod errors;
pub mod invitation;
pub mod lang;
pub mod legacy;
pub mod login;
pub mod mail;
pub mod membership;
pub mod money;
pub mod net;
pub mod organisation;
pub mod password;
pub mod points;
pub mod product;
pub mod redirect;
pub mod references;
pub mod retention;
pub mod serial;
pub mod service;
pub mod shipping;
pub mod staff;
pub mod status;
pub mod support;
pub mod throttle;
pub mod tier_upload;
pub mod tiers;
pub mod totp;
pub mod ubl;
pub mod vat;
pub mod vies;

pub use clock::{Clock, ManualClock, SystemClock};
pub use country::Country;
pub use email::Email;
pub use errors::FieldErrors;
pub use lang::Lang;
