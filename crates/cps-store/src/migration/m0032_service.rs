//! Service and repair (issue 15): requests and their timeline, quotes,
//! the loan pool and loans, the maintenance allowance per membership year
//! and the sensor cleans used. Amounts in minor units; dates as
//! `YYYY-MM-DD` text; instants as milliseconds, like every other table.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("service_requests")
                .col(big_pk_auto("id"))
                .col(text_uniq("number"))
                .col(big_integer("business_id"))
                .col(big_integer("product_id"))
                .col(big_integer("user_id"))
                .col(text("kind"))
                .col(text("shipping"))
                .col(text("description"))
                .col(text("contact_name"))
                .col(text("contact_email"))
                .col(text("return_street"))
                .col(text("return_postal_code"))
                .col(text("return_city"))
                .col(text("return_country"))
                .col(text("language"))
                .col(text("status"))
                // The membership (and its tier) the request was made under.
                .col(big_integer_null("membership_id"))
                .col(text_null("tier_code"))
                .col(integer("priority"))
                .col(integer("repair_days"))
                .col(text("currency"))
                .col(big_integer_null("received_at"))
                .col(text_null("promised_on"))
                .col(text_null("tracking"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .foreign_key(ForeignKey::create().from("service_requests", "business_id").to("businesses", "id"))
                .foreign_key(ForeignKey::create().from("service_requests", "product_id").to("products", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("service_requests_business").table("service_requests").col("business_id").to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("service_requests_queue")
                .table("service_requests")
                .col("status")
                .col("priority")
                .col("promised_on")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("service_events")
                .col(big_pk_auto("id"))
                .col(big_integer("request_id"))
                .col(text_null("from_status"))
                .col(text("to_status"))
                .col(text("actor"))
                .col(text_null("note"))
                .col(big_integer("at"))
                .foreign_key(ForeignKey::create().from("service_events", "request_id").to("service_requests", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("service_events_request").table("service_events").col("request_id").to_owned(),
        )
        .await?;
        // One quote per request; its totals are worked out when entered and
        // again (frozen) when the member decides.
        m.create_table(
            Table::create()
                .table("service_quotes")
                .col(big_integer("request_id").primary_key())
                .col(text("currency"))
                .col(text("vat_treatment"))
                .col(big_integer("vat_rate_bp"))
                .col(big_integer("parts_minor"))
                .col(big_integer("labour_minor"))
                .col(big_integer("sensor_clean_minor"))
                .col(big_integer("free_clean_minor"))
                .col(big_integer("discount_minor"))
                .col(big_integer("allowance_minor"))
                .col(big_integer("net_minor"))
                .col(big_integer("vat_minor"))
                .col(big_integer("total_minor"))
                .col(big_integer("entered_by"))
                .col(big_integer("entered_at"))
                .col(text_null("decision"))
                .col(big_integer_null("decided_at"))
                .foreign_key(ForeignKey::create().from("service_quotes", "request_id").to("service_requests", "id"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("service_quote_lines")
                .col(big_pk_auto("id"))
                .col(big_integer("request_id"))
                .col(integer("position"))
                .col(text("kind"))
                .col(text("description"))
                .col(integer("quantity"))
                .col(big_integer("unit_minor"))
                .foreign_key(
                    ForeignKey::create().from("service_quote_lines", "request_id").to("service_quotes", "request_id"),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("service_quote_lines_request")
                .table("service_quote_lines")
                .col("request_id")
                .col("position")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("loan_items")
                .col(big_pk_auto("id"))
                .col(text("name"))
                .col(text_uniq("serial"))
                .col(text("category"))
                .col(text("status"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("loans")
                .col(big_pk_auto("id"))
                .col(big_integer("request_id"))
                .col(big_integer("business_id"))
                .col(big_integer_null("item_id"))
                .col(text("status"))
                .col(text_null("wish"))
                .col(big_integer("requested_at"))
                .col(big_integer_null("lent_at"))
                .col(text_null("due_on"))
                .col(big_integer_null("returned_at"))
                .foreign_key(ForeignKey::create().from("loans", "request_id").to("service_requests", "id"))
                .foreign_key(ForeignKey::create().from("loans", "item_id").to("loan_items", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("loans_request").table("loans").col("request_id").to_owned()).await?;
        m.create_index(Index::create().name("loans_item").table("loans").col("item_id").to_owned()).await?;
        // The maintenance allowance: one account per membership year, its
        // balance never below zero (checked by the database as well).
        m.create_table(
            Table::create()
                .table("allowance_accounts")
                .col(big_pk_auto("id"))
                .col(big_integer("membership_id"))
                .col(big_integer("business_id"))
                .col(integer("year_index"))
                .col(text("starts_on"))
                .col(text("ends_on"))
                .col(text("currency"))
                .col(big_integer("granted_minor"))
                .col(big_integer("balance_minor"))
                .check(Expr::col("balance_minor").gte(0))
                .check(Expr::col("balance_minor").lte(Expr::col("granted_minor")))
                .foreign_key(ForeignKey::create().from("allowance_accounts", "membership_id").to("memberships", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("allowance_accounts_year")
                .table("allowance_accounts")
                .col("membership_id")
                .col("year_index")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("allowance_draws")
                .col(big_pk_auto("id"))
                .col(big_integer("account_id"))
                .col(big_integer("request_id"))
                .col(big_integer("amount_minor"))
                .col(big_integer("at"))
                .foreign_key(ForeignKey::create().from("allowance_draws", "account_id").to("allowance_accounts", "id"))
                .foreign_key(ForeignKey::create().from("allowance_draws", "request_id").to("service_requests", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("allowance_draws_request")
                .table("allowance_draws")
                .col("request_id")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sensor_cleans")
                .col(big_pk_auto("id"))
                .col(big_integer("product_id"))
                .col(big_integer("membership_id"))
                .col(integer("year_index"))
                .col(big_integer("request_id"))
                .col(big_integer("at"))
                .foreign_key(ForeignKey::create().from("sensor_cleans", "request_id").to("service_requests", "id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("sensor_cleans_request").table("sensor_cleans").col("request_id").unique().to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sensor_cleans_body_year")
                .table("sensor_cleans")
                .col("product_id")
                .col("membership_id")
                .col("year_index")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "sensor_cleans",
            "allowance_draws",
            "allowance_accounts",
            "loans",
            "loan_items",
            "service_quote_lines",
            "service_quotes",
            "service_events",
            "service_requests",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
