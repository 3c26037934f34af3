//! The check configuration: which rules run, and whether a reported rule fails
//! the build.
//!
//! Three sources, as BuildKit reads them (`linter/linter.go`,
//! `parser/directives.go`, `dockerui/config.go`):
//! * the `# check=skip=...;error=true;experimental=...` parser directive at the
//!   top of the file (its value is cut at the first space);
//! * the `BUILDKIT_DOCKERFILE_CHECK` build argument, which *replaces* the
//!   directive instead of merging with it (and is not cut at a space);
//! * a `# check=...` comment directly above one instruction, merged into the
//!   configuration for that instruction only (its `error=` is ignored).

use crate::lint::Rule;
use crate::quote::go_quote;

/// The build argument that replaces the `# check=` directive.
pub const CHECK_BUILD_ARG: &str = "BUILDKIT_DOCKERFILE_CHECK";

/// A parsed check configuration (BuildKit's `linter.Config`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckConfig {
    pub skip_all: bool,
    pub skip: Vec<String>,
    pub experimental_all: bool,
    pub experimental: Vec<String>,
    /// `error=true`: fail the build when any rule reported something.
    pub error: bool,
}

impl CheckConfig {
    /// Parses `skip=A,B;error=true;experimental=C` (BuildKit's `ParseLintOptions`).
    /// The error text is BuildKit's, without the caller's prefix.
    pub fn parse(text: &str) -> Result<CheckConfig, String> {
        let text = text.trim();
        let mut config = CheckConfig::default();
        if text.is_empty() {
            return Ok(config);
        }
        // At most three parts: a fourth `;` stays inside the third option's value.
        for part in text.splitn(3, ';') {
            let Some((key, value)) = part.split_once('=') else {
                return Err(format!("invalid check option {}", go_quote(part)));
            };
            match key.trim() {
                "skip" => rule_list(value, &mut config.skip_all, &mut config.skip),
                "experimental" => rule_list(value, &mut config.experimental_all, &mut config.experimental),
                "error" => {
                    let value = value.trim();
                    config.error = parse_go_bool(value).ok_or_else(|| {
                        format!(
                            "failed to parse check option {}: strconv.ParseBool: parsing {}: invalid syntax",
                            go_quote(part),
                            go_quote(value)
                        )
                    })?;
                }
                other => return Err(format!("invalid check option {}", go_quote(other))),
            }
        }
        Ok(config)
    }

    /// Whether `rule` runs under this configuration (BuildKit's `Linter.Run`):
    /// an experimental rule only when enabled, and then regardless of `skip`.
    pub fn allows(&self, rule: &Rule) -> bool {
        if rule.experimental {
            self.experimental_all || self.experimental.iter().any(|r| r == rule.name)
        } else {
            !self.skip_all && !self.skip.iter().any(|r| r == rule.name)
        }
    }

    /// This configuration with `other`'s skips and experiments added
    /// (`WithMergedConfig`); `error` stays as it was.
    pub fn merged(&self, other: &CheckConfig) -> CheckConfig {
        let mut out = self.clone();
        out.skip_all |= other.skip_all;
        out.experimental_all |= other.experimental_all;
        out.skip.extend(other.skip.iter().cloned());
        out.experimental.extend(other.experimental.iter().cloned());
        out
    }

    /// The configuration for one instruction given the comments directly above
    /// it (`WithMergedConfigFromComments`): the first comment that is a
    /// `check=` directive counts; an unparsable one leaves this unchanged.
    pub fn with_comments(&self, comments: &[String]) -> CheckConfig {
        for comment in comments {
            let Some((name, value)) = directive(comment) else { continue };
            if name != "check" {
                continue;
            }
            return match CheckConfig::parse(cut_at_space(&value)) {
                Ok(local) => self.merged(&local),
                Err(_) => self.clone(),
            };
        }
        self.clone()
    }
}

/// The configuration a build starts from: the build argument if given, else
/// the file's `# check=` directive. Errors are BuildKit's full messages.
pub(super) fn base_config(source: &str, build_arg: Option<&str>) -> Result<CheckConfig, String> {
    if let Some(value) = build_arg {
        return CheckConfig::parse(value).map_err(|e| format!("failed to parse build-arg:{CHECK_BUILD_ARG}: {e}"));
    }
    let value = check_directive(source).unwrap_or_default();
    CheckConfig::parse(&value).map_err(|e| format!("failed to parse check options: {e}"))
}

/// The `# check=` directive's value, cut at the first space (BuildKit's
/// `ParseDirective("check", ...)`): a BOM and a `#!` first line are skipped,
/// then directives are read until the first line that is not one.
pub fn check_directive(source: &str) -> Option<String> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let text = match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("#!") => rest,
        _ if text.starts_with("#!") => "",
        _ => text,
    };
    let mut seen: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Some(rest) = line.strip_prefix('#') else { break };
        let Some((name, value)) = directive(rest) else { break };
        if seen.contains(&name) {
            // A repeated directive is an error that ends the scan.
            break;
        }
        if name == "check" {
            return Some(cut_at_space(&value).to_string());
        }
        seen.push(name);
    }
    None
}

/// Text before the first space, as BuildKit cuts directive values.
fn cut_at_space(value: &str) -> &str {
    value.split_once(' ').map_or(value, |(head, _)| head)
}

/// `name = value` with a known directive name (`syntax`, `escape`, `check`),
/// matched like BuildKit's `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` after
/// leading Unicode spaces are trimmed. The name comes back lower-cased.
fn directive(text: &str) -> Option<(String, String)> {
    let is_re_space = |c: char| matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ');
    let text = text.trim_start();
    let name_len = text
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())))
        .map_or(text.len(), |(i, _)| i);
    if name_len == 0 {
        return None;
    }
    let (name, rest) = text.split_at(name_len);
    let rest = rest.trim_start_matches(is_re_space).strip_prefix('=')?;
    if rest.is_empty() || rest.contains('\n') {
        return None;
    }
    let trimmed = rest.trim_start_matches(is_re_space);
    let value = if trimmed.is_empty() {
        // Only spaces after `=`: the lazy group still takes the last one.
        rest.chars().last().map(String::from).unwrap_or_default()
    } else {
        trimmed.trim_end_matches(is_re_space).to_string()
    };
    let name = name.to_ascii_lowercase();
    matches!(name.as_str(), "syntax" | "escape" | "check").then_some((name, value))
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `all`, or rule names separated by commas (`skip=` and `experimental=`).
fn rule_list(value: &str, all: &mut bool, names: &mut Vec<String>) {
    let value = value.trim();
    if value == "all" {
        *all = true;
    } else {
        *names = value.split(',').map(|r| r.trim().to_string()).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::buildkit::rules::RuleId;

    #[test]
    fn parses_options_like_buildkit() {
        let c = CheckConfig::parse(" skip = A, B ;error=True;experimental=all").expect("valid");
        assert_eq!(c.skip, ["A", "B"]);
        assert!(c.error && c.experimental_all && !c.skip_all);
        assert_eq!(CheckConfig::parse("skip").unwrap_err(), "invalid check option \"skip\"");
        assert_eq!(CheckConfig::parse("foo=1").unwrap_err(), "invalid check option \"foo\"");
        assert_eq!(
            CheckConfig::parse("error=maybe").unwrap_err(),
            "failed to parse check option \"error=maybe\": strconv.ParseBool: parsing \"maybe\": invalid syntax"
        );
        // A fourth option is glued to the third's value.
        let c = CheckConfig::parse("error=false;skip=A;experimental=B;skip=C").expect("valid");
        assert_eq!(c.experimental, ["B;skip=C"]);
    }

    #[test]
    fn experimental_rules_ignore_skip() {
        let c = CheckConfig::parse("skip=all;experimental=InvalidDefinitionDescription").expect("valid");
        assert!(c.allows(RuleId::InvalidDefinitionDescription.rule()));
        assert!(!c.allows(RuleId::UndefinedVar.rule()));
        assert!(!CheckConfig::default().allows(RuleId::InvalidDefinitionDescription.rule()));
    }

    #[test]
    fn directive_must_open_the_file() {
        assert_eq!(check_directive("#check=skip=all\nFROM a").as_deref(), Some("skip=all"));
        assert_eq!(check_directive("# syntax=x\n# check=error=true // why\n").as_deref(), Some("error=true"));
        assert_eq!(check_directive("#!/bin/sh\n# check=skip=all\n").as_deref(), Some("skip=all"));
        assert_eq!(check_directive("\n# check=skip=all\n"), None);
        assert_eq!(check_directive("# hello\n# check=skip=all\n"), None);
    }

    #[test]
    fn comments_merge_for_one_instruction() {
        let base = CheckConfig::parse("skip=A;error=true").expect("valid");
        let comments = vec!["just words".to_string(), "check=skip=B // why".to_string()];
        let merged = base.with_comments(&comments);
        assert_eq!(merged.skip, ["A", "B"]);
        assert!(merged.error);
        assert_eq!(base.with_comments(&["check=bogus".to_string()]), base);
    }
}
