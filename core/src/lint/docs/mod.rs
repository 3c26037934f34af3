//! The rules as data, for every source: name, source, hadolint alias,
//! description, URL, and a page of our own words: why the rule exists, a bad
//! example and a good one (`layerlab lint --explain RULE`).
//!
//! The examples are tested: each bad example makes its rule fire and each
//! good example does not (`tests.rs`), so the pages cannot drift from the code.

mod buildkit;
mod practice;
mod simulated;
#[cfg(test)]
pub(crate) mod tests;

use super::buildkit::RULES;
use super::practice::PRACTICE_RULES;
use super::rule::Rule;
use super::simulated::ENGINE_RULES;

/// A rule's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub rule: &'static str,
    /// Why, in a few plain sentences (also printed under each finding).
    pub explanation: &'static str,
    /// A Dockerfile where the rule fires.
    pub bad: &'static str,
    /// The same idea, done so the rule stays quiet.
    pub good: &'static str,
    /// Build-context files both examples need (`.dockerignore`, ...).
    pub context: &'static [(&'static str, &'static str)],
    /// For a rule with a hadolint code: how it compares with hadolint 2.x's
    /// rule of that code (read from hadolint's src/Hadolint/Rule/), the
    /// deliberate differences named; empty for the other rules.
    pub versus_hadolint: &'static str,
}

const fn page(rule: &'static str, explanation: &'static str, bad: &'static str, good: &'static str) -> Page {
    Page { rule, explanation, bad, good, context: &[], versus_hadolint: "" }
}

impl Page {
    /// The page with its comparison with hadolint's rule.
    const fn versus(self, text: &'static str) -> Page {
        Page { versus_hadolint: text, ..self }
    }
}

/// The page of the rule called `name`.
pub(super) fn page_of(name: &str) -> Option<&'static Page> {
    buildkit::PAGES.iter().chain(practice::PAGES).chain(simulated::PAGES).find(|p| p.rule == name)
}

/// What [`Rule::page`] gives a rule without a page (a test makes sure there is none).
pub(super) static NO_PAGE: Page = page("", "", "", "");

/// Every rule: BuildKit's, then the best practices, then the engine's.
pub fn all_rules() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().chain(PRACTICE_RULES).chain(ENGINE_RULES.iter())
}

/// The rule with exactly this name.
pub fn rule_info(name: &str) -> Option<&'static Rule> {
    all_rules().find(|r| r.name == name)
}

/// `--explain`: a rule by name or hadolint code, ignoring case; otherwise
/// the closest names (edit distance, as BuildKit suggests names).
pub fn find(query: &str) -> Result<&'static Rule, Vec<&'static str>> {
    if let Some(rule) = all_rules()
        .find(|r| r.name.eq_ignore_ascii_case(query) || r.hadolint.is_some_and(|h| h.eq_ignore_ascii_case(query)))
    {
        return Ok(rule);
    }
    let wanted = query.to_lowercase();
    let mut ranked: Vec<(usize, &'static str)> = all_rules()
        .flat_map(|r| std::iter::once((r.name, r.name)).chain(r.hadolint.map(|h| (h, r.name))))
        .map(|(key, name)| (crate::suggest::edit_distance(&wanted, &key.to_lowercase()), name))
        .collect();
    crate::sort::ord(&mut ranked);
    let limit = (wanted.chars().count() / 3).max(2);
    let mut names: Vec<&'static str> = Vec::new();
    for (distance, name) in ranked {
        if distance <= limit && !names.contains(&name) && names.len() < 3 {
            names.push(name);
        }
    }
    Err(names)
}

/// The page as `layerlab lint --explain` prints it.
pub fn render(rule: &Rule) -> String {
    let page = rule.page();
    let mut out = format!("{} ({}", rule.name, rule.source.as_str());
    if let Some(code) = rule.hadolint {
        out.push_str(&format!(", hadolint {code}"));
    }
    out.push_str(")\n\n");
    out.push_str(&format!("{}\n\nWhy: {}\n", rule.description, page.explanation));
    if !page.versus_hadolint.is_empty() {
        out.push_str(&format!("\nCompared with hadolint: {}\n", page.versus_hadolint));
    }
    if !page.context.is_empty() {
        out.push_str("\nWith these files in the build context:\n");
        for (path, text) in page.context {
            out.push_str(&format!("  {path}: {}\n", text.trim_end().replace('\n', "\\n")));
        }
    }
    let indent = |text: &str| text.lines().map(|l| format!("    {l}\n")).collect::<String>();
    out.push_str(&format!("\nBad:\n{}\nGood:\n{}", indent(page.bad), indent(page.good)));
    if let Some(url) = rule.url {
        out.push_str(&format!("\nMore: {url}\n"));
    }
    out
}
