//! Absolute, cleaned paths as layer keys (`/app/src/main.rs`).

/// Resolves `path` against `cwd` and cleans it: `.`/`..` resolved, no
/// trailing slash, never above `/`.
pub fn normalize(cwd: &str, path: &str) -> String {
    // Built in place, component by component: this runs for every path a step touches.
    let base = if path.starts_with('/') { "" } else { cwd };
    let mut out = String::with_capacity(base.len() + path.len() + 1);
    for part in base.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                let last = out.rfind('/').unwrap_or(0);
                out.truncate(last);
            }
            other => {
                out.push('/');
                out.push_str(other);
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// `/a/b/c` → `/a/b`; the root's parent is `None`.
pub(super) fn parent(path: &str) -> Option<&str> {
    if path == "/" {
        return None;
    }
    match path.rfind('/') {
        Some(0) => Some("/"),
        Some(i) => Some(&path[..i]),
        None => None,
    }
}

/// The ancestors of a path, nearest first, ending with `/`.
pub(super) fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(parent(path), |p| parent(p))
}

/// True when `path` is `dir` or lies under it.
pub(super) fn is_within(path: &str, dir: &str) -> bool {
    dir == "/" || path == dir || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}
