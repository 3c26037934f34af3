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
