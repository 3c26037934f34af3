//! The rule table: BuildKit's 22 build checks (`frontend/dockerfile/linter/ruleset.go`)
//! as data, in BuildKit's order, and the detail message of each.
//!
//! Names, descriptions and URLs are what `docker build --check` prints, so they
//! are kept verbatim; the message builders below produce the same `detail`
//! texts as BuildKit's `Format` functions (Go's `%q` is [`go_quote`]).

use crate::lint::rule::{rule_table, Level, Rule, Source};
use crate::quote::go_quote;

/// A check (BuildKit gives InvalidBaseImagePlatform no page: its URL is empty).
const fn rule(name: &'static str, description: &'static str, url: &'static str) -> Rule {
    let url = if url.is_empty() { None } else { Some(url) };
    Rule {
        name,
        source: Source::Buildkit,
        hadolint: None,
        description,
        url,
        level: Level::Warning,
        experimental: false,
    }
}

macro_rules! url {
    ($page:literal) => {
        concat!("https://docs.docker.com/go/dockerfile/rule/", $page, "/")
    };
}

rule_table! {
    /// Every check, by name; `RuleId::X as usize` indexes [`RULES`].
    pub enum RuleId;
    /// The table, in `ruleset.go` order.
    pub static RULES;
    StageNameCasing => rule("StageNameCasing", "Stage names should be lowercase", url!("stage-name-casing")),
    FromAsCasing => rule(
        "FromAsCasing",
        "The 'as' keyword should match the case of the 'from' keyword",
        url!("from-as-casing"),
    ),
    NoEmptyContinuation => rule(
        "NoEmptyContinuation",
        "Empty continuation lines will become errors in a future release",
        url!("no-empty-continuation"),
    ),
    ConsistentInstructionCasing => rule(
        "ConsistentInstructionCasing",
        "All commands within the Dockerfile should use the same casing (either upper or lower)",
        url!("consistent-instruction-casing"),
    ),
    DuplicateStageName => rule("DuplicateStageName", "Stage names should be unique", url!("duplicate-stage-name")),
    ReservedStageName => rule(
        "ReservedStageName",
        "Reserved words should not be used as stage names",
        url!("reserved-stage-name"),
    ),
    JsonArgsRecommended => rule(
        "JSONArgsRecommended",
        "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
        url!("json-args-recommended"),
    ),
    // hadolint's DL4000 checks the same thing (every MAINTAINER), so this
    // check carries its code rather than a best practice repeating it.
    MaintainerDeprecated => Rule {
        hadolint: Some("DL4000"),
        ..rule(
            "MaintainerDeprecated",
            "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
            url!("maintainer-deprecated"),
        )
    },
    UndefinedArgInFrom => rule(
        "UndefinedArgInFrom",
        "FROM command must use declared ARGs",
        url!("undefined-arg-in-from"),
    ),
    WorkdirRelativePath => rule(
        "WorkdirRelativePath",
        "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes",
        url!("workdir-relative-path"),
    ),
    UndefinedVar => rule("UndefinedVar", "Variables should be defined before their use", url!("undefined-var")),
    MultipleInstructionsDisallowed => rule(
        "MultipleInstructionsDisallowed",
        "Multiple instructions of the same type should not be used in the same stage",
        url!("multiple-instructions-disallowed"),
    ),
    LegacyKeyValueFormat => rule(
        "LegacyKeyValueFormat",
        "Legacy key/value format with whitespace separator should not be used",
        url!("legacy-key-value-format"),
    ),
    InvalidBaseImagePlatform => rule(
        "InvalidBaseImagePlatform",
        "Base image platform does not match expected target platform",
        "",
    ),
    RedundantTargetPlatform => rule(
        "RedundantTargetPlatform",
        "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
        url!("redundant-target-platform"),
    ),
    SecretsUsedInArgOrEnv => rule(
        "SecretsUsedInArgOrEnv",
        "Sensitive data should not be used in the ARG or ENV commands",
        url!("secrets-used-in-arg-or-env"),
    ),
    InvalidDefaultArgInFrom => rule(
        "InvalidDefaultArgInFrom",
        "Default value for global ARG results in an empty or invalid base image name",
        url!("invalid-default-arg-in-from"),
    ),
    FromPlatformFlagConstDisallowed => rule(
        "FromPlatformFlagConstDisallowed",
        "FROM --platform flag should not use a constant value",
        url!("from-platform-flag-const-disallowed"),
    ),
    CopyIgnoredFile => rule(
        "CopyIgnoredFile",
        "Attempting to Copy file that is excluded by .dockerignore",
        url!("copy-ignored-file"),
    ),
    InvalidDefinitionDescription => Rule {
        experimental: true,
        ..rule(
            "InvalidDefinitionDescription",
            "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.",
            url!("invalid-definition-description"),
        )
    },
    ExposeProtoCasing => rule(
        "ExposeProtoCasing",
        "Protocol in EXPOSE instruction should be lowercase",
        url!("expose-proto-casing"),
    ),
    ExposeInvalidFormat => rule(
        "ExposeInvalidFormat",
        "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release",
        url!("expose-invalid-format"),
    ),
}

/// Every rule, in BuildKit's order.
pub fn rules() -> &'static [Rule] {
    &RULES
}

/// The rule called `name` (exact, case-sensitive, as `check=skip=` compares).
pub fn by_name(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

// Detail messages, one per rule, as BuildKit's `Format` functions print them.

pub(super) fn stage_name_casing(name: &str) -> String {
    format!("Stage name '{name}' should be lowercase")
}

/// BuildKit's `Format(from, as)` prints the `as` word first.
pub(super) fn from_as_casing(from: &str, as_word: &str) -> String {
    format!("'{as_word}' and '{from}' keywords' casing do not match")
}

pub(super) fn no_empty_continuation() -> String {
    "Empty continuation line".to_string()
}

pub(super) fn consistent_instruction_casing(command: &str, casing: &str) -> String {
    format!("Command '{command}' should match the case of the command majority ({casing})")
}

pub(super) fn duplicate_stage_name(name: &str) -> String {
    format!("Duplicate stage name {}, stage names should be unique", go_quote(name))
}

pub(super) fn reserved_stage_name(name: &str) -> String {
    format!("Stage name should not use the same name as reserved stage {}", go_quote(name))
}

pub(super) fn json_args_recommended(instruction: &str) -> String {
    format!("JSON arguments recommended for {instruction} to prevent unintended behavior related to OS signals")
}

pub(super) fn maintainer_deprecated() -> String {
    "Maintainer instruction is deprecated in favor of using label".to_string()
}

pub(super) fn undefined_arg_in_from(arg: &str, suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("FROM argument '{arg}' is not declared (did you mean {s}?)"),
        None => format!("FROM argument '{arg}' is not declared"),
    }
}

pub(super) fn workdir_relative_path(path: &str) -> String {
    format!("Relative workdir {} can have unexpected results if the base image changes", go_quote(path))
}

pub(super) fn undefined_var(name: &str, suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("Usage of undefined variable '${name}' (did you mean ${s}?)"),
        None => format!("Usage of undefined variable '${name}'"),
    }
}

pub(super) fn multiple_instructions_disallowed(instruction: &str) -> String {
    format!("Multiple {instruction} instructions should not be used in the same stage because only the last one will be used")
}

pub(super) fn legacy_key_value_format(instruction: &str) -> String {
    format!("\"{instruction} key=value\" should be used instead of legacy \"{instruction} key value\" format")
}

/// BuildKit's `Format(image, expected, actual)` prints `actual` first.
pub(super) fn invalid_base_image_platform(image: &str, expected: &str, actual: &str) -> String {
    format!(
        "Base image {image} was pulled with platform {}, expected {} for current build",
        go_quote(actual),
        go_quote(expected)
    )
}

pub(super) fn redundant_target_platform(expression: &str) -> String {
    format!("Setting platform to predefined {expression} in FROM is redundant as this is the default behavior")
}

pub(super) fn secrets_used_in_arg_or_env(instruction: &str, key: &str) -> String {
    format!("Do not use ARG or ENV instructions for sensitive data ({instruction} {})", go_quote(key))
}

pub(super) fn invalid_default_arg_in_from(base: &str) -> String {
    format!("Default value for ARG {base} results in empty or invalid base image name")
}

pub(super) fn from_platform_flag_const_disallowed(platform: &str) -> String {
    format!("FROM --platform flag should not use constant value {}", go_quote(platform))
}

pub(super) fn copy_ignored_file(command: &str, file: &str) -> String {
    format!("Attempting to {command} file {} that is excluded by .dockerignore", go_quote(file))
}

pub(super) fn invalid_definition_description(instruction: &str, name: &str) -> String {
    format!("Comment for {instruction} should follow the format: `# {name} <description>`")
}

pub(super) fn expose_proto_casing(port: &str) -> String {
    format!("Defined protocol '{port}' in EXPOSE instruction should be lowercase")
}

pub(super) fn expose_invalid_format(port: &str) -> String {
    format!("EXPOSE instruction should not define an IP address or host-port mapping, found '{port}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_id_and_urls_share_the_docs_prefix() {
        for rule in &RULES {
            let docs = "https://docs.docker.com/go/dockerfile/rule/";
            assert!(rule.url.is_none_or(|url| url.starts_with(docs)), "{}", rule.name);
            assert_eq!(rule.source, Source::Buildkit);
        }
        assert_eq!(RuleId::JsonArgsRecommended.rule().name, "JSONArgsRecommended");
        assert_eq!(RuleId::ExposeInvalidFormat.rule().name, "ExposeInvalidFormat");
        assert_eq!(RULES.iter().filter(|r| r.experimental).count(), 1);
        assert!(RULES.iter().filter(|r| r.url.is_none()).all(|r| r.name == "InvalidBaseImagePlatform"));
        assert_eq!(by_name("UndefinedVar"), Some(RuleId::UndefinedVar.rule()));
        assert!(by_name("undefinedvar").is_none());
    }
}
