//! Invitations to a business account, apart from users: before, an invited
//! colleague was a user row without a password in the inviting business,
//! and a later sign-up with that address activated that row — the person's
//! own company was lost into the inviting one. Such never-activated invited
//! users are removed here with their links: their owners see them gone
//! from the user list and can invite again, as an invitation of its own.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("invitations")
                .col(big_pk_auto("id"))
                .col(big_integer("business_id"))
                .col(text("email"))
                .col(text_uniq("token_hash"))
                .col(big_integer_null("invited_by"))
                .col(text("language"))
                .col(text("status"))
                .col(big_integer("created_at"))
                .col(big_integer("expires_at"))
                .col(big_integer_null("answered_at"))
                .foreign_key(ForeignKey::create().from("invitations", "business_id").to("businesses", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("invitations_business_created")
                .table("invitations")
                .col("business_id")
                .col("created_at")
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let pending =
            "SELECT id FROM users WHERE role = 'member' AND password_hash IS NULL AND email_verified_at IS NULL";
        db.execute_unprepared(&format!("DELETE FROM auth_tokens WHERE user_id IN ({pending})")).await?;
        db.execute_unprepared(&format!("DELETE FROM sessions WHERE user_id IN ({pending})")).await?;
        db.execute_unprepared(&format!("DELETE FROM users WHERE id IN ({pending})")).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("invitations").to_owned()).await
    }
}
