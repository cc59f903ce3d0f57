use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "legacy_products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub legacy_account_id: i64,
    pub row_key: String,
    pub model: String,
    pub serial: Option<String>,
    pub purchase_date: Option<String>,
    pub purchase_country: Option<String>,
    pub retailer: Option<String>,
    pub outcome: Option<String>,
    pub product_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
