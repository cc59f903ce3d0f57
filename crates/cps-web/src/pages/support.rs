//! CPS Priority Support: the contact form (members and visitors), and a
//! member's cases with their messages.

use crate::csrf::CsrfForm;
use crate::ctx::{Ctx, Member};
use crate::error::AppError;
use crate::pages::auth::limit_forms;
use crate::pages::redirect_with_flash;
use crate::pages::signup::MessagePage;
use crate::state::AppState;
use crate::view::{Field, Page, render, summary};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cps_domain::FieldErrors;
use cps_domain::status::TicketStatus;
use cps_domain::support::{NewTicket, TicketInput, Topic, parse_message};
use cps_i18n::{Arg, I18n};
use cps_store::support::Sender;

#[derive(Template)]
#[template(path = "support.html")]
struct SupportPage {
    page: Page,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
    tickets: Vec<(String, String, String, String)>,
    member: bool,
}

#[derive(Template)]
#[template(path = "ticket.html")]
struct TicketPage {
    page: Page,
    reference: String,
    status: String,
    messages: Vec<(String, String, String, bool)>,
    errors: Vec<(String, String)>,
    fields: Vec<Field>,
}

fn topic_options(i: &I18n) -> Vec<(String, String)> {
    let mut o = vec![(String::new(), i.t("support-topic-choose"))];
    o.extend(Topic::ALL.iter().map(|t| (t.as_str().to_owned(), i.t(&format!("support-topic-{}", t.as_str())))));
    o
}

fn status_text(i: &I18n, s: TicketStatus) -> String {
    i.t(match s {
        TicketStatus::Answered => "support-status-answered",
        TicketStatus::Closed => "support-status-closed",
        TicketStatus::Open => "support-status-open",
    })
}

async fn support_page(
    state: &AppState,
    ctx: &Ctx,
    input: &TicketInput,
    errors: &FieldErrors,
) -> Result<SupportPage, AppError> {
    let i = &ctx.i;
    let mut fields = Vec::new();
    let mut tickets = Vec::new();
    if ctx.user.is_none() {
        fields.push(Field::new(i, "name", "support-name", &input.name, errors).autocomplete("name"));
        fields.push(Field::new(i, "email", "support-email", &input.email, errors).kind("email").autocomplete("email"));
    }
    fields.push(Field::new(i, "topic", "support-topic", &input.topic, errors).options(topic_options(i)));
    if let Some(u) = &ctx.user {
        let mut products = vec![(String::new(), i.t("support-product-none"))];
        let reads = state.store().member_reads(u.seen);
        for p in reads.product_choices().await?.iter() {
            let serial = p.details.serial.as_ref().map(|s| format!(" ({s})")).unwrap_or_default();
            products.push((p.id.to_string(), format!("{}{serial}", p.model_name)));
        }
        fields.push(Field::new(i, "product", "support-product", &input.product, errors).options(products).optional());
        for t in reads.tickets().await?.iter() {
            let topic = i.t(&format!("support-topic-{}", t.topic.as_str()));
            tickets.push((t.reference.clone(), topic, i.date(t.created_at.date_naive()), status_text(i, t.status)));
        }
    }
    fields.push(Field::new(i, "message", "support-message", &input.message, errors).kind("textarea"));
    Ok(SupportPage {
        page: Page::new(ctx, "support-title", "support"),
        errors: summary(i, errors),
        fields,
        tickets,
        member: ctx.user.is_some(),
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SupportQuery {
    topic: String,
    context: String,
}

/// The form, with topic and context filled in when a page sent the member here.
pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SupportQuery>,
) -> Result<Response, AppError> {
    let input = TicketInput {
        topic: Topic::parse(&q.topic).map(|t| t.as_str().to_owned()).unwrap_or_default(),
        message: q.context.chars().take(500).collect(),
        ..Default::default()
    };
    Ok(render(&support_page(&state, &ctx, &input, &FieldErrors::new()).await?)?.into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(input): CsrfForm<TicketInput>,
) -> Result<Response, AppError> {
    if ctx.user.is_none()
        && let Some(limited) = limit_forms(&state, &ctx)
    {
        return Ok(limited);
    }
    let ticket = match NewTicket::parse(&input, ctx.user.is_none()) {
        Ok(t) => t,
        Err(errors) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&support_page(&state, &ctx, &input, &errors).await?)?,
            )
                .into_response());
        }
    };
    match &ctx.user {
        Some(u) => {
            let business = state.store().business(u.user.business_id).await?.ok_or(AppError::NotFound)?;
            let sender = Sender::Member {
                business_id: u.user.business_id,
                user_id: u.user.id,
                name: &business.company.contact_name,
                email: &u.user.email,
            };
            let reference = state.store().create_ticket(&ticket, &sender, ctx.lang(), state.now()).await?;
            Ok(redirect_with_flash(&format!("/support/{reference}"), "support-sent-title"))
        }
        None => {
            state.store().create_ticket(&ticket, &Sender::Visitor, ctx.lang(), state.now()).await?;
            Ok(Redirect::to("/support/sent").into_response())
        }
    }
}

pub async fn sent(ctx: Ctx) -> Result<Response, AppError> {
    Ok(render(&MessagePage {
        page: Page::new(&ctx, "support-sent-title", "support"),
        paragraphs: vec![ctx.i.t("support-sent-visitor")],
        link: Some(("/faq".into(), ctx.i.t("footer-faq"))),
    })?
    .into_response())
}

async fn ticket_page(
    state: &AppState,
    m: &Member,
    reference: &str,
    reply: &str,
    errors: &FieldErrors,
) -> Result<TicketPage, AppError> {
    let i = &m.ctx.i;
    let t = state.store().ticket(m.user.business_id, reference).await?.ok_or(AppError::NotFound)?;
    let mut page = Page::new(&m.ctx, "support-title", "support");
    page.title = i.t_args("support-ticket-title", &[("reference", Arg::Str(t.reference.clone()))]);
    Ok(TicketPage {
        page,
        status: status_text(i, t.status),
        messages: t
            .messages
            .iter()
            .map(|(author, body, at)| {
                let staff = author == "staff";
                (i.t(&format!("support-author-{author}")), body.clone(), i.datetime(*at), staff)
            })
            .collect(),
        reference: t.reference,
        errors: summary(i, errors),
        fields: vec![Field::new(i, "message", "support-reply", reply, errors).kind("textarea")],
    })
}

pub async fn show(
    State(state): State<AppState>,
    m: Member,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    Ok(render(&ticket_page(&state, &m, &reference, "", &FieldErrors::new()).await?)?.into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ReplyForm {
    message: String,
}

pub async fn reply(
    State(state): State<AppState>,
    m: Member,
    Path(reference): Path<String>,
    CsrfForm(f): CsrfForm<ReplyForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let Some(body) = parse_message(&f.message, &mut errors) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&ticket_page(&state, &m, &reference, &f.message, &errors).await?)?,
        )
            .into_response());
    };
    if !state.store().reply_as_member(m.user.business_id, &reference, &body, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_flash(&format!("/support/{reference}"), "support-reply-sent"))
}
