//! One rule type for all three sources: a rule as data (name, source,
//! hadolint alias, description, URL, level). Each source keeps its own table
//! of this type (`buildkit::RULES`, `practice::PRACTICE_RULES`,
//! `simulated::ENGINE_RULES`); [`super::docs`] adds a page to each.

use super::docs::{self, Page};

/// Where a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// BuildKit's build checks (`docker build --check`).
    Buildkit,
    /// Best practices, with hadolint's code as an alias.
    BestPractice,
    /// Figures from Layerlab's build simulation.
    Engine,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Buildkit => "buildkit",
            Source::BestPractice => "best-practice",
            Source::Engine => "engine",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Warning,
    /// The build (or the container) fails.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// One rule, from any source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The name used in results (and, for BuildKit's, in `# check=skip=<name>`).
    pub name: &'static str,
    pub source: Source,
    /// hadolint's code (`DL3009`) for the best practices, and for a BuildKit
    /// check hadolint makes too (`MaintainerDeprecated`, DL4000).
    pub hadolint: Option<&'static str>,
    /// One line (BuildKit's own `description` for its checks).
    pub description: &'static str,
    /// The documentation page, when there is one.
    pub url: Option<&'static str>,
    pub level: Level,
    /// BuildKit: runs only when enabled with `# check=experimental=<name>`
    /// (or `all`); `skip` never applies to it.
    pub experimental: bool,
}

impl Rule {
    /// The rule's page, in our own words (a test makes sure every rule has one).
    pub fn page(&self) -> &'static Page {
        docs::page_of(self.name).unwrap_or(&docs::NO_PAGE)
    }
}

/// Declares a source's rule enum and its table from one list, so that
/// `Enum::X as usize` indexes the table by construction:
/// `rule_table! { pub enum E; pub static TABLE; X => rule(...), ... }`.
macro_rules! rule_table {
    (
        $(#[$enum_meta:meta])* $enum_vis:vis enum $enum:ident;
        $(#[$table_meta:meta])* $table_vis:vis static $table:ident;
        $($id:ident => $rule:expr),* $(,)?
    ) => {
        $(#[$enum_meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $enum_vis enum $enum {
            $($id),*
        }

        $(#[$table_meta])*
        $table_vis static $table: [$crate::lint::Rule; [$(stringify!($id)),*].len()] = [$($rule),*];

        impl $enum {
            /// This rule's entry in the table.
            pub fn rule(self) -> &'static $crate::lint::Rule {
                &$table[self as usize]
            }
        }
    };
}
pub(super) use rule_table;
