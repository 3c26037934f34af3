//! The build cache: a key per step computed from what BuildKit keys on, the
//! layers of every earlier build, and the reason a step missed, in words.
//!
//! A step's key is its parent's key plus the instruction after expansion;
//! RUN adds its environment (ENV and the ARGs in scope), user and working
//! directory; COPY and ADD add the checksums of their source files' contents
//! and modes (never modification times); FROM is keyed by the base image.

use crate::layers::LayerDiff;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Everything a step's cache key depends on, kept to explain the next miss.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepInputs {
    /// The instruction as the log shows it, after expansion.
    pub instruction: String,
    /// RUN: the environment (`KEY=value`); ARGs included.
    pub env: BTreeMap<String, String>,
    /// RUN: which of `env` are ARGs (so a change can be named as a build arg).
    pub args: BTreeMap<String, String>,
    pub user: String,
    pub workdir: String,
    /// COPY/ADD: source path → content digest.
    pub files: BTreeMap<String, String>,
    /// FROM: the resolved base image; COPY --from: the source stage's key.
    pub source: Option<String>,
}

impl StepInputs {
    pub fn key(&self, parent: &str) -> String {
        // Each field is hashed as `name\0value\0`; a value made of several
        // pieces (`k=v`, `path\0digest`) is fed piece by piece, which hashes
        // the same bytes as the joined string without building it.
        let mut h = Sha256::new();
        let mut field = |name: &str, pieces: &[&str]| {
            h.update(name.as_bytes());
            h.update([0]);
            for piece in pieces {
                h.update(piece.as_bytes());
            }
            h.update([0]);
        };
        field("parent", &[parent]);
        field("instruction", &[&self.instruction]);
        for (k, v) in &self.env {
            field("env", &[k, "=", v]);
        }
        field("user", &[&self.user]);
        field("workdir", &[&self.workdir]);
        for (path, digest) in &self.files {
            field("file", &[path, "\u{0}", digest]);
        }
        field("source", &[self.source.as_deref().unwrap_or("")]);
        format!("sha256:{:x}", h.finalize())
    }
}

/// What a cached step produced.
#[derive(Debug, Clone, Default)]
pub struct CachedStep {
    pub diff: LayerDiff,
    pub seconds: f64,
    /// Tools, users and notes the step left, replayed on a hit.
    pub installed: Vec<String>,
    pub users_added: Vec<String>,
    pub notes: Vec<String>,
    /// What the command printed.
    pub output: Vec<String>,
    /// Small text files COPY placed, by image path (for later RUNs to read).
    pub texts: Vec<(String, String)>,
    /// Paths the step put whose size is unknown (see [`super::StepReport::unknown_size`]).
    pub unknown_size: Vec<String>,
}

/// The cache of every earlier build (not only the last one).
#[derive(Debug, Clone, Default)]
pub struct BuildCache {
    entries: HashMap<String, CachedStep>,
    /// The inputs a step position (`stage/step`) had the last time it ran.
    last_inputs: HashMap<String, StepInputs>,
}

impl BuildCache {
    pub fn get(&self, key: &str) -> Option<&CachedStep> {
        self.entries.get(key)
    }

    pub fn insert(&mut self, key: String, step: CachedStep) {
        self.entries.insert(key, step);
    }

    pub fn last_inputs(&self, position: &str) -> Option<&StepInputs> {
        self.last_inputs.get(position)
    }

    pub fn remember(&mut self, position: String, inputs: StepInputs) {
        self.last_inputs.insert(position, inputs);
    }

    /// `docker builder prune`: drops every cached step.
    pub fn clear(&mut self) -> usize {
        let n = self.entries.len();
        self.entries.clear();
        n
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every cached step's key, sorted (for deterministic listings).
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.entries.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Why a step was not found in the cache, naming the cause.
pub fn explain_miss(previous: Option<&StepInputs>, now: &StepInputs, parent_missed: bool, no_cache: bool) -> String {
    if no_cache {
        return "--no-cache: every step runs again".to_string();
    }
    if parent_missed {
        return "the step before it was rebuilt, and a rebuilt step invalidates every step after it".to_string();
    }
    let Some(prev) = previous else {
        return "first build of this step: nothing in the cache yet".to_string();
    };
    if prev.instruction != now.instruction {
        return format!("the instruction changed (it was `{}`)", prev.instruction);
    }
    if prev.source != now.source {
        return match (&prev.source, &now.source) {
            (Some(a), Some(b)) => format!("its source changed: {a} → {b}"),
            _ => "its source changed".to_string(),
        };
    }
    let files = describe_file_changes(&prev.files, &now.files);
    if !files.is_empty() {
        return files;
    }
    for (key, value) in &now.env {
        let old = prev.env.get(key);
        if old != Some(value) {
            let kind = if now.args.contains_key(key) { "build arg" } else { "ENV" };
            return match old {
                Some(old) => format!("{kind} {key} changed from `{old}` to `{value}`"),
                None => format!("{kind} {key} is new (`{value}`)"),
            };
        }
    }
    if let Some(key) = prev.env.keys().find(|k| !now.env.contains_key(*k)) {
        return format!("{key} is no longer set");
    }
    if prev.user != now.user {
        return format!("USER changed from `{}` to `{}`", prev.user, now.user);
    }
    if prev.workdir != now.workdir {
        return format!("WORKDIR changed from `{}` to `{}`", prev.workdir, now.workdir);
    }
    "not in the cache (it was pruned)".to_string()
}

fn describe_file_changes(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> String {
    let mut changes = Vec::new();
    for (path, digest) in after {
        match before.get(path) {
            Some(old) if old == digest => {}
            Some(_) => changes.push(format!("`{path}` changed")),
            None => changes.push(format!("`{path}` was added")),
        }
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        changes.push(format!("`{path}` was removed"));
    }
    match changes.len() {
        0 => String::new(),
        1..=3 => changes.join(", "),
        n => format!("{} and {} more files changed", changes[..3].join(", "), n - 3),
    }
}
