//! Merging `-f` files in order, as compose-go's `override/merge.go` does:
//! mappings merge key by key, sequences append, scalars are replaced; some
//! paths have their own rule (`command` and `entrypoint` are replaced whole,
//! `environment` and `labels` become `KEY=VALUE` lists and append, `build`
//! as a string is its context, `depends_on` and `networks` merge as
//! mappings). Then `override/uncity.go`'s rule: a later entry of `ports`,
//! `volumes`, `expose`, `environment`... with the same key replaces the
//! earlier one in place.

use super::error::ComposeError;
use super::node::{Key, Node, Value};

#[derive(Clone, Copy)]
enum Rule {
    Override,
    ToSequence,
    Build,
    DependsOn,
    Networks,
}

/// compose-go `override/merge.go`, `mergeSpecials` (the paths Layerlab reads).
const SPECIALS: &[(&[&str], Rule)] = &[
    (&["networks", "*", "labels"], Rule::ToSequence),
    (&["volumes", "*", "labels"], Rule::ToSequence),
    (&["services", "*", "build"], Rule::Build),
    (&["services", "*", "build", "args"], Rule::ToSequence),
    (&["services", "*", "build", "labels"], Rule::ToSequence),
    (&["services", "*", "command"], Rule::Override),
    (&["services", "*", "depends_on"], Rule::DependsOn),
    (&["services", "*", "deploy", "labels"], Rule::ToSequence),
    (&["services", "*", "dns"], Rule::ToSequence),
    (&["services", "*", "entrypoint"], Rule::Override),
    (&["services", "*", "env_file"], Rule::ToSequence),
    (&["services", "*", "environment"], Rule::ToSequence),
    (&["services", "*", "healthcheck", "test"], Rule::Override),
    (&["services", "*", "labels"], Rule::ToSequence),
    (&["services", "*", "networks"], Rule::Networks),
    (&["services", "*", "sysctls"], Rule::ToSequence),
    (&["services", "*", "tmpfs"], Rule::ToSequence),
];

fn matches(pattern: &[&str], path: &[String]) -> bool {
    pattern.len() == path.len() && pattern.iter().zip(path).all(|(p, part)| *p == "*" || p == part)
}

/// Merges `over` into `base`.
pub fn merge(base: Node, over: Node) -> Result<Node, ComposeError> {
    merge_at(base, over, &mut Vec::new())
}

fn merge_at(base: Node, over: Node, path: &mut Vec<String>) -> Result<Node, ComposeError> {
    if let Some((_, rule)) = SPECIALS.iter().find(|(p, _)| matches(p, path)) {
        return match rule {
            Rule::Override => Ok(over),
            Rule::ToSequence => {
                let at = over.at.clone();
                let mut items = to_sequence(base);
                items.extend(to_sequence(over));
                Ok(Node::new(Value::Seq(items), at))
            }
            Rule::Build => merge_maps(to_build(base), to_build(over), path),
            Rule::DependsOn => merge_maps(to_mapping(base, true), to_mapping(over, true), path),
            Rule::Networks => merge_maps(to_mapping(base, false), to_mapping(over, false), path),
        };
    }
    if over.value == Value::Null {
        return Ok(base);
    }
    match (&base.value, &over.value) {
        (Value::Map(_), Value::Map(_)) => merge_maps(base, over, path),
        (Value::Map(_), _) | (Value::Seq(_), _) if !same_kind(&base.value, &over.value) => {
            Err(ComposeError::CannotOverride { at: over.at, path: path.join(".") })
        }
        (Value::Seq(_), Value::Seq(_)) => {
            let (Value::Seq(mut items), Value::Seq(more)) = (base.value, over.value) else { unreachable!() };
            items.extend(more);
            Ok(Node::new(Value::Seq(items), base.at))
        }
        _ => Ok(over),
    }
}

fn same_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn merge_maps(base: Node, over: Node, path: &mut Vec<String>) -> Result<Node, ComposeError> {
    let at = base.at.clone();
    let (Value::Map(mut entries), Value::Map(more)) = (base.value, over.value) else {
        return Err(ComposeError::CannotOverride { at: over.at, path: path.join(".") });
    };
    for (key, value) in more {
        match entries.iter().position(|(k, _)| k.name == key.name) {
            None => entries.push((key, value)),
            Some(i) => {
                path.push(key.name.clone());
                let existing = std::mem::replace(&mut entries[i].1, Node::new(Value::Null, at.clone()));
                entries[i].1 = merge_at(existing, value, path)?;
                path.pop();
            }
        }
    }
    Ok(Node::new(Value::Map(entries), at))
}

/// compose-go's `convertIntoSequence`: a mapping becomes sorted
/// `KEY=VALUE` strings (`KEY` alone for a null value), a string one item.
fn to_sequence(node: Node) -> Vec<Node> {
    match node.value {
        Value::Map(entries) => {
            let mut items: Vec<Node> = entries
                .into_iter()
                .map(|(key, value)| {
                    let text = match value.scalar_text() {
                        Some(v) => format!("{}={v}", key.name),
                        None => key.name.clone(),
                    };
                    Node::new(Value::Str(text), key.at)
                })
                .collect();
            crate::sort::by(&mut items, |a, b| a.as_str().cmp(&b.as_str()));
            items
        }
        Value::Seq(items) => items,
        Value::Null => Vec::new(),
        _ => vec![node],
    }
}

/// `build: ./dir` is `build: {context: ./dir}`.
fn to_build(node: Node) -> Node {
    match node.value {
        Value::Str(_) => {
            let key = Key { name: "context".to_string(), at: node.at.clone() };
            Node::new(Value::Map(vec![(key, node.clone())]), node.at)
        }
        _ => node,
    }
}

/// compose-go's `convertIntoMapping`: a list of names becomes a mapping of
/// each name to the default (`condition: service_started` for `depends_on`).
fn to_mapping(node: Node, depends_on: bool) -> Node {
    match node.value {
        Value::Seq(items) => {
            let entries = items
                .into_iter()
                .filter_map(|item| {
                    let name = item.as_str()?.to_string();
                    let value = if depends_on {
                        let cond = Key { name: "condition".into(), at: item.at.clone() };
                        let req = Key { name: "required".into(), at: item.at.clone() };
                        Value::Map(vec![
                            (cond, Node::new(Value::Str("service_started".into()), item.at.clone())),
                            (req, Node::new(Value::Bool(true), item.at.clone())),
                        ])
                    } else {
                        Value::Null
                    };
                    Some((Key { name, at: item.at.clone() }, Node::new(value, item.at)))
                })
                .collect();
            Node::new(Value::Map(entries), node.at)
        }
        _ => node,
    }
}

/// compose-go `override/uncity.go`: how a sequence's items are keyed.
#[derive(Clone, Copy)]
enum Index {
    KeyValue,
    Volume,
    Port,
    Expose,
}

const UNIQUE: &[(&[&str], Index)] = &[
    (&["services", "*", "build", "args"], Index::KeyValue),
    (&["services", "*", "environment"], Index::KeyValue),
    (&["services", "*", "env_file"], Index::KeyValue),
    (&["services", "*", "expose"], Index::Expose),
    (&["services", "*", "labels"], Index::KeyValue),
    (&["services", "*", "networks", "*", "aliases"], Index::KeyValue),
    (&["services", "*", "ports"], Index::Port),
    (&["services", "*", "profiles"], Index::KeyValue),
    (&["services", "*", "volumes"], Index::Volume),
];

/// Removes redefinitions: the later item with a key already seen replaces
/// the earlier one where the earlier one stood.
pub fn enforce_unicity(node: &mut Node) {
    unicity_at(node, &mut Vec::new());
}

fn unicity_at(node: &mut Node, path: &mut Vec<String>) {
    match &mut node.value {
        Value::Map(entries) => {
            for (key, value) in entries.iter_mut() {
                path.push(key.name.clone());
                unicity_at(value, path);
                path.pop();
            }
        }
        Value::Seq(items) => {
            if let Some((_, index)) = UNIQUE.iter().find(|(p, _)| matches(p, path)) {
                let mut kept: Vec<Node> = Vec::new();
                let mut keys: Vec<String> = Vec::new();
                for item in std::mem::take(items) {
                    let key = item_key(*index, &item);
                    match keys.iter().position(|k| *k == key) {
                        Some(j) => kept[j] = item,
                        None => {
                            keys.push(key);
                            kept.push(item);
                        }
                    }
                }
                *items = kept;
            }
        }
        _ => {}
    }
}

fn item_key(index: Index, item: &Node) -> String {
    let text = item.scalar_text().unwrap_or_default();
    match index {
        Index::KeyValue => text.split_once('=').map_or(text.clone(), |(k, _)| k.to_string()),
        Index::Expose => text,
        Index::Volume => match &item.value {
            Value::Map(_) => item.get("target").and_then(Node::as_str).unwrap_or_default().to_string(),
            // The container path of `SRC:DST[:MODE]`, or the path alone.
            _ => {
                let parts: Vec<&str> = text.split(':').collect();
                if parts.len() >= 2 { parts[1] } else { parts[0] }.to_string()
            }
        },
        Index::Port => match &item.value {
            Value::Map(_) => {
                let field = |k: &str, default: &str| {
                    item.get(k).and_then(Node::scalar_text).unwrap_or_else(|| default.to_string())
                };
                format!(
                    "{}:{}:{}/{}",
                    field("host_ip", "0.0.0.0"),
                    field("published", "%!s(<nil>)"),
                    field("target", "0"),
                    field("protocol", "tcp")
                )
            }
            _ => text,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::node::parse;
    use super::*;

    fn load(a: &str, b: &str) -> Node {
        let a = parse("a.yaml", a).unwrap().remove(0);
        let b = parse("b.yaml", b).unwrap().remove(0);
        let mut merged = merge(a, b).unwrap();
        enforce_unicity(&mut merged);
        merged
    }

    fn texts(node: &Node) -> Vec<String> {
        let Value::Seq(items) = &node.value else { return Vec::new() };
        items.iter().filter_map(Node::scalar_text).collect()
    }

    // compose-go override/merge_test.go and uncity_test.go: scalars are
    // replaced, ports append with redefinitions replaced, command replaced.
    #[test]
    fn override_rules() {
        let merged = load(
            "services:\n  web:\n    image: a\n    command: [x, y]\n    ports: ['8080:80', '9090:90']\n    environment: {A: '1', B: '2'}\n",
            "services:\n  web:\n    image: b\n    command: [z]\n    ports: ['8080:80', '7070:70']\n    environment: [B=3]\n",
        );
        let web = merged.get("services").unwrap().get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("b"));
        assert_eq!(texts(web.get("command").unwrap()), ["z"]);
        assert_eq!(texts(web.get("ports").unwrap()), ["8080:80", "9090:90", "7070:70"]);
        assert_eq!(texts(web.get("environment").unwrap()), ["A=1", "B=3"]);
    }

    #[test]
    fn shapes_that_cannot_merge() {
        let a = parse("a.yaml", "services:\n  web:\n    deploy: {}\n").unwrap().remove(0);
        let b = parse("b.yaml", "services:\n  web:\n    deploy: [x]\n").unwrap().remove(0);
        assert_eq!(merge(a, b).unwrap_err().compose_message(), "cannot override services.web.deploy");
    }
}
