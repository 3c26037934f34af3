//! `.dockerignore`, matched exactly as Docker does (moby/patternmatcher):
//! lines read and cleaned, a leading `/` dropped, `**` for any depth, `!`
//! exceptions, the last matching pattern wins, and a path is ignored when it
//! or one of its parent directories is.

use super::glob;
use super::path::clean;
use regex_lite::Regex;
use std::fmt;

/// A parsed `.dockerignore`.
#[derive(Debug, Clone)]
pub struct Dockerignore {
    patterns: Vec<IgnorePattern>,
}

/// One pattern, compiled.
#[derive(Debug, Clone)]
pub struct IgnorePattern {
    /// The pattern as Docker holds it (cleaned, without `!`).
    pub text: String,
    pub exclusion: bool,
    /// The 1-based line of `.dockerignore` it came from, when read from a file.
    pub line: Option<usize>,
    matcher: Matcher,
}

#[derive(Debug, Clone)]
enum Matcher {
    Exact,
    /// `dir/**`: anything under the prefix.
    Prefix(String),
    /// `**/name`: anything ending with the suffix.
    Suffix(String),
    Regex(Regex),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerignoreError {
    pub kind: DockerignoreErrorKind,
    /// The 1-based line, when read from a file.
    pub line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockerignoreErrorKind {
    /// A line that is only `!`.
    LoneExclamation,
    /// A pattern `filepath.Match` or Go's regexp would refuse.
    BadPattern { pattern: String },
}

impl fmt::Display for DockerignoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DockerignoreErrorKind::LoneExclamation => f.write_str("illegal exclusion pattern: \"!\""),
            DockerignoreErrorKind::BadPattern { pattern } => {
                write!(f, "syntax error in pattern {}", crate::quote::go_quote(pattern))
            }
        }
    }
}

/// Reads `.dockerignore` text into patterns with their line numbers, as
/// Docker's `ignorefile.ReadAll` does.
pub fn read_patterns(text: &str) -> Vec<(String, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        // A comment is a `#` in the first column only.
        if raw.starts_with('#') {
            continue;
        }
        let mut pattern = raw.trim();
        if pattern.is_empty() {
            continue;
        }
        let invert = pattern.starts_with('!');
        if invert {
            pattern = pattern[1..].trim();
        }
        let mut cleaned = String::new();
        if !pattern.is_empty() {
            cleaned = clean(pattern);
            if cleaned.len() > 1 && cleaned.starts_with('/') {
                cleaned.remove(0);
            }
        }
        out.push((if invert { format!("!{cleaned}") } else { cleaned }, i + 1));
    }
    out
}

impl Dockerignore {
    /// Parses the text of a `.dockerignore` file.
    pub fn parse(text: &str) -> Result<Dockerignore, DockerignoreError> {
        let patterns = read_patterns(text);
        Dockerignore::build(patterns.iter().map(|(p, line)| (p.as_str(), Some(*line))))
    }

    /// Compiles patterns as they come out of reading a `.dockerignore`.
    pub fn from_patterns(patterns: &[String]) -> Result<Dockerignore, DockerignoreError> {
        Dockerignore::build(patterns.iter().map(|p| (p.as_str(), None)))
    }

    fn build<'a>(patterns: impl Iterator<Item = (&'a str, Option<usize>)>) -> Result<Dockerignore, DockerignoreError> {
        let mut out = Vec::new();
        for (raw, line) in patterns {
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                continue;
            }
            let cleaned = clean(trimmed);
            let (exclusion, text) = match cleaned.strip_prefix('!') {
                Some("") => return Err(DockerignoreError { kind: DockerignoreErrorKind::LoneExclamation, line }),
                Some(rest) => (true, rest.to_string()),
                None => (false, cleaned),
            };
            let bad = || DockerignoreError { kind: DockerignoreErrorKind::BadPattern { pattern: text.clone() }, line };
            if !glob::is_valid(&text) {
                return Err(bad());
            }
            let matcher = compile(&text).ok_or_else(bad)?;
            out.push(IgnorePattern { text, exclusion, line, matcher });
        }
        Ok(Dockerignore { patterns: out })
    }

    pub fn patterns(&self) -> &[IgnorePattern] {
        &self.patterns
    }

    /// True when Docker leaves `path` (relative to the context) out of the context.
    pub fn is_ignored(&self, path: &str) -> bool {
        self.deciding_pattern(path).is_some_and(|p| !p.exclusion)
    }

    /// The pattern that decides `path`'s fate: the last one that matched it
    /// or a parent directory, if any. Lets the tutor say *why* a file is left out.
    pub fn deciding_pattern(&self, path: &str) -> Option<&IgnorePattern> {
        let file = clean(path);
        if file == "." {
            return None;
        }
        let parents: Vec<&str> = match file.rfind('/') {
            Some(i) => file[..i].split('/').collect(),
            None => Vec::new(),
        };
        let mut matched = false;
        let mut decider = None;
        for pattern in &self.patterns {
            // Only an exception can undo a match, and only a plain pattern can make one.
            if pattern.exclusion != matched {
                continue;
            }
            let hit = pattern.matches(&file) || (1..=parents.len()).any(|n| pattern.matches(&parents[..n].join("/")));
            if hit {
                matched = !pattern.exclusion;
                decider = Some(pattern);
            }
        }
        decider
    }
}

impl IgnorePattern {
    fn matches(&self, path: &str) -> bool {
        match &self.matcher {
            Matcher::Exact => path == self.text,
            Matcher::Prefix(prefix) => path.starts_with(prefix.as_str()),
            Matcher::Suffix(suffix) => {
                path.ends_with(suffix.as_str()) || suffix.strip_prefix('/').is_some_and(|s| path == s)
            }
            Matcher::Regex(re) => re.is_match(path),
        }
    }
}

/// Characters patternmatcher escapes before handing the pattern to Go's regexp.
fn is_regex_special(c: char) -> bool {
    matches!(c, '.' | '+' | '(' | ')' | '|' | '{' | '}' | '$')
}

/// Builds the matcher the way patternmatcher's `compile` does: plain text is
/// an exact match, `x/**` a prefix, `**/x` a suffix, anything else a regex.
fn compile(pattern: &str) -> Option<Matcher> {
    #[derive(PartialEq)]
    enum Kind {
        Exact,
        Prefix,
        Suffix,
        Regex,
    }
    let mut re = String::from("^");
    let mut kind = Kind::Exact;
    let mut chars = pattern.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if chars.peek() == Some(&'/') {
                    chars.next();
                }
                if chars.peek().is_none() {
                    if kind == Kind::Exact {
                        kind = Kind::Prefix;
                    } else {
                        re.push_str(".*");
                        kind = Kind::Regex;
                    }
                } else {
                    re.push_str("(.*/)?");
                    kind = Kind::Regex;
                }
                if first {
                    kind = Kind::Suffix;
                }
            }
            '*' => {
                re.push_str("[^/]*");
                kind = Kind::Regex;
            }
            '?' => {
                re.push_str("[^/]");
                kind = Kind::Regex;
            }
            c if is_regex_special(c) => {
                re.push('\\');
                re.push(c);
            }
            '\\' => match chars.next() {
                Some(escaped) => {
                    re.push('\\');
                    re.push(escaped);
                    kind = Kind::Regex;
                }
                None => re.push_str("\\\\"),
            },
            '[' | ']' => {
                re.push(c);
                kind = Kind::Regex;
            }
            c => re.push(c),
        }
        first = false;
    }
    Some(match kind {
        Kind::Exact => Matcher::Exact,
        Kind::Prefix => Matcher::Prefix(pattern[..pattern.len() - 2].to_string()),
        Kind::Suffix => Matcher::Suffix(pattern[2..].to_string()),
        Kind::Regex => {
            re.push('$');
            Matcher::Regex(Regex::new(&re).ok()?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deciding_pattern_names_the_line() {
        let ignore =
            Dockerignore::parse("# build output\nnode_modules\n*.log\n!important.log\n/dist/**\n").expect("valid");
        assert_eq!(ignore.deciding_pattern("node_modules/a/b.js").and_then(|p| p.line), Some(2));
        assert!(ignore.is_ignored("node_modules/a/b.js"));
        assert!(ignore.is_ignored("debug.log"));
        let kept = ignore.deciding_pattern("important.log").expect("an exception decides it");
        assert!(kept.exclusion && kept.line == Some(4));
        assert!(!ignore.is_ignored("important.log"));
        assert!(ignore.is_ignored("dist/app.js"));
        assert!(!ignore.is_ignored("src/dist/app.js"));
        assert!(ignore.deciding_pattern("src/main.rs").is_none());
    }

    #[test]
    fn errors_carry_the_line() {
        let error = Dockerignore::parse("ok\n\n[\n").expect_err("a lone [ is malformed");
        assert_eq!(error.line, Some(3));
        assert_eq!(error.to_string(), "syntax error in pattern \"[\"");
        assert_eq!(Dockerignore::parse("!\n").expect_err("lone !").kind, DockerignoreErrorKind::LoneExclamation);
    }
}
