//! The integration tests of the portal: requests go in-process through the
//! router, each test on a fresh database — SQLite by default, PostgreSQL
//! when `CPS_TEST_DATABASE_URL` names a server (the test command runs both).

mod harness;

mod accounts;
mod backoffice;
mod bench;
mod billing;
mod faq;
mod faults;
mod invitations;
mod membership;
mod privacy;
mod products;
mod security;
mod smtp;
mod stripe;
mod support;
mod throttling;
