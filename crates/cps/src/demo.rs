//! `cps demo`: fills an empty database with what a newcomer needs to see the
//! whole product in the first minute — a studio with 50 products (some
//! incomplete, some migrated from the old system), points enough for the
//! business tiers, a membership with its issued invoice and a support case;
//! a second business whose old account waits to be migrated; and a staff
//! admin. Everything is made through the same store operations and domain
//! parsers as the pages use (sign-up, activation, registration, migration,
//! checkout, the invoice job, a ticket), so the demo obeys the rules.
//!
//! The demo's story is dated over the last two months on a clock of its own;
//! its mails (activation, invitation, invoice) go nowhere.

use crate::settings::Settings;
use anyhow::{Context, bail, ensure};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use cps_domain::account::{SignUp, SignUpInput};
use cps_domain::catalogue::CatalogueItem;
use cps_domain::legacy::{LegacyAccount, LegacyProduct};
use cps_domain::mail::TokenPurpose;
use cps_domain::product::{Missing, ProductInput, parse_details};
use cps_domain::staff::StaffRole;
use cps_domain::support::{NewTicket, TicketInput};
use cps_domain::{Email, Lang, ManualClock};
use cps_jobs::{Links, MailConfig, Mailer, SentMail, Worker};
use cps_store::Store;
use cps_store::memberships::{CheckoutRequest, PaymentMethod};
use cps_store::products::Actor;
use cps_store::support::Sender;
use std::sync::{Arc, Mutex};

/// Every address the demo makes is under this domain (reserved: mail to it
/// goes nowhere). Anything else in the database is someone's real data.
pub const DOMAIN: &str = "demo.cps.example";
pub const STUDIO: &str = "studio@demo.cps.example";
pub const WAITING: &str = "foto@demo.cps.example";
pub const ADMIN: &str = "admin@demo.cps.example";

/// The studio's membership: open with its points and complete products.
const TIER: &str = "BUSINESS-A";

/// A product of the demo: its model and the details left blank.
struct Planned {
    model: &'static str,
    missing: &'static [Missing],
}

const fn p(model: &'static str, missing: &'static [Missing]) -> Planned {
    Planned { model, missing }
}

use Missing::{PurchaseCountry as COUNTRY, PurchaseDate as DATE, Retailer as RETAILER, Serial as SERIAL};

/// Registered by the studio itself: 22 complete, 8 incomplete.
const REGISTERED: [Planned; 30] = [
    p("EOS-R5", &[]),
    p("EOS-R5", &[]),
    p("EOS-R6-MK2", &[]),
    p("EOS-R3", &[]),
    p("EOS-C70", &[]),
    p("EOS-R5-C", &[]),
    p("RF-24-70-F28L", &[]),
    p("RF-70-200-F28L", &[]),
    p("RF-15-35-F28L", &[]),
    p("RF-50-F12L", &[]),
    p("RF-85-F12L", &[]),
    p("RF-100-F28L-MACRO", &[]),
    p("RF-100-500-L", &[]),
    p("RF-24-105-F4L", &[]),
    p("RF-14-35-F4L", &[]),
    p("RF-135-F18L", &[]),
    p("RF-35-F14L-VCM", &[]),
    p("RF-24-F14L-VCM", &[]),
    p("RF-50-F14L-VCM", &[]),
    p("RF-70-200-F28L-Z", &[]),
    p("RF-24-105-F28L-Z", &[]),
    p("RF-10-20-F4L", &[]),
    p("EOS-R1", &[SERIAL]),
    p("EOS-R5-MK2", &[RETAILER]),
    p("EOS-C80", &[DATE]),
    p("RF-28-70-F2L", &[COUNTRY, RETAILER]),
    p("RF-600-F4L", &[DATE, COUNTRY, RETAILER]),
    p("RF-800-F11", &[RETAILER]),
    p("RF-5-2-F28L-DFE", &[SERIAL]),
    p("RF-S-18-45", &[SERIAL, DATE, COUNTRY, RETAILER]),
];

/// The studio's products in the old system, migrated: 14 complete, 6 not.
const STUDIO_LEGACY: [Planned; 20] = [
    p("EOS-5D-MK3", &[]),
    p("EOS-5D-MK4", &[]),
    p("EOS-1D-X-MK2", &[]),
    p("EOS-7D-MK2", &[]),
    p("EOS-C300-MK2", &[]),
    p("EF-24-70-F28L2", &[]),
    p("EF-70-200-F28L-IS3", &[]),
    p("EF-16-35-F28L3", &[]),
    p("EF-100-400-L-IS2", &[]),
    p("EF-35-F14L2", &[]),
    p("EF-85-F14L-IS", &[]),
    p("EF-11-24-F4L", &[]),
    p("TS-E-50-F28L-MACRO", &[]),
    p("EF-40-F28-STM", &[]),
    p("EOS-6D", &[RETAILER]),
    p("EOS-5DS", &[DATE]),
    p("EF-24-105-F4L-IS2", &[SERIAL]),
    p("EF-400-F28L-IS3", &[COUNTRY]),
    p("TS-E-90-F28L-MACRO", &[SERIAL, DATE, COUNTRY, RETAILER]),
    p("EF-50-F18-STM", &[RETAILER]),
];

/// The second business's old account: waiting behind MIGRATE PRODUCTS.
const WAITING_LEGACY: [Planned; 6] = [
    p("EOS-6D-MK2", &[]),
    p("EOS-80D", &[]),
    p("EF-24-105-F4L-IS2", &[]),
    p("EF-70-200-F4L-IS2", &[]),
    p("EF-50-F18-STM", &[RETAILER]),
    p("EOS-R", &[DATE]),
];

const RETAILERS: [&str; 4] = ["Scandinavian Photo", "Cyberphoto", "Goecker", "Japan Photo"];
const COUNTRIES: [&str; 3] = ["SE", "SE", "DK"];

pub struct Login {
    pub email: &'static str,
    pub password: String,
}

/// What `cps demo` made, to print once.
pub struct Loaded {
    pub studio: Login,
    pub waiting: Login,
    pub admin: Login,
    pub totp_secret: Vec<u8>,
    pub products: usize,
    /// Of them, migrated from the old system.
    pub migrated: usize,
    pub points: i64,
    pub tier: String,
    pub invoice: String,
    pub ticket: String,
    pub waiting_products: usize,
}

pub enum Outcome {
    Loaded(Box<Loaded>),
    /// The demo is in the database already; nothing was added.
    AlreadyThere,
}

/// The demo's own clock and a worker that runs its jobs at that time, with
/// mail kept in memory (the activation link is read from there).
struct Story {
    store: Store,
    clock: Arc<ManualClock>,
    worker: Worker,
    mails: Arc<Mutex<Vec<SentMail>>>,
}

impl Story {
    fn now(&self) -> DateTime<Utc> {
        use cps_domain::Clock;
        self.clock.now()
    }

    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Moves the clock to `at` (never backwards) and runs what is due.
    async fn at(&self, at: DateTime<Utc>) -> anyhow::Result<()> {
        let by = at - self.now();
        if by > Duration::zero() {
            self.clock.advance(by);
        }
        self.worker.run_until_idle().await?;
        Ok(())
    }

    /// The activation link's token in the newest mail to `to`.
    fn activation_token(&self, to: &str) -> anyhow::Result<String> {
        let mails = self.mails.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mail = mails.iter().rev().find(|m| m.to == to).context("no activation mail")?;
        let at = mail.text.find("/activate/").context("no activation link")? + "/activate/".len();
        Ok(mail.text[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || "-_".contains(*c)).collect())
    }

    /// Signs a business up as the form does and activates its owner with a
    /// generated password.
    async fn sign_up(&self, form: SignUpInput) -> anyhow::Result<(cps_store::accounts::User, String)> {
        let email = form.email.clone();
        let signup = SignUp::parse(&form).map_err(|e| anyhow::anyhow!("demo sign-up refused: {e:?}"))?;
        self.store.sign_up(&signup, self.now()).await?;
        self.at(self.now() + Duration::minutes(1)).await?;
        let token = self.activation_token(&email)?;
        let password = cps_web::generate_password().await?;
        self.at(self.now() + Duration::minutes(4)).await?;
        let user = self
            .store
            .set_password_with_token(&token, TokenPurpose::Activate, &password.password_hash, self.now())
            .await
            .map_err(|f| refused(f, |_| anyhow::anyhow!("the demo's activation link was refused")))?;
        Ok((user, password.password))
    }
}

/// A store failure as it is, or the demo step's refusal in `say`'s words.
fn refused<R>(failure: cps_store::Failure<R>, say: impl FnOnce(R) -> anyhow::Error) -> anyhow::Error {
    match failure.refusal() {
        Ok(r) => say(r),
        Err(e) => e.into(),
    }
}

fn company(name: &str, vat: &str, street: &str, contact: &str, email: &str, lang: Lang) -> SignUpInput {
    SignUpInput {
        company_name: name.into(),
        vat_number: vat.into(),
        org_number: String::new(),
        country: "SE".into(),
        street: street.into(),
        postal_code: "411 04".into(),
        city: "Göteborg".into(),
        contact_name: contact.into(),
        email: email.into(),
        language: lang.code().into(),
        // Both businesses used their login address in the old system too.
        old_email: email.into(),
    }
}

/// The details a member would type for a product bought some weeks after
/// its release (never after `latest`), minus the planned blanks.
fn typed_details(plan: &Planned, item: &CatalogueItem, n: u64, latest: NaiveDate) -> ProductInput {
    let n_usize = usize::try_from(n).unwrap_or(0);
    let bought = (item.release_date + Duration::days(45 + 7 * i64::try_from(n % 20).unwrap_or(0))).min(latest);
    let keep = |detail: Missing, value: String| if plan.missing.contains(&detail) { String::new() } else { value };
    ProductInput {
        model: item.model_code.clone(),
        serial: keep(SERIAL, item.serial_pattern.numbered(4_711_000 + n).as_str().to_owned()),
        purchase_date: keep(DATE, bought.format("%Y-%m-%d").to_string()),
        purchase_country: keep(COUNTRY, COUNTRIES[n_usize % COUNTRIES.len()].to_owned()),
        retailer: keep(RETAILER, RETAILERS[n_usize % RETAILERS.len()].to_owned()),
    }
}

async fn item(store: &Store, model: &str) -> anyhow::Result<CatalogueItem> {
    store.catalogue_item(model).await?.with_context(|| {
        format!("the demo needs the shipped catalogue's model {model}, which is not in this catalogue")
    })
}

/// An old-system account holding `plans`; serials numbered from `first`.
async fn legacy_account(
    store: &Store,
    email: &str,
    name: &str,
    number: &str,
    plans: &[Planned],
    first: u64,
    latest: NaiveDate,
) -> anyhow::Result<LegacyAccount> {
    let mut products = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let n = first + u64::try_from(i).unwrap_or(0);
        let typed = typed_details(plan, &item(store, plan.model).await?, n, latest);
        let opt = |s: String| (!s.is_empty()).then_some(s);
        products.push(LegacyProduct {
            model: typed.model,
            serial: opt(typed.serial),
            purchase_date: opt(typed.purchase_date),
            purchase_country: opt(typed.purchase_country),
            retailer: opt(typed.retailer),
            line: n,
        });
    }
    Ok(LegacyAccount {
        email: Email::parse(email).map_err(anyhow::Error::msg)?,
        name: name.into(),
        country: Some("SE".into()),
        legacy_number: number.into(),
        products,
    })
}

/// Loads the demo, unless it is there already. Refuses a database with
/// anything the demo did not make.
pub async fn load(store: &Store, s: &Settings) -> anyhow::Result<Outcome> {
    let studio_email = Email::parse(STUDIO).map_err(anyhow::Error::msg)?;
    if store.login_candidate(&studio_email).await?.is_some() {
        ensure!(
            store.staff_by_email(ADMIN).await?.is_some(),
            "an earlier `cps demo` stopped half-way: start again from an empty database"
        );
        return Ok(Outcome::AlreadyThere);
    }
    let outside = store.records_outside_domain(DOMAIN).await?;
    if outside > 0 {
        bail!(
            "this database holds data the demo did not make ({outside} accounts, cases or payments): \
             `cps demo` only fills an empty database"
        );
    }

    let now = Utc::now();
    let clock = Arc::new(ManualClock::new(now - Duration::days(60)));
    let (mailer, mails) = Mailer::memory();
    let mail = MailConfig {
        from: s.mail.from.parse().context("mail.from is not a valid address")?,
        links: Links::new(&s.server.public_base_url),
        log_links: false,
    };
    let worker = Worker::new(store.clone(), mailer, mail, clock.clone())
        .with_seller(s.billing.seller.clone())
        .with_f_tax_statement(&s.billing.f_tax_statement);
    let story = Story { store: store.clone(), clock, worker, mails };
    let latest = story.today() - Duration::days(1);

    // The old system's export, as `cps import-legacy` would load it.
    let accounts = [
        legacy_account(store, STUDIO, "Demo Studio", "CPS-100100", &STUDIO_LEGACY, 100, latest).await?,
        legacy_account(store, WAITING, "Demo Foto", "CPS-100200", &WAITING_LEGACY, 200, latest).await?,
    ];
    store.import_legacy(&accounts, story.now()).await?;

    let (studio, studio_password) = story
        .sign_up(company("Demo Studio AB", "SE559999000801", "Hamngatan 12", "Sara Lind", STUDIO, Lang::Sv))
        .await?;
    let (_, waiting_password) = story
        .sign_up(company("Demo Foto HB", "SE559999001601", "Kungsgatan 3", "Erik Holm", WAITING, Lang::En))
        .await?;

    story.at(story.now() + Duration::days(1)).await?;
    let migrated =
        store.migrate_legacy(studio.business_id, Actor::Member(studio.id), story.today(), story.now()).await?;
    ensure!(migrated, "the studio's old products could not be migrated");

    // Then the studio registers the rest, about one a day.
    let first_day = story.now() + Duration::days(1);
    for (i, plan) in REGISTERED.iter().enumerate() {
        story.at(first_day + Duration::hours(20 * i64::try_from(i).unwrap_or(0))).await?;
        let catalogue_item = item(store, plan.model).await?;
        let n = 300 + u64::try_from(i).unwrap_or(0);
        let typed = typed_details(plan, &catalogue_item, n, latest);
        let details = parse_details(&typed, &catalogue_item, story.today())
            .map_err(|e| anyhow::anyhow!("demo product {} refused: {e:?}", plan.model))?;
        store
            .register_product(studio.business_id, plan.model, &details, Actor::Member(studio.id), story.now())
            .await
            .map_err(|f| refused(f, |e| anyhow::anyhow!("demo product {} refused: {e:?}", plan.model)))?;
    }

    // A business membership paid by bank transfer; the invoice job issues its invoice.
    story.at(now - Duration::days(10)).await?;
    let request = CheckoutRequest {
        business_id: studio.business_id,
        user_id: studio.id,
        idempotency_key: "demo-checkout",
        tier_code: TIER,
        years: 1,
        method: PaymentMethod::BankTransfer,
        card: None,
        buyer_reference: None,
    };
    let rules = crate::seller_rules(s)?;
    let done = store
        .checkout(&request, story.now())
        .await
        .map_err(|f| refused(f, |e| anyhow::anyhow!("the demo checkout was refused: {e:?}")))?;
    story.at(story.now() + rules.invoice_delay + Duration::minutes(1)).await?;

    // A question to CPS Priority Support about an incomplete product.
    story.at(now - Duration::days(2)).await?;
    let products = store.products(studio.business_id).await?;
    let incomplete = products.iter().find(|p| !p.is_complete()).context("an incomplete product")?;
    let input = TicketInput {
        topic: "product_registration".into(),
        message: format!(
            "Hej! Kvittot för vår {} är borta och vi minns inte inköpsdatumet. Räcker det med månaden?",
            incomplete.model_name
        ),
        product: incomplete.id.to_string(),
        ..Default::default()
    };
    let ticket = NewTicket::parse(&input, false).map_err(|e| anyhow::anyhow!("demo ticket refused: {e:?}"))?;
    let sender =
        Sender::Member { business_id: studio.business_id, user_id: studio.id, name: "Sara Lind", email: &studio.email };
    let reference = store.create_ticket(&ticket, &sender, studio.language, story.now()).await?;

    // The staff admin last: its presence marks a finished demo.
    story.at(now).await?;
    let staff = cps_web::new_staff_credentials().await?;
    store
        .create_staff(ADMIN, StaffRole::Admin, &staff.password_hash, &staff.totp_secret, None, story.now())
        .await
        .map_err(|f| refused(f, |_| anyhow::anyhow!("the demo admin exists already")))?;
    story.at(now).await?;

    let invoice =
        store.invoices(studio.business_id).await?.into_iter().next().context("the invoice job issued no invoice")?;
    Ok(Outcome::Loaded(Box::new(Loaded {
        studio: Login { email: STUDIO, password: studio_password },
        waiting: Login { email: WAITING, password: waiting_password },
        admin: Login { email: ADMIN, password: staff.password },
        totp_secret: staff.totp_secret,
        products: products.len(),
        migrated: products.iter().filter(|p| p.from_migration).count(),
        points: store.balance(studio.business_id).await?,
        tier: done.membership.tier_name,
        invoice: invoice.document.number,
        ticket: reference,
        waiting_products: WAITING_LEGACY.len(),
    })))
}
