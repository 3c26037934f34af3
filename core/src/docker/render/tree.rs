//! `docker images` as CLI 29 prints it by default: the tree view
//! (docker/cli cli/command/image/tree.go, `runTree` and `printImageTree`),
//! laid out as for output that is not a terminal — no legend, no colours,
//! the name column as wide as the widest name, plain chips.
//!
//! The simulated daemon keeps images as the overlay2 graph driver does, which
//! lists no manifests, so each image's content size is 0B, as Docker shows it
//! for that store; `DISK USAGE` is the image's size.

use crate::engine::ImageRow;
use crate::units::human_size_precision;
use std::collections::BTreeSet;

/// Three spaces between columns (`columnSpacing`).
const SPACING: &str = "   ";

/// One line of the view: a name (`None` for an untagged image) and its details.
struct Line<'a> {
    name: Option<String>,
    row: &'a ImageRow,
}

/// The tree view of `rows` (one per tag, as the engine lists them);
/// `in_use`: the ids of images some container uses (the `U` chip).
pub fn image_tree(rows: &[ImageRow], in_use: &BTreeSet<String>) -> String {
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|r| {
            // No tag (a digest-only `nginx <none>` row too): CLI 29 lists it as `<untagged>`.
            let untagged = r.tag == "<none>";
            Line { name: (!untagged).then(|| format!("{}:{}", r.repository, r.tag)), row: r }
        })
        .collect();
    // By name, untagged images last (then by id, for a stable order).
    crate::sort::by(&mut lines, |a, b| match (&a.name, &b.name) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.row.id.cmp(&b.row.id),
    });
    let chips = lines.iter().any(|l| in_use.contains(&l.row.id));
    let name_width = lines
        .iter()
        .map(|l| l.name.as_deref().unwrap_or("<untagged>").chars().count())
        .chain(std::iter::once("Image".len()))
        .max()
        .unwrap_or(0);
    // The Extra column is as wide as its title or the chips that can appear.
    let extra_width = "Extra".len().max(usize::from(chips));
    let mut out = format!(
        "{:<name_width$}{SPACING}{:<12}{SPACING}{:>10}{SPACING}{:>12}{SPACING}{:<extra_width$}\n",
        "IMAGE", "ID", "DISK USAGE", "CONTENT SIZE", "EXTRA"
    );
    for line in &lines {
        let id = line.row.id.trim_start_matches("sha256:");
        let chip = match (chips, in_use.contains(&line.row.id)) {
            (true, true) => "U",
            (true, false) => " ",
            (false, _) => "",
        };
        out.push_str(&format!(
            "{:<name_width$}{SPACING}{:<12}{SPACING}{:>10}{SPACING}{:>12}{SPACING}{:<extra_width$}\n",
            line.name.as_deref().unwrap_or("<untagged>"),
            &id[..id.len().min(12)],
            human_size_precision(line.row.size, 3),
            "0B",
            chip,
        ));
    }
    out
}
