//! A container's writable layer — overlayfs's upperdir — and what
//! `docker diff` makes of it.
//!
//! The upper layer is one [`LayerDiff`] over the image's files: each `docker
//! exec` that changes files records its own diff against the image plus the
//! upper layer (the shell model's `Writer`), and [`absorb`] folds it in, so a
//! file created and then deleted leaves nothing, and a deletion of an image's
//! file leaves a whiteout. [`changes`] lists the upper layer as moby's
//! overlay2 driver does (`archive.OverlayChanges` over the upperdir): every
//! entry is `A` when the image had no such path and `C` when it had, a
//! whiteout is `D`, and the directories above a change are `C` — overlayfs
//! copies a directory up before it can change anything inside it. The order
//! is a directory walk's (a directory before its contents, names sorted).

use crate::catalog::BaseImage;
use crate::layers::{Change, LayerDiff, LayerStack};

/// One line of `docker diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Changed,
    Deleted,
}

impl ChangeKind {
    /// moby's `archive.ChangeType` letters.
    pub fn letter(self) -> char {
        match self {
            ChangeKind::Added => 'A',
            ChangeKind::Changed => 'C',
            ChangeKind::Deleted => 'D',
        }
    }
}

/// A changed path of the container's filesystem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsChange {
    pub kind: ChangeKind,
    pub path: String,
}

/// Whether the image (the lowerdirs) has `path`: a file its build's layers
/// hold, or a standard directory of its base image.
pub fn lower_has(rootfs: &LayerStack, base: Option<&BaseImage>, path: &str) -> bool {
    rootfs.get(path).is_some() || base.is_some_and(|b| crate::shell::is_standard_dir(b, path))
}

fn within(path: &str, dir: &str) -> bool {
    path == dir || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

fn drop_subtree(upper: &mut LayerDiff, dir: &str, keep_dir: bool) {
    upper.changes.retain(|p, _| !within(p, dir) || (keep_dir && p == dir));
}

/// Folds one command's changes (`diff`, made against the image plus `upper`)
/// into the upper layer.
pub fn absorb(upper: &mut LayerDiff, diff: LayerDiff, lower: &dyn Fn(&str) -> bool) {
    for (path, change) in diff.changes {
        match change {
            Change::Put(entry) => {
                if !entry.is_dir() {
                    drop_subtree(upper, &path, true);
                }
                let was_deleted = matches!(upper.changes.get(&path), Some(Change::Whiteout));
                let change = if entry.is_dir() && was_deleted { Change::Opaque(entry) } else { Change::Put(entry) };
                upper.changes.insert(path, change);
            }
            Change::Whiteout => {
                drop_subtree(upper, &path, false);
                if lower(&path) {
                    upper.changes.insert(path, Change::Whiteout);
                }
            }
            Change::Opaque(entry) => {
                drop_subtree(upper, &path, false);
                let change = if lower(&path) { Change::Opaque(entry) } else { Change::Put(entry) };
                upper.changes.insert(path, change);
            }
        }
    }
}

/// The image's files with the upper layer on top: what the container sees.
pub fn merged(rootfs: &LayerStack, upper: &LayerDiff) -> LayerStack {
    let mut stack = rootfs.clone();
    stack.push(upper.clone());
    stack
}

/// `docker diff`: the upper layer's paths with their parents, in walk order.
pub fn changes(upper: &LayerDiff, lower: &dyn Fn(&str) -> bool) -> Vec<FsChange> {
    let mut out: std::collections::BTreeMap<Vec<&str>, ChangeKind> = std::collections::BTreeMap::new();
    for (path, change) in &upper.changes {
        let kind = match change {
            Change::Whiteout => ChangeKind::Deleted,
            Change::Put(_) | Change::Opaque(_) if lower(path) => ChangeKind::Changed,
            Change::Put(_) | Change::Opaque(_) => ChangeKind::Added,
        };
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        for depth in 1..parts.len() {
            out.entry(parts[..depth].to_vec()).or_insert(ChangeKind::Changed);
        }
        out.insert(parts, kind);
    }
    out.into_iter()
        .filter(|(parts, _)| !parts.is_empty())
        .map(|(parts, kind)| FsChange { kind, path: format!("/{}", parts.join("/")) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layers::Entry;

    fn put(diff: &mut LayerDiff, path: &str, entry: Entry) {
        diff.changes.insert(path.to_string(), Change::Put(entry));
    }

    /// A file made then deleted leaves nothing; an image's file deleted
    /// leaves a whiteout; parents are listed as changed, a directory before
    /// its contents (`/a` `/a/c` `/a-b`, not string order).
    #[test]
    fn absorb_and_list_as_overlay_shows_them() {
        let lower = |p: &str| ["/etc", "/etc/motd", "/tmp", "/a"].contains(&p);
        let mut upper = LayerDiff::default();
        let mut first = LayerDiff::default();
        put(&mut first, "/tmp/x", Entry::file(3, 1));
        put(&mut first, "/tmp/gone", Entry::file(3, 2));
        put(&mut first, "/a/c", Entry::file(1, 3));
        put(&mut first, "/a-b", Entry::dir());
        absorb(&mut upper, first, &lower);
        let mut second = LayerDiff::default();
        second.changes.insert("/tmp/gone".into(), Change::Whiteout);
        second.changes.insert("/etc/motd".into(), Change::Whiteout);
        absorb(&mut upper, second, &lower);
        let listed: Vec<String> =
            changes(&upper, &lower).iter().map(|c| format!("{} {}", c.kind.letter(), c.path)).collect();
        assert_eq!(listed, ["C /a", "A /a/c", "A /a-b", "C /etc", "D /etc/motd", "C /tmp", "A /tmp/x"]);
    }
}
