//! The project in `localStorage`, so a reload, a crash or a second tab never
//! loses work.
//!
//! The key is versioned (`layerlab.project.v1`) and holds a [`Record`]: the
//! project in the core's versioned JSON, the tab that wrote it and a revision. A save is a compare and
//! swap: a tab writes only over the revision it last wrote or adopted, so two
//! tabs never silently overwrite each other (the other one is told, through
//! the `storage` event or its next save, and the person chooses). A value
//! this version cannot read is copied aside under its own key before anything
//! else is written, and reported. Storage can be missing or full (private
//! mode, quota): then the app works from memory and says so.

use std::cell::{Cell, RefCell};

use serde::{Deserialize, Serialize};
use web_sys::Storage;

use crate::project::{Project, ProjectExt};

pub const KEY: &str = "layerlab.project.v1";
/// What Layerlab stored before projects: the Dockerfile's text alone.
const LEGACY_KEY: &str = "layerlab.dockerfile";
/// The project an example, a share link or another tab replaced.
pub const PREVIOUS_KEY: &str = "layerlab.project.v1.previous";
const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Milliseconds since the epoch, strictly increasing per write.
    pub rev: f64,
    /// The tab that wrote it.
    pub tab: String,
    pub project: Project,
}

/// The stored shape: the project stays the core's JSON document, nested.
#[derive(Serialize, Deserialize)]
struct Stored {
    format: u32,
    rev: f64,
    tab: String,
    project: serde_json::Value,
}

/// What was found at startup.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Nothing,
    Project(Project),
    /// A stored value this version cannot read, copied to `kept_at`.
    Unreadable {
        reason: String,
        kept_at: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    Yes,
    /// Another tab wrote since this tab last saw the key; nothing was written.
    Conflict(Record),
    /// No localStorage, or it refused the write (quota).
    Unavailable,
}

/// Reads a stored value: only the formats this version knows.
pub fn read_record(raw: &str) -> Result<Record, String> {
    #[derive(Deserialize)]
    struct Head {
        format: u32,
    }
    let head: Head = serde_json::from_str(raw).map_err(|e| format!("it is not a saved project ({e})"))?;
    if head.format != FORMAT {
        return Err(format!("it was saved in format {}, which this Layerlab does not know", head.format));
    }
    let stored: Stored = serde_json::from_str(raw).map_err(|e| format!("it is not a saved project ({e})"))?;
    let project = Project::from_json(&stored.project.to_string())?;
    Ok(Record { rev: stored.rev, tab: stored.tab, project })
}

/// Whether `raw` is a record in this format that this tab wrote or adopted
/// last (its revision is the one this tab knows), read without its project.
fn is_ours(raw: &str) -> bool {
    #[derive(Deserialize)]
    struct Head {
        format: u32,
        rev: f64,
        tab: String,
    }
    serde_json::from_str::<Head>(raw)
        .is_ok_and(|h| h.format == FORMAT && (h.tab == tab_id() || h.rev == KNOWN_REV.with(Cell::get)))
}

/// `Stored`'s JSON, with the project's own JSON nested as it is written
/// (not parsed and written again: this runs on every keystroke).
fn to_stored(rev: f64, tab: String, project: &Project) -> Option<String> {
    let head = serde_json::to_string(&Stored { format: FORMAT, rev, tab, project: serde_json::Value::Null }).ok()?;
    let head = head.strip_suffix("null}")?;
    Some(format!("{head}{}}}", project.to_json()))
}

thread_local! {
    static TAB: String = format!("{:x}", (js_sys::Math::random() * 2f64.powi(48)) as u64);
    /// The revision this tab last wrote or adopted.
    static KNOWN_REV: Cell<f64> = const { Cell::new(0.0) };
    /// The last project this tab saved, for the panic screen.
    static LAST: RefCell<Option<Project>> = const { RefCell::new(None) };
}

pub(crate) fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn tab_id() -> String {
    TAB.with(String::clone)
}

/// The project this tab last saved (`None` while a save is in progress).
pub fn last_saved() -> Option<Project> {
    LAST.with(|last| last.try_borrow().ok().and_then(|p| p.clone()))
}

/// The stored project at startup; an unreadable value is kept aside first.
pub fn load() -> Loaded {
    let Some(storage) = local_storage() else { return Loaded::Nothing };
    match storage.get_item(KEY).ok().flatten() {
        Some(raw) => match read_record(&raw) {
            Ok(record) => {
                KNOWN_REV.with(|k| k.set(record.rev));
                remember(&record.project);
                Loaded::Project(record.project)
            }
            Err(reason) => {
                let kept_at = keep_aside(&storage, &raw);
                // The copy is made and reported: the key is free for the next save.
                if kept_at.is_some() {
                    let _ = storage.remove_item(KEY);
                }
                Loaded::Unreadable { reason, kept_at }
            }
        },
        None => match storage.get_item(LEGACY_KEY).ok().flatten() {
            Some(text) => Loaded::Project(Project::from_files([(crate::project::DOCKERFILE, text.as_str())])),
            None => Loaded::Nothing,
        },
    }
}

/// Copies `raw` to a fresh key so nothing overwrites it; returns the key.
fn keep_aside(storage: &Storage, raw: &str) -> Option<String> {
    let key = format!("{KEY}.unreadable.{}", js_sys::Date::now() as u64);
    storage.set_item(&key, raw).ok().map(|()| key)
}

fn remember(project: &Project) {
    LAST.with(|last| {
        if let Ok(mut last) = last.try_borrow_mut() {
            *last = Some(project.clone());
        }
    });
}

/// Saves unless another tab wrote since this tab last saw the key.
pub fn save(project: &Project) -> Saved {
    remember(project);
    let Some(storage) = local_storage() else { return Saved::Unavailable };
    if let Some(raw) = storage.get_item(KEY).ok().flatten() {
        // This tab's own last write (every keystroke's case) needs no full
        // read: only another tab's record is read whole, to be compared.
        if is_ours(&raw) {
            return write(&storage, project);
        }
        match read_record(&raw) {
            Ok(theirs) if theirs.tab != tab_id() && theirs.rev != KNOWN_REV.with(Cell::get) => {
                return Saved::Conflict(theirs);
            }
            Ok(_) => {}
            Err(_) => {
                // Written by someone else since startup: keep it before writing.
                if keep_aside(&storage, &raw).is_none() {
                    return Saved::Unavailable;
                }
            }
        }
    }
    write(&storage, project)
}

/// Saves over whatever is stored: the person chose this tab's version.
pub fn save_over(project: &Project) -> Saved {
    remember(project);
    match local_storage() {
        Some(storage) => write(&storage, project),
        None => Saved::Unavailable,
    }
}

fn write(storage: &Storage, project: &Project) -> Saved {
    let rev = js_sys::Date::now().max(KNOWN_REV.with(Cell::get) + 1.0);
    let Some(json) = to_stored(rev, tab_id(), project) else { return Saved::Unavailable };
    match storage.set_item(KEY, &json) {
        Ok(()) => {
            KNOWN_REV.with(|k| k.set(rev));
            Saved::Yes
        }
        Err(_) => Saved::Unavailable,
    }
}

/// This tab now follows another tab's record.
pub fn adopt(record: &Record) {
    KNOWN_REV.with(|k| k.set(record.rev));
    remember(&record.project);
}

/// Keeps `project` as "the previous project" before something replaces it.
pub fn keep_previous(project: &Project) -> bool {
    let Some(storage) = local_storage() else { return false };
    storage.set_item(PREVIOUS_KEY, &project.to_json()).is_ok()
}

pub fn previous() -> Option<Project> {
    let raw = local_storage()?.get_item(PREVIOUS_KEY).ok().flatten()?;
    Project::from_json(&raw).ok()
}

/// A `storage` event's new record, when another tab wrote the project.
pub fn from_other_tab(key: Option<String>, new_value: Option<String>) -> Option<Record> {
    if key.as_deref() != Some(KEY) {
        return None;
    }
    let record = read_record(&new_value?).ok()?;
    (record.tab != tab_id()).then_some(record)
}

/// The docker terminal's journal and screen, beside the project.
pub const TERMINAL_KEY: &str = "layerlab.terminal.v1";

/// What was stored for the terminal at startup.
#[derive(Debug, Clone, PartialEq)]
pub enum TerminalLoaded {
    Nothing,
    Terminal(crate::terminal::Stored),
    /// Unreadable: copied to `kept_at` and the key freed, as for the project.
    Unreadable {
        reason: String,
        kept_at: Option<String>,
    },
}

/// Reads the stored terminal; `check` is what else must hold (the journal
/// must replay), so a value that reads but cannot be used is kept aside too.
pub fn load_terminal(check: impl FnOnce(&crate::terminal::Stored) -> Result<(), String>) -> TerminalLoaded {
    let Some(storage) = local_storage() else { return TerminalLoaded::Nothing };
    let Some(raw) = storage.get_item(TERMINAL_KEY).ok().flatten() else { return TerminalLoaded::Nothing };
    match crate::terminal::read(&raw).and_then(|stored| check(&stored).map(|()| stored)) {
        Ok(stored) => TerminalLoaded::Terminal(stored),
        Err(reason) => {
            let key = format!("{TERMINAL_KEY}.unreadable.{}", js_sys::Date::now() as u64);
            let kept_at = storage.set_item(&key, &raw).ok().map(|()| key);
            if kept_at.is_some() {
                let _ = storage.remove_item(TERMINAL_KEY);
            }
            TerminalLoaded::Unreadable { reason, kept_at }
        }
    }
}

/// Saves the terminal (last writer wins: the terminal is a log, not a document).
pub fn save_terminal(stored: &crate::terminal::Stored) -> bool {
    let Some(storage) = local_storage() else { return false };
    match serde_json::to_string(stored) {
        Ok(json) => storage.set_item(TERMINAL_KEY, &json).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_formats_are_read_and_the_reason_is_given() {
        let record = Record { rev: 5.0, tab: "t".into(), project: Project::from_files([("Dockerfile", "FROM a\n")]) };
        let json = to_stored(record.rev, record.tab.clone(), &record.project).expect("serializes");
        assert_eq!(read_record(&json), Ok(record));
        let newer = json.replace("\"format\":1", "\"format\":2");
        assert!(read_record(&newer).unwrap_err().contains("format 2"));
        assert!(read_record("{not json").unwrap_err().contains("not a saved project"));
        assert!(read_record("{\"format\":1}").is_err());
    }
}
