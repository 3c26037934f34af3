//! The docker terminal's transcript: what was typed, what Docker answered,
//! the ↑/↓ history and the containers the terminal's daemon holds. The
//! daemon itself is the builder's `Playground` (its journal is what
//! `Playground::save` returns); this is what the screen shows, kept beside
//! the journal so a reload brings back both.

use serde::{Deserialize, Serialize};

/// Lines of transcript kept (older ones scroll away, as in a real terminal).
pub const MAX_ENTRIES: usize = 200;
/// Commands kept for ↑/↓.
pub const MAX_HISTORY: usize = 100;

/// One command and Docker's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The line as run (`docker ps`).
    pub input: String,
    pub stdout: String,
    pub stderr: String,
    pub status: u8,
}

/// A container of the terminal's daemon, for the list beside the terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerRow {
    pub id: String,
    pub name: String,
    pub image: String,
    /// Docker's state word (`running`, `exited`, …).
    pub state: String,
}

/// What the terminal shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transcript {
    pub entries: Vec<Entry>,
    /// Commands typed, oldest first (`clear` included, as a shell keeps it).
    pub history: Vec<String>,
    pub containers: Vec<ContainerRow>,
    /// The container whose namespaces are shown (an id).
    pub selected: Option<String>,
}

impl Transcript {
    /// Records `input` in the history (not twice in a row), bounded.
    pub fn remember(&mut self, input: &str) {
        if self.history.last().map(String::as_str) != Some(input) {
            self.history.push(input.to_owned());
        }
        if self.history.len() > MAX_HISTORY {
            self.history.drain(..self.history.len() - MAX_HISTORY);
        }
    }

    pub fn push(&mut self, entry: Entry) {
        self.entries.push(entry);
        if self.entries.len() > MAX_ENTRIES {
            self.entries.drain(..self.entries.len() - MAX_ENTRIES);
        }
    }
}

/// The words typed at the `$ docker` prompt as the line the core runs:
/// `ps` and `docker ps` both mean `docker ps`. `None` for a blank line.
pub fn command_line(typed: &str) -> Option<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let first = typed.split_whitespace().next().unwrap_or("");
    Some(if first == "docker" { typed.to_owned() } else { format!("docker {typed}") })
}

/// What is kept in localStorage: the daemon's journal (the core's JSON, as
/// a string so its format stays the core's business) and the screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    pub format: u32,
    pub journal: String,
    pub entries: Vec<Entry>,
    pub history: Vec<String>,
}

pub const FORMAT: u32 = 1;

/// Reads a stored terminal; the reason in words when it cannot.
pub fn read(raw: &str) -> Result<Stored, String> {
    #[derive(Deserialize)]
    struct Head {
        format: u32,
    }
    let head: Head = serde_json::from_str(raw).map_err(|e| format!("it is not a saved terminal ({e})"))?;
    if head.format != FORMAT {
        return Err(format!("it was saved in format {}, which this Layerlab does not know", head.format));
    }
    serde_json::from_str(raw).map_err(|e| format!("it is not a saved terminal ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prompt_accepts_a_line_with_or_without_docker() {
        assert_eq!(command_line("ps -a").as_deref(), Some("docker ps -a"));
        assert_eq!(command_line("  docker images ").as_deref(), Some("docker images"));
        assert_eq!(command_line("   "), None);
    }

    #[test]
    fn the_history_skips_repeats_and_stays_bounded() {
        let mut t = Transcript::default();
        t.remember("docker ps");
        t.remember("docker ps");
        t.remember("docker images");
        assert_eq!(t.history, ["docker ps", "docker images"]);
        for i in 0..MAX_HISTORY + 5 {
            t.remember(&format!("docker logs {i}"));
        }
        assert_eq!(t.history.len(), MAX_HISTORY);
    }

    #[test]
    fn only_known_formats_are_read() {
        let stored =
            Stored { format: FORMAT, journal: "{}".into(), entries: vec![], history: vec!["docker ps".into()] };
        let json = serde_json::to_string(&stored).expect("serializes");
        assert_eq!(read(&json), Ok(stored));
        assert!(read(&json.replace("\"format\":1", "\"format\":9")).unwrap_err().contains("format 9"));
        assert!(read("nope").unwrap_err().contains("not a saved terminal"));
    }
}
