//! Claims due jobs and runs them. A failed job is retried with exponential
//! backoff; one that keeps failing is parked for staff. A worker that dies
//! mid-job loses nothing: the job's lease runs out and it is claimed again.

use crate::mail::{MailConfig, Mailer};
use crate::payments::{PaymentGateway, SandboxGateway};
use cps_domain::Clock;
use cps_domain::billing::Seller;
use cps_domain::mail::Mail;
use cps_domain::retention::RetentionPolicy;
use cps_store::Store;
use cps_store::jobs::{
    ChargeInvoice, CheckVat, DeclinePoints, Dunning, IssueInvoice, Job, JobKind, Retention, enqueue_in,
};
use cps_store::payments::DunningPolicy;
use std::sync::Arc;
use std::time::Duration as StdDuration;
use tokio::sync::watch;

#[derive(Clone, Debug)]
pub struct Worker {
    store: Store,
    mailer: Mailer,
    mail: MailConfig,
    clock: Arc<dyn Clock>,
    seller: Option<Seller>,
    sandbox: Arc<dyn PaymentGateway>,
    stripe: Option<Arc<dyn PaymentGateway>>,
    dunning: DunningPolicy,
    documents: crate::documents::Documents,
    /// VIES and the seller's VAT rules: VAT numbers are checked when an
    /// invoice is issued (and by `CheckVat` jobs).
    vat: Option<(Arc<dyn crate::vies::ViesClient>, cps_store::memberships::SellerRules)>,
    retention: RetentionPolicy,
}

const LEASE: chrono::Duration = chrono::Duration::minutes(5);
const BATCH: u32 = 20;

impl Worker {
    pub fn new(store: Store, mailer: Mailer, mail: MailConfig, clock: Arc<dyn Clock>) -> Self {
        let sandbox = Arc::new(SandboxGateway::new(store.clone(), clock.clone()));
        let documents = crate::documents::Documents::new(
            store.clone(),
            clock.clone(),
            cps_domain::billing::DEFAULT_F_TAX_STATEMENT,
        );
        Self {
            store,
            mailer,
            mail,
            clock,
            seller: None,
            sandbox,
            stripe: None,
            dunning: DunningPolicy::default(),
            documents,
            vat: None,
            retention: RetentionPolicy::default(),
        }
    }

    /// The seller's statement printed on invoice PDFs (`billing.f_tax_statement`).
    pub fn with_f_tax_statement(mut self, statement: &str) -> Self {
        self.documents = crate::documents::Documents::new(self.store.clone(), self.clock.clone(), statement);
        self
    }

    /// Cards saved with Stripe are charged through it; sandbox cards stay
    /// with the sandbox (each saved card names its gateway).
    pub fn with_stripe(mut self, gateway: Arc<dyn PaymentGateway>) -> Self {
        self.stripe = Some(gateway);
        self
    }

    pub fn with_dunning(mut self, dunning: DunningPolicy) -> Self {
        self.dunning = dunning;
        self
    }

    /// VIES, asked about the buyer's VAT number when an invoice is issued,
    /// and the seller's VAT rules. Without it an invoice rests on the last
    /// answer kept.
    pub fn with_vies(
        mut self,
        vies: Arc<dyn crate::vies::ViesClient>,
        rules: cps_store::memberships::SellerRules,
    ) -> Self {
        self.vat = Some((vies, rules));
        self
    }

    /// Asks VIES about the business's VAT number when it needs it, and
    /// keeps the answer. `Ok(false)`: VIES could not be reached.
    async fn check_vat(&self, business_id: i64) -> anyhow::Result<bool> {
        let Some((vies, rules)) = &self.vat else { return Ok(true) };
        let Some(subject) = self.store.vat_subject(business_id).await? else { return Ok(true) };
        let vat = subject.vat_number.as_deref().map(|v| cps_domain::organisation::VatNumber::from_stored(v.to_owned()));
        if !cps_domain::vies::needs_check(rules.country, subject.country, vat.as_ref()) {
            return Ok(true);
        }
        let Some(vat) = vat else { return Ok(true) };
        match vies.check(vat.as_str(), self.clock.now()).await {
            Ok(record) => {
                tracing::info!(business_id, valid = record.valid, consultation = ?record.consultation, "VIES answered");
                self.store.save_vies_record(business_id, &record).await?;
                Ok(true)
            }
            Err(e) => {
                tracing::warn!(business_id, error = %e, "VIES unreachable");
                Ok(false)
            }
        }
    }

    /// How long closed accounts keep their remaining details (`retention.closed_account_days`).
    pub fn with_retention(mut self, retention: RetentionPolicy) -> Self {
        self.retention = retention;
        self
    }

    /// The seller printed on invoices; without it invoice jobs wait (and fail visibly).
    pub fn with_seller(mut self, seller: Seller) -> Self {
        self.seller = Some(seller);
        self
    }

    /// Runs the jobs due now; returns how many ran (successfully or not).
    pub async fn run_due(&self) -> anyhow::Result<usize> {
        let now = self.clock.now();
        let jobs = self.store.claim_jobs(now, LEASE, BATCH).await?;
        for job in &jobs {
            match self.run(job).await {
                Ok(()) => self.store.complete_job(job.id).await?,
                Err(e) => {
                    let now = self.clock.now();
                    let retry_at = now + backoff(job.attempts);
                    tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %format!("{e:#}"), "job failed");
                    self.store.fail_job(job, &format!("{e:#}"), now, retry_at).await?;
                }
            }
        }
        Ok(jobs.len())
    }

    /// Runs due jobs until none is left (tests, and `cps worker --once`).
    pub async fn run_until_idle(&self) -> anyhow::Result<usize> {
        let mut total = 0;
        loop {
            let n = self.run_due().await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// Polls for due jobs until `shutdown` turns true; a job under way is finished first.
    pub async fn run_forever(self, poll: StdDuration, mut shutdown: watch::Receiver<bool>) {
        loop {
            if *shutdown.borrow() {
                return;
            }
            match self.run_due().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "worker could not reach the queue")
                }
            }
            tokio::select! {
                () = tokio::time::sleep(poll) => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    /// The PDF of the invoice (or credit note) a mail is about: the one
    /// kept for it, the same whoever receives it.
    async fn invoice_pdf(&self, mail: &Mail) -> anyhow::Result<Vec<crate::mail::MailAttachment>> {
        use cps_domain::mail::MailTemplate;
        let id = match &mail.template {
            MailTemplate::InvoiceIssued { invoice_id, .. } | MailTemplate::CreditNoteIssued { invoice_id, .. } => {
                *invoice_id
            }
            _ => return Ok(Vec::new()),
        };
        let Some(invoice) = self.store.invoice_by_id(id).await? else { return Ok(Vec::new()) };
        let bytes = self.documents.invoice_pdf(&invoice).await?;
        let filename = format!("{}.pdf", invoice.document.number);
        Ok(vec![crate::mail::MailAttachment { filename, content_type: "application/pdf", bytes }])
    }

    /// Runs a job by the handler of its kind.
    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        match job.kind() {
            Some(JobKind::SendMail) => self.send_mail(job.payload()?).await,
            Some(JobKind::DeclinePoints) => self.decline_points(job.payload()?).await,
            Some(JobKind::IssueInvoice) => self.issue_invoice(job.payload()?).await,
            Some(JobKind::ChargeInvoice) => self.charge_invoice(job.payload()?).await,
            Some(JobKind::Dunning) => self.dunning(job.payload()?).await,
            Some(JobKind::CheckVat) => self.check_vat_job(job.payload()?).await,
            Some(JobKind::Retention) => self.retention(job.payload()?).await,
            None => anyhow::bail!("unknown job kind {}", job.kind),
        }
    }

    async fn send_mail(&self, mail: Mail) -> anyhow::Result<()> {
        let attachments = self.invoice_pdf(&mail).await?;
        self.mailer.send(&self.mail, &mail, attachments).await
    }

    async fn decline_points(&self, _: DeclinePoints) -> anyhow::Result<()> {
        let now = self.clock.now();
        let applied = self.store.apply_decline(now.date_naive(), now).await?;
        tracing::info!(applied, "age-based decline applied");
        // The next run: tomorrow at 03:00 UTC. This job is still
        // pending (it completes after this returns), so insert directly.
        self.store.schedule_next_decline(next_night(now), now).await?;
        Ok(())
    }

    async fn issue_invoice(&self, IssueInvoice { order_id }: IssueInvoice) -> anyhow::Result<()> {
        let seller = self.seller.as_ref().ok_or_else(|| anyhow::anyhow!("billing.seller is not configured"))?;
        // VIES first: the invoice rests on its answer, or, when it
        // cannot be reached, on the last one kept (a re-check is queued).
        let mut rules = None;
        if let Some(business_id) = self.store.order_business(order_id).await? {
            if !self.check_vat(business_id).await? {
                let now = self.clock.now();
                self.store.queue_vies_check(business_id, now + chrono::Duration::minutes(10), now).await?;
            }
            rules = self.vat.as_ref().map(|(_, r)| *r);
        }
        let issued = self.store.issue_invoice(order_id, seller, rules, self.clock.now()).await?;
        tracing::info!(order_id, invoice = ?issued, "invoice issued");
        // Its PDF, rendered once now. The invoice stands without it:
        // when this fails, the mail (or a download) renders it.
        if let Some(id) = issued
            && let Err(e) = self.documents.invoice_pdf_by_id(id).await
        {
            tracing::error!(invoice = id, error = %format!("{e:#}"), "rendering the invoice PDF failed");
        }
        Ok(())
    }

    async fn charge_invoice(&self, ChargeInvoice { invoice_id }: ChargeInvoice) -> anyhow::Result<()> {
        // Recorded before the call: a crash here retries with the same key.
        let Some(attempt) = self.store.begin_charge(invoice_id, self.clock.now()).await? else {
            return Ok(());
        };
        let gateway = match (attempt.gateway.as_str(), &self.stripe) {
            ("stripe", Some(stripe)) => stripe,
            ("stripe", None) => anyhow::bail!("a Stripe card, but payments.stripe is not configured"),
            // With real payments on, a test card never "pays" an invoice.
            (other, Some(_)) => anyhow::bail!("a {other} card, but payments go through Stripe"),
            _ => &self.sandbox,
        };
        // After the idempotency window a new key could charge twice: look first.
        let found = if attempt.look_up_first { gateway.find_paid(&attempt).await? } else { None };
        let result = match found {
            Some(result) => result,
            None => gateway.charge(&attempt).await?,
        };
        tracing::info!(invoice_id, attempt = attempt.attempt, ?result, "card charged");
        self.store.finish_charge(&attempt, &result, &self.dunning, self.clock.now()).await?;
        Ok(())
    }

    async fn dunning(&self, _: Dunning) -> anyhow::Result<()> {
        let now = self.clock.now();
        let reminded = self.store.send_reminders(now.date_naive(), now).await?;
        let suspended = self.store.suspend_overdue(now.date_naive(), &self.dunning, now).await?;
        tracing::info!(reminded, suspended, "dunning run");
        enqueue_in(&self.store, &Dunning, next_night(now), now).await?;
        Ok(())
    }

    async fn check_vat_job(&self, CheckVat { business_id }: CheckVat) -> anyhow::Result<()> {
        // Unreachable: fail, and the queue retries with backoff.
        anyhow::ensure!(self.check_vat(business_id).await?, "VIES unreachable");
        Ok(())
    }

    async fn retention(&self, _: Retention) -> anyhow::Result<()> {
        let now = self.clock.now();
        let anonymised = self.store.apply_retention(self.retention, now).await?;
        tracing::info!(anonymised, "retention run");
        enqueue_in(&self.store, &Retention, next_night(now), now).await?;
        Ok(())
    }
}

/// 03:00 UTC of the day after `now`.
pub fn next_night(now: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    let tomorrow = now.date_naive() + chrono::Duration::days(1);
    tomorrow.and_hms_opt(3, 0, 0).map_or(now + chrono::Duration::days(1), |t| t.and_utc())
}

/// 30 s, 1 min, 2 min, … up to 6 hours.
fn backoff(attempts: i32) -> chrono::Duration {
    let exp = u32::try_from(attempts.saturating_sub(1)).unwrap_or(0).min(10);
    (chrono::Duration::seconds(30) * 2_i32.pow(exp)).min(chrono::Duration::hours(6))
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(super::backoff(1), chrono::Duration::seconds(30));
        assert_eq!(super::backoff(3), chrono::Duration::minutes(2));
        assert_eq!(super::backoff(50), chrono::Duration::hours(6));
    }
}
