//! Schema migrations, embedded in the binary and run by `cps migrate` (and at
//! start in single-binary mode). Additive first: a migration never rewrites
//! one that has shipped.

use sea_orm_migration::prelude::*;

mod m0001_accounts;
mod m0002_products;
mod m0003_memberships;
mod m0004_invoices;
mod m0005_bank_payments;
mod m0006_card_payments;
mod m0007_reminders;
mod m0008_support;
mod m0009_backoffice;
mod m0010_stripe;
mod m0011_staged_uploads;
mod m0012_invitations;
mod m0013_login_sources;
mod m0014_invoice_pdfs;
mod m0016_einvoice_vies;
mod m0018_bank_review;
mod m0020_stripe_attempts;
mod m0022_retention;
mod m0023_reference_version;
mod m0029_product_uploads;
mod m0030_api;
mod m0032_service;
mod m0034_repair_invoices;
pub(crate) mod m0036_search_indexes;
mod m0038_data_version;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_accounts::Migration),
            Box::new(m0002_products::Migration),
            Box::new(m0003_memberships::Migration),
            Box::new(m0004_invoices::Migration),
            Box::new(m0005_bank_payments::Migration),
            Box::new(m0006_card_payments::Migration),
            Box::new(m0007_reminders::Migration),
            Box::new(m0008_support::Migration),
            Box::new(m0009_backoffice::Migration),
            Box::new(m0010_stripe::Migration),
            Box::new(m0011_staged_uploads::Migration),
            Box::new(m0012_invitations::Migration),
            Box::new(m0013_login_sources::Migration),
            Box::new(m0014_invoice_pdfs::Migration),
            Box::new(m0016_einvoice_vies::Migration),
            Box::new(m0018_bank_review::Migration),
            Box::new(m0020_stripe_attempts::Migration),
            Box::new(m0022_retention::Migration),
            Box::new(m0023_reference_version::Migration),
            Box::new(m0029_product_uploads::Migration),
            Box::new(m0030_api::Migration),
            Box::new(m0032_service::Migration),
            Box::new(m0034_repair_invoices::Migration),
            Box::new(m0036_search_indexes::Migration),
            Box::new(m0038_data_version::Migration),
        ]
    }
}
