use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub business_id: i64,
    pub order_id: i64,
    pub tier_code: String,
    pub tier_name: String,
    pub kind: String,
    pub number: String,
    pub previous_number: Option<String>,
    pub term_years: i32,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
