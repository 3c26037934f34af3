//! `--env-file` contents, read as the docker CLI's `kvfile` package does:
//! one `KEY=VALUE` per line, kept as is (no quotes, no expansion), leading
//! blanks dropped, `#` comment lines and empty lines skipped, a bare `KEY`
//! taken from the client's environment. The caller reads the file (the core
//! does no I/O) and passes its text.

use std::fmt;

use super::options::EnvVar;

/// A bad env file, with Docker's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvFileError {
    pub path: String,
    /// 1-based line number.
    pub line: usize,
    pub problem: EnvFileProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvFileProblem {
    /// `=value` with no name; the line after leading blanks were dropped.
    NoName { line: String },
    /// A name with a space or tab in it.
    Whitespace { key: String },
}

impl fmt::Display for EnvFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--env-file: invalid env file ({}): ", self.path)?;
        match &self.problem {
            EnvFileProblem::NoName { line } => write!(f, "no variable name on line '{line}'"),
            EnvFileProblem::Whitespace { key } => write!(f, "variable '{key}' contains whitespaces"),
        }
    }
}

/// The variables of one env file, in order.
pub fn parse_env_file(path: &str, contents: &str) -> Result<Vec<EnvVar>, EnvFileError> {
    let mut out = Vec::new();
    for (i, raw) in contents.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let raw = if i == 0 { raw.strip_prefix('\u{feff}').unwrap_or(raw) } else { raw };
        let line = raw.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = match line.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (line, None),
        };
        let fail = |problem| EnvFileError { path: path.to_string(), line: i + 1, problem };
        if key.is_empty() {
            return Err(fail(EnvFileProblem::NoName { line: line.to_string() }));
        }
        if key.contains([' ', '\t']) {
            return Err(fail(EnvFileProblem::Whitespace { key: key.to_string() }));
        }
        out.push(match value {
            Some(v) => EnvVar::Set { key: key.to_string(), value: v.to_string() },
            None => EnvVar::FromClient { key: key.to_string() },
        });
    }
    Ok(out)
}
