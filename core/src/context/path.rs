//! Go's `path/filepath.Clean` for slash-separated paths, which Docker applies
//! to `.dockerignore` patterns and to the paths they are matched against.

/// The shortest path equivalent to `path` by lexical processing: repeated
/// slashes collapsed, `.` removed, `..` resolved where possible, no trailing
/// slash. `""` becomes `"."`.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                // `..` above the root is the root; above a relative start it stays.
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn cleans_like_go() {
        for (input, expected) in [
            ("", "."),
            ("a//b/./c/", "a/b/c"),
            ("/../a", "/a"),
            ("../../a/b/..", "../../a"),
            ("a/../..", ".."),
            ("/", "/"),
            ("./", "."),
            ("!/x", "!/x"),
        ] {
            assert_eq!(clean(input), expected, "clean({input:?})");
        }
    }
}
