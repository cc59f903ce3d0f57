use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub number: String,
    pub series: String,
    pub year: i32,
    pub seq: i64,
    pub business_id: i64,
    pub order_id: Option<i64>,
    pub kind: String,
    pub credits_invoice_id: Option<i64>,
    pub issued_on: String,
    pub due_on: String,
    pub currency: String,
    pub net_minor: i64,
    pub vat_treatment: String,
    pub vat_rate_bp: i64,
    pub vat_minor: i64,
    pub total_minor: i64,
    pub payment_method: String,
    pub payment_reference: Option<String>,
    pub document: String,
    pub status: String,
    pub paid_at: Option<i64>,
    pub created_at: i64,
    /// The service request a repair (or diagnosis-fee) invoice is for.
    pub service_request_id: Option<i64>,
    /// The saved card an invoice without an order is charged to.
    pub payment_method_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
