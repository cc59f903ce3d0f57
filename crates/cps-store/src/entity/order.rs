use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub business_id: i64,
    pub user_id: i64,
    pub idempotency_key: String,
    pub tier_code: String,
    pub term_years: i32,
    pub currency: String,
    pub list_price_minor: i64,
    pub credit_minor: i64,
    pub net_minor: i64,
    pub vat_treatment: String,
    pub vat_rate_bp: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    pub payment_method: String,
    pub status: String,
    pub created_at: i64,
    pub payment_method_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
