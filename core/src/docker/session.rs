//! A daemon that outlives one command: the engine plus the journal of every
//! command that changed it, with what the host answered each time (context
//! files, Dockerfiles read, prompts).
//!
//! The saved state is that journal, not a dump of the engine's internals:
//! loading replays it, and the engine is deterministic given its inputs and
//! clock, so the same images, ids, tags and cache come back. This keeps the
//! engine's types free of serialization, makes the state file readable (a
//! teacher can see what was run), and lets the CLI (a file) and the app
//! (localStorage) persist the same way. Identical build contexts are stored
//! once.

use super::{execute, prepare, Host, HostError, Output};
use crate::context::{Archive, ArchiveContents, ArchiveEntry, ArchiveEntryKind, Compression, ContextFile};
use crate::engine::containers::{dry_run, ContainerView, DryRun, DryRunError};
use crate::engine::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, VecDeque};
use std::fmt;

/// The state file's marker key and version.
pub const FORMAT: &str = "layerlab-session";
const VERSION: u64 = 1;

/// One thing the host answered during a command.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    /// `context_files(dir)`: the files, stored by their digest in the context table.
    Context {
        dir: String,
        result: Result<String, HostError>,
    },
    Text {
        path: String,
        result: Result<String, HostError>,
    },
    Wrote {
        path: String,
        result: Result<(), HostError>,
    },
    Env {
        name: String,
        value: Option<String>,
    },
    Confirm(bool),
}

/// One recorded command.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    at: u64,
    line: String,
    answers: Vec<Answer>,
}

/// Why a saved state could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateError {
    Json(String),
    /// Not a session file, or a version this build does not read.
    Format(String),
    /// Replaying entry `index` asked the host something the journal does not hold.
    Replay {
        index: usize,
        line: String,
    },
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::Json(e) => write!(f, "the state is not valid JSON: {e}"),
            StateError::Format(why) => write!(f, "not a Layerlab session: {why}"),
            StateError::Replay { index, line } => {
                write!(f, "the state's command {} (`{line}`) no longer replays the same way", index + 1)
            }
        }
    }
}

impl std::error::Error for StateError {}

/// The engine and its journal.
#[derive(Debug, Clone, Default)]
pub struct Session {
    engine: Engine,
    entries: Vec<Entry>,
    /// Build contexts by digest of their file list.
    contexts: BTreeMap<String, Vec<(String, ContextFile)>>,
}

/// Wraps the real host and writes down every answer.
struct Recorder<'a> {
    inner: &'a mut dyn Host,
    answers: Vec<Answer>,
    contexts: Vec<(String, Vec<(String, ContextFile)>)>,
}

fn context_digest(files: &[(String, ContextFile)]) -> String {
    let mut h = Sha256::new();
    for (path, f) in files {
        h.update(path.as_bytes());
        h.update([0]);
        h.update(f.digest.as_bytes());
        h.update(f.mode.to_le_bytes());
    }
    format!("{:x}", h.finalize())
}

impl Host for Recorder<'_> {
    fn context_files(&mut self, dir: &str) -> Result<Vec<(String, ContextFile)>, HostError> {
        let result = self.inner.context_files(dir);
        let stored = match &result {
            Ok(files) => {
                let digest = context_digest(files);
                self.contexts.push((digest.clone(), files.clone()));
                Ok(digest)
            }
            Err(e) => Err(e.clone()),
        };
        self.answers.push(Answer::Context { dir: dir.to_string(), result: stored });
        result
    }

    fn read_text(&mut self, path: &str) -> Result<String, HostError> {
        let result = self.inner.read_text(path);
        self.answers.push(Answer::Text { path: path.to_string(), result: result.clone() });
        result
    }

    fn write_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), HostError> {
        let result = self.inner.write_file(path, bytes);
        self.answers.push(Answer::Wrote { path: path.to_string(), result: result.clone() });
        result
    }

    fn env_var(&mut self, name: &str) -> Option<String> {
        let value = self.inner.env_var(name);
        self.answers.push(Answer::Env { name: name.to_string(), value: value.clone() });
        value
    }

    fn confirm(&mut self, prompt: &str) -> bool {
        let yes = self.inner.confirm(prompt);
        self.answers.push(Answer::Confirm(yes));
        yes
    }
}

/// Answers from the journal; a question it does not hold marks the replay as diverged.
struct Replayer<'a> {
    answers: VecDeque<Answer>,
    contexts: &'a BTreeMap<String, Vec<(String, ContextFile)>>,
    diverged: bool,
}

const DIVERGED: &str = "not in the recorded session";

impl Replayer<'_> {
    /// Marks the replay as diverged: the journal holds no such answer.
    fn diverge(&mut self) -> HostError {
        self.diverged = true;
        DIVERGED.into()
    }
}

impl Host for Replayer<'_> {
    fn context_files(&mut self, dir: &str) -> Result<Vec<(String, ContextFile)>, HostError> {
        let files = match self.answers.pop_front() {
            Some(Answer::Context { dir: d, result }) if d == dir => match result {
                Ok(digest) => self.contexts.get(&digest).cloned(),
                Err(e) => return Err(e),
            },
            _ => None,
        };
        files.ok_or_else(|| self.diverge())
    }

    fn read_text(&mut self, path: &str) -> Result<String, HostError> {
        match self.answers.pop_front() {
            Some(Answer::Text { path: p, result }) if p == path => result,
            _ => Err(self.diverge()),
        }
    }

    fn write_file(&mut self, path: &str, _: &[u8]) -> Result<(), HostError> {
        // A replay never writes again: the file was written the first time.
        match self.answers.pop_front() {
            Some(Answer::Wrote { path: p, result }) if p == path => result,
            _ => Err(self.diverge()),
        }
    }

    fn env_var(&mut self, name: &str) -> Option<String> {
        match self.answers.pop_front() {
            Some(Answer::Env { name: n, value }) if n == name => value,
            _ => {
                self.diverge();
                None
            }
        }
    }

    fn confirm(&mut self, _: &str) -> bool {
        match self.answers.pop_front() {
            Some(Answer::Confirm(yes)) => yes,
            _ => {
                self.diverge();
                false
            }
        }
    }
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// One container by id, name or id prefix, as plain data (the app's run panel).
    pub fn container(&self, reference: &str) -> Option<ContainerView> {
        self.engine.runtime().view(reference)
    }

    /// A dry run of a `docker run …` line against this daemon (nothing changes, nothing is recorded).
    pub fn dry_run(&self, line: &str, now: u64) -> Result<DryRun, DryRunError> {
        dry_run(&self.engine, line, now)
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// How many state-changing commands the session holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The time of the last recorded command (0 for a new session).
    pub fn last_time(&self) -> u64 {
        self.entries.last().map_or(0, |e| e.at)
    }

    /// Runs one `docker …` line; a command that changes the daemon is recorded.
    pub fn execute(&mut self, line: &str, host: &mut dyn Host, now: u64) -> Output {
        let prepared = prepare(line);
        if !prepared.mutates() {
            return prepared.run(&mut self.engine, host, now);
        }
        let mut recorder = Recorder { inner: host, answers: Vec::new(), contexts: Vec::new() };
        let output = prepared.run(&mut self.engine, &mut recorder, now);
        for (digest, files) in recorder.contexts {
            self.contexts.entry(digest).or_insert(files);
        }
        self.entries.push(Entry { at: now, line: line.to_string(), answers: recorder.answers });
        output
    }

    /// The state as JSON (what `--state FILE` and the app's localStorage keep).
    pub fn to_json(&self) -> String {
        let entries: Vec<Value> = self.entries.iter().map(entry_json).collect();
        let contexts: Map<String, Value> = self
            .contexts
            .iter()
            .map(|(digest, files)| {
                let files: Map<String, Value> = files.iter().map(|(p, f)| (p.clone(), file_json(f))).collect();
                (digest.clone(), Value::Object(files))
            })
            .collect();
        let state = json!({ FORMAT: VERSION, "commands": entries, "contexts": contexts });
        format!("{}\n", serde_json::to_string_pretty(&state).unwrap_or_default())
    }

    /// Loads a state written by [`Session::to_json`] by replaying its commands.
    pub fn from_json(text: &str) -> Result<Session, StateError> {
        let value: Value = serde_json::from_str(text).map_err(|e| StateError::Json(e.to_string()))?;
        match value.get(FORMAT).and_then(Value::as_u64) {
            Some(VERSION) => {}
            Some(v) => return Err(StateError::Format(format!("version {v} (this Layerlab reads {VERSION})"))),
            None => return Err(StateError::Format(format!("no \"{FORMAT}\" key"))),
        }
        let mut session = Session::new();
        if let Some(contexts) = value.get("contexts").and_then(Value::as_object) {
            for (digest, files) in contexts {
                let files = files
                    .as_object()
                    .map(|o| o.iter().map(|(p, f)| (p.clone(), file_from_json(f))).collect())
                    .unwrap_or_default();
                session.contexts.insert(digest.clone(), files);
            }
        }
        let entries = value.get("commands").and_then(Value::as_array).cloned().unwrap_or_default();
        for (index, entry) in entries.iter().enumerate() {
            let entry = entry_from_json(entry).ok_or_else(|| StateError::Format(format!("command {}", index + 1)))?;
            let mut replayer = Replayer {
                answers: entry.answers.iter().cloned().collect(),
                contexts: &session.contexts,
                diverged: false,
            };
            execute(&mut session.engine, &entry.line, &mut replayer, entry.at);
            if replayer.diverged || !replayer.answers.is_empty() {
                return Err(StateError::Replay { index, line: entry.line });
            }
            session.entries.push(entry);
        }
        Ok(session)
    }
}

fn file_json(f: &ContextFile) -> Value {
    let mut o = Map::new();
    o.insert("size".into(), json!(f.size));
    o.insert("digest".into(), json!(f.digest));
    o.insert("mode".into(), json!(f.mode));
    if let Some(text) = &f.text {
        o.insert("text".into(), json!(text));
    }
    if let Some(archive) = &f.archive {
        o.insert("archive".into(), archive_json(archive));
    }
    Value::Object(o)
}

fn compression_name(c: Compression) -> &'static str {
    match c {
        Compression::Identity => "tar",
        Compression::Gzip => "gzip",
        Compression::Bzip2 => "bzip2",
        Compression::Xz => "xz",
        Compression::Zstd => "zstd",
    }
}

/// What ADD would extract from a context file, so a replayed build unpacks the same entries.
fn archive_json(a: &Archive) -> Value {
    let contents = match &a.contents {
        ArchiveContents::Unknown => Value::Null,
        ArchiveContents::Listed { entries, truncated } => json!({
            "truncated": truncated,
            "entries": entries.iter().map(|e| {
                let (kind, target) = match &e.kind {
                    ArchiveEntryKind::File => ("file", None),
                    ArchiveEntryKind::Dir => ("dir", None),
                    ArchiveEntryKind::Symlink { target } => ("symlink", Some(target)),
                    ArchiveEntryKind::Hardlink { target } => ("hardlink", Some(target)),
                    ArchiveEntryKind::Special => ("special", None),
                };
                json!({ "path": e.path, "size": e.size, "mode": e.mode, "uid": e.uid, "gid": e.gid,
                        "kind": kind, "target": target, "digest": e.digest })
            }).collect::<Vec<_>>(),
        }),
    };
    json!({ "compression": compression_name(a.compression), "contents": contents })
}

fn archive_from_json(v: &Value) -> Option<Archive> {
    let compression = match v.get("compression")?.as_str()? {
        "tar" => Compression::Identity,
        "gzip" => Compression::Gzip,
        "bzip2" => Compression::Bzip2,
        "xz" => Compression::Xz,
        "zstd" => Compression::Zstd,
        _ => return None,
    };
    let contents = match v.get("contents").filter(|c| !c.is_null()) {
        None => ArchiveContents::Unknown,
        Some(c) => {
            let n = |e: &Value, k: &str| e.get(k).and_then(Value::as_u64).unwrap_or(0);
            let entries = c
                .get("entries")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .map(|e| {
                    let target = e.get("target").and_then(Value::as_str).unwrap_or_default().to_string();
                    let kind = match e.get("kind").and_then(Value::as_str).unwrap_or("file") {
                        "dir" => ArchiveEntryKind::Dir,
                        "symlink" => ArchiveEntryKind::Symlink { target },
                        "hardlink" => ArchiveEntryKind::Hardlink { target },
                        "special" => ArchiveEntryKind::Special,
                        _ => ArchiveEntryKind::File,
                    };
                    ArchiveEntry {
                        path: e.get("path").and_then(Value::as_str).unwrap_or_default().to_string(),
                        size: n(e, "size"),
                        mode: n(e, "mode") as u32,
                        uid: n(e, "uid") as u32,
                        gid: n(e, "gid") as u32,
                        kind,
                        digest: n(e, "digest"),
                    }
                })
                .collect();
            ArchiveContents::Listed { entries, truncated: c.get("truncated").and_then(Value::as_bool).unwrap_or(false) }
        }
    };
    Some(Archive { compression, contents })
}

fn file_from_json(v: &Value) -> ContextFile {
    ContextFile {
        size: v.get("size").and_then(Value::as_u64).unwrap_or(0),
        digest: v.get("digest").and_then(Value::as_str).unwrap_or_default().to_string(),
        mode: v.get("mode").and_then(Value::as_u64).unwrap_or(0o644) as u32,
        text: v.get("text").and_then(Value::as_str).map(str::to_string),
        archive: v.get("archive").and_then(archive_from_json),
    }
}

fn result_json<T: Into<Value> + Clone>(result: &Result<T, HostError>) -> Value {
    match result {
        Ok(v) => json!({ "ok": v.clone().into() }),
        Err(e) => json!({ "err": e }),
    }
}

fn result_from_json(v: &Value) -> Option<Result<Value, HostError>> {
    if let Some(ok) = v.get("ok") {
        return Some(Ok(ok.clone()));
    }
    v.get("err").and_then(Value::as_str).map(|e| Err(e.to_string()))
}

fn entry_json(e: &Entry) -> Value {
    let answers: Vec<Value> = e
        .answers
        .iter()
        .map(|a| match a {
            Answer::Context { dir, result } => json!({ "context": dir, "result": result_json(result) }),
            Answer::Text { path, result } => json!({ "read": path, "result": result_json(result) }),
            Answer::Wrote { path, result } => {
                json!({ "wrote": path, "result": result_json(&result.clone().map(|()| Value::Null)) })
            }
            Answer::Env { name, value } => json!({ "env": name, "value": value }),
            Answer::Confirm(yes) => json!({ "confirm": yes }),
        })
        .collect();
    json!({ "at": e.at, "line": e.line, "host": answers })
}

fn entry_from_json(v: &Value) -> Option<Entry> {
    let at = v.get("at")?.as_u64()?;
    let line = v.get("line")?.as_str()?.to_string();
    let mut answers = Vec::new();
    for a in v.get("host").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
        let text = |r: Result<Value, HostError>| r.map(|v| v.as_str().unwrap_or_default().to_string());
        let answer = if let Some(dir) = a.get("context").and_then(Value::as_str) {
            Answer::Context { dir: dir.to_string(), result: text(result_from_json(a.get("result")?)?) }
        } else if let Some(path) = a.get("read").and_then(Value::as_str) {
            Answer::Text { path: path.to_string(), result: text(result_from_json(a.get("result")?)?) }
        } else if let Some(path) = a.get("wrote").and_then(Value::as_str) {
            Answer::Wrote { path: path.to_string(), result: result_from_json(a.get("result")?)?.map(|_| ()) }
        } else if let Some(name) = a.get("env").and_then(Value::as_str) {
            Answer::Env { name: name.to_string(), value: a.get("value").and_then(Value::as_str).map(str::to_string) }
        } else {
            Answer::Confirm(a.get("confirm")?.as_bool()?)
        };
        answers.push(answer);
    }
    Some(Entry { at, line, answers })
}
