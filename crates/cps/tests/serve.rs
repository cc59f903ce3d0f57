//! The real binary: configuration from the environment, the sample data
//! loaded at start, and a graceful stop on SIGTERM that lets a request under
//! way finish.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn http(port: u16, request: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    s.write_all(request.as_bytes()).expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    out
}

#[test]
fn serves_from_environment_config_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let metrics_port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cps"))
        .arg("serve")
        .current_dir(dir.path())
        .env("CPS__SERVER__BIND", format!("127.0.0.1:{port}"))
        .env("CPS__SERVER__PUBLIC_BASE_URL", format!("http://127.0.0.1:{port}"))
        .env("CPS__SERVER__METRICS_BIND", format!("127.0.0.1:{metrics_port}"))
        .env("CPS__DATABASE__URL", format!("sqlite://{}/db/cps.db", dir.path().display()))
        .env("CPS__MAIL__OUTBOX_DIR", dir.path().join("outbox"))
        .env("CPS__SECURITY__SECRET_KEY", "k".repeat(40))
        .env("CPS__LOG__FILTER", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("a line");
    assert!(line.contains(&format!("http://127.0.0.1:{port}")), "prints the URL: {line}");
    assert!(dir.path().join("db/cps.db").exists(), "the database file is where the environment said");

    let page = http(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(page.starts_with("HTTP/1.1 200") && page.ends_with("ok"), "{page}");
    // Metrics are on their own listener, not on the members' one.
    let members = http(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(members.starts_with("HTTP/1.1 404"), "{members}");
    let metrics = http(metrics_port, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(metrics.starts_with("HTTP/1.1 200") && metrics.contains("http_requests_total"), "{metrics}");

    // A login is slow on purpose (Argon2); SIGTERM arrives while it runs.
    let csrf_page = http(port, "GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let cookie = csrf_page
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("cookie")
        .to_owned();
    let token_at = csrf_page.find("name=\"csrf\" value=\"").expect("token") + 19;
    let token: String = csrf_page[token_at..].chars().take_while(|c| *c != '"').collect();
    let body = format!("csrf={token}&email=a%40b.se&password=whatever+it+is");
    let request = format!(
        "POST /login HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let inflight = std::thread::spawn(move || http(port, &request));
    std::thread::sleep(Duration::from_millis(30));
    let pid = child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    assert!(status.success());
    let answer = inflight.join().expect("request thread");
    assert!(answer.starts_with("HTTP/1.1 200"), "the request under way got its answer: {answer}");
    assert!(answer.contains("stämmer inte") || answer.contains("is not right"), "a whole page");

    let started = Instant::now();
    let exit = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "stops within 20 s");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "exits cleanly: {exit:?}");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "no longer listening");
    assert!(TcpStream::connect(("127.0.0.1", metrics_port)).is_err(), "metrics no longer listening");
}
