//! The integration tests of the portal: requests go in-process through the
//! router, each test on a fresh database — SQLite by default, PostgreSQL
//! when `CPS_TEST_DATABASE_URL` names a server (the test command runs both).

mod fake_vies;
mod harness;

mod accounts;
mod api;
mod backoffice;
mod bankfiles;
mod bench;
mod billing;
mod bulk_upload;
mod documents;
mod einvoice;
mod faq;
mod faults;
mod invitations;
mod lang;
mod member_cache;
mod membership;
mod mime;
mod privacy;
mod products;
mod security;
mod service;
mod service_mail;
mod service_member;
mod smtp;
mod stripe;
mod stripe_scripted;
mod support;
mod throttling;
