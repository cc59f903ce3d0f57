use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub business_id: i64,
    pub model_code: String,
    pub serial: Option<String>,
    pub purchase_date: Option<String>,
    pub purchase_country: Option<String>,
    pub retailer: Option<String>,
    pub points_earned: Option<i64>,
    pub completed_at: Option<i64>,
    pub source: String,
    pub legacy_product_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub removed_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
