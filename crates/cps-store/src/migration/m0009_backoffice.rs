//! The back office: staff users with a second factor, their sessions, the
//! append-only audit log; and what staff work through (unmatched bank
//! payments get a resolution) and what closing an account leaves.

use sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("staff_users")
                .col(big_pk_auto("id"))
                .col(text_uniq("email"))
                .col(text("password_hash"))
                .col(text("role"))
                .col(text("totp_secret"))
                .col(big_integer_null("last_totp_step"))
                .col(big_integer_null("disabled_at"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("staff_sessions")
                .col(text("id_hash").primary_key())
                .col(big_integer("staff_id"))
                .col(big_integer("created_at"))
                .col(big_integer("last_seen_at"))
                .col(big_integer_null("second_factor_at"))
                .foreign_key(ForeignKey::create().from("staff_sessions", "staff_id").to("staff_users", "id"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(big_pk_auto("id"))
                .col(big_integer("at"))
                .col(big_integer_null("staff_id"))
                .col(text("actor"))
                .col(text("action"))
                .col(text("target"))
                .col(text_null("before"))
                .col(text_null("after"))
                .col(text_null("reason"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("audit_log_at").table("audit_log").col("at").to_owned()).await?;
        // Append-only in the database itself, not only by convention.
        let db = m.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS \
                     $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log \
                     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
                )
                .await?;
            }
            _ => {
                for op in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER audit_log_no_{} BEFORE {op} ON audit_log \
                         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                        op.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        // One column per statement: SQLite alters one thing at a time.
        m.alter_table(Table::alter().table("bank_payments").add_column(big_integer_null("resolved_at")).to_owned())
            .await?;
        m.alter_table(Table::alter().table("bank_payments").add_column(text_null("resolution")).to_owned()).await?;
        m.alter_table(Table::alter().table("businesses").add_column(big_integer_null("closed_at")).to_owned()).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("businesses").drop_column("closed_at").to_owned()).await?;
        for c in ["resolved_at", "resolution"] {
            m.alter_table(Table::alter().table("bank_payments").drop_column(c).to_owned()).await?;
        }
        for t in ["audit_log", "staff_sessions", "staff_users"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
