//! BuildKit's node dump (`Node.Dump()`), byte for byte, so that its parser
//! corpus runs unchanged: `(copy ["--from=x"] "a" "b")`, one line per node.

use super::node::{Node, Value};

/// The whole tree, one `(...)` line per instruction, newline-terminated.
pub fn dump(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        out.push('(');
        out.push_str(&dump_node(node));
        out.push_str(")\n");
    }
    out
}

fn dump_node(node: &Node) -> String {
    let mut out = node.keyword.to_lowercase();
    if !node.flags.is_empty() {
        // Go's `%q` of a []string: `["a" "b"]`.
        let quoted: Vec<String> = node.flags.iter().map(|f| go_quote(&f.text)).collect();
        out.push_str(&format!(" [{}]", quoted.join(" ")));
    }
    match &node.value {
        Value::Args(args) => {
            for arg in args {
                out.push(' ');
                out.push_str(&go_quote(&arg.text));
            }
        }
        Value::Sub(inner) => {
            out.push_str(" (");
            out.push_str(&dump_node(inner));
            out.push(')');
        }
    }
    out.trim().to_string()
}

/// Go's `strconv.Quote`: a double-quoted string with Go escapes, printable
/// Unicode kept as is.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` without Unicode tables: the
/// ASCII space counts, other blanks, control and format characters and
/// private-use code points do not. Unassigned code points are treated as
/// printable, where Go would escape them.
fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xD800..=0xF8FF
        | 0xFEFF | 0xFFF9..=0xFFFB | 0xFFFE | 0xFFFF | 0xF0000..=0x10FFFF)
}
