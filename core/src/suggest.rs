//! "Did you mean ...?" suggestions, as BuildKit's `util/suggest` makes them
//! (the closest option within an edit distance of 2), and the edit distance
//! itself, shared by every part of the core that suggests names.

/// The closest option to `value`, if one is within distance 2 and none is an
/// exact match. Ties go to the first option in `options`.
pub(crate) fn search<S: AsRef<str>>(value: &str, options: &[S], case_sensitive: bool) -> Option<String> {
    let fold = |s: &str| if case_sensitive { s.to_string() } else { s.to_lowercase() };
    let wanted = fold(value);
    let mut best: Option<(usize, &str)> = None;
    for option in options {
        let option = option.as_ref();
        let candidate = fold(option);
        if candidate == wanted {
            return None;
        }
        let distance = edit_distance(&wanted, &candidate);
        if distance < best.map_or(3, |(d, _)| d) {
            best = Some((distance, option));
        }
    }
    let (_, option) = best?;
    Some(if case_sensitive { option.to_string() } else { match_case(option, value) })
}

/// Puts `option` in the case the user typed: all upper, all lower, else as is.
fn match_case(option: &str, typed: &str) -> String {
    if typed.chars().all(|c| !c.is_lowercase()) {
        option.to_uppercase()
    } else if typed.chars().all(|c| !c.is_uppercase()) {
        option.to_lowercase()
    } else {
        option.to_string()
    }
}

/// Edit distance over characters (insert, delete and substitute cost 1).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keyword_in_typed_case() {
        let keywords = ["COPY", "RUN", "FROM"];
        assert_eq!(search("COPPY", &keywords, false).as_deref(), Some("COPY"));
        assert_eq!(search("copyy", &keywords, false).as_deref(), Some("copy"));
        assert_eq!(search("COPY", &keywords, false), None);
        assert_eq!(search("XYZZY", &keywords, false), None);
    }
}
