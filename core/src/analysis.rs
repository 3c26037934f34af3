//! The syntax views: instructions, stages and diagnostics of one version of
//! a Dockerfile, as plain data. [`analyze`] parses and reads the text (the
//! CLI's `layerlab parse`); [`analyze_parsed`] reads a parse the caller
//! already has (the playground's façade, which shares one parse per edit).
//!
//! API boundary: views hold owned, plain data so callers never need the
//! pipeline's internal types.

use crate::diagnostic::{Diagnostic, Severity, Stage};
use crate::expansion::scope::{self, BuildInputs};
use crate::span::{LineIndex, Span};
use crate::{instructions, syntax};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Everything a view needs about one version of a Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analysis {
    /// The escape character in force (`\` or `` ` ``).
    pub escape: char,
    /// Parser directives at the top (`syntax`, `escape`, `check`), as `(name, value)`.
    pub directives: Vec<(String, String)>,
    /// Instructions in source order, including those in error.
    pub instructions: Vec<InstructionView>,
    /// Build stages, one per FROM.
    pub stages: Vec<StageView>,
    /// Every ARG the file declares (global ones first), for the build-args form.
    pub args: Vec<ArgView>,
    /// Errors and warnings from every stage of the pipeline, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// One instruction as the editor's side panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstructionView {
    /// The keyword upper-cased (`COPY`).
    pub keyword: String,
    /// ONBUILD's inner keyword, upper-cased.
    pub sub_keyword: Option<String>,
    /// The instruction with continuations joined, as BuildKit holds it.
    pub original: String,
    pub start_line: usize,
    pub end_line: usize,
    pub span: Span,
    /// Index into [`Analysis::stages`]; `None` for ARGs before the first FROM.
    pub stage: Option<usize>,
    /// Exec (JSON) form.
    pub json: bool,
    pub flags: Vec<String>,
    /// The raw, unexpanded values as BuildKit's parser holds them.
    pub args: Vec<String>,
    /// Heredocs as `(name, content)`.
    pub heredocs: Vec<(String, String)>,
}

/// A build stage: one FROM and what follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageView {
    pub index: usize,
    pub name: Option<String>,
    /// The base image reference after expansion with the global ARGs (as written when the file has errors).
    pub base: String,
    pub start_line: usize,
    /// The earlier stage this one is built FROM, when its base names one.
    pub from_stage: Option<usize>,
    /// The stages its `COPY --from` instructions name, in order, once each.
    pub copies_from: Vec<usize>,
}

/// One ARG declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgView {
    pub name: String,
    /// The default after `=`, unexpanded.
    pub default: Option<String>,
    /// `None` for a global ARG (before the first FROM).
    pub stage: Option<usize>,
    pub line: usize,
}

/// Runs the front end over `source` and collects everything a view shows.
/// Never panics, whatever the input; linear in its size.
pub fn analyze(source: &str) -> Analysis {
    let parsed = syntax::parse(source);
    let file = instructions::from_syntax(&parsed);
    analyze_parsed(source, &parsed, &file, &BTreeMap::new())
}

/// [`analyze`] over a parse already made, with the build arguments the build
/// uses, so a stage's base (`FROM python:$V`) reads as the build reads it.
pub fn analyze_parsed(
    source: &str,
    parsed: &syntax::Parsed,
    file: &instructions::Dockerfile,
    build_args: &BTreeMap<String, String>,
) -> Analysis {
    let expanded = expand(parsed, file, build_args);
    let diagnostics = diagnostics_of(source, &LineIndex::new(source), parsed, file, &expanded);
    let instructions = instruction_refs(parsed).map(|r| r.to_view()).collect();

    // Stage names resolved through one map (a later stage of the same name
    // shadows an earlier one, as `Dockerfile::stage_by_ref` says): a file of
    // thousands of stages stays linear.
    let by_name: std::collections::HashMap<String, usize> =
        file.stages.iter().filter_map(|s| s.name.as_ref().map(|n| (n.to_ascii_lowercase(), s.index))).collect();
    let stage_ref = |reference: &str| match reference.parse::<usize>() {
        Ok(index) => (index < file.stages.len()).then_some(index),
        Err(_) => by_name.get(&reference.to_ascii_lowercase()).copied(),
    };
    let stages = file
        .stages
        .iter()
        .map(|s| {
            let base = expanded.get(s.index).map_or_else(|| s.from.image.clone(), |e| e.from.base.clone());
            let mut copies_from: Vec<usize> = Vec::new();
            for instruction in &s.instructions {
                if let instructions::Instruction::Copy(copy) = instruction {
                    let source = copy.from.as_deref().and_then(stage_ref);
                    if let Some(source) = source.filter(|t| *t < s.index && !copies_from.contains(t)) {
                        copies_from.push(source);
                    }
                }
            }
            StageView {
                index: s.index,
                name: s.name.clone(),
                from_stage: stage_ref(&base).filter(|t| *t < s.index),
                base,
                start_line: s.from.common.start_line,
                copies_from,
            }
        })
        .collect();
    let declared = |arg: &instructions::Arg, stage: Option<usize>| -> Vec<ArgView> {
        arg.args
            .iter()
            .map(|d| ArgView { name: d.key.clone(), default: d.default.clone(), stage, line: arg.common.start_line })
            .collect()
    };
    let mut args: Vec<ArgView> = file.meta_args.iter().flat_map(|a| declared(a, None)).collect();
    for stage in &file.stages {
        for instruction in &stage.instructions {
            if let instructions::Instruction::Arg(arg) = instruction {
                args.extend(declared(arg, Some(stage.index)));
            }
        }
    }

    Analysis {
        escape: parsed.escape,
        directives: parsed.directives.iter().map(|d| (d.name.clone(), d.value.clone())).collect(),
        instructions,
        stages,
        args,
        diagnostics,
    }
}

/// Every error and warning of the pipeline over a parse already made, in
/// source order: what `layerlab parse` prints, without building the views.
/// `file` may be [`instructions::problems`]'s: expansion runs only on a file
/// without errors, which that keeps whole. `index` is `source`'s, which the
/// caller also needs to print them (building it twice cost a twentieth of
/// `layerlab parse` on a large file).
pub fn diagnostics(
    source: &str,
    index: &LineIndex,
    parsed: &syntax::Parsed,
    file: &instructions::Dockerfile,
    build_args: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    diagnostics_of(source, index, parsed, file, &expand(parsed, file, build_args))
}

fn diagnostics_of(
    source: &str,
    index: &LineIndex,
    parsed: &syntax::Parsed,
    file: &instructions::Dockerfile,
    expanded: &[scope::ExpandedStage],
) -> Vec<Diagnostic> {
    let diagnostic = |severity, stage, code, message: String, span| {
        Diagnostic::new(severity, stage, code, message, span, source, index)
    };

    let mut diagnostics = Vec::new();
    for e in &parsed.errors {
        diagnostics.push(diagnostic(Severity::Error, Stage::Syntax, e.kind.code(), e.to_string(), e.span));
    }
    for w in &parsed.warnings {
        diagnostics.push(diagnostic(Severity::Warning, Stage::Syntax, w.kind.code(), w.kind.to_string(), w.span));
    }
    for e in &file.errors {
        diagnostics.push(diagnostic(Severity::Error, Stage::Instructions, e.kind.code(), e.to_string(), e.span));
    }
    for w in &file.warnings {
        diagnostics.push(diagnostic(Severity::Warning, Stage::Instructions, w.kind.code(), w.kind.to_string(), w.span));
    }
    for e in expanded.iter().flat_map(|s| &s.errors) {
        diagnostics.push(diagnostic(
            Severity::Error,
            Stage::Expansion,
            e.error.kind.code(),
            e.error.to_string(),
            e.span,
        ));
    }
    crate::sort::by_key(&mut diagnostics, |d| (d.span.start(), d.severity));

    diagnostics
}

/// Expansion needs a well-formed file; its errors would only repeat earlier ones.
fn expand(
    parsed: &syntax::Parsed,
    file: &instructions::Dockerfile,
    build_args: &BTreeMap<String, String>,
) -> Vec<scope::ExpandedStage> {
    if parsed.is_ok() && file.errors.is_empty() {
        let inputs = BuildInputs { build_args: build_args.clone(), ..BuildInputs::linux_amd64() };
        scope::expand_all(file, &inputs).1
    } else {
        Vec::new()
    }
}

/// An instruction as [`InstructionView`] shows it, borrowed from the parse:
/// what a caller that only writes it out (`layerlab parse --dump json`) reads
/// without copying every string.
#[derive(Debug, Clone, Copy)]
pub struct InstructionRef<'a> {
    /// The instruction as parsed (for ONBUILD, the outer node).
    pub node: &'a syntax::Node,
    /// The node whose form, flags and arguments are shown: ONBUILD's inner one.
    pub shown: &'a syntax::Node,
    /// Index into [`Analysis::stages`]; `None` for ARGs before the first FROM.
    pub stage: Option<usize>,
}

impl<'a> InstructionRef<'a> {
    /// The keyword upper-cased (`COPY`), borrowed when written so.
    pub fn keyword(&self) -> Cow<'a, str> {
        upper(&self.node.keyword)
    }

    /// ONBUILD's inner keyword, upper-cased.
    pub fn sub_keyword(&self) -> Option<Cow<'a, str>> {
        (!std::ptr::eq(self.shown, self.node)).then(|| upper(&self.shown.keyword))
    }

    pub fn to_view(&self) -> InstructionView {
        let (node, shown) = (self.node, self.shown);
        InstructionView {
            keyword: self.keyword().into_owned(),
            sub_keyword: self.sub_keyword().map(Cow::into_owned),
            original: node.original.to_string(),
            start_line: node.start_line(),
            end_line: node.end_line(),
            span: node.span,
            stage: self.stage,
            json: shown.json,
            flags: shown.flags.iter().map(|f| f.text.to_string()).collect(),
            args: shown.args().iter().map(|a| a.text.to_string()).collect(),
            heredocs: node.heredocs.iter().map(|h| (h.name.clone(), h.content.clone())).collect(),
        }
    }
}

/// The instructions of a parse in source order, each with its stage.
pub fn instruction_refs(parsed: &syntax::Parsed) -> impl Iterator<Item = InstructionRef<'_>> {
    let mut stage: Option<usize> = None;
    parsed.nodes.iter().map(move |node| {
        if node.keyword.eq_ignore_ascii_case("from") {
            stage = Some(stage.map_or(0, |s| s + 1));
        }
        let shown = match &node.value {
            syntax::Value::Sub(inner) => inner.as_ref(),
            syntax::Value::Args(_) => node,
        };
        InstructionRef { node, shown, stage }
    })
}

/// Unicode upper case, without a copy when the text is upper case already.
fn upper(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_lowercase() || !b.is_ascii()) {
        Cow::Owned(text.to_uppercase())
    } else {
        Cow::Borrowed(text)
    }
}
