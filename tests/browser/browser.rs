//! Headless Chromium through chromedriver, both started by the test.
//!
//! [`Browser`] owns the processes: dropping it kills chromedriver's whole
//! process group (Chromium included) and removes the throwaway profile, so
//! nothing outlives a test, even one that panics.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

const STARTUP: Duration = Duration::from_secs(20);

pub struct Browser {
    chromedriver: Child,
    profile: PathBuf,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a Chromium session.
    pub async fn start() -> (Browser, Client) {
        let chromium = env_or("LAYERLAB_CHROMIUM", "/usr/bin/chromium");
        let chromedriver = env_or("LAYERLAB_CHROMEDRIVER", "/usr/bin/chromedriver");
        static SESSIONS: AtomicUsize = AtomicUsize::new(0);
        let profile = std::env::temp_dir().join(format!(
            "layerlab-chromium-{}-{}",
            std::process::id(),
            SESSIONS.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&profile).expect("creating a Chromium profile dir");

        let port = free_port();
        let child = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so Drop can kill Chromium along with it.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {chromedriver}: {e} (run `cargo xtask test`, which installs it)"));
        let browser = Browser { chromedriver: child, profile };

        let deadline = Instant::now() + STARTUP;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen on port {port} within {STARTUP:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-quic", "--window-size=1400,900",
                    format!("--user-data-dir={}", browser.profile.display()),
                ],
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("opening a Chromium session through chromedriver: {e}"));
        (browser, client)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Negative pid: the whole group. Errors mean it is already gone.
        let group = format!("-{}", self.chromedriver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn env_or(key: &str, default: &str) -> String {
    std::env::var(key).unwrap_or_else(|_| default.to_owned())
}

/// A port that was free a moment ago (chromedriver takes only a number).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0 to find a free port");
    listener.local_addr().expect("local address").port()
}
