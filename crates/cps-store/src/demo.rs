//! What `cps demo` must know before it fills a database: whether anything
//! in it was made by someone other than the demo.

use crate::{Result, Store, scalar};
use sea_orm::Statement;

impl Store {
    /// How many records belong to someone outside `domain` (the demo's mail
    /// domain): businesses without a user of the domain, users, legacy
    /// accounts, staff users and support tickets with another address, and
    /// imported bank payments (the demo imports none).
    pub async fn records_outside_domain(&self, domain: &str) -> Result<i64> {
        let backend = self.conn().get_database_backend();
        let pattern = format!("%@{domain}");
        let outside = scalar(
            self.conn(),
            Statement::from_sql_and_values(
                backend,
                "SELECT \
                   (SELECT COUNT(*) FROM businesses b WHERE NOT EXISTS \
                      (SELECT 1 FROM users u WHERE u.business_id = b.id AND u.email LIKE $1)) \
                 + (SELECT COUNT(*) FROM users WHERE email NOT LIKE $1) \
                 + (SELECT COUNT(*) FROM legacy_accounts WHERE email NOT LIKE $1) \
                 + (SELECT COUNT(*) FROM staff_users WHERE email NOT LIKE $1) \
                 + (SELECT COUNT(*) FROM tickets WHERE contact_email NOT LIKE $1) \
                 + (SELECT COUNT(*) FROM bank_payments) AS outside",
                [pattern.into()],
            ),
        )
        .await?;
        Ok(outside.unwrap_or(0))
    }
}
