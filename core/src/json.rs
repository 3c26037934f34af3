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
