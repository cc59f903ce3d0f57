//! The catalogue in the database: imported whole from a validated file,
//! searched by name or model code.

use crate::entity::catalogue_item;
use crate::products::item_from;
use crate::{Result, Store, ms};
use chrono::{DateTime, Utc};
use cps_domain::catalogue::CatalogueItem;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Add new models and update known ones; others stay as they are.
    Extend,
    /// As Extend, and models missing from the file are withdrawn (no new
    /// registrations; registered products keep them).
    Replace,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueReport {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub withdrawn: usize,
    /// Each model added, changed or withdrawn: (model code, name, points
    /// before, points after); `None` where the model was not there.
    pub changes: Vec<(String, String, Option<i64>, Option<i64>)>,
}

fn same(m: &catalogue_item::Model, i: &CatalogueItem) -> bool {
    m.name == i.name
        && m.category == i.category.as_str()
        && m.release_date == i.release_date.format("%Y-%m-%d").to_string()
        && m.points == i.points
        && m.serial_pattern == i.serial_pattern.as_str()
        && m.decline == i.decline.to_text()
        && m.active
}

impl Store {
    /// Imports a validated catalogue in one transaction. A model's new
    /// points apply to registrations completed from now on; products already
    /// complete keep the points they earned (they are in the ledger).
    pub async fn import_catalogue(
        &self,
        items: &[CatalogueItem],
        mode: ImportMode,
        now: DateTime<Utc>,
    ) -> Result<CatalogueReport> {
        let txn = self.write().await?;
        let report = import_catalogue_in(&txn, items, mode, now).await?;
        txn.commit().await?;
        self.cache.forget();
        Ok(report)
    }

    /// What an import would change, without changing anything.
    pub async fn preview_catalogue(
        &self,
        items: &[CatalogueItem],
        mode: ImportMode,
        now: DateTime<Utc>,
    ) -> Result<CatalogueReport> {
        let txn = self.write().await?;
        let report = import_catalogue_in(&txn, items, mode, now).await?;
        txn.rollback().await?;
        Ok(report)
    }
}

pub(crate) async fn import_catalogue_in<C: sea_orm::ConnectionTrait>(
    txn: &C,
    items: &[CatalogueItem],
    mode: ImportMode,
    now: DateTime<Utc>,
) -> Result<CatalogueReport> {
    {
        let existing = catalogue_item::Entity::find().all(txn).await?;
        let mut report = CatalogueReport::default();
        for item in items {
            let model = catalogue_item::ActiveModel {
                model_code: Set(item.model_code.clone()),
                name: Set(item.name.clone()),
                category: Set(item.category.as_str().to_owned()),
                release_date: Set(item.release_date.format("%Y-%m-%d").to_string()),
                points: Set(item.points),
                serial_pattern: Set(item.serial_pattern.as_str().to_owned()),
                decline: Set(item.decline.to_text()),
                active: Set(true),
                updated_at: Set(ms(now)),
            };
            match existing.iter().find(|m| m.model_code == item.model_code) {
                None => {
                    model.insert(txn).await?;
                    report.added += 1;
                    report.changes.push((item.model_code.clone(), item.name.clone(), None, Some(item.points)));
                }
                Some(m) if same(m, item) => report.unchanged += 1,
                Some(m) => {
                    model.update(txn).await?;
                    report.changed += 1;
                    report.changes.push((
                        item.model_code.clone(),
                        item.name.clone(),
                        Some(m.points),
                        Some(item.points),
                    ));
                }
            }
        }
        if mode == ImportMode::Replace {
            for m in existing.iter().filter(|m| m.active && !items.iter().any(|i| i.model_code == m.model_code)) {
                catalogue_item::ActiveModel {
                    model_code: Set(m.model_code.clone()),
                    active: Set(false),
                    updated_at: Set(ms(now)),
                    ..Default::default()
                }
                .update(txn)
                .await?;
                report.withdrawn += 1;
                report.changes.push((m.model_code.clone(), m.name.clone(), Some(m.points), None));
            }
        }
        crate::reference::bump_in(txn).await?;
        Ok(report)
    }
}

impl Store {
    pub async fn catalogue_is_empty(&self) -> Result<bool> {
        Ok(catalogue_item::Entity::find().count(self.conn()).await? == 0)
    }

    /// Active models whose name or model code contains every word of `query`.
    pub async fn search_catalogue(&self, query: &str, limit: u64) -> Result<Vec<CatalogueItem>> {
        let mut q = catalogue_item::Entity::find().filter(catalogue_item::Column::Active.eq(true));
        for word in query.split_whitespace().take(6) {
            let word: String = word.to_lowercase().chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
            if word.is_empty() {
                continue;
            }
            let pattern = format!("%{word}%");
            q = q.filter(
                sea_orm::Condition::any()
                    .add(lower_of(catalogue_item::Column::Name).like(pattern.clone()))
                    .add(lower_of(catalogue_item::Column::ModelCode).like(pattern)),
            );
        }
        let rows = q.order_by_asc(catalogue_item::Column::Name).limit(limit).all(self.conn()).await?;
        rows.into_iter().map(item_from).collect()
    }

    /// An active model by its code.
    pub async fn catalogue_item(&self, model_code: &str) -> Result<Option<CatalogueItem>> {
        let reference = self.reference().await?;
        reference.catalogue.get(model_code).filter(|m| m.active).cloned().map(item_from).transpose()
    }
}

/// `LOWER(column)`, for case-insensitive matching on both backends.
pub(crate) fn lower_of(col: catalogue_item::Column) -> sea_orm::sea_query::Expr {
    sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::lower(sea_orm::sea_query::Expr::col(col)))
}
