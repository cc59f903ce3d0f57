//! Running the binary, a database of its own for each test (SQLite, or
//! PostgreSQL when CPS_TEST_DATABASE_URL names one), and a small HTTP
//! client that keeps cookies.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// A fresh database URL: a file in `dir`, or a new PostgreSQL database.
pub async fn fresh_database(dir: &Path) -> String {
    match std::env::var("CPS_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            let admin = cps_store::Store::connect(&url, 1).await.expect("PostgreSQL for tests is reachable");
            let name = format!("cps_t_{}", &cps_store::tokens::Secret::generate().plain[..16]).to_lowercase();
            let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            admin.close().await.ok();
            let (base, _) = url.rsplit_once('/').expect("URL has a database name");
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/db/cps.db", dir.display()),
    }
}

/// The environment of a development portal in `dir` on `database`.
pub fn base_env(dir: &Path, database: &str) -> Vec<(String, String)> {
    [
        ("CPS__DATABASE__URL", database.to_owned()),
        ("CPS__SERVER__DATA_DIR", dir.join("data").display().to_string()),
        ("CPS__MAIL__OUTBOX_DIR", dir.join("outbox").display().to_string()),
        ("CPS__LOG__FILTER", "warn".to_owned()),
        // Its own port: tests run side by side.
        ("CPS__SERVER__METRICS_BIND", format!("127.0.0.1:{}", free_port())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

pub fn cps(args: &[&str], dir: &Path, env: &[(String, String)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cps"));
    c.args(args).current_dir(dir).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `cps serve` on a free port, stopped when dropped.
pub struct Portal {
    child: Child,
    /// Kept open: the portal prints more than its first line.
    _stdout: BufReader<std::process::ChildStdout>,
    pub port: u16,
}

impl Portal {
    pub fn start(dir: &Path, env: &[(String, String)]) -> Portal {
        let port = free_port();
        let mut c = Command::new(env!("CARGO_BIN_EXE_cps"));
        c.arg("serve").current_dir(dir).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in env {
            c.env(k, v);
        }
        c.env("CPS__SERVER__BIND", format!("127.0.0.1:{port}"))
            .env("CPS__SERVER__PUBLIC_BASE_URL", format!("http://127.0.0.1:{port}"));
        let mut child = c.stdout(Stdio::piped()).spawn().expect("the binary starts");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        stdout.read_line(&mut line).expect("a line");
        assert!(line.contains("CPS is running"), "the portal started: {line}");
        Portal { child, _stdout: stdout, port }
    }

    pub fn browser(&self) -> Browser {
        Browser { port: self.port, cookies: BTreeMap::new() }
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

/// HTTP/1.1 over a fresh connection per request, with a cookie jar.
#[derive(Clone)]
pub struct Browser {
    port: u16,
    cookies: BTreeMap<String, String>,
}

impl Browser {
    /// A browser without cookies for the portal on 127.0.0.1:`port`.
    #[allow(dead_code, reason = "used by the operations tests, which share this file")]
    pub fn new(port: u16) -> Browser {
        Browser { port, cookies: BTreeMap::new() }
    }

    fn send(&mut self, method: &str, path: &str, form: Option<&[(&str, &str)]>) -> Response {
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let body = form.map(serde_urlencoded_like).unwrap_or_default();
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nAccept-Language: sv\r\n",
            self.port
        );
        if !cookie.is_empty() {
            request.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        if form.is_some() {
            request.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(&body);
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
        s.write_all(request.as_bytes()).expect("write");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let body = dechunk(&head, &raw[split + 4..]);
        let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).expect("a status");
        let mut location = None;
        for line in head.lines() {
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("set-cookie: ") {
                let original = &line[line.len() - v.len()..];
                let pair = original.split(';').next().unwrap_or_default();
                if let Some((k, v)) = pair.split_once('=') {
                    if original.contains("Max-Age=0") {
                        self.cookies.remove(k);
                    } else {
                        self.cookies.insert(k.to_owned(), v.to_owned());
                    }
                }
            } else if lower.starts_with("location: ") {
                location = Some(line["location: ".len()..].to_owned());
            }
        }
        Response { status, location, body }
    }

    /// The same browser (its cookies) talking to another node.
    #[allow(dead_code, reason = "used by the operations tests, which share this file")]
    pub fn switch_to(&mut self, port: u16) {
        self.port = port;
    }

    pub fn get(&mut self, path: &str) -> Response {
        self.send("GET", path, None)
    }

    /// Posts `fields` with the CSRF token of the page at `form_page`.
    pub fn post(&mut self, form_page: &str, path: &str, fields: &[(&str, &str)]) -> Response {
        let page = self.get(form_page);
        let at = page.body.find("name=\"csrf\" value=\"").expect("a form with a token") + 19;
        let token: String = page.body[at..].chars().take_while(|c| *c != '"').collect();
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.send("POST", path, Some(&all))
    }
}

fn serde_urlencoded_like(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

fn dechunk(head: &str, body: &[u8]) -> String {
    if !head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        return String::from_utf8_lossy(body).into_owned();
    }
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&rest[..eol]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        let data = &rest[eol + 2..];
        out.extend_from_slice(&data[..n.min(data.len())]);
        rest = data.get(n + 2..).unwrap_or_default();
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A scratch directory that lives as long as the test.
pub fn tempdir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_owned();
    (dir, path)
}
