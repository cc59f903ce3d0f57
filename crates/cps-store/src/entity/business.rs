use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "businesses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub vat_number: Option<String>,
    pub org_number: Option<String>,
    pub country: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub contact_name: String,
    pub old_email: Option<String>,
    pub old_email_verified_at: Option<i64>,
    pub created_at: i64,
    pub invited_at: Option<i64>,
    pub buyer_reference: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
