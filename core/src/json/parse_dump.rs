//! `layerlab parse --dump json`, written by hand: one array, one object per
//! instruction, laid out exactly as `serde_json`'s pretty printer lays it out
//! (two-space indents, `[]` for an empty list), straight from the parse.
//!
//! Why by hand: the dump is several times the size of the Dockerfile, and
//! going through `serde` costs a call per key, string and punctuation mark;
//! here each string is one escape scan into one buffer. A test holds the
//! bytes to `serde_json`'s own output.

use crate::analysis::{instruction_refs, InstructionRef};
use crate::syntax::Parsed;
use std::io::{self, Write};

/// The buffer is handed to the writer when it passes this size.
const CHUNK: usize = 256 * 1024;

/// Writes the dump of `parsed` to `out` as it is made.
pub fn write_parse_dump<W: Write>(parsed: &Parsed, mut out: W) -> io::Result<()> {
    let mut buf = Vec::with_capacity(CHUNK + 4096);
    let mut any = false;
    for instruction in instruction_refs(parsed) {
        buf.extend_from_slice(if any { b",\n  {\n" } else { b"[\n  {\n" });
        any = true;
        object(&mut buf, instruction);
        if buf.len() >= CHUNK {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    buf.extend_from_slice(if any { b"\n]" } else { b"[]" });
    out.write_all(&buf)
}

/// One instruction's members, at an indent of four.
fn object(buf: &mut Vec<u8>, instruction: InstructionRef<'_>) {
    let (node, shown) = (instruction.node, instruction.shown);
    buf.extend_from_slice(b"    \"cmd\": ");
    string(buf, &instruction.keyword());
    buf.extend_from_slice(b",\n    \"sub_cmd\": ");
    match instruction.sub_keyword() {
        Some(sub) => string(buf, &sub),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(if shown.json { b",\n    \"json\": true" } else { b",\n    \"json\": false" });
    buf.extend_from_slice(b",\n    \"original\": ");
    string(buf, &node.original);
    buf.extend_from_slice(b",\n    \"start_line\": ");
    number(buf, node.start_line());
    buf.extend_from_slice(b",\n    \"end_line\": ");
    number(buf, node.end_line());
    buf.extend_from_slice(b",\n    \"flags\": ");
    strings(buf, shown.flags.iter().map(|f| f.text.as_str()));
    buf.extend_from_slice(b",\n    \"value\": ");
    strings(buf, shown.args().iter().map(|a| a.text.as_str()));
    buf.extend_from_slice(b",\n    \"heredocs\": ");
    if node.heredocs.is_empty() {
        buf.extend_from_slice(b"[]");
    } else {
        for (i, heredoc) in node.heredocs.iter().enumerate() {
            buf.extend_from_slice(if i == 0 {
                b"[\n      {\n        \"name\": "
            } else {
                b",\n      {\n        \"name\": "
            });
            string(buf, &heredoc.name);
            buf.extend_from_slice(b",\n        \"content\": ");
            string(buf, &heredoc.content);
            buf.extend_from_slice(b"\n      }");
        }
        buf.extend_from_slice(b"\n    ]");
    }
    buf.extend_from_slice(b"\n  }");
}

/// A list of strings at an indent of four.
fn strings<'a>(buf: &mut Vec<u8>, items: impl Iterator<Item = &'a str>) {
    let mut any = false;
    for item in items {
        buf.extend_from_slice(if any { b",\n      " } else { b"[\n      " });
        any = true;
        string(buf, item);
    }
    buf.extend_from_slice(if any { b"\n    ]" } else { b"[]" });
}

fn number(buf: &mut Vec<u8>, n: usize) {
    // Spares `fmt`'s machinery; usize has at most 20 digits.
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

/// A JSON string with `serde_json`'s escapes: `\"`, `\\`, the short forms
/// `\b \t \n \f \r`, `\u00xx` (lower-case hex) for other control characters,
/// everything else (non-ASCII and DEL included) as it is.
pub(super) fn string(buf: &mut Vec<u8>, text: &str) {
    buf.push(b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(i) = next_escape(bytes, start) {
        buf.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        match bytes[i] {
            b'"' => buf.extend_from_slice(b"\\\""),
            b'\\' => buf.extend_from_slice(b"\\\\"),
            0x08 => buf.extend_from_slice(b"\\b"),
            b'\t' => buf.extend_from_slice(b"\\t"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            0x0c => buf.extend_from_slice(b"\\f"),
            b'\r' => buf.extend_from_slice(b"\\r"),
            b => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[usize::from(b >> 4)]);
                buf.push(HEX[usize::from(b & 0xf)]);
            }
        }
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// The first byte at or after `from` that JSON escapes: a control character,
/// `"` or `\`. Most strings have none, so eight bytes are tested at a time
/// (the classic has-zero-byte and has-less-than bit tricks, exact as yes/no
/// answers) and only a word that has one is searched byte by byte.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let is_escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let w = u64::from_ne_bytes(eight);
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0;
        if control || has_zero(w ^ (ONES * u64::from(b'"'))) || has_zero(w ^ (ONES * u64::from(b'\\'))) {
            break;
        }
        i += 8;
    }
    bytes.get(i..)?.iter().position(|&b| is_escaped(b)).map(|at| i + at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use proptest::prelude::*;
    use serde_json::json;

    /// The dump as `serde_json` prints the same values from the views: the
    /// layout this module must reproduce byte for byte.
    fn by_serde(text: &str) -> String {
        let values: Vec<serde_json::Value> = analyze(text)
            .instructions
            .iter()
            .map(|v| {
                json!({
                    "cmd": v.keyword,
                    "sub_cmd": v.sub_keyword,
                    "json": v.json,
                    "original": v.original,
                    "start_line": v.start_line,
                    "end_line": v.end_line,
                    "flags": v.flags,
                    "value": v.args,
                    "heredocs": v.heredocs.iter().map(|(name, content)| json!({"name": name, "content": content})).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::to_string_pretty(&values).expect("values serialize")
    }

    fn by_hand(text: &str) -> String {
        let mut out = Vec::new();
        write_parse_dump(&crate::syntax::parse(text), &mut out).expect("writing to memory");
        String::from_utf8(out).expect("the dump is UTF-8")
    }

    #[test]
    fn matches_serde_json_layout() {
        let text = "# syntax=docker/dockerfile:1\nFROM alpine:3.20 AS build\nonbuild run echo \"hi\"\\\n  there\n\
                    COPY --from=build --chown=1:1 [\"a b\", \"/c\"]\nRUN <<EOF cat >/x\nline \"one\"\n\tline\\two\nEOF\n\
                    ENV A=1 B=\"x y\"\nLABEL ü=ß\nCMD [\"sh\", \"-c\", \"\\u0007\"]\nEXPOSE 80 443\nMAINTAINER \x01\x1f\x7f\n";
        assert_eq!(by_hand(text), by_serde(text));
    }

    #[test]
    fn an_empty_dump_is_an_empty_array() {
        assert_eq!(by_hand(""), "[]");
        assert_eq!(by_hand(""), by_serde(""));
    }

    #[test]
    fn an_escape_is_found_at_every_position_of_a_word() {
        for special in ['"', '\\', '\n', '\x1f', '\0'] {
            for at in 0..20 {
                let mut text: String = "abcdefghijklmnopqrst".into();
                text.replace_range(at..=at, &special.to_string());
                let mut buf = Vec::new();
                string(&mut buf, &text);
                let expected = serde_json::to_string(&text).expect("a string serializes");
                assert_eq!(String::from_utf8(buf).expect("UTF-8"), expected, "{special:?} at {at}");
            }
        }
    }

    proptest! {
        #[test]
        fn strings_escape_as_serde_json_does(text in "\\PC*|[\\x00-\\x7f]*") {
            let mut buf = Vec::new();
            string(&mut buf, &text);
            prop_assert_eq!(String::from_utf8(buf).expect("UTF-8"), serde_json::to_string(&text).expect("a string serializes"));
        }

        #[test]
        fn dumps_match_serde_json(text in "([A-Za-z]{2,8}( --[a-z]+=[^\\n]{0,6})?( [^\\n]{0,12}){0,3}\\\\?\n){0,6}") {
            prop_assert_eq!(by_hand(&text), by_serde(&text));
        }
    }
}
