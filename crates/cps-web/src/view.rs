//! The page frame every template shares (black bar, banners, footer) and the
//! form pieces (fields with label, hint and error; the error summary).

use crate::ctx::Ctx;
use crate::error::{AppError, ErrorKind};
use askama::Template;
use axum::response::Html;
use cps_domain::{FieldErrors, Lang};
use cps_i18n::I18n;

/// A tab of the black bar.
pub struct Tab {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// The frame of a page.
pub struct Page {
    pub i: I18n,
    pub title: String,
    pub csrf: String,
    pub user_email: Option<String>,
    pub tab: &'static str,
    pub flash: Option<String>,
    pub path: String,
    /// The invitation banner: text, link and link label.
    pub banner: Option<(String, &'static str, String)>,
    /// In the back office: the staff member and the tabs of their role.
    pub staff: Option<(String, Vec<Tab>)>,
}

/// The member tabs, in the order of the black bar.
const MEMBER_TABS: [(&str, &str, &str); 6] = [
    ("products", "/products", "nav-my-products"),
    ("tiers", "/tiers", "nav-tiers"),
    ("membership", "/membership", "nav-membership"),
    ("invoices", "/invoices", "nav-invoices"),
    ("service", "/service", "nav-service"),
    ("support", "/support", "nav-support"),
];

impl Page {
    pub fn new(ctx: &Ctx, title_id: &str, tab: &'static str) -> Page {
        Page {
            i: ctx.i,
            title: ctx.i.t(title_id),
            csrf: ctx.csrf.clone(),
            user_email: ctx.user.as_ref().map(|u| u.user.email.to_string()),
            tab,
            flash: ctx.flash.clone(),
            path: ctx.path.clone(),
            // The invitation stands until answered, and not on the page it leads to.
            banner: ctx.user.as_ref().filter(|u| u.invited && !u.member && tab != "tiers").map(|_| {
                let threshold = cps_i18n::Arg::Str(ctx.i.number(ctx.invitation_threshold));
                (
                    ctx.i.t_args("invitation-banner", &[("threshold", threshold)]),
                    "/tiers",
                    ctx.i.t("invitation-banner-link"),
                )
            }),
            staff: None,
        }
    }

    pub fn t(&self, id: &str) -> String {
        self.i.t(id)
    }

    pub fn lang(&self) -> &'static str {
        self.i.lang.code()
    }

    pub fn tabs(&self) -> Vec<Tab> {
        if let Some((_, tabs)) = &self.staff {
            return tabs.iter().map(|t| Tab { href: t.href, label: t.label.clone(), current: t.current }).collect();
        }
        if self.user_email.is_none() {
            return Vec::new();
        }
        MEMBER_TABS
            .iter()
            .map(|(id, href, label)| Tab { href, label: self.t(label), current: *id == self.tab })
            .collect()
    }

    /// The language switch: code, label, name in itself, whether current.
    pub fn other_langs(&self) -> Vec<(&'static str, String, &'static str, bool)> {
        Lang::ALL.iter().map(|l| (l.code(), l.code().to_uppercase(), l.autonym(), *l == self.i.lang)).collect()
    }
}

/// One form field: label above, hint under the label, error under the hint.
pub struct Field {
    pub name: &'static str,
    pub label: String,
    pub hint: Option<String>,
    pub value: String,
    pub error: Option<String>,
    pub kind: &'static str,
    pub autocomplete: &'static str,
    pub required: bool,
    pub options: Vec<(String, String)>,
    /// The id of a `<datalist>` of suggestions.
    pub list: Option<&'static str>,
    pub inputmode: Option<&'static str>,
    /// On a page with several forms that share a field name, the form's
    /// number, so each field's id is unique (`f2-reason`).
    pub form: Option<usize>,
}

impl Field {
    pub fn new(i: &I18n, name: &'static str, label_id: &str, value: &str, errors: &FieldErrors) -> Field {
        Field {
            name,
            label: i.t(label_id),
            hint: None,
            value: value.to_owned(),
            error: errors.get(name).map(|id| i.t(id)),
            kind: "text",
            autocomplete: "off",
            required: true,
            options: Vec::new(),
            list: None,
            inputmode: None,
            form: None,
        }
    }

    pub fn hint_text(mut self, text: String) -> Self {
        self.hint = Some(text);
        self
    }

    pub fn list(mut self, id: &'static str) -> Self {
        self.list = Some(id);
        self
    }

    pub fn inputmode(mut self, mode: &'static str) -> Self {
        self.inputmode = Some(mode);
        self
    }

    pub fn hint(mut self, i: &I18n, id: &str) -> Self {
        self.hint = Some(i.t(id));
        self
    }

    pub fn kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    pub fn autocomplete(mut self, value: &'static str) -> Self {
        self.autocomplete = value;
        self
    }

    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub fn options(mut self, options: Vec<(String, String)>) -> Self {
        self.kind = "select";
        self.options = options;
        self
    }

    /// The ids that describe the input: its hint and its error.
    /// The element id of the field (`f-name`, or `f2-name` in the second of
    /// several forms that share the name).
    pub fn id(&self) -> String {
        match self.form {
            Some(n) => format!("f{n}-{}", self.name),
            None => format!("f-{}", self.name),
        }
    }

    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.id()));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id()));
        }
        ids.join(" ")
    }
}

pub struct Fieldset {
    pub legend: String,
    pub fields: Vec<Field>,
}

/// The error summary at the top of a form: each entry links to its field.
pub fn summary(i: &I18n, errors: &FieldErrors) -> Vec<(String, String)> {
    errors.iter().map(|(field, id)| (format!("f-{field}"), i.t(id))).collect()
}

pub fn render<T: Template>(t: &T) -> Result<Html<String>, AppError> {
    Ok(Html(t.render()?))
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub page: Page,
    pub text: String,
}

impl ErrorPage {
    pub fn new(lang: Lang, kind: ErrorKind) -> ErrorPage {
        let i = I18n::new(lang);
        ErrorPage {
            page: Page {
                i,
                title: i.t(kind.title),
                csrf: String::new(),
                user_email: None,
                tab: "",
                flash: None,
                path: String::new(),
                banner: None,
                staff: None,
            },
            text: i.t(kind.text),
        }
    }

    pub fn render_html(&self) -> String {
        self.render().unwrap_or_else(|_| self.text.clone())
    }
}
