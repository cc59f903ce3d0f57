//! Processes of the real binary started side by side on free loopback
//! ports, each killed (by its own pid) when its handle is dropped.

use crate::cli::free_port;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A `cps` process: `serve` on its own ports, or any other command.
pub struct Node {
    child: Child,
    pub port: u16,
    first_line: mpsc::Receiver<String>,
}

impl Node {
    /// Starts `cps ARGS` in `dir` with `env` (and, for serve, a members'
    /// and a metrics port of its own). Returns at once.
    pub fn spawn(args: &[&str], dir: &Path, env: &[(String, String)]) -> Node {
        let port = free_port();
        let mut c = Command::new(env!("CARGO_BIN_EXE_cps"));
        c.args(args).current_dir(dir).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in env {
            c.env(k, v);
        }
        c.env("CPS__SERVER__BIND", format!("127.0.0.1:{port}"))
            .env("CPS__SERVER__PUBLIC_BASE_URL", format!("http://127.0.0.1:{port}"))
            .env("CPS__SERVER__METRICS_BIND", format!("127.0.0.1:{}", free_port()));
        let mut child =
            c.stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(Stdio::null()).spawn().expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, first_line) = mpsc::channel();
        // Reads the first line, then keeps draining so the process never
        // blocks on a full pipe.
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        Node { child, port, first_line }
    }

    /// Waits (at most `limit`) for the first line of a `cps serve`:
    /// Ok when it says it is running, Err with its exit and stderr when it
    /// stopped instead.
    pub fn wait_serving(&mut self, limit: Duration) -> Result<(), String> {
        let line = self.first_line.recv_timeout(limit).map_err(|_| format!("no first line within {limit:?}"))?;
        if line.contains("CPS is running") {
            return Ok(());
        }
        Err(self.failure())
    }

    /// Waits (at most `limit`) for the process to exit; its status and stderr.
    pub fn wait_exit(&mut self, limit: Duration) -> (std::process::ExitStatus, String) {
        let started = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return (status, self.stderr());
            }
            assert!(started.elapsed() < limit, "cps did not exit within {limit:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the process still runs.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    fn failure(&mut self) -> String {
        let (status, stderr) = self.wait_exit(Duration::from_secs(30));
        format!("exited with {status}: {stderr}")
    }

    fn stderr(&mut self) -> String {
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        err
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain GET on 127.0.0.1:`port`; the status code.
pub fn status_of(port: u16, path: &str) -> u16 {
    use std::io::Write;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").expect("write");
    let mut head = String::new();
    let _ = s.read_to_string(&mut head);
    head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}
