//! The back office at `/admin`: staff log in with a password and a TOTP
//! code; each role sees its tools. Pages share one template of sections
//! (text, a table, forms), so a new tool is data, not markup.

pub mod audit_fields;
pub mod auth;
pub mod catalogue;
pub mod finance;
pub mod service;
pub mod support;
pub mod system;

use crate::error::AppError;
use crate::staff::Staff;
use crate::view::{Field, Page, render};
use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};

pub struct Search {
    pub action: &'static str,
    pub label: String,
    pub button: String,
    pub value: String,
}

pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    /// A secondary detail: the text folded away under this summary.
    pub folded: Option<String>,
    /// (label, value) pairs shown as a list before the folded text.
    pub fields: Vec<(String, String)>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), href: None, folded: None, fields: Vec::new() }
    }

    pub fn link(text: impl Into<String>, href: String) -> Cell {
        Cell { text: text.into(), href: Some(href), folded: None, fields: Vec::new() }
    }

    /// Technical detail, shown only when asked for (empty text: an empty cell).
    pub fn folded(text: impl Into<String>, summary: String) -> Cell {
        let text = text.into();
        let folded = (!text.is_empty()).then_some(summary);
        Cell { text, href: None, folded, fields: Vec::new() }
    }

    /// Fields by their labels, with the text they were read from folded
    /// away under `summary` as technical detail.
    pub fn fields(fields: Vec<(String, String)>, text: impl Into<String>, summary: String) -> Cell {
        Cell { fields, ..Cell::folded(text, summary) }
    }
}

pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

pub struct ActionForm {
    pub action: String,
    pub title: String,
    pub button: String,
    pub fields: Vec<Field>,
    pub multipart: bool,
    pub secondary: bool,
    /// Hidden inputs besides the CSRF token: (name, value).
    pub hidden: Vec<(&'static str, String)>,
    /// The file types a multipart form takes.
    pub accept: &'static str,
}

/// A GET form that narrows a list (the service queue's filters).
pub struct FilterForm {
    pub action: &'static str,
    pub button: String,
    pub fields: Vec<Field>,
}

#[derive(Default)]
pub struct Section {
    pub title: String,
    pub text: Vec<String>,
    pub table: Option<Table>,
    pub forms: Vec<ActionForm>,
}

#[derive(Template)]
#[template(path = "admin.html")]
pub struct AdminView {
    pub page: Page,
    pub lead: Option<String>,
    pub search: Option<Search>,
    pub filter: Option<FilterForm>,
    pub errors: Vec<(String, String)>,
    pub sections: Vec<Section>,
}

impl AdminView {
    pub fn new(page: Page) -> AdminView {
        AdminView { page, lead: None, search: None, filter: None, errors: Vec::new(), sections: Vec::new() }
    }

    pub fn respond(mut self) -> Result<Response, AppError> {
        self.unique_field_ids();
        Ok(render(&self)?.into_response())
    }

    /// A field name used by more than one form of the page gets its form's
    /// number in its id, and the error summary links to the field that has
    /// the error.
    fn unique_field_ids(&mut self) {
        let mut uses = std::collections::BTreeMap::<&'static str, usize>::new();
        for f in self.sections.iter().flat_map(|s| &s.forms).flat_map(|f| &f.fields) {
            *uses.entry(f.name).or_default() += 1;
        }
        let mut n = 0;
        for form in self.sections.iter_mut().flat_map(|s| &mut s.forms) {
            n += 1;
            for f in &mut form.fields {
                if uses.get(f.name).is_some_and(|u| *u > 1) {
                    f.form = Some(n);
                    if f.error.is_some() {
                        let old = format!("f-{}", f.name);
                        for (href, _) in &mut self.errors {
                            if *href == old {
                                *href = f.id();
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A table whose headers are message ids.
pub fn table(staff: &Staff, headers: &[&str], rows: Vec<Vec<Cell>>) -> Table {
    Table { headers: headers.iter().map(|h| staff.ctx.i.t(h)).collect(), rows }
}

/// A form with its action, title and button given as message ids.
pub fn form(staff: &Staff, action: String, title: &str, button: &str, fields: Vec<Field>) -> ActionForm {
    let i = &staff.ctx.i;
    ActionForm {
        action,
        title: if title.is_empty() { String::new() } else { i.t(title) },
        button: i.t(button),
        fields,
        multipart: false,
        secondary: false,
        hidden: Vec::new(),
        accept: "",
    }
}

/// `/admin`: the first tool of the role.
pub async fn home(staff: Staff) -> Response {
    Redirect::to(staff.home()).into_response()
}

/// The reason a staff action needs: 3 to 1000 characters.
pub fn reason_error(reason: &str) -> Option<&'static str> {
    let n = reason.trim().chars().count();
    if n < 3 {
        Some("admin-error-reason")
    } else if n > 1000 {
        Some("admin-error-too-long")
    } else {
        None
    }
}
