//! Go's `filepath.Match` syntax check: Docker refuses a `.dockerignore`
//! pattern that `filepath.Match` would call malformed (`[`, `[a-]`, a
//! trailing `\`), before it ever compiles the pattern.

/// Checks the pattern chunk by chunk (runs between `*`s), as `filepath.Match`
/// does before it gives up on a name.
pub(super) fn is_valid(pattern: &str) -> bool {
    let mut rest = pattern;
    while !rest.is_empty() {
        let (chunk, after) = scan_chunk(rest.trim_start_matches('*'));
        if !chunk_is_valid(chunk) {
            return false;
        }
        rest = after;
    }
    true
}

/// Splits off the text up to the next `*` outside a `[...]` class.
fn scan_chunk(pattern: &str) -> (&str, &str) {
    let bytes = pattern.as_bytes();
    let mut in_range = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if i + 1 < bytes.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    pattern.split_at(i)
}

fn chunk_is_valid(chunk: &str) -> bool {
    let mut chars = chunk.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                if chars.peek() == Some(&'^') {
                    chars.next();
                }
                let mut ranges = 0;
                loop {
                    if chars.peek() == Some(&']') && ranges > 0 {
                        chars.next();
                        break;
                    }
                    if !class_char(&mut chars) {
                        return false;
                    }
                    if chars.peek() == Some(&'-') {
                        chars.next();
                        if !class_char(&mut chars) {
                            return false;
                        }
                    }
                    ranges += 1;
                }
            }
            // A trailing escape has nothing to escape.
            '\\' if chars.next().is_none() => return false,
            _ => {}
        }
    }
    true
}

/// One (possibly escaped) character of a class; something must follow it.
fn class_char(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    match chars.next() {
        None | Some('-') | Some(']') => false,
        Some('\\') => chars.next().is_some() && chars.peek().is_some(),
        Some(_) => chars.peek().is_some(),
    }
}

/// Go's `filepath.Match` for one path: `*` and `?` never cross `/`, `[...]`
/// classes with ranges and `^` negation, `\` escapes. Assumes a pattern that
/// passed [`is_valid`]. Runs in O(pattern × name) without backtracking.
pub(crate) fn matches(pattern: &str, name: &str) -> bool {
    let pattern = tokens(pattern);
    let name: Vec<char> = name.chars().collect();
    // reachable[j]: the pattern so far can consume exactly name[..j].
    let mut reachable = vec![false; name.len() + 1];
    reachable[0] = true;
    for token in &pattern {
        let mut next = vec![false; name.len() + 1];
        for j in 0..=name.len() {
            if !reachable[j] {
                continue;
            }
            match token {
                Token::Star => {
                    next[j] = true;
                    let mut k = j;
                    while k < name.len() && name[k] != '/' {
                        k += 1;
                        next[k] = true;
                    }
                }
                Token::One(matcher) => {
                    if j < name.len() && name[j] != '/' && matcher.accepts(name[j]) {
                        next[j + 1] = true;
                    }
                }
                Token::Literal(c) => {
                    if j < name.len() && name[j] == *c {
                        next[j + 1] = true;
                    }
                }
            }
        }
        reachable = next;
    }
    reachable[name.len()]
}

enum Token {
    Star,
    Literal(char),
    One(OneChar),
}

enum OneChar {
    Any,
    Class { negated: bool, ranges: Vec<(char, char)> },
}

impl OneChar {
    fn accepts(&self, c: char) -> bool {
        match self {
            OneChar::Any => true,
            OneChar::Class { negated, ranges } => ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated,
        }
    }
}

fn tokens(pattern: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => {
                if !matches!(out.last(), Some(Token::Star)) {
                    out.push(Token::Star);
                }
            }
            '?' => out.push(Token::One(OneChar::Any)),
            '\\' => out.push(Token::Literal(chars.next().unwrap_or('\\'))),
            '[' => {
                let negated = chars.next_if_eq(&'^').is_some();
                let mut ranges = Vec::new();
                while let Some(c) = chars.next() {
                    if c == ']' && !ranges.is_empty() {
                        break;
                    }
                    let lo = if c == '\\' { chars.next().unwrap_or('\\') } else { c };
                    let hi = if chars.next_if_eq(&'-').is_some() {
                        match chars.next() {
                            Some('\\') => chars.next().unwrap_or('\\'),
                            Some(h) => h,
                            None => lo,
                        }
                    } else {
                        lo
                    };
                    ranges.push((lo, hi));
                }
                out.push(Token::One(OneChar::Class { negated, ranges }));
            }
            c => out.push(Token::Literal(c)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn matches_like_filepath_match() {
        for (pattern, name, expected) in [
            ("*.txt", "a.txt", true),
            ("*.txt", "dir/a.txt", false),
            ("src/*.rs", "src/main.rs", true),
            ("a?c", "abc", true),
            ("a?c", "a/c", false),
            ("[a-c]x", "bx", true),
            ("[^a-c]x", "bx", false),
            ("\\*", "*", true),
            ("requirements*.txt", "requirements-dev.txt", true),
            ("*", "", true),
        ] {
            assert_eq!(matches(pattern, name), expected, "{pattern} vs {name}");
        }
    }
}
