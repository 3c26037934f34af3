//! BuildKit's shell-word expansion: how Dockerfile instructions substitute
//! `$VAR`, `${VAR:-default}` and friends, remove quotes and escapes, and split
//! text into words.
//!
//! This reproduces BuildKit's lexer (`frontend/dockerfile/shell/lex.go`),
//! not a POSIX shell: it passes BuildKit's own test corpus and keeps its
//! quirks, which the submodules document where they live.
//!
//! * [`Lexer::process_word`] expands one word (BuildKit's
//!   `ProcessWordWithMatches`) and reports which variables were found and
//!   which were not (the `UndefinedVar` lint needs the latter).
//! * [`Lexer::process_words`] expands and splits into words (BuildKit's
//!   `ProcessWords`, used for `EXPOSE` and for heredoc detection).
//!
//! Supported: `$v`, `${v}`, `${v:-w}`, `${v-w}`, `${v:+w}`, `${v+w}`,
//! `${v:?msg}`, `${v?msg}`, `${v#p}`, `${v##p}`, `${v%p}`, `${v%%p}`,
//! `${v/p/r}`, `${v//p/r}`, positional (`$1`, `$999`) and special (`$@`,
//! `$*`, `$#`, `$?`, `$-`, `$$`, `$!`, `$0`) parameters (never set in a
//! Dockerfile, so empty unless the environment defines them), single and
//! double quotes, and the escape character (`\`, or `` ` `` under
//! `# escape=``).
//!
//! Robustness: no input panics; nesting lives on the heap, not the call
//! stack; `${…}` nested deeper than [`MAX_NESTING`] and expansions costing
//! more than [`Lexer::work_limit`] steps fail with an error instead of
//! freezing the caller; pattern matching never backtracks.
//!
//! Variable names and word splitting follow Go's Unicode rules (letters and
//! decimal digits of any script, Unicode 15.0), not Rust's.

mod budget;
mod dollar;
mod error;
mod lexer;
mod pattern;
mod reference;
mod unicode;
mod words;

pub mod scope;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use error::{ExpansionError, ExpansionErrorKind};
pub use reference::reference_len;

/// How deeply `${…}` may nest (`${a:-${b:-${c…}}}`). BuildKit has no limit.
/// Nesting costs heap, not stack, here; the bound only keeps pathological
/// input (whose cost grows with depth × text) from getting expensive.
pub const MAX_NESTING: usize = 1000;

/// The default [`Lexer::work_limit`]: how many steps (pattern-matching
/// threads and bytes copied in bulk) one call may take, about 0.2 s of work
/// in an optimized build. Real Dockerfiles stay orders of magnitude below;
/// pathological patterns over large values hit it instead of freezing the
/// editor.
pub const WORK_LIMIT: usize = 1 << 24;

/// Where variables come from. BuildKit's `EnvGetter`.
pub trait Env {
    /// The value of `name`, or `None` when it is not set (set-but-empty is
    /// `Some("")`; the two differ for `${v-w}` vs `${v:-w}`).
    fn get(&self, name: &str) -> Option<&str>;
    /// Every name that is set, for "did you mean" suggestions.
    fn keys(&self) -> Vec<String>;
}

impl Env for BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        BTreeMap::get(self, name).map(String::as_str)
    }
    fn keys(&self) -> Vec<String> {
        BTreeMap::keys(self).cloned().collect()
    }
}

impl<S: std::hash::BuildHasher> Env for HashMap<String, String, S> {
    fn get(&self, name: &str) -> Option<&str> {
        HashMap::get(self, name).map(String::as_str)
    }
    fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = HashMap::keys(self).cloned().collect();
        crate::sort::ord(&mut keys);
        keys
    }
}

/// An ordered list of `(name, value)` pairs, as BuildKit's `EnvsFromSlice`
/// builds from `NAME=value` strings: when a name repeats, the last one wins.
/// Names compare case-sensitively (BuildKit on Unix).
impl Env for [(String, String)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
    fn keys(&self) -> Vec<String> {
        self.iter().map(|(key, _)| key.clone()).collect()
    }
}

impl Env for Vec<(String, String)> {
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(self.as_slice(), name)
    }
    fn keys(&self) -> Vec<String> {
        Env::keys(self.as_slice())
    }
}

/// No variables at all (BuildKit's parser expands with an empty environment
/// to find heredoc markers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EmptyEnv;

impl Env for EmptyEnv {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
    fn keys(&self) -> Vec<String> {
        Vec::new()
    }
}

impl<E: Env + ?Sized> Env for &E {
    fn get(&self, name: &str) -> Option<&str> {
        (**self).get(name)
    }
    fn keys(&self) -> Vec<String> {
        (**self).keys()
    }
}

/// A word after expansion, with the variables it referred to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expanded {
    /// The expanded text.
    pub value: String,
    /// Variables that were looked up and set (even if set to "").
    pub matched: BTreeSet<String>,
    /// Variables that were looked up and not set. Includes names BuildKit
    /// looks up although a shell would not count them as uses, such as the
    /// `v` of `${v:-w}` and positional/special parameters (`1`, `@`).
    pub unmatched: BTreeSet<String>,
}

/// BuildKit's `shell.Lex`: the escape character and the modes the Dockerfile
/// front end switches on for particular uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexer {
    /// The escape character: `\` by default, `` ` `` under `# escape=``.
    pub escape: char,
    /// Keep quote characters in the output (they still group and protect).
    pub raw_quotes: bool,
    /// Keep escape characters in the output (they still escape).
    pub raw_escapes: bool,
    /// Leave references to unset variables as written (`$v`, `${v}`,
    /// `${v:-w}` with `w` expanded) instead of substituting; `?` then does
    /// not fail either.
    pub skip_unset_env: bool,
    /// Treat `'` and `"` as ordinary characters.
    pub skip_process_quotes: bool,
    /// Layerlab's own bound on the work of one call (BuildKit has none);
    /// beyond it the call fails with
    /// [`ExpansionErrorKind::WorkLimitExceeded`]. [`WORK_LIMIT`] by default.
    pub work_limit: usize,
}

impl Default for Lexer {
    fn default() -> Lexer {
        Lexer::new('\\')
    }
}

impl Lexer {
    /// A lexer with the given escape character and every mode off.
    pub fn new(escape: char) -> Lexer {
        Lexer {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset_env: false,
            skip_process_quotes: false,
            work_limit: WORK_LIMIT,
        }
    }

    /// Expands `word` as one word (BuildKit's `ProcessWordWithMatches`):
    /// whitespace is kept, quotes and escapes are removed (unless the raw
    /// modes say otherwise), variables are substituted.
    pub fn process_word(&self, word: &str, env: &dyn Env) -> Result<Expanded, ExpansionError> {
        let mut run = lexer::Run::new(self, word, env, true);
        match run.run() {
            Ok((value, _words)) => Ok(Expanded { value, matched: run.matched, unmatched: run.unmatched }),
            Err(mut err) => {
                err.matched = std::mem::take(&mut run.matched);
                err.unmatched = std::mem::take(&mut run.unmatched);
                Err(err)
            }
        }
    }

    /// Expands `text` and splits it into words (BuildKit's `ProcessWords`):
    /// unquoted whitespace, including whitespace that comes out of an
    /// unquoted `$v`, separates words; empty words are dropped.
    pub fn process_words(&self, text: &str, env: &dyn Env) -> Result<Vec<String>, ExpansionError> {
        lexer::Run::new(self, text, env, false).run().map(|(_value, words)| words)
    }
}
