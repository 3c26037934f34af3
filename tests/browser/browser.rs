//! Headless Chromium through chromedriver, both started by the test.
//!
//! [`Browser`] owns the processes: dropping it kills chromedriver's whole
//! process group (Chromium included) and removes the throwaway profile, so
//! nothing outlives a test, even one that panics.

use std::io::{Read, Write};
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

/// Session starts tried before a test gives up. A loaded machine sometimes
/// has chromedriver accept the connection and then drop the new-session
/// request (CI saw `client error (SendRequest)`); a fresh chromedriver on a
/// fresh port then works.
const ATTEMPTS: usize = 3;

impl Browser {
    /// Starts chromedriver on a free port and opens a Chromium session.
    pub async fn start() -> (Browser, Client) {
        let mut failures = Vec::new();
        for _ in 0..ATTEMPTS {
            match Browser::try_start().await {
                Ok(started) => return started,
                Err(failure) => failures.push(failure),
            }
        }
        panic!("opening a Chromium session through chromedriver failed {ATTEMPTS} times: {}", failures.join("; "))
    }

    async fn try_start() -> Result<(Browser, Client), String> {
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
        // From here on, dropping `browser` (also on an early return) kills it.
        let browser = Browser { chromedriver: child, profile };

        let deadline = Instant::now() + STARTUP;
        while !ready(port) {
            if Instant::now() >= deadline {
                return Err(format!("chromedriver on port {port} was not ready within {STARTUP:?}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
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
            .map_err(|e| format!("new session on port {port}: {e}"))?;
        Ok((browser, client))
    }
}

/// Whether chromedriver answers `GET /status` with `"ready": true` — an open
/// port alone can still be a server that is starting, or someone else's.
/// (chromedriver refuses HTTP/1.0.)
fn ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let compact: String = response.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("\"ready\":true")
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
