//! Compose's variable substitution in one string, as compose-go's
//! `template/template.go` does it: `$$`, `$VAR`, `${VAR}`, and `${VAR…}`
//! with `:-`, `-`, `:?`, `?`, `:+`, `+`, defaults nested to any depth.
//!
//! compose-go matches a regular expression and re-matches the cut-down text
//! of a braced substitution; this walks the string by hand but keeps each of
//! its steps (the greedy `(.*)` up to the line's last `}`, the first
//! balanced brace, the separator that occurs first), so odd inputs give what
//! Compose gives. Nesting is bounded, so no input recurses without end.

/// Why a template could not be substituted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// `Invalid template: "…"`; holds the whole template.
    Invalid { template: String },
    /// `required variable X is missing a value[: reason]`.
    Required { variable: String, reason: String },
}

/// The deepest nesting of defaults followed; deeper is treated as invalid.
const MAX_NESTING: usize = 64;

/// Substitutes every variable of `template`, looking names up with `lookup`
/// (`None` is unset, distinct from empty).
pub fn substitute(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, TemplateError> {
    substitute_at(template, lookup, 0)
}

fn substitute_at(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    depth: usize,
) -> Result<String, TemplateError> {
    if depth > MAX_NESTING {
        return Err(TemplateError::Invalid { template: template.to_string() });
    }
    let mut out = String::with_capacity(template.len());
    let mut first_error: Option<TemplateError> = None;
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let here = &rest[dollar..];
        match match_at(here) {
            None => {
                out.push('$');
                rest = &here[1..];
            }
            Some(len) => {
                match replacement(&here[..len], lookup, depth) {
                    Ok(value) => out.push_str(&value),
                    Err(mut e) => {
                        if let TemplateError::Invalid { template: t } = &mut e {
                            if t.is_empty() {
                                *t = template.to_string();
                            }
                        }
                        first_error.get_or_insert(e);
                    }
                }
                rest = &here[len..];
            }
        }
    }
    out.push_str(rest);
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// What the pattern matched at a `$`.
enum Match<'t> {
    Escaped,
    Named(&'t str),
    /// The text between `${` and the closing `}`.
    Braced(&'t str),
    Invalid,
}

fn is_name_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic()
}

fn is_name_char(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

/// The length of the match of compose-go's `DefaultPattern` at the start of
/// `s` (which begins with `$`), or `None` when it does not match there.
fn match_at(s: &str) -> Option<usize> {
    classify(s).map(|(len, _)| len)
}

fn classify(s: &str) -> Option<(usize, Match<'_>)> {
    let b = s.as_bytes();
    match b.get(1)? {
        b'$' => Some((2, Match::Escaped)),
        c if is_name_start(*c) => {
            let end = 1 + b[1..].iter().take_while(|c| is_name_char(**c)).count();
            Some((end, Match::Named(&s[1..end])))
        }
        b'{' => {
            if !b.get(2).is_some_and(|c| is_name_start(*c)) {
                return Some((2, Match::Invalid));
            }
            let name_end = 2 + b[2..].iter().take_while(|c| is_name_char(**c)).count();
            let mut op = name_end;
            if b.get(op) == Some(&b':') {
                op += 1;
            }
            if matches!(b.get(op), Some(b'-' | b'+' | b'?')) {
                // `(.*)}`: `.` stops at a newline, and the greedy star backs
                // off to the last `}` before it.
                let line_end = s[op + 1..].find('\n').map_or(s.len(), |i| op + 1 + i);
                if let Some(close) = s[op + 1..line_end].rfind('}') {
                    let close = op + 1 + close;
                    return Some((close + 1, Match::Braced(&s[2..close])));
                }
            }
            if b.get(name_end) == Some(&b'}') {
                return Some((name_end + 1, Match::Braced(&s[2..name_end])));
            }
            Some((2, Match::Invalid))
        }
        _ => None,
    }
}

/// compose-go's `getFirstBraceClosingIndex`, skip of the character after
/// each `{` included.
fn first_closing_brace(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut open = 0i32;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'}' {
            open -= 1;
            if open == 0 {
                return Some(i);
            }
        }
        if b[i] == b'{' {
            open += 1;
            i += 1;
        }
        i += 1;
    }
    None
}

/// The separators in compose-go's order, and which function each selects.
#[derive(Clone, Copy, PartialEq)]
enum Op {
    RequiredNonEmpty,
    Required,
    DefaultIfEmpty,
    DefaultIfUnset,
    AltIfNonEmpty,
    AltIfSet,
}

const OPS: [(&str, Op); 6] = [
    (":?", Op::RequiredNonEmpty),
    ("?", Op::Required),
    (":-", Op::DefaultIfEmpty),
    ("-", Op::DefaultIfUnset),
    (":+", Op::AltIfNonEmpty),
    ("+", Op::AltIfSet),
];

/// The separator occurring first in the matched text (ties keep the order
/// above, so `:-` wins over `-` at the next index only by position).
fn pick_op(matched: &str) -> (&'static str, Op) {
    let mut best = OPS[0];
    let mut best_index: Option<usize> = matched.find(OPS[0].0);
    for candidate in &OPS[1..] {
        if let Some(i) = matched.find(candidate.0) {
            if best_index.is_none_or(|b| i < b) {
                best = *candidate;
                best_index = Some(i);
            }
        }
    }
    best
}

fn replacement(matched: &str, lookup: &dyn Fn(&str) -> Option<String>, depth: usize) -> Result<String, TemplateError> {
    let (sep, op) = pick_op(matched);
    let (head, rest) = match first_closing_brace(matched) {
        Some(i) => (&matched[..=i], &matched[i + 1..]),
        None => (matched, ""),
    };
    let (substitution, braced) = match classify(head) {
        Some((_, Match::Escaped)) => return Ok("$".to_string()),
        Some((_, Match::Named(name))) => (name, false),
        Some((_, Match::Braced(inner))) => (inner, true),
        _ => return Err(TemplateError::Invalid { template: String::new() }),
    };
    if braced && substitution.contains(sep) {
        let (name, arg) = substitution.split_once(sep).unwrap_or((substitution, ""));
        let value = lookup(name);
        let applied = match op {
            Op::DefaultIfEmpty | Op::DefaultIfUnset => {
                let use_default = match &value {
                    None => true,
                    Some(v) => op == Op::DefaultIfEmpty && v.is_empty(),
                };
                if use_default {
                    substitute_at(arg, lookup, depth + 1)?
                } else {
                    value.unwrap_or_default()
                }
            }
            Op::AltIfNonEmpty | Op::AltIfSet => match &value {
                Some(v) if op == Op::AltIfSet || !v.is_empty() => substitute_at(arg, lookup, depth + 1)?,
                _ => value.unwrap_or_default(),
            },
            Op::RequiredNonEmpty | Op::Required => match value {
                Some(v) if op == Op::Required || !v.is_empty() => v,
                _ => {
                    let reason = substitute_at(arg, lookup, depth + 1)?;
                    return Err(TemplateError::Required { variable: name.to_string(), reason });
                }
            },
        };
        let nested = substitute_at(rest, lookup, depth + 1)?;
        return Ok(applied + &nested);
    }
    Ok(lookup(substitution).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "FOO" => Some("first".into()),
            "BAR" => Some(String::new()),
            _ => None,
        }
    }

    fn sub(t: &str) -> Result<String, TemplateError> {
        substitute(t, &env)
    }

    #[test]
    fn forms() {
        assert_eq!(sub("$FOO ${FOO} $$FOO").unwrap(), "first first $FOO");
        assert_eq!(sub("${BAR:-d} ${BAR-d} ${UNSET-d}").unwrap(), "d  d");
        assert_eq!(sub("${FOO:+alt} ${BAR:+alt} ${BAR+alt}").unwrap(), "alt  alt");
        assert_eq!(sub("${UNSET:-${FOO:-x}}/x").unwrap(), "first/x");
        assert_eq!(sub("$ 1 $1 a$").unwrap(), "$ 1 $1 a$");
    }

    #[test]
    fn errors() {
        assert_eq!(
            sub("${BAR:?set it}"),
            Err(TemplateError::Required { variable: "BAR".into(), reason: "set it".into() })
        );
        assert_eq!(sub("${BAR?set it}").unwrap(), "");
        assert_eq!(sub("x ${ y"), Err(TemplateError::Invalid { template: "x ${ y".into() }));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = "${A:-".repeat(500) + &"}".repeat(500);
        let _ = sub(&deep);
    }
}
