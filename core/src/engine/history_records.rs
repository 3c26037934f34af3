//! The build history BuildKit keeps for every build (`docker buildx history`):
//! a record per build with its reference, name, status, start, duration and
//! vertex counts. BuildKit counts the vertices of the progress (the
//! `[internal]` ones and the exports too), so the counts are read from the
//! build's log, the same text `docker build` printed.

use super::cache_io::CacheOptions;
use crate::build::{BuildOutcome, BuildRequest};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// One build as the history keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRecord {
    /// BuildKit's 25-character build reference (derived from the build's
    /// place in the history and its inputs, so a replay gives the same one).
    pub reference: String,
    /// buildx `BuildName`: the context directory's name, with ` (target)`.
    pub name: String,
    pub context: String,
    pub dockerfile: String,
    pub target: Option<String>,
    pub build_args: BTreeMap<String, String>,
    /// Seconds since the epoch the build started.
    pub created: u64,
    /// Simulated seconds the build took.
    pub duration: f64,
    /// The error a failed build ended with.
    pub error: Option<String>,
    /// Vertices: all, completed, cached.
    pub total: usize,
    pub completed: usize,
    pub cached: usize,
}

impl HistoryRecord {
    pub(super) fn of(
        outcome: &BuildOutcome,
        request: &BuildRequest<'_>,
        options: &CacheOptions,
        now: u64,
        index: usize,
    ) -> HistoryRecord {
        let counts = VertexCounts::of(&outcome.log);
        let context = if options.context.is_empty() { ".".to_string() } else { options.context.clone() };
        // buildx util/history/name.go: the context directory's base name,
        // then the target. buildx reads it from the absolute path; Layerlab
        // knows the context only as given, so `.` stays `.`.
        let base = context
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .filter(|b| !b.is_empty() && *b != "..")
            .unwrap_or(context.as_str());
        let name = match &request.target {
            Some(target) => format!("{base} ({target})"),
            None => base.to_string(),
        };
        HistoryRecord {
            reference: reference(index, now, request.dockerfile),
            name,
            dockerfile: options.dockerfile.clone(),
            context,
            target: request.target.clone(),
            build_args: request.build_args.clone(),
            created: now,
            duration: counts.seconds,
            error: outcome.error.as_ref().map(|e| e.message()),
            total: counts.total,
            completed: counts.completed,
            cached: counts.cached,
        }
    }

    /// `Completed` or `Error` (buildx `lsContext.Status`; a simulated build never stays running).
    pub fn status(&self) -> &'static str {
        if self.error.is_some() {
            "Error"
        } else {
            "Completed"
        }
    }
}

/// A build reference like BuildKit's (`identity.NewID`: 25 characters of
/// `[a-z0-9]`).
fn reference(index: usize, now: u64, dockerfile: &str) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut h = Sha256::new();
    h.update(index.to_le_bytes());
    h.update(now.to_le_bytes());
    h.update(dockerfile.as_bytes());
    h.finalize().iter().take(25).map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// What the progress shows of a build's vertices.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct VertexCounts {
    total: usize,
    completed: usize,
    cached: usize,
    seconds: f64,
}

impl VertexCounts {
    /// Every `#N` but `#0` (the builder line) is a vertex; `DONE`, `CACHED`
    /// and `ERROR` complete one; the build's time is its vertices' times.
    fn of(log: &str) -> VertexCounts {
        let mut seen = std::collections::BTreeSet::new();
        let mut counts = VertexCounts::default();
        for line in log.lines() {
            let Some((id, rest)) = line.strip_prefix('#').and_then(|l| l.split_once(' ')) else { continue };
            let Ok(id) = id.parse::<usize>() else { continue };
            if id == 0 {
                continue;
            }
            seen.insert(id);
            if let Some(seconds) = rest.strip_prefix("DONE ").and_then(|s| s.strip_suffix('s')) {
                counts.completed += 1;
                counts.seconds += seconds.parse::<f64>().unwrap_or(0.0);
            } else if rest == "CACHED" {
                counts.completed += 1;
                counts.cached += 1;
            } else if rest.starts_with("ERROR:") {
                counts.completed += 1;
            }
        }
        counts.total = seen.len();
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vertices_are_counted_from_the_progress() {
        let log = "#0 building with \"default\" instance using docker driver\n\n#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n\n#2 [2/3] RUN x\n#2 CACHED\n\n#3 [3/3] RUN y\n#3 DONE 1.5s\n";
        let counts = VertexCounts::of(log);
        assert_eq!((counts.total, counts.completed, counts.cached), (3, 3, 1));
        assert!((counts.seconds - 1.5).abs() < 1e-9);
    }

    #[test]
    fn references_look_like_buildkits() {
        let r = reference(0, 1_700_000_000, "FROM scratch");
        assert_eq!(r.len(), 25);
        assert!(r.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        assert_ne!(r, reference(1, 1_700_000_000, "FROM scratch"));
    }
}
