//! `cps dev seed`: fills a database like a national programme's, for the
//! scale benchmark (`bench/scale.sh`, issue 13). Set-based: every chunk is
//! one `INSERT … SELECT` from a generated series (a recursive CTE, the same
//! SQL on SQLite and PostgreSQL) in one short transaction, so two million
//! products take minutes, not hours.
//!
//! What it makes, on top of whatever is there (the demo can be loaded first):
//! businesses with names, VAT and organisation numbers and an owner each
//! (some a second user); products of the catalogue's models with serials and
//! purchase dates spread over 2005–2026 (half of them of models with an age
//! decline, so the nightly decline has work), most complete with their
//! allocation in the ledger; a third of the businesses with a membership, its
//! order and its invoice (numbered from the real counters), a few of them
//! unpaid by bank transfer around their due date (so reminders and dunning
//! have work). Every address is under `seed.cps.example` (reserved: mail to
//! it goes nowhere); no user has a password. The invoices' documents are
//! placeholders (`{}`): they are listed and searched, not opened.

use crate::{Result, Store, StoreError, ms};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement};

/// The mail domain of every seeded address.
pub const SEED_DOMAIN: &str = "seed.cps.example";

/// How much to make.
#[derive(Debug, Clone, Copy)]
pub struct SeedPlan {
    pub businesses: u64,
    pub products: u64,
}

/// What was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub businesses: u64,
    pub users: u64,
    pub products: u64,
    pub ledger_entries: u64,
    pub memberships: u64,
    pub invoices: u64,
    pub unpaid_invoices: u64,
}

const BUSINESS_CHUNK: u64 = 25_000;
const PRODUCT_CHUNK: u64 = 100_000;

/// First parts of business names (37), second parts (23) and forms (7):
/// 5 957 names, each shared by about 17 of 100 000 businesses.
const FIRST: [&str; 37] = [
    "Ljus", "Berg", "Lind", "Sjö", "Ek", "Norr", "Söder", "Öster", "Väster", "Hav", "Fjäll", "Skog", "Ström", "Dal",
    "Ängs", "Björk", "Gran", "Sten", "Sol", "Mån", "Vind", "Snö", "Is", "Eld", "Gull", "Silver", "Koppar", "Blå",
    "Grön", "Röd", "Vit", "Svart", "Hög", "Strand", "Kust", "Mo", "Ås",
];
const SECOND: [&str; 23] = [
    "bild",
    "foto",
    "film",
    "studio",
    "ljus",
    "vy",
    "blick",
    "ram",
    "lins",
    "skärpa",
    "kamera",
    "bilder",
    "media",
    "produktion",
    "ateljé",
    "form",
    "reportage",
    "porträtt",
    "natur",
    "event",
    "press",
    "video",
    "grafik",
];
const FORMS: [&str; 7] = [" AB", " HB", " AB", " & Co", " AB", " Foto", " Studio AB"];
const CITIES: [(&str, &str); 12] = [
    ("Stockholm", "111 22"),
    ("Göteborg", "411 05"),
    ("Malmö", "211 20"),
    ("Uppsala", "753 20"),
    ("Västerås", "722 12"),
    ("Örebro", "702 10"),
    ("Linköping", "582 24"),
    ("Umeå", "903 26"),
    ("Luleå", "972 31"),
    ("Sundsvall", "852 30"),
    ("Visby", "621 55"),
    ("Kiruna", "981 31"),
];
const RETAILERS: [&str; 6] =
    ["Scandinavian Photo", "Cyberphoto", "Goecker", "Foto Hillerström", "Japan Photo", "Rajala"];

/// `(k, text)` rows for a `VALUES` list (our own constants: quoted here).
fn values<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .enumerate()
        .map(|(k, s)| format!("({k}, '{}')", s.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `n` as text of exactly `width` digits (0-padded): the same on both backends.
fn padded(n: &str, width: u32) -> String {
    format!("SUBSTR(CAST({} + ({n}) AS TEXT), 2)", 10_i64.pow(width))
}

/// The Luhn check digit of the 7-digit `body` (an SQL expression), as
/// `MembershipNumber::from_sequence` computes it.
fn luhn_check_sql(body: &str) -> String {
    let terms: Vec<String> = (0..7)
        .map(|i| {
            let digit = format!("((({body}) / {}) % 10)", 10_i64.pow(i));
            if i % 2 == 0 { format!("(2 * {digit} - 9 * ({digit} / 5))") } else { digit }
        })
        .collect();
    format!("((10 - ({}) % 10) % 10)", terms.join(" + "))
}

/// The word of the `VALUES` table `table` at index `k` (an SQL expression).
fn pick(table: &str, k: &str) -> String {
    format!("(SELECT {table}.w FROM {table} WHERE {table}.k = {k})")
}

/// A date as `YYYY-MM-DD`.
fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Store {
    async fn max_id(&self, table: &str) -> Result<i64> {
        let backend = self.conn().get_database_backend();
        let sql = format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS m FROM {table}");
        Ok(crate::scalar(self.conn(), Statement::from_string(backend, sql)).await?.unwrap_or(0))
    }

    /// Runs one generated chunk in its own transaction; returns the rows written.
    async fn seed_chunk(&self, sql: String) -> Result<u64> {
        let txn = self.write().await?;
        let done = txn.execute_raw(Statement::from_string(txn.get_database_backend(), sql)).await?;
        txn.commit().await?;
        Ok(done.rows_affected())
    }

    /// Fills the database as described in the module documentation;
    /// `progress` is told each table's rows as they are written.
    pub async fn seed_scale(
        &self,
        plan: SeedPlan,
        now: DateTime<Utc>,
        mut progress: impl FnMut(&str, u64, u64),
    ) -> Result<SeedReport> {
        let backend = self.conn().get_database_backend();
        let today = now.date_naive();
        let at = ms(now);
        let b_count = i64::try_from(plan.businesses).unwrap_or(i64::MAX).max(1);
        let p_count = i64::try_from(plan.products).unwrap_or(i64::MAX);
        let mut report = SeedReport::default();

        // Ids continue after what is there; explicit, so products can name
        // their business without a lookup (PostgreSQL's sequences are moved on after).
        let b0 = self.max_id("businesses").await?;
        let u0 = self.max_id("users").await?;
        let p0 = self.max_id("products").await?;
        let l0 = self.max_id("points_ledger").await?;
        let o0 = self.max_id("orders").await?;
        let m0 = self.max_id("memberships").await?;
        let i0 = self.max_id("invoices").await?;
        // Serials and addresses carry a run number, so a second seed adds to the first.
        let run = p0 + b0;

        // Businesses and their owners (every tenth also a second user).
        let cities: Vec<&str> = CITIES.iter().map(|c| c.0).collect();
        let codes: Vec<&str> = CITIES.iter().map(|c| c.1).collect();
        let words = format!(
            "w1(k, w) AS (VALUES {}), w2(k, w) AS (VALUES {}), w3(k, w) AS (VALUES {}), \
             city(k, w) AS (VALUES {}), code(k, w) AS (VALUES {})",
            values(FIRST),
            values(SECOND),
            values(FORMS),
            values(cities),
            values(codes)
        );
        let mut from = 1_i64;
        while from <= b_count {
            let to = (from + i64::try_from(BUSINESS_CHUNK).unwrap_or(1) - 1).min(b_count);
            let series = format!(
                "WITH RECURSIVE s(n) AS (SELECT CAST({from} AS BIGINT) UNION ALL SELECT n + 1 FROM s WHERE n < {to}), {words}"
            );
            // Organisation number 55xxxx-xxxx; VAT SE + it + 01 for most,
            // other Nordic countries now and then.
            let org = format!("'55' || {}", padded(&format!("(n * 7919 + {run}) % 100000000"), 8));
            // Words by scalar subqueries: joined, SQLite's planner may put the
            // generated series in the inner loop and run it again for every word.
            let (w1, w2, w3) = (pick("w1", "n % 37"), pick("w2", "(n / 37) % 23"), pick("w3", "(n / 851) % 7"));
            let (city, code) = (pick("city", "n % 12"), pick("code", "n % 12"));
            let sql = format!(
                "{series} INSERT INTO businesses (id, name, vat_number, org_number, country, street, postal_code, city, \
                   contact_name, created_at) \
                 SELECT {b0} + n, {w1} || {w2} || {w3}, \
                   CASE WHEN n % 20 = 7 THEN 'NO' || SUBSTR({org}, 2) || 'MVA' WHEN n % 20 = 13 THEN 'DK' || SUBSTR({org}, 3) \
                        WHEN n % 10 = 3 THEN NULL ELSE 'SE' || {org} || '01' END, \
                   SUBSTR({org}, 1, 6) || '-' || SUBSTR({org}, 7), \
                   CASE WHEN n % 20 = 7 THEN 'NO' WHEN n % 20 = 13 THEN 'DK' ELSE 'SE' END, \
                   'Storgatan ' || CAST(1 + n % 97 AS TEXT), {code}, {city}, 'Kontakt ' || CAST(n AS TEXT), {at} - n * 1000 \
                 FROM s"
            );
            report.businesses += self.seed_chunk(sql).await?;
            let sql = format!(
                "{series}, r(k, role) AS (VALUES (0, 'owner'), (1, 'member')) \
                 INSERT INTO users (id, business_id, email, password_hash, role, language, email_verified_at, created_at) \
                 SELECT {u0} + 2 * n - 1 + r.k, {b0} + n, \
                   CASE r.k WHEN 0 THEN 'kontakt' ELSE 'assistent' END || '.{run}.' || CAST(n AS TEXT) || '@' || \
                   LOWER({w2}) || '.{SEED_DOMAIN}', NULL, r.role, CASE WHEN n % 9 = 4 THEN 'en' ELSE 'sv' END, {at}, {at} \
                 FROM s JOIN r ON r.k = 0 OR n % 10 = 0"
            );
            report.users += self.seed_chunk(sql).await?;
            progress("businesses", report.businesses, plan.businesses);
            from = to + 1;
        }

        // Products: half of decline models, half of any model.
        #[derive(FromQueryResult)]
        struct Model {
            model_code: String,
            points: i64,
            decline: String,
        }
        let catalogue = Model::find_by_statement(Statement::from_string(
            backend,
            "SELECT model_code, points, decline FROM catalogue_items ORDER BY model_code",
        ))
        .all(self.conn())
        .await?;
        let mut declining = Vec::new();
        let mut all = Vec::new();
        for Model { model_code: code, points, decline } in catalogue {
            if !decline.is_empty() {
                declining.push((code.clone(), points));
            }
            all.push((code, points));
        }
        if all.is_empty() {
            return Err(StoreError::Corrupt("the catalogue is empty: run cps migrate first".into()));
        }
        if declining.is_empty() {
            declining.clone_from(&all);
        }
        let nd = declining.len();
        let na = all.len();
        let models = declining
            .iter()
            .chain(all.iter())
            .enumerate()
            .map(|(k, (code, points))| format!("({k}, '{}', {points})", code.replace('\'', "''")))
            .collect::<Vec<_>>()
            .join(", ");
        let retailers = values(RETAILERS);
        let year_span = today.year() - 2005; // 2005 … last year, and this year up to last month
        let month_now = today.month();
        let mut from = 1_i64;
        while from <= p_count {
            let to = (from + i64::try_from(PRODUCT_CHUNK).unwrap_or(1) - 1).min(p_count);
            // Spread over the businesses by a multiplicative hash: about
            // products/businesses each, some more, some fewer.
            let sql = format!(
                "WITH RECURSIVE s(n) AS (SELECT CAST({from} AS BIGINT) UNION ALL SELECT n + 1 FROM s WHERE n < {to}), \
                   cat(k, code, points) AS (VALUES {models}), shop(k, w) AS (VALUES {retailers}), \
                   g(n, y, c) AS (SELECT n, 2005 + (n * 31) % {span}, n % 20 FROM s) \
                 INSERT INTO products (id, business_id, model_code, serial, purchase_date, purchase_country, retailer, \
                   points_earned, completed_at, source, legacy_product_id, created_at, updated_at, removed_at) \
                 SELECT {p0} + g.n, {b0} + 1 + (g.n * 2654435761) % {b_count}, cat.code, \
                   '88' || {serial}, \
                   CASE WHEN g.c = 1 THEN NULL ELSE CAST(g.y AS TEXT) || '-' || \
                     {month} || '-' || {dom} END, \
                   CASE WHEN g.c = 2 THEN NULL ELSE 'SE' END, \
                   CASE WHEN g.c = 3 THEN NULL ELSE shop.w END, \
                   CASE WHEN g.c IN (1, 2, 3, 4) THEN NULL ELSE cat.points END, \
                   CASE WHEN g.c IN (1, 2, 3, 4) THEN NULL ELSE {at} - (g.n % 1000) * 86400000 END, \
                   CASE WHEN g.n % 7 = 0 THEN 'migration' ELSE 'member' END, NULL, \
                   {at} - (g.n % 1000) * 86400000, {at} - (g.n % 1000) * 86400000, \
                   CASE WHEN g.c = 4 THEN {at} ELSE NULL END \
                 FROM g JOIN cat ON cat.k = CASE WHEN g.n % 2 = 0 THEN (g.n / 2) % {nd} ELSE {nd} + (g.n / 2) % {na} END \
                   JOIN shop ON shop.k = g.n % 6",
                span = year_span + 1,
                serial = padded(&format!("{p0} + g.n"), 10),
                month = padded(
                    &format!(
                        "CASE WHEN g.y = {} THEN 1 + g.n % {} ELSE 1 + (g.n / 7) % 12 END",
                        today.year(),
                        month_now.saturating_sub(1).max(1)
                    ),
                    2
                ),
                dom = padded("1 + (g.n / 3) % 28", 2),
            );
            report.products += self.seed_chunk(sql).await?;
            // Each complete product's allocation, by its owner.
            let sql = format!(
                "INSERT INTO points_ledger (id, business_id, product_id, kind, amount, reason, actor, created_at) \
                 SELECT {l0} + p.id - {p0}, p.business_id, p.id, 'allocation', p.points_earned, NULL, \
                   'member:' || CAST({u0} + 2 * (p.business_id - {b0}) - 1 AS TEXT), p.completed_at \
                 FROM products p WHERE p.id > {p0} + {from} - 1 AND p.id <= {p0} + {to} AND p.points_earned IS NOT NULL"
            );
            report.ledger_entries += self.seed_chunk(sql).await?;
            progress("products", report.products, plan.products);
            from = to + 1;
        }

        // Memberships for every third business: an order, the membership, its invoice.
        let count = b_count / 3;
        if count > 0 {
            let member_seq = self
                .bump_counter(
                    "UPDATE counters SET value = value + $1 WHERE name = 'membership_number' RETURNING value",
                    count,
                    None,
                )
                .await?;
            let year = today.year();
            let invoice_seq = self
                .bump_counter(
                    "UPDATE invoice_counters SET value = value + $1 WHERE series = 'CPS' AND year = $2 RETURNING value",
                    count,
                    Some(year),
                )
                .await?;
            let (m_first, i_first) = (member_seq - count, invoice_seq - count);
            if invoice_seq >= 1_000_000 || member_seq >= 10_000_000 {
                return Err(StoreError::Corrupt("the seed would overflow the number counters".into()));
            }
            let starts = today - Duration::days(200);
            let ends = cps_domain::membership::term_end(starts, 1);
            let issued = starts;
            let paid_due = issued + Duration::days(30);
            // Unpaid (one in 25): due in a week, today, a week ago, 20 and 40 days ago.
            let due = [7, 0, -7, -20, -40].map(|d| format!("'{}'", day(today + Duration::days(d))));
            let series = format!(
                "WITH RECURSIVE s(n) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT n + 1 FROM s WHERE n < {count}), \
                   t(k, code, name, kind, net) AS (VALUES (0, 'SILVER', 'Silver', 'individual', 115000), \
                     (1, 'GOLD', 'Gold', 'individual', 230000), (2, 'BUSINESS-A', 'Business A', 'business', 1150000))"
            );
            let unpaid = "n % 25 = 0";
            let sql = format!(
                "{series} INSERT INTO orders (id, business_id, user_id, idempotency_key, tier_code, term_years, currency, \
                   list_price_minor, credit_minor, net_minor, vat_treatment, vat_rate_bp, vat_minor, total_minor, \
                   payment_method, status, created_at) \
                 SELECT {o0} + n, {b0} + 3 * n, {u0} + 6 * n - 1, 'seed-{run}-' || CAST(n AS TEXT), t.code, 1, 'SEK', \
                   t.net, 0, t.net, 'domestic', 2500, t.net / 4, t.net + t.net / 4, \
                   CASE WHEN {unpaid} OR n % 2 = 0 THEN 'bank_transfer' ELSE 'card' END, 'invoiced', {issued_ms} \
                 FROM s JOIN t ON t.k = n % 3",
                issued_ms = ms(issued.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc()),
            );
            self.seed_chunk(sql).await?;
            let body = format!("({m_first} + n)");
            let sql = format!(
                "{series} INSERT INTO memberships (id, business_id, order_id, tier_code, tier_name, kind, number, \
                   previous_number, term_years, starts_on, ends_on, status, created_at) \
                 SELECT {m0} + n, {b0} + 3 * n, {o0} + n, t.code, t.name, t.kind, \
                   CAST({body} AS TEXT) || CAST({check} AS TEXT), NULL, 1, '{starts}', '{ends}', 'active', {at} \
                 FROM s JOIN t ON t.k = n % 3",
                check = luhn_check_sql(&body),
                starts = day(starts),
                ends = day(ends),
            );
            report.memberships += self.seed_chunk(sql).await?;
            let sql = format!(
                "{series} INSERT INTO invoices (id, number, series, year, seq, business_id, order_id, kind, \
                   credits_invoice_id, issued_on, due_on, currency, net_minor, vat_treatment, vat_rate_bp, vat_minor, \
                   total_minor, payment_method, payment_reference, document, status, paid_at, created_at) \
                 SELECT {i0} + n, 'CPS-{year}-' || {seq}, 'CPS', {year}, {i_first} + n, {b0} + 3 * n, {o0} + n, 'invoice', \
                   NULL, '{issued}', CASE WHEN {unpaid} THEN CASE (n / 25) % 5 WHEN 0 THEN {d0} WHEN 1 THEN {d1} \
                     WHEN 2 THEN {d2} WHEN 3 THEN {d3} ELSE {d4} END ELSE '{paid_due}' END, 'SEK', t.net, 'domestic', \
                   2500, t.net / 4, t.net + t.net / 4, \
                   CASE WHEN {unpaid} OR n % 2 = 0 THEN 'bank_transfer' ELSE 'card' END, NULL, '{{}}', \
                   CASE WHEN {unpaid} THEN 'issued' ELSE 'paid' END, CASE WHEN {unpaid} THEN NULL ELSE {at} END, {at} \
                 FROM s JOIN t ON t.k = n % 3",
                seq = padded(&format!("{i_first} + n"), 6),
                issued = day(issued),
                paid_due = day(paid_due),
                d0 = due[0],
                d1 = due[1],
                d2 = due[2],
                d3 = due[3],
                d4 = due[4],
            );
            report.invoices += self.seed_chunk(sql).await?;
            report.unpaid_invoices = u64::try_from(count / 25).unwrap_or(0);
            progress("memberships", report.memberships, u64::try_from(count).unwrap_or(0));
        }

        if backend == DbBackend::Postgres {
            // Explicit ids: move each sequence past them, then let the planner see the data.
            for table in ["businesses", "users", "products", "points_ledger", "orders", "memberships", "invoices"] {
                self.conn()
                    .execute_raw(Statement::from_string(
                        backend,
                        format!(
                            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                        ),
                    ))
                    .await?;
            }
            self.conn().execute_raw(Statement::from_string(backend, "ANALYZE")).await?;
        }
        Ok(report)
    }

    /// Moves a counter on by `by`; returns its new value.
    async fn bump_counter(&self, sql: &str, by: i64, year: Option<i32>) -> Result<i64> {
        let backend = self.conn().get_database_backend();
        let txn = self.write().await?;
        if let Some(year) = year {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO invoice_counters (series, year, value) VALUES ('CPS', $1, 0) ON CONFLICT (series, year) DO NOTHING",
                [year.into()],
            ))
            .await?;
        }
        let mut values: Vec<sea_orm::Value> = vec![by.into()];
        if let Some(year) = year {
            values.push(year.into());
        }
        let value: i64 = crate::scalar(&txn, Statement::from_sql_and_values(backend, sql, values))
            .await?
            .ok_or_else(|| StoreError::Corrupt("no counter".into()))?;
        txn.commit().await?;
        Ok(value)
    }
}

impl Store {
    /// One number from raw SQL (tests and tools only: never with member input).
    #[doc(hidden)]
    pub async fn query_i64(&self, sql: &str) -> Result<i64> {
        let backend = self.conn().get_database_backend();
        crate::scalar(self.conn(), Statement::from_string(backend, format!("SELECT CAST(({sql}) AS BIGINT) AS v")))
            .await?
            .ok_or_else(|| StoreError::Corrupt("no row".into()))
    }

    /// The first column (text) of raw SQL's rows (tests and tools only).
    #[doc(hidden)]
    pub async fn query_strings(&self, sql: &str) -> Result<Vec<String>> {
        let rows = self
            .conn()
            .query_all_raw(Statement::from_string(self.conn().get_database_backend(), sql.to_owned()))
            .await?;
        rows.iter().map(|r| Ok(r.try_get_by_index::<String>(0)?)).collect()
    }
}
