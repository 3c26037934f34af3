//! PEP 508 environment markers, as pip reads them in a wheel's
//! `Requires-Dist`: `name[extra,…] (>=1.0) ; python_version < "3.10"`.
//!
//! Markers are evaluated for the image's Python (PEP 508 "Environment
//! Markers"): `and`/`or`, parentheses, the comparison operators, `in` and
//! `not in`; a comparison is a version comparison (PEP 440 release numbers)
//! when both sides are versions and the operator is a version operator, else
//! a string comparison. `extra` names are compared normalized (PEP 685).

/// The marker variables of one interpreter (PEP 508's table), plus the
/// extras being installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerEnv {
    pub python_version: String,
    pub python_full_version: String,
    pub sys_platform: String,
    pub platform_machine: String,
    pub platform_system: String,
    pub os_name: String,
    pub implementation_name: String,
    pub platform_python_implementation: String,
    /// Requested extras, normalized; `extra == "x"` holds when `x` is one.
    pub extras: Vec<String>,
}

impl MarkerEnv {
    /// CPython `major.minor` on linux x86_64 (the platform the pip data is for).
    pub fn cpython_linux(python_version: &str) -> MarkerEnv {
        let full = if python_version.matches('.').count() >= 2 {
            python_version.to_string()
        } else {
            format!("{python_version}.0")
        };
        let short = full.split('.').take(2).collect::<Vec<_>>().join(".");
        MarkerEnv {
            python_version: short,
            python_full_version: full,
            sys_platform: "linux".into(),
            platform_machine: "x86_64".into(),
            platform_system: "Linux".into(),
            os_name: "posix".into(),
            implementation_name: "cpython".into(),
            platform_python_implementation: "CPython".into(),
            extras: Vec::new(),
        }
    }

    pub fn with_extras(&self, extras: &[String]) -> MarkerEnv {
        MarkerEnv { extras: extras.iter().map(|e| normalize(e)).collect(), ..self.clone() }
    }

    fn var(&self, name: &str) -> Option<&str> {
        Some(match name {
            "python_version" => &self.python_version,
            "python_full_version" => &self.python_full_version,
            "sys_platform" => &self.sys_platform,
            "platform_machine" => &self.platform_machine,
            "platform_system" => &self.platform_system,
            "os_name" => &self.os_name,
            "implementation_name" => &self.implementation_name,
            "platform_python_implementation" => &self.platform_python_implementation,
            // Not modelled; empty strings compare false against any value a wheel names.
            "platform_release" | "platform_version" | "implementation_version" => "",
            _ => return None,
        })
    }
}

/// PEP 503 normalization: lower case, runs of `-_.` as one `-`.
pub fn normalize(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Why a marker could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkerError {
    /// A variable PEP 508 does not define.
    UnknownVariable(String),
    /// Text where a value, operator or parenthesis was expected, at this byte.
    Syntax(usize),
}

/// Evaluates a marker for `env`.
pub fn evaluate(marker: &str, env: &MarkerEnv) -> Result<bool, MarkerError> {
    let tokens = tokenize(marker)?;
    let mut p = Parser { tokens, pos: 0, env };
    let value = p.or()?;
    match p.tokens.get(p.pos) {
        None => Ok(value),
        Some((at, _)) => Err(MarkerError::Syntax(*at)),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Var(String),
    Op(&'static str),
    And,
    Or,
    Open,
    Close,
}

fn tokenize(s: &str) -> Result<Vec<(usize, Tok)>, MarkerError> {
    const OPS: [&str; 8] = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"];
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = bytes[i] as char;
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' || c == ')' {
            out.push((i, if c == '(' { Tok::Open } else { Tok::Close }));
            i += 1;
        } else if c == '"' || c == '\'' {
            let end = s[i + 1..].find(c).ok_or(MarkerError::Syntax(i))?;
            out.push((i, Tok::Str(s[i + 1..i + 1 + end].to_string())));
            i += end + 2;
        } else if let Some(op) = OPS.iter().find(|op| s[i..].starts_with(**op)) {
            out.push((i, Tok::Op(op)));
            i += op.len();
        } else if c.is_ascii_alphabetic() || c == '_' {
            let len = s[i..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len() - i);
            let word = &s[i..i + len];
            let tok = match word {
                "and" => Tok::And,
                "or" => Tok::Or,
                "in" => Tok::Op("in"),
                "not" => {
                    let after = s[i + len..].trim_start();
                    if !after.starts_with("in") {
                        return Err(MarkerError::Syntax(i));
                    }
                    i = s.len() - after.len() + 2;
                    out.push((i, Tok::Op("not in")));
                    continue;
                }
                _ => Tok::Var(word.to_string()),
            };
            out.push((i, tok));
            i += len;
        } else {
            return Err(MarkerError::Syntax(i));
        }
    }
    Ok(out)
}

struct Parser<'e> {
    tokens: Vec<(usize, Tok)>,
    pos: usize,
    env: &'e MarkerEnv,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<Tok> {
        let t = self.tokens.get(self.pos).map(|(_, t)| t.clone());
        self.pos += 1;
        t
    }

    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(usize::MAX, |(a, _)| *a)
    }

    fn or(&mut self) -> Result<bool, MarkerError> {
        let mut v = self.and()?;
        while self.tokens.get(self.pos).is_some_and(|(_, t)| *t == Tok::Or) {
            self.pos += 1;
            v |= self.and()?;
        }
        Ok(v)
    }

    fn and(&mut self) -> Result<bool, MarkerError> {
        let mut v = self.expr()?;
        while self.tokens.get(self.pos).is_some_and(|(_, t)| *t == Tok::And) {
            self.pos += 1;
            v &= self.expr()?;
        }
        Ok(v)
    }

    fn expr(&mut self) -> Result<bool, MarkerError> {
        if self.tokens.get(self.pos).is_some_and(|(_, t)| *t == Tok::Open) {
            self.pos += 1;
            let v = self.or()?;
            let at = self.at();
            return match self.next() {
                Some(Tok::Close) => Ok(v),
                _ => Err(MarkerError::Syntax(at)),
            };
        }
        let left = self.value()?;
        let at = self.at();
        let Some(Tok::Op(op)) = self.next() else { return Err(MarkerError::Syntax(at)) };
        let right = self.value()?;
        Ok(compare(&left, op, &right))
    }

    /// A value: a string, or a variable's value (`extra` becomes the list of extras).
    fn value(&mut self) -> Result<Value, MarkerError> {
        let at = self.at();
        match self.next() {
            Some(Tok::Str(s)) => Ok(Value::Str(s)),
            Some(Tok::Var(v)) if v == "extra" => Ok(Value::Extras(self.env.extras.clone())),
            Some(Tok::Var(v)) => match self.env.var(&v) {
                Some(value) => Ok(Value::Str(value.to_string())),
                None => Err(MarkerError::UnknownVariable(v)),
            },
            _ => Err(MarkerError::Syntax(at)),
        }
    }
}

enum Value {
    Str(String),
    /// `extra`: equal to a string when any requested extra is (PEP 685 names).
    Extras(Vec<String>),
}

fn compare(left: &Value, op: &str, right: &Value) -> bool {
    match (left, right) {
        (Value::Extras(extras), Value::Str(s)) | (Value::Str(s), Value::Extras(extras)) => {
            let found = extras.contains(&normalize(s));
            match op {
                "==" | "===" | "in" => found,
                "!=" | "not in" => !found,
                _ => false,
            }
        }
        (Value::Str(l), Value::Str(r)) => compare_str(l, op, r),
        (Value::Extras(_), Value::Extras(_)) => false,
    }
}

fn compare_str(l: &str, op: &str, r: &str) -> bool {
    if let (Some(a), Some(b)) = (release(l), release(r)) {
        if op != "in" && op != "not in" && op != "===" {
            return compare_versions(&a, op, &b);
        }
    }
    match op {
        "==" | "===" => l == r,
        "!=" => l != r,
        "in" => r.contains(l),
        "not in" => !r.contains(l),
        // PEP 508: other operators on non-versions follow Python's string order.
        "<" => l < r,
        "<=" => l <= r,
        ">" => l > r,
        ">=" => l >= r,
        _ => false,
    }
}

/// A PEP 440 release (`3.12`, `3.12.1`); pre/post/dev parts make it not one.
fn release(s: &str) -> Option<Vec<u64>> {
    let s = s.trim();
    let body = s.strip_suffix(".*").unwrap_or(s);
    body.split('.').map(|p| p.parse().ok()).collect()
}

fn compare_versions(a: &[u64], op: &str, b: &[u64]) -> bool {
    let len = a.len().max(b.len());
    let pad = |v: &[u64]| (0..len).map(|i| v.get(i).copied().unwrap_or(0)).collect::<Vec<_>>();
    let ord = pad(a).cmp(&pad(b));
    match op {
        "==" => ord.is_eq(),
        "!=" => !ord.is_eq(),
        "<" => ord.is_lt(),
        "<=" => ord.is_le(),
        ">" => ord.is_gt(),
        ">=" => ord.is_ge(),
        // PEP 440 compatible release: >= b and the same prefix but for b's last part.
        "~=" => ord.is_ge() && b.len() >= 2 && a.len() >= b.len() - 1 && a[..b.len() - 1] == b[..b.len() - 1],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PEP 508 "Environment Markers" (https://peps.python.org/pep-0508/#environment-markers):
    /// each marker below, as Flask, pandas, uvicorn and others publish them,
    /// evaluated for CPython 3.12 on linux x86_64.
    #[test]
    fn markers_for_cpython_312_linux() {
        let env = MarkerEnv::cpython_linux("3.12");
        let table: &[(&str, bool)] = &[
            ("python_version < '3.10'", false),
            ("python_version < \"3.13\"", true),
            ("python_version >= \"3.14\"", false),
            ("python_version > '3.9'", true),
            ("python_version == '3.12'", true),
            ("python_version != '3.12'", false),
            ("python_version ~= '3.10'", true),
            ("python_full_version >= '3.12.0'", true),
            ("python_version < '3.8' or python_version >= '3.12'", true),
            ("sys_platform == \"win32\"", false),
            ("sys_platform == 'linux' and platform_machine == 'x86_64'", true),
            ("sys_platform != 'win32' and (platform_machine == 'aarch64' or platform_machine == 'x86_64')", true),
            ("platform_system == 'Windows'", false),
            ("os_name == 'nt'", false),
            ("implementation_name == 'cpython'", true),
            ("platform_python_implementation != 'PyPy'", true),
            ("'linux' in sys_platform", true),
            ("'win' not in sys_platform", true),
            ("extra == 'async'", false),
            ("python_version < '3.11' and extra == 'standard'", false),
        ];
        for (marker, want) in table {
            assert_eq!(evaluate(marker, &env), Ok(*want), "{marker}");
        }
    }

    #[test]
    fn extras_are_matched_normalized() {
        let env = MarkerEnv::cpython_linux("3.12").with_extras(&["Standard".to_string()]);
        assert_eq!(evaluate("extra == \"standard\"", &env), Ok(true));
        assert_eq!(evaluate("extra == 'dotenv'", &env), Ok(false));
        assert_eq!(evaluate("sys_platform != 'win32' and extra == 'standard'", &env), Ok(true));
    }

    #[test]
    fn python_version_decides() {
        let old = MarkerEnv::cpython_linux("3.9");
        assert_eq!(evaluate("python_version < '3.10'", &old), Ok(true));
        assert_eq!(evaluate("python_version < '3.10'", &MarkerEnv::cpython_linux("3.12.7")), Ok(false));
    }

    #[test]
    fn bad_markers_are_errors() {
        let env = MarkerEnv::cpython_linux("3.12");
        assert_eq!(evaluate("python_versio < '3'", &env), Err(MarkerError::UnknownVariable("python_versio".into())));
        assert!(matches!(evaluate("python_version <", &env), Err(MarkerError::Syntax(_))));
        assert!(matches!(evaluate("(python_version < '3'", &env), Err(MarkerError::Syntax(_))));
    }
}
