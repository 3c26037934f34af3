//! A requirement as pip reads and prints it: PEP 508 text read into name,
//! extras, version specifiers and marker, and printed back as pip's vendored
//! `packaging` prints a `Requirement` — the text of pip's `Collecting` lines.
//!
//! pypa/pip 26.2.1 `src/pip/_vendor/packaging/requirements.py`
//! (`Requirement._iter_parts`: name as written, extras sorted, the specifier
//! set, `; marker`), `specifiers.py` (`Specifier.__init__` keeps operator and
//! version without spaces; `SpecifierSet.__str__` joins the specifiers
//! de-duplicated and sorted as strings) and `markers.py` (a marker printed
//! with single spaces and double-quoted values).

use super::markers::normalize;

/// One requirement, as written (the name keeps its spelling).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipReq {
    pub name: String,
    /// As written, de-duplicated and sorted (packaging prints them so).
    pub extras: Vec<String>,
    /// `(operator, version)`, de-duplicated and sorted by their text.
    pub specs: Vec<(String, String)>,
    /// `name @ URL`.
    pub url: Option<String>,
    /// Printed as packaging prints it.
    pub marker: Option<String>,
}

impl PipReq {
    /// Reads one PEP 508 requirement; `None` when there is no name.
    pub fn parse(text: &str) -> Option<PipReq> {
        let (head, marker) = match text.split_once(';') {
            Some((h, m)) => (h, Some(m.trim()).filter(|m| !m.is_empty()).map(format_marker)),
            None => (text, None),
        };
        let head = head.trim();
        let end =
            head.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))).unwrap_or(head.len());
        if end == 0 {
            return None;
        }
        let name = head[..end].to_string();
        let mut rest = head[end..].trim_start();
        let mut extras = Vec::new();
        if let Some((list, after)) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
            extras = list.split(',').map(|e| e.trim().to_string()).filter(|e| !e.is_empty()).collect();
            extras.sort();
            extras.dedup();
            rest = after.trim_start();
        }
        let mut url = None;
        let mut specs = Vec::new();
        if let Some(u) = rest.strip_prefix('@') {
            url = Some(u.trim().to_string());
        } else {
            // `name (>=1.0)`, the old form, reads as `name>=1.0`.
            let rest = rest.trim().trim_start_matches('(').trim_end_matches(')');
            for spec in rest.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                specs.push(split_spec(spec));
            }
            specs.sort_by_key(|(op, v)| format!("{op}{v}"));
            specs.dedup();
        }
        Some(PipReq { name, extras, specs, url, marker })
    }

    /// The canonical project name (PEP 503).
    pub fn key(&self) -> String {
        normalize(&self.name)
    }

    /// pip's resolver identifier: the canonical name, with the canonical
    /// extras in brackets (`resolvelib/base.py` `format_name`).
    pub fn identifier(&self) -> String {
        if self.extras.is_empty() {
            return self.key();
        }
        let mut extras: Vec<String> = self.extras.iter().map(|e| normalize(e)).collect();
        extras.sort();
        extras.dedup();
        format!("{}[{}]", self.key(), extras.join(","))
    }

    /// `str(Requirement)` without the marker: what `Collecting` prints.
    pub fn display(&self) -> String {
        let mut s = self.name.clone();
        if !self.extras.is_empty() {
            s.push_str(&format!("[{}]", self.extras.join(",")));
        }
        let specs: Vec<String> = self.specs.iter().map(|(op, v)| format!("{op}{v}")).collect();
        s.push_str(&specs.join(","));
        if let Some(url) = &self.url {
            s.push_str(&format!(" @ {url}"));
            if self.marker.is_some() {
                s.push(' ');
            }
        }
        s
    }

    /// `str(Requirement)`, marker included.
    pub fn with_marker(&self) -> String {
        match &self.marker {
            Some(m) => format!("{}; {m}", self.display()),
            None => self.display(),
        }
    }

    /// The same requirement without extras (pip's `install_req_drop_extras`).
    pub fn without_extras(&self) -> PipReq {
        PipReq { extras: Vec::new(), ..self.clone() }
    }

    /// The same requirement without marker (pip re-reads a candidate's
    /// requirement line with `parse_req_from_line`, which splits it off).
    pub fn without_marker(&self) -> PipReq {
        PipReq { marker: None, ..self.clone() }
    }
}

fn split_spec(spec: &str) -> (String, String) {
    let op_len = if spec.starts_with("===") {
        3
    } else if ["~=", "==", "!=", "<=", ">="].iter().any(|op| spec.starts_with(op)) {
        2
    } else if spec.starts_with('<') || spec.starts_with('>') {
        1
    } else {
        0
    };
    (spec[..op_len].to_string(), spec[op_len..].trim().to_string())
}

/// A marker as packaging prints it: tokens joined by one space, values in
/// double quotes, no space inside parentheses.
pub fn format_marker(marker: &str) -> String {
    let mut tokens: Vec<String> = Vec::new();
    let mut chars = marker.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '\'' || c == '"' {
            chars.next();
            let value: String = chars.by_ref().take_while(|&d| d != c).collect();
            tokens.push(format!("\"{value}\""));
        } else if c == '(' || c == ')' {
            chars.next();
            tokens.push(c.to_string());
        } else if "<>=!~".contains(c) {
            let mut op = String::new();
            while let Some(&d) = chars.peek().filter(|d| "<>=!~".contains(**d)) {
                op.push(d);
                chars.next();
            }
            tokens.push(op);
        } else {
            let mut word = String::new();
            while let Some(&d) = chars.peek().filter(|d| !d.is_whitespace() && !"<>=!~()'\"".contains(**d)) {
                word.push(d);
                chars.next();
            }
            tokens.push(word);
        }
    }
    // `not in` is one operator; joining with spaces keeps it as written.
    tokens.join(" ").replace("( ", "(").replace(" )", ")")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        PipReq::parse(text).map(|r| r.display()).unwrap_or_default()
    }

    /// packaging's `str(Requirement)`: no spaces, specifiers sorted as
    /// strings (`SpecifierSet(">=1.0.0,!=1.0.1")` prints `!=1.0.1,>=1.0.0`,
    /// the docstring of `SpecifierSet.__str__`), extras sorted, the name's
    /// spelling kept.
    #[test]
    fn requirements_print_as_packaging_prints_them() {
        assert_eq!(shown("Flask==3.1.3"), "Flask==3.1.3");
        assert_eq!(shown("flask >= 3.0"), "flask>=3.0");
        assert_eq!(shown(">=1"), "");
        assert_eq!(shown("foo>=1.0.0,!=1.0.1"), "foo!=1.0.1,>=1.0.0");
        assert_eq!(shown("django>=4.2, <5"), "django<5,>=4.2");
        assert_eq!(shown("requests (>=2.0)"), "requests>=2.0");
        assert_eq!(shown("uvicorn[standard, cli] >=0.30"), "uvicorn[cli,standard]>=0.30");
        assert_eq!(shown("importlib-metadata>=3.6.0; python_version < '3.10'"), "importlib-metadata>=3.6.0");
        let r = PipReq::parse("importlib-metadata>=3.6.0; python_version < '3.10'").expect("parses");
        assert_eq!(r.with_marker(), "importlib-metadata>=3.6.0; python_version < \"3.10\"");
        assert_eq!(r.identifier(), "importlib-metadata");
        let r = PipReq::parse("Uvicorn[Standard]>=0.30").expect("parses");
        assert_eq!(r.identifier(), "uvicorn[standard]");
        let old_form = PipReq::parse("Uvicorn[Standard,foo_bar] (>=0.20)").expect("parses");
        assert_eq!((old_form.identifier(), old_form.marker), ("uvicorn[foo-bar,standard]".to_string(), None));
        assert_eq!(PipReq::parse("charset_normalizer<4,>=2").expect("parses").key(), "charset-normalizer");
        assert_eq!(PipReq::parse(" ; x"), None);
        assert_eq!(r.without_extras().display(), "Uvicorn>=0.30");
    }

    #[test]
    fn markers_print_with_double_quotes_and_single_spaces() {
        assert_eq!(format_marker("extra=='async'"), "extra == \"async\"");
        assert_eq!(
            format_marker("( sys_platform!=\"win32\" and python_version<'3.11' ) or extra == 'x'"),
            "(sys_platform != \"win32\" and python_version < \"3.11\") or extra == \"x\""
        );
    }
}
