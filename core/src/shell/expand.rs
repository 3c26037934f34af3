//! Word expansion: `$VAR`/`${VAR:-default}`, field splitting of unquoted
//! values, and pathname globbing (`*`, `?`) in a path's last component,
//! against the layer being written.

use super::exec::Sh;
use super::parse::{Part, Word};

impl Sh<'_, '_, '_, '_> {
    /// Expands a word into fields: variables, field splitting, pathname globbing.
    pub fn expand(&self, word: &Word) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        let mut cur = String::new();
        let mut has = false;
        let mut glob = false;
        for part in &word.parts {
            match part {
                Part::Lit { text, quoted } => {
                    glob |= !quoted && text.contains(['*', '?']);
                    cur.push_str(text);
                    has = true;
                }
                Part::Var { name, default, quoted } => {
                    let mut value = match name.as_str() {
                        "?" => self.last.to_string(),
                        "$" => "1".into(),
                        "#" => "0".into(),
                        "0" => self.sh_name.clone(),
                        _ => self.var(name),
                    };
                    if value.is_empty() {
                        value = default.clone().unwrap_or_default();
                    }
                    if *quoted {
                        cur.push_str(&value);
                        has = true;
                    } else {
                        let mut pieces = value.split([' ', '\t', '\n']).peekable();
                        let starts_blank = value.starts_with([' ', '\t', '\n']);
                        if starts_blank && has {
                            fields.push(std::mem::take(&mut cur));
                            has = false;
                        }
                        while let Some(p) = pieces.next() {
                            if !p.is_empty() {
                                cur.push_str(p);
                                has = true;
                            }
                            if pieces.peek().is_some() && has {
                                fields.push(std::mem::take(&mut cur));
                                has = false;
                            }
                        }
                    }
                }
            }
        }
        if has {
            fields.push(cur);
        }
        if !glob {
            return fields;
        }
        fields.into_iter().flat_map(|f| self.glob(&f)).collect()
    }

    /// Pathname expansion for a pattern in its last component only.
    fn glob(&self, pattern: &str) -> Vec<String> {
        let (dir, name) = match pattern.rfind('/') {
            Some(i) => (&pattern[..=i], &pattern[i + 1..]),
            None => ("", pattern),
        };
        if dir.contains(['*', '?']) || !name.contains(['*', '?']) {
            return vec![pattern.to_string()];
        }
        let base = self.abs(if dir.is_empty() { "." } else { dir });
        let mut out: Vec<String> = self
            .exec
            .writer
            .list(&base)
            .into_iter()
            .filter_map(|(path, _)| {
                let rest = path.strip_prefix(&base)?.trim_start_matches('/');
                (!rest.is_empty() && !rest.contains('/') && matches_glob(name, rest) && !rest.starts_with('.'))
                    .then(|| format!("{dir}{rest}"))
            })
            .collect();
        crate::sort::ord(&mut out);
        if out.is_empty() {
            out.push(pattern.to_string());
        }
        out
    }
}

/// `*` and `?` matching.
pub(super) fn matches_glob(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}
