//! Command substitution in a terminal line: `docker stop $(docker ps -q)`.
//!
//! A shell runs each `$(…)` or `` `…` `` first and puts its output in the
//! line (POSIX "Command Substitution": trailing newlines removed; unquoted,
//! the output is split into words; inside double quotes it stays one word).
//! The terminal has no shell, but it has the daemon, so a substitution whose
//! command is itself a `docker …` line runs against the same engine; any
//! other command is refused with a sentence saying so, never passed on as text.

/// One `$(…)` or `` `…` `` of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of the whole substitution in the line, `$(`/`)` included.
    pub start: usize,
    pub end: usize,
    /// The command inside.
    pub inner: String,
    /// Inside double quotes (the output stays one word).
    pub quoted: bool,
}

/// Why a line's substitutions cannot be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `$(` or `` ` `` without its end.
    Unterminated,
    /// The command inside is not `docker …`.
    NotDocker(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Unterminated => {
                f.write_str("layerlab: a command substitution is not closed (missing `)` or `` ` ``)")
            }
            Refusal::NotDocker(inner) => write!(
                f,
                "layerlab: this terminal runs only docker commands, so it cannot substitute `{inner}`; \
                 `$(docker …)` works (e.g. docker stop $(docker ps -q))"
            ),
        }
    }
}

/// The substitutions of `line`, outermost only, left to right.
pub fn find(line: &str) -> Result<Vec<Found>, Refusal> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\\' if !single => i += 1,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            // `$((…))` is arithmetic, not a command: left to the word splitter.
            b'$' if !single && bytes.get(i + 1) == Some(&b'(') && bytes.get(i + 2) != Some(&b'(') => {
                let end = closing_paren(bytes, i + 2).ok_or(Refusal::Unterminated)?;
                found.push(Found {
                    start: i,
                    end: end + 1,
                    inner: line[i + 2..end].trim().to_string(),
                    quoted: double,
                });
                i = end;
            }
            b'`' if !single => {
                let end = (i + 1..bytes.len())
                    .find(|&j| bytes[j] == b'`' && bytes[j - 1] != b'\\')
                    .ok_or(Refusal::Unterminated)?;
                found.push(Found {
                    start: i,
                    end: end + 1,
                    inner: line[i + 1..end].trim().to_string(),
                    quoted: double,
                });
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    for f in &found {
        if !is_docker(&f.inner) {
            return Err(Refusal::NotDocker(f.inner.clone()));
        }
    }
    Ok(found)
}

/// Whether a substituted command is a `docker …` line.
fn is_docker(inner: &str) -> bool {
    let first = inner.split_whitespace().next().unwrap_or("");
    first == "docker" || first.ends_with("/docker")
}

/// The index of the `)` that closes a `$(` whose text starts at `from`,
/// skipping quoted text and nested parentheses.
fn closing_paren(bytes: &[u8], from: usize) -> Option<usize> {
    let (mut depth, mut single, mut double) = (0usize, false, false);
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if !single => i += 1,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'(' if !single && !double => depth += 1,
            b')' if !single && !double => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The line with each substitution replaced by its command's output
/// (`outputs[i]` for `found[i]`), quoted so the word splitter reads it as a
/// shell would: unquoted output split at blanks into words, quoted output
/// kept as it is, trailing newlines removed in both cases.
pub fn splice(line: &str, found: &[Found], outputs: &[String]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for (f, text) in found.iter().zip(outputs) {
        out.push_str(&line[at..f.start]);
        let text = text.trim_end_matches('\n');
        if f.quoted {
            for c in text.chars() {
                if matches!(c, '"' | '\\' | '$' | '`') {
                    out.push('\\');
                }
                out.push(c);
            }
        } else {
            let words: Vec<String> =
                text.split_whitespace().map(|w| format!("'{}'", w.replace('\'', r"'\''"))).collect();
            out.push_str(&words.join(" "));
        }
        at = f.end;
    }
    out.push_str(&line[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dollar_paren_and_backticks_outside_single_quotes() {
        let line = r#"docker rm -f $(docker ps -aq --filter "name=(web)") `docker ps -q` '$(docker ps)'"#;
        let found = find(line).expect("docker substitutions");
        let inners: Vec<&str> = found.iter().map(|f| f.inner.as_str()).collect();
        assert_eq!(inners, ["docker ps -aq --filter \"name=(web)\"", "docker ps -q"]);
        assert_eq!(&line[found[0].start..found[0].end], r#"$(docker ps -aq --filter "name=(web)")"#);
    }

    #[test]
    fn refuses_other_commands_and_open_substitutions() {
        assert_eq!(find("docker stop $(cat ids)"), Err(Refusal::NotDocker("cat ids".into())));
        assert_eq!(find("docker stop $(docker ps -q"), Err(Refusal::Unterminated));
        assert_eq!(find("docker run alpine echo $((1+2))"), Ok(Vec::new()));
    }

    #[test]
    fn unquoted_output_becomes_words_and_quoted_output_one_word() {
        let line = r#"docker stop $(docker ps -q) "$(docker ps -q)""#;
        let found = find(line).expect("found");
        let outputs = ["a1\nb2\n".to_string(), "a1\nb2\n".to_string()];
        assert_eq!(splice(line, &found, &outputs), "docker stop 'a1' 'b2' \"a1\nb2\"");
    }
}
