//! A TCP hop between the portal and a counterpart, for fault tests: the
//! counterpart is real; the hop makes it hang, or vanish and come back,
//! without disturbing other tests that use the same server. Shared by the
//! operations tests and the web crate's fault tests (`#[path]`).

/// How the hop between the portal and a counterpart behaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Link {
    /// Every byte passes both ways.
    Up,
    /// Connections are taken and never answered: a Stripe that hangs.
    Hanging,
}

/// A TCP hop on 127.0.0.1 in front of a counterpart (PostgreSQL, Stripe)
/// that a test cuts and mends: `Hanging` accepts and never answers, `down()` closes the port and
/// every open connection (connection refused: the server restarting, or
/// the network to it gone), `up()` listens on the same port again.
pub struct Hop {
    pub port: u16,
    target: u16,
    mode: std::sync::Arc<std::sync::Mutex<Link>>,
    tasks: Option<tokio::task::JoinHandle<()>>,
    conns: std::sync::Arc<std::sync::Mutex<tokio::task::JoinSet<()>>>,
}

impl Hop {
    pub async fn start(target: u16) -> Hop {
        let mut hop = Hop {
            port: std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port(),
            target,
            mode: std::sync::Arc::new(std::sync::Mutex::new(Link::Up)),
            tasks: None,
            conns: Default::default(),
        };
        hop.up().await;
        hop
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// From now on connections behave as `link`; the open ones are cut,
    /// so a client's kept-alive connection does not slip past.
    pub async fn set(&self, link: Link) {
        *self.mode.lock().expect("lock") = link;
        self.conns.lock().expect("lock").abort_all();
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    pub async fn up(&mut self) {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await.expect("the hop's port");
        let (mode, conns, target) = (self.mode.clone(), self.conns.clone(), self.target);
        self.tasks = Some(tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let link = *mode.lock().expect("lock");
                conns.lock().expect("lock").spawn(async move {
                    if link == Link::Hanging {
                        // Holds the connection open, reads nothing, answers nothing.
                        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                        drop(inbound);
                        return;
                    }
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(("127.0.0.1", target)).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        }));
    }

    pub fn down(&mut self) {
        if let Some(t) = self.tasks.take() {
            t.abort();
        }
        self.conns.lock().expect("lock").abort_all();
    }
}

impl Drop for Hop {
    fn drop(&mut self) {
        self.down();
    }
}
