//! API boundary: the JSON shapes Layerlab prints (`layerlab parse --dump json`).
//! Only this module decides what is serialized, so internal types stay free
//! to change.

use crate::analysis::InstructionView;
use serde::Serialize;

/// One instruction of `layerlab parse --dump json`.
#[derive(Debug, Serialize)]
pub struct ParsedInstruction<'a> {
    /// The keyword upper-cased.
    pub cmd: &'a str,
    /// ONBUILD's inner keyword, upper-cased.
    pub sub_cmd: Option<&'a str>,
    /// Exec (JSON) form.
    pub json: bool,
    /// The instruction with continuations joined as BuildKit joins them.
    pub original: &'a str,
    pub start_line: usize,
    pub end_line: usize,
    pub flags: &'a [String],
    /// The raw, unexpanded values as BuildKit's parser holds them.
    pub value: &'a [String],
    pub heredocs: Vec<HeredocJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct HeredocJson<'a> {
    pub name: &'a str,
    pub content: &'a str,
}

impl<'a> From<&'a InstructionView> for ParsedInstruction<'a> {
    fn from(view: &'a InstructionView) -> Self {
        ParsedInstruction {
            cmd: &view.keyword,
            sub_cmd: view.sub_keyword.as_deref(),
            json: view.json,
            original: &view.original,
            start_line: view.start_line,
            end_line: view.end_line,
            flags: &view.flags,
            value: &view.args,
            heredocs: view.heredocs.iter().map(|(name, content)| HeredocJson { name, content }).collect(),
        }
    }
}

/// The `--dump json` document: one array, one object per instruction.
pub fn parse_dump(instructions: &[InstructionView]) -> String {
    let items: Vec<ParsedInstruction<'_>> = instructions.iter().map(ParsedInstruction::from).collect();
    // Serializing plain strings, numbers and bools cannot fail.
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

/// `layerlab build --json`: the image, each step with its cache decision and
/// reason, and the log. Docker's config keys; absent values are null.
pub fn build_report(outcome: &crate::build::BuildOutcome, tags: &[String], source: &str) -> serde_json::Value {
    use serde_json::{json, Value};
    let index = crate::span::LineIndex::new(source);
    let image = outcome.image.as_ref().map(|image| {
        let c = &image.config;
        let list = |v: &Option<Vec<String>>| v.as_ref().map_or(Value::Null, |v| json!(v));
        let set = |s: &std::collections::BTreeSet<String>| {
            if s.is_empty() {
                Value::Null
            } else {
                Value::Object(s.iter().map(|k| (k.clone(), json!({}))).collect())
            }
        };
        let text = |s: &str| if s.is_empty() { Value::Null } else { json!(s) };
        json!({
            "id": image.id(),
            "tags": tags,
            "size": image.size(),
            "config": {
                "Entrypoint": list(&c.entrypoint),
                "Cmd": list(&c.cmd),
                "Env": c.env.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
                "WorkingDir": text(&c.working_dir),
                "User": text(&c.user),
                "ExposedPorts": set(&c.exposed_ports),
                "Volumes": set(&c.volumes),
                "Labels": if c.labels.is_empty() { Value::Null } else { json!(c.labels) },
                "Shell": list(&c.shell),
                "StopSignal": c.stop_signal.as_ref().map_or(Value::Null, |s| json!(s)),
                "Healthcheck": c.healthcheck.as_ref().map_or(Value::Null, |h| json!({
                    "Test": h.test,
                    "Interval": h.interval,
                    "Timeout": h.timeout,
                    "StartPeriod": h.start_period,
                    "StartInterval": h.start_interval,
                    "Retries": h.retries,
                })),
                "OnBuild": if c.on_build.is_empty() { Value::Null } else { json!(c.on_build) },
            },
        })
    });
    let steps: Vec<Value> = outcome
        .steps
        .iter()
        .map(|s| {
            json!({
                "stage": s.stage,
                "instruction": s.instruction,
                "line": s.line,
                "cached": s.cached,
                "reason": s.reason,
                "size": s.size,
                "seconds": s.seconds,
                "notes": s.notes,
                // Paths the step added whose size the simulation cannot know (URLs, files of images).
                "unknown_size": s.unknown_size,
            })
        })
        .collect();
    let mut report = json!({
        "image": image,
        "steps": steps,
        "skipped_stages": outcome.skipped_stages,
        "wasted_bytes": outcome.wasted_bytes,
        "efficiency": outcome.efficiency,
        "warnings": outcome.warnings.iter().map(|w| json!({ "rule": w.rule, "message": w.message, "line": w.line })).collect::<Vec<_>>(),
        "log": outcome.log,
    });
    if let Some(error) = &outcome.error {
        let at = index.line_col(source, error.span.start);
        report["error"] = json!({ "message": error.message, "line": at.line, "column": at.col });
    }
    report
}
