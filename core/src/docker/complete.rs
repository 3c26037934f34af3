//! Tab completion for the terminal's `docker …` line: commands and
//! subcommands from the command tree, flags from each command's table (and
//! `run`'s own), and image, container, network and volume names from the
//! daemon's state — what a positional argument names is read from the
//! command's usage line (`[OPTIONS] CONTAINER [CONTAINER...]`), as docker's
//! own shell completion offers them.
//!
//! Words are split at whitespace (a half-typed quote is not completed), and
//! only the last word of the line is completed, as a prompt's cursor sits at
//! its end.

use super::{COMMANDS, GROUPS};
use crate::engine::Engine;
use crate::run::flags::{lookup_long, lookup_short, Kind, FLAGS as RUN_FLAGS};
use crate::run::Subcommand;

/// The candidates for the line's last word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset where the completed word starts (the line's end for a new word).
    pub start: usize,
    /// Whole words that could stand at `start`, sorted, without repeats.
    pub candidates: Vec<String>,
}

impl Completion {
    /// The longest prefix every candidate shares.
    pub fn common_prefix(&self) -> &str {
        let Some(first) = self.candidates.first() else { return "" };
        let mut end = first.len();
        for other in &self.candidates[1..] {
            let shared = first
                .char_indices()
                .zip(other.chars())
                .find(|((_, a), b)| a != b)
                .map_or_else(|| first.len().min(other.len()), |((i, _), _)| i);
            end = end.min(shared);
        }
        &first[..end]
    }

    /// The line after pressing Tab: one candidate completes the word and adds
    /// a space; several extend it to what they share; none leave it as it was.
    pub fn apply(&self, line: &str) -> String {
        let head = line.get(..self.start).unwrap_or(line);
        match self.candidates.as_slice() {
            [] => line.to_owned(),
            [one] => format!("{head}{one} "),
            _ => {
                let common = self.common_prefix();
                let typed = line.get(self.start..).unwrap_or("");
                if common.len() > typed.len() {
                    format!("{head}{common}")
                } else {
                    line.to_owned()
                }
            }
        }
    }
}

/// What a word of a command names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arg {
    Image,
    Container,
    Network,
    Volume,
    /// `docker inspect NAME|ID`: any object.
    Any,
    /// A path, a command, a port: nothing to offer.
    Other,
}

/// The candidates for the last word of `line` (the leading `docker` is optional).
pub fn complete(engine: &Engine, line: &str) -> Completion {
    let start = line.rfind(char::is_whitespace).map_or(0, |i| i + line[i..].chars().next().map_or(1, char::len_utf8));
    let typed = &line[start..];
    let mut words: Vec<&str> = line[..start].split_whitespace().collect();
    let first_word = words.is_empty();
    if words.first() == Some(&"docker") {
        words.remove(0);
    }
    let mut candidates: Vec<String> = offer(engine, &words, typed);
    if first_word && "docker".starts_with(typed) && !typed.is_empty() {
        candidates.push("docker".to_owned());
    }
    candidates.retain(|c| c.starts_with(typed));
    crate::sort::ord(&mut candidates);
    candidates.dedup();
    Completion { start, candidates }
}

/// Every word that could follow `words` (filtered by the caller).
fn offer(engine: &Engine, words: &[&str], typed: &str) -> Vec<String> {
    let Some(first) = words.first() else {
        // The command itself: top-level words of the tree and the groups.
        return COMMANDS.iter().map(|c| c.words[0]).chain(GROUPS.iter().copied()).map(str::to_owned).collect();
    };
    let command = COMMANDS
        .iter()
        .filter(|c| c.words.len() <= words.len() && c.words.iter().zip(words).all(|(a, b)| a == b))
        .max_by_key(|c| c.words.len());
    let Some(command) = command else {
        // A group, or a group inside one (`buildx history`): the next word of
        // every command under it.
        if GROUPS.contains(first) {
            return COMMANDS
                .iter()
                .filter(|c| c.words.len() > words.len() && c.words.iter().zip(words).all(|(a, b)| a == b))
                .map(|c| c.words[words.len()].to_owned())
                .collect();
        }
        return Vec::new();
    };
    let rest = &words[command.words.len()..];
    if command.raw {
        let sub = if command.words.contains(&"create") { Subcommand::Create } else { Subcommand::Run };
        return run_words(engine, rest, typed, sub);
    }
    let flags = command.spec.flags;
    if typed.starts_with('-') {
        return flags.iter().map(|f| format!("--{}", f.name)).chain(["--help".to_owned()]).collect();
    }
    // The word after a flag that takes a value is that value.
    if let Some(prev) = rest.last() {
        let takes_value = |f: &&super::flags::Flag| f.takes != super::flags::Takes::Bool;
        let by_name = prev.strip_prefix("--").filter(|n| !n.contains('='));
        let found = match by_name {
            Some(name) => flags.iter().find(|f| f.name == name),
            None => prev
                .strip_prefix('-')
                .filter(|s| s.chars().count() == 1)
                .and_then(|s| s.chars().next())
                .and_then(|c| flags.iter().find(|f| f.short == Some(c))),
        };
        if found.filter(takes_value).is_some() {
            return Vec::new();
        }
    }
    let mut positional = 0;
    let mut skip_value = false;
    for word in rest {
        if skip_value {
            skip_value = false;
        } else if word.starts_with('-') && word.len() > 1 && (command.spec.interspersed || positional == 0) {
            let name = word.trim_start_matches('-');
            skip_value = !word.contains('=')
                && flags.iter().any(|f| {
                    f.takes != super::flags::Takes::Bool
                        && (f.name == name || (name.chars().count() == 1 && f.short == name.chars().next()))
                });
        } else {
            positional += 1;
        }
    }
    names(engine, arg_at(command.spec.usage, positional))
}

/// `run`/`create`: flags (the run table), a flag's value where it names
/// something, then the image; the words after the image are its command.
fn run_words(engine: &Engine, rest: &[&str], typed: &str, sub: Subcommand) -> Vec<String> {
    let mut expecting: Option<Kind> = None;
    let mut value_of = "";
    for word in rest {
        if expecting.take().is_some() {
            continue;
        }
        if let Some(name) = word.strip_prefix("--") {
            if !name.contains('=') {
                expecting = lookup_long(name, sub).map(|f| f.kind).filter(|k| *k != Kind::Bool);
                value_of = name;
            }
        } else if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            // `-it`, `-p8080:80`: a value-taking shorthand takes the rest of the word, or the next one.
            let mut chars = shorts.chars();
            while let Some(c) = chars.next() {
                match lookup_short(c, sub) {
                    Some(f) if f.kind != Kind::Bool => {
                        if chars.as_str().is_empty() {
                            expecting = Some(f.kind);
                            value_of = f.name;
                        }
                        break;
                    }
                    _ => {}
                }
            }
        } else {
            // The image: flags stop here, the rest is the container's command.
            return Vec::new();
        }
    }
    if expecting.is_some() {
        return match value_of {
            "network" | "net" => names(engine, Arg::Network),
            "volume" => names(engine, Arg::Volume),
            "volumes-from" => names(engine, Arg::Container),
            "pid" | "ipc" | "uts" | "userns" => vec!["host".to_owned()],
            _ => Vec::new(),
        };
    }
    if typed.starts_with('-') {
        return RUN_FLAGS
            .iter()
            .filter(|f| f.deprecated.is_none() && lookup_long(f.name, sub).is_some())
            .map(|f| format!("--{}", f.name))
            .chain(["--help".to_owned()])
            .collect();
    }
    names(engine, Arg::Image)
}

/// What the `n`th positional argument of a usage line names
/// (`[OPTIONS] NETWORK CONTAINER`: 0 → network, 1 → container; a
/// repeated `[X...]` names every later one too).
fn arg_at(usage: &str, n: usize) -> Arg {
    let args: Vec<&str> = usage.split_whitespace().filter(|w| *w != "[OPTIONS]").collect();
    let word = args.get(n).or_else(|| args.last().filter(|w| w.ends_with("...]")));
    match word {
        Some(w) if w.contains("CONTAINER") => Arg::Container,
        Some(w) if w.contains("IMAGE") || w.contains("REPOSITORY") || w.starts_with("NAME[:TAG") => Arg::Image,
        Some(w) if w.contains("NETWORK") => Arg::Network,
        Some(w) if w.contains("VOLUME") => Arg::Volume,
        Some(w) if w.contains("NAME|ID") => Arg::Any,
        _ => Arg::Other,
    }
}

/// The daemon's names of a kind: images as `repo` (for `:latest`) and
/// `repo:tag`, containers by name, networks and volumes by name.
fn names(engine: &Engine, arg: Arg) -> Vec<String> {
    let rt = engine.runtime();
    let images = || {
        engine.image_rows(Some(false)).into_iter().flat_map(|r| {
            let short = (r.tag == "latest").then(|| r.repository.clone());
            short.into_iter().chain([format!("{}:{}", r.repository, r.tag)])
        })
    };
    let containers = || rt.containers().iter().map(|c| c.name.clone());
    let networks = || rt.networks().iter().map(|n| n.name.clone());
    let volumes = || rt.volumes().iter().map(|v| v.name.clone());
    match arg {
        Arg::Image => images().collect(),
        Arg::Container => containers().collect(),
        Arg::Network => networks().collect(),
        Arg::Volume => volumes().collect(),
        Arg::Any => containers().chain(images()).chain(networks()).chain(volumes()).collect(),
        Arg::Other => Vec::new(),
    }
}

#[cfg(test)]
#[path = "complete_tests.rs"]
mod tests;
