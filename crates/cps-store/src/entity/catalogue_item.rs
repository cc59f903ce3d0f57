use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "catalogue_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub model_code: String,
    pub name: String,
    pub category: String,
    pub release_date: String,
    pub points: i64,
    pub serial_pattern: String,
    pub decline: String,
    pub active: bool,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
