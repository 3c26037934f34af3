//! Validation against the Compose Specification's JSON schema
//! (`compose-spec.min.json`: compose-go's `schema/compose-spec.json` with
//! descriptions stripped), with the messages compose-go prints
//! (`schema/schema.go`: the most specific error, `must be a mapping`,
//! and santhosh-tekuri/jsonschema v6's `additional properties 'foo' not
//! allowed`).
//!
//! Only the keywords that schema uses are implemented: `type`,
//! `properties`, `patternProperties`, `additionalProperties`, `required`,
//! `items`, `uniqueItems`, `enum`, `oneOf`, `$ref`, `pattern`, `minimum`,
//! `maximum`.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex_lite::Regex;
use serde_json::Value as Json;

use super::error::ComposeError;
use super::node::{go_float, Location, Node, Value};

static SCHEMA_TEXT: &str = include_str!("compose-spec.min.json");

fn schema() -> &'static Json {
    static SCHEMA: OnceLock<Json> = OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::from_str(SCHEMA_TEXT).unwrap_or(Json::Null))
}

/// One failed keyword: where, what, and how specific (compose-go prefers
/// the deepest; an additional property counts one deeper).
struct Leaf {
    path: Vec<String>,
    at: Location,
    message: String,
    specificity: usize,
}

/// Validates the merged tree; `Err` carries the most specific failure.
pub fn validate(root: &Node) -> Result<(), ComposeError> {
    let mut validator = Validator { patterns: HashMap::new() };
    let mut path = Vec::new();
    let leaves = validator.check(root, schema(), &mut path, 0);
    // compose-go's getMostSpecificError: the first leaf of greatest specificity.
    let mut best: Option<Leaf> = None;
    for leaf in leaves {
        if best.as_ref().is_none_or(|b| leaf.specificity > b.specificity) {
            best = Some(leaf);
        }
    }
    match best {
        None => Ok(()),
        Some(leaf) => {
            Err(ComposeError::Schema { at: leaf.at, message: format!("{} {}", leaf.path.join("."), leaf.message) })
        }
    }
}

/// The longest `$ref` chain followed before giving up.
const MAX_DEPTH: usize = 256;

struct Validator {
    patterns: HashMap<String, Option<Regex>>,
}

impl Validator {
    fn matches(&mut self, pattern: &str, text: &str) -> bool {
        let re = self.patterns.entry(pattern.to_string()).or_insert_with(|| Regex::new(pattern).ok());
        re.as_ref().is_some_and(|re| re.is_match(text))
    }

    fn check(&mut self, node: &Node, schema: &Json, path: &mut Vec<String>, depth: usize) -> Vec<Leaf> {
        let mut leaves = Vec::new();
        let Json::Object(schema) = schema else { return leaves };
        if depth > MAX_DEPTH {
            return leaves;
        }
        let leaf = |message: String, at: &Location, path: &[String], extra: usize| Leaf {
            specificity: path.len() + extra,
            path: path.to_vec(),
            at: at.clone(),
            message,
        };
        if let Some(Json::String(target)) = schema.get("$ref") {
            let resolved = target.strip_prefix("#/$defs/").and_then(|name| crate_schema_def(name));
            if let Some(sub) = resolved {
                leaves.extend(self.check(node, sub, path, depth + 1));
            }
        }
        if let Some(want) = schema.get("type") {
            let wants: Vec<&str> = match want {
                Json::String(s) => vec![s.as_str()],
                Json::Array(items) => items.iter().filter_map(Json::as_str).collect(),
                _ => Vec::new(),
            };
            if !wants.iter().any(|w| has_type(&node.value, w)) {
                leaves.push(leaf(format!("must be a {}", human_type(&wants)), &node.at, path, 0));
                return leaves;
            }
        }
        if let Some(Json::Array(allowed)) = schema.get("enum") {
            if !allowed.iter().any(|a| json_equals(a, &node.value)) {
                let shown: Vec<String> = allowed.iter().map(display).collect();
                let message = if shown.len() == 1 {
                    format!("value must be {}", shown[0])
                } else {
                    format!("value must be one of {}", shown.join(", "))
                };
                leaves.push(leaf(message, &node.at, path, 0));
            }
        }
        if let Some(Json::Array(branches)) = schema.get("oneOf") {
            let results: Vec<Vec<Leaf>> = branches.iter().map(|b| self.check(node, b, path, depth + 1)).collect();
            let passed: Vec<usize> = results.iter().enumerate().filter(|(_, r)| r.is_empty()).map(|(i, _)| i).collect();
            match passed.len() {
                0 => leaves.extend(results.into_iter().flatten()),
                1 => {}
                _ => leaves.push(leaf(
                    format!("valid against subschemas {} and {}", passed[0], passed[1]),
                    &node.at,
                    path,
                    0,
                )),
            }
        }
        match &node.value {
            Value::Str(text) => {
                if let Some(Json::String(pattern)) = schema.get("pattern") {
                    if !self.matches(pattern, text) {
                        leaves.push(leaf(
                            format!("{} does not match pattern {}", quote(text), quote(pattern)),
                            &node.at,
                            path,
                            0,
                        ));
                    }
                }
            }
            Value::Int(_) | Value::Float(_) => {
                let n = match node.value {
                    Value::Int(i) => i as f64,
                    Value::Float(f) => f,
                    _ => 0.0,
                };
                if let Some(min) = schema.get("minimum").and_then(Json::as_f64) {
                    if n < min {
                        leaves.push(leaf(
                            format!("must be greater than or equal to {}", go_float(min)),
                            &node.at,
                            path,
                            0,
                        ));
                    }
                }
                if let Some(max) = schema.get("maximum").and_then(Json::as_f64) {
                    if n > max {
                        leaves.push(leaf(
                            format!("must be less than or equal to {}", go_float(max)),
                            &node.at,
                            path,
                            0,
                        ));
                    }
                }
            }
            Value::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        path.push(i.to_string());
                        leaves.extend(self.check(item, item_schema, path, depth + 1));
                        path.pop();
                    }
                }
                if schema.get("uniqueItems") == Some(&Json::Bool(true)) {
                    'outer: for (i, a) in items.iter().enumerate() {
                        for (j, b) in items.iter().enumerate().skip(i + 1) {
                            if same_value(&a.value, &b.value) {
                                leaves.push(leaf(format!("items at {i} and {j} are equal"), &b.at, path, 0));
                                break 'outer;
                            }
                        }
                    }
                }
            }
            Value::Map(entries) => {
                if let Some(Json::Array(required)) = schema.get("required") {
                    let missing: Vec<&str> = required
                        .iter()
                        .filter_map(Json::as_str)
                        .filter(|r| !entries.iter().any(|(k, _)| k.name == *r))
                        .collect();
                    if !missing.is_empty() {
                        let quoted: Vec<String> = missing.iter().map(|m| quote(m)).collect();
                        let message = if quoted.len() == 1 {
                            format!("missing property {}", quoted[0])
                        } else {
                            format!("missing properties {}", quoted.join(", "))
                        };
                        leaves.push(leaf(message, &node.at, path, 0));
                    }
                }
                let properties = schema.get("properties").and_then(Json::as_object);
                let patterns = schema.get("patternProperties").and_then(Json::as_object);
                let mut extra: Vec<(&str, &Location)> = Vec::new();
                for (key, value) in entries {
                    let mut known = false;
                    path.push(key.name.clone());
                    if let Some(sub) = properties.and_then(|p| p.get(&key.name)) {
                        known = true;
                        leaves.extend(self.check(value, sub, path, depth + 1));
                    }
                    if let Some(patterns) = patterns {
                        for (pattern, sub) in patterns {
                            if self.matches(pattern, &key.name) {
                                known = true;
                                leaves.extend(self.check(value, sub, path, depth + 1));
                            }
                        }
                    }
                    if !known {
                        match schema.get("additionalProperties") {
                            Some(Json::Bool(false)) => extra.push((&key.name, &key.at)),
                            Some(sub @ Json::Object(_)) => leaves.extend(self.check(value, sub, path, depth + 1)),
                            _ => {}
                        }
                    }
                    path.pop();
                }
                if let Some((_, at)) = extra.first() {
                    let names: Vec<String> = extra.iter().map(|(n, _)| quote(n)).collect();
                    leaves.push(leaf(format!("additional properties {} not allowed", names.join(", ")), at, path, 1));
                }
            }
            _ => {}
        }
        leaves
    }
}

fn crate_schema_def(name: &str) -> Option<&'static Json> {
    schema().get("$defs")?.get(name)
}

fn has_type(value: &Value, want: &str) -> bool {
    match want {
        "string" => matches!(value, Value::Str(_)),
        "number" => matches!(value, Value::Int(_) | Value::Float(_)),
        "integer" => matches!(value, Value::Int(_)) || matches!(value, Value::Float(f) if f.fract() == 0.0),
        "boolean" => matches!(value, Value::Bool(_)),
        "null" => matches!(value, Value::Null),
        "object" => matches!(value, Value::Map(_)),
        "array" => matches!(value, Value::Seq(_)),
        _ => false,
    }
}

/// compose-go's `humanReadableType`.
fn human_type(wants: &[&str]) -> String {
    let mut names: Vec<&str> = wants.iter().map(|w| if *w == "object" { "mapping" } else { w }).collect();
    if names.len() == 1 {
        return names[0].to_string();
    }
    names.sort_unstable();
    let (last, rest) = names.split_last().map_or(("", &[][..]), |(l, r)| (*l, r));
    format!("{} or {last}", rest.join(", "))
}

/// jsonschema v6's `quote`: Go's `%q` in single quotes.
fn quote(s: &str) -> String {
    let escaped = format!("{s:?}");
    let inner = &escaped[1..escaped.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn display(v: &Json) -> String {
    match v {
        Json::String(s) => quote(s),
        Json::Array(_) | Json::Object(_) => "value".to_string(),
        other => other.to_string(),
    }
}

fn json_equals(json: &Json, value: &Value) -> bool {
    match (json, value) {
        (Json::String(a), Value::Str(b)) => a == b,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Null, Value::Null) => true,
        (Json::Number(a), Value::Int(b)) => a.as_f64() == Some(*b as f64),
        (Json::Number(a), Value::Float(b)) => a.as_f64() == Some(*b),
        _ => false,
    }
}

/// Equality of values, locations aside (for `uniqueItems`).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(&p.value, &q.value))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| y.iter().any(|(k2, v2)| k.name == k2.name && same_value(&v.value, &v2.value)))
        }
        (Value::Int(i), Value::Float(f)) | (Value::Float(f), Value::Int(i)) => *i as f64 == *f,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::super::node::parse;
    use super::*;

    fn message(text: &str) -> String {
        let doc = parse("compose.yaml", text).unwrap().remove(0);
        validate(&doc).map_or_else(|e| e.to_string(), |()| "ok".to_string())
    }

    /// The embedded schema is the vendored one (core/tests/conformance/compose/
    /// compose-spec.json) without its descriptions.
    #[test]
    fn embedded_schema_is_the_vendored_one() {
        fn strip(v: &Json, in_properties: bool) -> Json {
            match v {
                Json::Object(map) => Json::Object(
                    map.iter()
                        .filter(|(k, _)| {
                            in_properties
                                || !["description", "deprecated", "$comment", "title", "default"].contains(&k.as_str())
                        })
                        .map(|(k, v)| {
                            let props =
                                !in_properties && ["properties", "patternProperties", "$defs"].contains(&k.as_str());
                            (k.clone(), strip(v, props))
                        })
                        .collect(),
                ),
                Json::Array(items) => Json::Array(items.iter().map(|i| strip(i, false)).collect()),
                other => other.clone(),
            }
        }
        let vendored = include_str!("../../../tests/conformance/compose/compose-spec.json");
        let vendored: Json = serde_json::from_str(vendored).unwrap();
        assert_eq!(&strip(&vendored, false), schema());
    }

    #[test]
    fn accepts_a_typical_file() {
        assert_eq!(
            message("services:\n  web:\n    image: nginx\n    ports: ['8080:80', 9000]\n    x-note: hi\n    depends_on:\n      db: {condition: service_healthy}\n  db:\n    image: postgres\nx-any: 1\n"),
            "ok"
        );
    }

    // compose-go loader/loader_test.go: "services.tmpfs.volumes.0 additional
    // properties 'foo' not allowed", "services.foo.image must be a string",
    // "services.dict-env.environment must be a mapping".
    #[test]
    fn messages_as_compose_go_gives_them() {
        assert_eq!(
            message("services:\n  web:\n    image: nginx\n    foo: 1\n"),
            "compose.yaml:4:5: validating compose.yaml: services.web additional properties 'foo' not allowed"
        );
        assert_eq!(
            message("services:\n  foo:\n    image: 123\n"),
            "compose.yaml:3:12: validating compose.yaml: services.foo.image must be a string"
        );
        assert_eq!(
            message("services:\n  foo:\n    environment: 123\n"),
            "compose.yaml:3:18: validating compose.yaml: services.foo.environment must be a mapping"
        );
        assert_eq!(
            message("services:\n  a:\n    depends_on:\n      b: {condition: ready}\n"),
            "compose.yaml:4:22: validating compose.yaml: services.a.depends_on.b.condition value must be one of 'service_started', 'service_healthy', 'service_completed_successfully'"
        );
    }
}
