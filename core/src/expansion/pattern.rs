//! The glob patterns of `${v#p}`, `${v##p}`, `${v%p}`, `${v%%p}`, `${v/p/r}`
//! and `${v//p/r}`, matched the way BuildKit matches them.
//!
//! BuildKit does not match these like a shell. It turns the pattern into a Go
//! regular expression (`*` becomes `.*` or the lazy `.*?`, `?` becomes `.`,
//! everything else literal) and uses Go's leftmost-first regexp search
//! (`convertShellPatternToRegex` in `frontend/dockerfile/shell/lex.go`).
//! Consequences this module reproduces:
//!
//! * `*` and `?` never match a newline (Go's `.` without the `s` flag);
//! * bracket expressions are not supported: `[` is a literal;
//! * `#`/`%` pick the shortest match by making every `*` lazy, which is Go's
//!   priority order, not "the shortest match" in general;
//! * `%`/`%%` reverse both the pattern (keeping `\x` pairs in order) and the
//!   value, and search for a prefix;
//! * `${v//p/r}` is Go's `ReplaceAllString`, so `$0` in the replacement is the
//!   whole match and other `$name`s vanish, while `${v/p/r}` inserts the
//!   replacement literally.
//!
//! Matching is a Pike VM (a breadth-first NFA simulation with
//! thread priorities) over the tiny instruction set such patterns need. It
//! never backtracks: one search costs O(value length × pattern length), and
//! every step is charged to the call's [`Budget`].

use super::budget::{Budget, Exhausted};
use super::unicode::{is_digit, is_letter};

/// One pattern element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// Exactly this character.
    Lit(char),
    /// `?`: any one character but a newline.
    Any,
    /// `*`: any run of characters without a newline.
    Star,
}

/// Why a pattern operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum MatchError {
    /// A backslash before a character that may not be escaped.
    InvalidEscape {
        /// The pattern as BuildKit reports it.
        pattern: String,
        /// The escaped character (U+FFFD for the end of the pattern).
        escaped: char,
    },
    /// The call's step allowance ran out.
    Exhausted,
}

impl From<Exhausted> for MatchError {
    fn from(_: Exhausted) -> MatchError {
        MatchError::Exhausted
    }
}

/// A compiled pattern.
#[derive(Debug)]
struct Glob {
    items: Vec<Item>,
    /// Whether `*` prefers to match more (`##`, `%%`, `/`) or less (`#`, `%`).
    greedy: bool,
}

impl Glob {
    /// Parses `pattern`. A backslash escapes `*`, `?` and `\`; before `}` or
    /// `/` it is dropped (those only needed escaping to get past the lexer);
    /// before anything else it is an error, carrying the escaped character.
    fn compile(pattern: &str, greedy: bool) -> Result<Glob, char> {
        // Go's text/scanner, which BuildKit reads the pattern with, skips a
        // byte order mark at the very start.
        let pattern = pattern.strip_prefix('\u{feff}').unwrap_or(pattern);
        let mut items = Vec::with_capacity(pattern.len());
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                // `**` matches exactly what `*` matches, with the same
                // preferred span in either mode, so runs of stars collapse
                // to one. That keeps every star followed by a non-star.
                '*' if items.last() == Some(&Item::Star) => {}
                '*' => items.push(Item::Star),
                '?' => items.push(Item::Any),
                '\\' => {
                    if matches!(chars.peek(), Some('}' | '/')) {
                        continue;
                    }
                    match chars.next() {
                        Some(e @ ('*' | '?' | '\\')) => items.push(Item::Lit(e)),
                        Some(other) => return Err(other),
                        None => return Err(char::REPLACEMENT_CHARACTER),
                    }
                }
                c => items.push(Item::Lit(c)),
            }
        }
        Ok(Glob { items, greedy })
    }

    /// Go's leftmost-first search for a match starting at or after byte
    /// `from` (only at `from` when `anchored`): the `(start, end)` byte range.
    fn find(
        &self,
        text: &str,
        from: usize,
        anchored: bool,
        vm: &mut Vm,
        budget: &mut Budget,
    ) -> Result<Option<(usize, usize)>, Exhausted> {
        budget.charge(self.items.len() + 1)?;
        vm.reset(self.items.len() + 1);
        let mut found = None;
        let mut pos = from;
        loop {
            if found.is_none() && (!anchored || pos == from) {
                // A new thread starting here ranks below every older one:
                // that is what makes the leftmost start win.
                self.add(&mut vm.current, 0, pos);
            }
            if vm.current.threads.is_empty() {
                break;
            }
            let ch = text.get(pos..).and_then(|rest| rest.chars().next());
            budget.charge(vm.current.threads.len())?;
            vm.next.clear();
            for k in 0..vm.current.threads.len() {
                let Some(&(node, start)) = vm.current.threads.get(k) else { break };
                let advance = match self.items.get(node) {
                    None => {
                        // This thread matched; lower-priority threads are
                        // dropped, higher-priority ones (already stepped)
                        // may still find a preferred match later.
                        found = Some((start, pos));
                        break;
                    }
                    Some(Item::Lit(c)) => (ch == Some(*c)).then_some(node + 1),
                    Some(Item::Any) => matches!(ch, Some(c) if c != '\n').then_some(node + 1),
                    // Consuming a character loops back into the star.
                    Some(Item::Star) => matches!(ch, Some(c) if c != '\n').then_some(node),
                };
                if let Some(target) = advance {
                    self.add(&mut vm.next, target, start);
                }
            }
            match ch {
                Some(c) => pos += c.len_utf8(),
                None => break,
            }
            std::mem::swap(&mut vm.current, &mut vm.next);
        }
        Ok(found)
    }

    /// Adds the threads reachable from `node` without consuming input, in
    /// priority order, skipping nodes this step has already reached. A star
    /// leads to a thread waiting inside it and to the node after it (never
    /// another star), in the order its greediness prefers.
    fn add(&self, list: &mut ThreadList, node: usize, start: usize) {
        if !list.mark(node) {
            return;
        }
        if self.items.get(node) != Some(&Item::Star) {
            list.threads.push((node, start));
            return;
        }
        let after = node + 1;
        if self.greedy {
            list.threads.push((node, start));
            if list.mark(after) {
                list.threads.push((after, start));
            }
        } else {
            if list.mark(after) {
                list.threads.push((after, start));
            }
            list.threads.push((node, start));
        }
    }
}

/// The ordered threads of one step: `(node, start byte)`, where node
/// `items.len()` means "matched".
#[derive(Debug, Default)]
struct ThreadList {
    threads: Vec<(usize, usize)>,
    /// `marks[node] == generation` when the node was reached this step.
    marks: Vec<u32>,
    generation: u32,
}

impl ThreadList {
    fn reset(&mut self, nodes: usize) {
        self.marks.clear();
        self.marks.resize(nodes, 0);
        self.generation = 1;
        self.threads.clear();
    }

    fn clear(&mut self) {
        self.threads.clear();
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.marks.iter_mut().for_each(|m| *m = 0);
            self.generation = 1;
        }
    }

    /// Marks `node`; false when it was already marked this step.
    fn mark(&mut self, node: usize) -> bool {
        match self.marks.get_mut(node) {
            Some(m) if *m != self.generation => {
                *m = self.generation;
                true
            }
            _ => false,
        }
    }
}

/// Scratch space reused across the searches of one operation.
#[derive(Debug, Default)]
struct Vm {
    current: ThreadList,
    next: ThreadList,
}

impl Vm {
    fn reset(&mut self, nodes: usize) {
        self.current.reset(nodes);
        self.next.reset(nodes);
    }
}

/// `${v#p}` (`greedy` false) and `${v##p}` (`greedy` true): `value` without
/// the matched prefix, or unchanged when nothing matches.
pub(super) fn trim_prefix(pattern: &str, value: &str, greedy: bool, budget: &mut Budget) -> Result<String, MatchError> {
    let glob = Glob::compile(pattern, greedy)
        .map_err(|escaped| MatchError::InvalidEscape { pattern: pattern.to_owned(), escaped })?;
    budget.charge(value.len())?;
    match glob.find(value, 0, true, &mut Vm::default(), budget)? {
        Some((_, end)) => Ok(value.get(end..).unwrap_or_default().to_owned()),
        None => Ok(value.to_owned()),
    }
}

/// `${v%p}` and `${v%%p}`: like BuildKit, reverses the pattern and the value
/// and trims a prefix, so an invalid pattern is reported reversed.
pub(super) fn trim_suffix(pattern: &str, value: &str, greedy: bool, budget: &mut Budget) -> Result<String, MatchError> {
    let pattern = reverse_pattern(pattern);
    let value: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&pattern, &value, greedy, budget)?;
    Ok(trimmed.chars().rev().collect())
}

/// Reverses a pattern character by character, except that a backslash and
/// the character after it stay in that order (`a\*c` becomes `c\*a`). A
/// backslash at the very end has nothing to pair with and moves to the front.
fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut units: Vec<&[char]> = Vec::with_capacity(chars.len());
    let mut rest = chars.as_slice();
    while !rest.is_empty() {
        let take = if rest.len() >= 2 && rest.first() == Some(&'\\') { 2 } else { 1 };
        let (unit, tail) = rest.split_at(take);
        units.push(unit);
        rest = tail;
    }
    units.iter().rev().flat_map(|unit| unit.iter()).collect()
}

/// `${v/p/r}` (`all` false) and `${v//p/r}` (`all` true). Every `*` is
/// greedy. Replacing all follows Go's `ReplaceAllString`, including how it
/// steps over empty matches and expands `$` in the replacement.
pub(super) fn replace(
    pattern: &str,
    value: &str,
    replacement: &str,
    all: bool,
    budget: &mut Budget,
) -> Result<String, MatchError> {
    let glob = Glob::compile(pattern, true)
        .map_err(|escaped| MatchError::InvalidEscape { pattern: pattern.to_owned(), escaped })?;
    let mut vm = Vm::default();
    budget.charge(value.len())?;
    if !all {
        return Ok(match glob.find(value, 0, false, &mut vm, budget)? {
            Some((start, end)) => {
                budget.charge(replacement.len())?;
                let mut out = String::with_capacity(value.len() + replacement.len());
                out.push_str(value.get(..start).unwrap_or_default());
                out.push_str(replacement);
                out.push_str(value.get(end..).unwrap_or_default());
                out
            }
            None => value.to_owned(),
        });
    }
    let mut out = String::with_capacity(value.len());
    let mut last_end = 0;
    let mut search = 0;
    while search <= value.len() {
        let Some((start, end)) = glob.find(value, search, false, &mut vm, budget)? else { break };
        out.push_str(value.get(last_end..start).unwrap_or_default());
        // Go skips an empty match right where the previous match ended.
        if end > last_end || start == 0 {
            let before = out.len();
            expand_template(&mut out, replacement, value.get(start..end).unwrap_or_default());
            budget.charge(out.len() - before)?;
        }
        last_end = end;
        // Always move forward by at least one character.
        let width = value.get(search..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
        search = if search + width > end {
            search + width
        } else if search + 1 > end {
            search + 1
        } else {
            end
        };
    }
    out.push_str(value.get(last_end..).unwrap_or_default());
    Ok(out)
}

/// Go's regexp template expansion, for a regexp without groups: `$$` is `$`,
/// `$0`/`${0}` the whole match, any other well-formed `$name`/`${name}`
/// nothing, and a `$` that starts no name is kept.
fn expand_template(out: &mut String, template: &str, whole: &str) {
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(rest.get(..dollar).unwrap_or_default());
        rest = rest.get(dollar + 1..).unwrap_or_default();
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        match template_name(rest) {
            Some((name, after)) => {
                if name == "0" {
                    out.push_str(whole);
                }
                rest = after;
            }
            None => out.push('$'),
        }
    }
    out.push_str(rest);
}

/// A template reference after `$`: `name` or `{name}`, where a name is
/// letters, digits and underscores. Returns the name and the text after it.
fn template_name(s: &str) -> Option<(&str, &str)> {
    let (braced, body) = match s.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, s),
    };
    let len =
        body.char_indices().find(|&(_, c)| !(is_letter(c) || is_digit(c) || c == '_')).map_or(body.len(), |(i, _)| i);
    if len == 0 {
        return None;
    }
    let (name, after) = body.split_at(len);
    if braced {
        after.strip_prefix('}').map(|after| (name, after))
    } else {
        Some((name, after))
    }
}

#[cfg(test)]
pub(super) mod testing {
    //! Hooks for the unit tests.

    /// Exposes [`super::reverse_pattern`].
    pub(crate) fn reverse_pattern(pattern: &str) -> String {
        super::reverse_pattern(pattern)
    }
}
