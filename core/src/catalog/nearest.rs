//! Choosing the nearest catalog entry for a tag the catalog does not hold:
//! same variant words first (`alpine`, `slim`, `jre`), then the closest version.

use super::data::BaseImage;

/// Splits a tag into its leading version numbers and its variant words:
/// `3.12-slim-bookworm` → ([3, 12], {slim, bookworm}).
fn split_tag(tag: &str) -> (Vec<u64>, Vec<&str>) {
    let mut version = Vec::new();
    let mut words = Vec::new();
    for (i, part) in tag.split('-').enumerate() {
        let numeric: Option<Vec<u64>> = part.split('.').map(|n| n.parse().ok()).collect();
        match numeric {
            Some(numbers) if i == 0 => version = numbers,
            _ if part == "latest" => {}
            _ => words.push(part),
        }
    }
    (version, words)
}

/// Distros a tag may name without changing what matters for a simulation.
fn is_distro_word(word: &str) -> bool {
    matches!(word, "bookworm" | "trixie" | "bullseye" | "noble" | "jammy" | "focal")
}

pub(super) fn nearest_tag(tag: &str, candidates: &[&'static BaseImage]) -> &'static BaseImage {
    let (version, words) = split_tag(tag);
    let score = |image: &BaseImage| {
        let (v, w) = split_tag(&image.tag);
        // Variant words that differ cost the most (alpine vs debian changes everything).
        let mismatched = words.iter().filter(|x| !w.contains(x) && !is_distro_word(x)).count()
            + w.iter().filter(|x| !words.contains(x) && !is_distro_word(x)).count();
        let distance: u64 = version
            .iter()
            .zip(v.iter().chain(std::iter::repeat(&0)))
            .enumerate()
            .map(|(i, (a, b))| a.abs_diff(*b).saturating_mul(1000u64.saturating_pow(2u32.saturating_sub(i as u32))))
            .fold(0u64, u64::saturating_add);
        // Prefer the newer of two equally near versions.
        (mismatched, distance, std::cmp::Reverse(v))
    };
    candidates.iter().copied().min_by_key(|image| score(image)).unwrap_or(candidates[0])
}

/// Repository names within a small edit distance, closest first.
pub(super) fn similar_repositories(name: &str, catalog: &[BaseImage]) -> Vec<String> {
    let mut names: Vec<&str> = catalog.iter().map(|i| i.repository.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut scored: Vec<(usize, &str)> = names
        .into_iter()
        .map(|n| (crate::suggest::edit_distance(name, n), n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .collect();
    crate::sort::ord(&mut scored);
    scored.into_iter().take(3).map(|(_, n)| n.to_string()).collect()
}
