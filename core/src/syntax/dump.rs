//! BuildKit's node dump (`Node.Dump()`), byte for byte, so that its parser
//! corpus runs unchanged: `(copy ["--from=x"] "a" "b")`, one line per node.

use super::node::{Node, Value};
use crate::quote::go_quote;

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
