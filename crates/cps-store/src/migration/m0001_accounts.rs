//! Businesses, their users, sessions, one-time tokens, login failures and the
//! job queue. Times are BIGINT milliseconds since the Unix epoch on both
//! backends (see docs/ARCHITECTURE.md, "Portable types").

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("businesses")
                .col(big_pk_auto("id"))
                .col(text("name"))
                .col(text_null("vat_number"))
                .col(text_null("org_number"))
                .col(text("country"))
                .col(text("street"))
                .col(text("postal_code"))
                .col(text("city"))
                .col(text("contact_name"))
                .col(text_null("old_email"))
                .col(big_integer_null("old_email_verified_at"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("users")
                .col(big_pk_auto("id"))
                .col(big_integer("business_id"))
                .col(text_uniq("email"))
                .col(text_null("password_hash"))
                .col(text("role"))
                .col(text("language"))
                .col(big_integer_null("email_verified_at"))
                .col(big_integer("created_at"))
                .foreign_key(ForeignKey::create().from("users", "business_id").to("businesses", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("users_business").table("users").col("business_id").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("sessions")
                .col(text("id_hash").primary_key())
                .col(big_integer("user_id"))
                .col(big_integer("created_at"))
                .col(big_integer("last_seen_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("sessions", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("sessions_user").table("sessions").col("user_id").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("auth_tokens")
                .col(text("token_hash").primary_key())
                .col(big_integer("user_id"))
                .col(text("purpose"))
                .col(big_integer("created_at"))
                .col(big_integer("expires_at"))
                .col(big_integer_null("used_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("auth_tokens", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("auth_tokens_user").table("auth_tokens").col("user_id").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("login_failures")
                .col(big_pk_auto("id"))
                .col(text("email_key"))
                .col(big_integer("at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("login_failures_key_at").table("login_failures").col("email_key").col("at").to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("jobs")
                .col(big_pk_auto("id"))
                .col(text("kind"))
                .col(text("payload"))
                .col(big_integer("run_at"))
                .col(integer("attempts").default(0))
                .col(integer("max_attempts"))
                .col(big_integer_null("locked_until"))
                .col(text_null("last_error"))
                .col(big_integer_null("failed_at"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("jobs_due").table("jobs").col("failed_at").col("run_at").to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["jobs", "login_failures", "auth_tokens", "sessions", "users", "businesses"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
