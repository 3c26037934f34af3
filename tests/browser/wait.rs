//! Bounded polling: the only way these tests wait for the page.

use std::future::Future;
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(100);

/// Polls `probe` until it returns `Ok`, or panics after [`TIMEOUT`] with
/// `what` and the last `Err` it saw (what the page showed instead).
pub async fn until<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match probe().await {
            Ok(value) => return value,
            Err(last) if Instant::now() >= deadline => {
                panic!("timed out after {TIMEOUT:?} waiting for {what}; last seen: {last}")
            }
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}
