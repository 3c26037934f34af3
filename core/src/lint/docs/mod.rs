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

use super::practice::PRACTICE_RULES;
use super::simulated::ENGINE_RULES;
use super::Source;
use super::RULES;

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
}

/// Everything known about one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    pub name: &'static str,
    pub source: Source,
    pub hadolint: Option<&'static str>,
    pub description: &'static str,
    pub url: Option<&'static str>,
    pub page: &'static Page,
}

const fn page(rule: &'static str, explanation: &'static str, bad: &'static str, good: &'static str) -> Page {
    Page { rule, explanation, bad, good, context: &[] }
}

fn page_of(name: &str) -> Option<&'static Page> {
    buildkit::PAGES.iter().chain(practice::PAGES).chain(simulated::PAGES).find(|p| p.rule == name)
}

/// Every rule: BuildKit's, then the best practices, then the engine's.
/// A rule without a page is left out (a test makes sure there is none).
pub fn all_rules() -> &'static [RuleInfo] {
    static TABLE: std::sync::OnceLock<Vec<RuleInfo>> = std::sync::OnceLock::new();
    TABLE.get_or_init(table)
}

fn table() -> Vec<RuleInfo> {
    let buildkit = RULES.iter().filter_map(|r| {
        Some(RuleInfo {
            name: r.name,
            source: Source::Buildkit,
            hadolint: None,
            description: r.description,
            url: (!r.url.is_empty()).then_some(r.url),
            page: page_of(r.name)?,
        })
    });
    let practice = PRACTICE_RULES.iter().filter_map(|r| {
        Some(RuleInfo {
            name: r.name,
            source: Source::BestPractice,
            hadolint: Some(r.hadolint),
            description: r.description,
            url: Some(hadolint_url(r.hadolint)),
            page: page_of(r.name)?,
        })
    });
    let engine = ENGINE_RULES.iter().filter_map(|r| {
        Some(RuleInfo {
            name: r.name,
            source: Source::Engine,
            hadolint: None,
            description: r.description,
            url: None,
            page: page_of(r.name)?,
        })
    });
    buildkit.chain(practice).chain(engine).collect()
}

/// hadolint's wiki page for a code (static strings, so findings stay cheap).
fn hadolint_url(code: &str) -> &'static str {
    macro_rules! wiki {
        ($($code:literal),*) => {
            match code {
                $($code => concat!("https://github.com/hadolint/hadolint/wiki/", $code),)*
                _ => "https://github.com/hadolint/hadolint#rules",
            }
        };
    }
    wiki!(
        "DL3000", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007", "DL3008", "DL3009", "DL3013", "DL3014", "DL3015",
        "DL3016", "DL3018", "DL3019", "DL3020", "DL3025", "DL3027", "DL3042", "DL3059", "DL4000", "DL4006"
    )
}

/// The rule with exactly this name.
pub fn rule_info(name: &str) -> Option<RuleInfo> {
    all_rules().iter().find(|r| r.name == name).copied()
}

/// `--explain`: a rule by name or hadolint code, ignoring case; otherwise
/// the closest names (edit distance, as BuildKit suggests names).
pub fn find(query: &str) -> Result<RuleInfo, Vec<&'static str>> {
    let rules = all_rules();
    if let Some(rule) = rules
        .iter()
        .find(|r| r.name.eq_ignore_ascii_case(query) || r.hadolint.is_some_and(|h| h.eq_ignore_ascii_case(query)))
    {
        return Ok(*rule);
    }
    let wanted = query.to_lowercase();
    let mut ranked: Vec<(usize, &'static str)> = rules
        .iter()
        .flat_map(|r| std::iter::once((r.name, r.name)).chain(r.hadolint.map(|h| (h, r.name))))
        .map(|(key, name)| (crate::suggest::edit_distance(&wanted, &key.to_lowercase()), name))
        .collect();
    ranked.sort();
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
pub fn render(rule: &RuleInfo) -> String {
    let mut out = format!("{} ({}", rule.name, rule.source.as_str());
    if let Some(code) = rule.hadolint {
        out.push_str(&format!(", hadolint {code}"));
    }
    out.push_str(")\n\n");
    out.push_str(&format!("{}\n\nWhy: {}\n", rule.description, rule.page.explanation));
    if !rule.page.context.is_empty() {
        out.push_str("\nWith these files in the build context:\n");
        for (path, text) in rule.page.context {
            out.push_str(&format!("  {path}: {}\n", text.trim_end().replace('\n', "\\n")));
        }
    }
    let indent = |text: &str| text.lines().map(|l| format!("    {l}\n")).collect::<String>();
    out.push_str(&format!("\nBad:\n{}\nGood:\n{}", indent(rule.page.bad), indent(rule.page.good)));
    if let Some(url) = rule.url {
        out.push_str(&format!("\nMore: {url}\n"));
    }
    out
}
