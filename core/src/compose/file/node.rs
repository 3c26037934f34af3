//! The raw Compose tree: YAML read into nodes that remember where they came
//! from (file, line, column), as compose-go holds a file as `map[string]any`
//! before it interpolates, merges, validates and types it.
//!
//! Scalars are resolved the way `gopkg.in/yaml.v3` resolves them when it
//! decodes into `any` (plain `true`/`false`, integers, floats and `null`;
//! quoted scalars and `yes`/`no` stay strings), because the schema and the
//! interpolation see those types.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};

use super::error::ComposeError;

/// A place in a Compose file: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One value of the tree with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub at: Location,
}

/// A mapping keeps its keys in file order with their own locations.
pub type Mapping = Vec<(Key, Node)>;

/// A mapping key.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub at: Location,
}

/// The YAML value, typed as yaml.v3 types it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Mapping),
}

impl Node {
    pub fn new(value: Value, at: Location) -> Node {
        Node { value, at }
    }

    /// The value under `key`, when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as Go's `fmt.Sprint` would print it (`%v`), for the places
    /// where Compose turns any scalar into text (environment values, labels).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(go_float(*f)),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }
}

/// Go's `%v` of a float64: integral values print without a fraction.
pub fn go_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{f:.0}")
    } else if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        format!("{f}")
    }
}

/// Reads every document of one file. Each document is a node (a mapping
/// for any file Compose accepts; that is checked by the caller).
pub fn parse(file: &str, text: &str) -> Result<Vec<Node>, ComposeError> {
    let file: Arc<str> = Arc::from(file);
    let mut reader =
        Reader { file: file.clone(), anchors: HashMap::new(), events: Parser::new_from_str(text), path: Vec::new() };
    let mut documents = Vec::new();
    loop {
        let (event, span) = reader.next()?;
        match event {
            Event::StreamEnd => return Ok(documents),
            Event::DocumentStart(_) => {
                let (event, span) = reader.next()?;
                let node = if matches!(event, Event::DocumentEnd) {
                    Node::new(Value::Null, reader.location(&span))
                } else {
                    let node = reader.node(event, span, 0)?;
                    let (end, span) = reader.next()?;
                    if !matches!(end, Event::DocumentEnd) {
                        return Err(reader.error(&span, "did not find expected end of document"));
                    }
                    node
                };
                documents.push(node);
            }
            _ => {
                let _ = span;
            }
        }
    }
}

/// Deep nesting is refused rather than overflowing the stack.
const MAX_DEPTH: usize = 200;

struct Reader<'a> {
    file: Arc<str>,
    anchors: HashMap<usize, Node>,
    events: Parser<'a, saphyr_parser::StrInput<'a>>,
    /// Where the reader is, as compose-go names it in `non-string key in
    /// networks.default.ipam.config[0]`.
    path: Vec<String>,
}

fn dotted(path: &[String]) -> String {
    let mut out = String::new();
    for part in path {
        if !out.is_empty() && !part.starts_with('[') {
            out.push('.');
        }
        out.push_str(part);
    }
    out
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), ComposeError> {
        match self.events.next() {
            Some(Ok(pair)) => Ok(pair),
            Some(Err(e)) => Err(self.scan_error(&e)),
            None => Ok((Event::StreamEnd, Span::default())),
        }
    }

    fn location(&self, span: &Span) -> Location {
        Location { file: self.file.clone(), line: span.start.line() as u32, column: span.start.col() as u32 + 1 }
    }

    fn error(&self, span: &Span, message: &str) -> ComposeError {
        ComposeError::Yaml { at: self.location(span), message: message.to_string() }
    }

    fn scan_error(&self, e: &ScanError) -> ComposeError {
        let mark = e.marker();
        // A tab in indentation is the error a reader most often meets;
        // it is given in yaml.v3's words, which Compose prints.
        let message = if e.info().contains("found a tab") || e.info().contains("tabs disallowed") {
            "found a tab character that violates indentation".to_string()
        } else {
            e.info().to_string()
        };
        ComposeError::Yaml {
            at: Location { file: self.file.clone(), line: mark.line() as u32, column: mark.col() as u32 + 1 },
            message,
        }
    }

    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Result<Node, ComposeError> {
        if depth > MAX_DEPTH {
            return Err(self.error(&span, "exceeded max depth"));
        }
        let at = self.location(&span);
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let forced_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !forced_str {
                    resolve(&text)
                } else {
                    Value::Str(text.into_owned())
                };
                (Node::new(value, at), anchor)
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some(node) => return Ok(Node { value: node.value.clone(), at }),
                None => return Err(self.error(&span, "unknown anchor")),
            },
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    match event {
                        Event::SequenceEnd => break,
                        Event::StreamEnd => return Err(self.error(&span, "unexpected end of stream")),
                        event => {
                            self.path.push(format!("[{}]", items.len()));
                            let item = self.node(event, span, depth + 1);
                            self.path.pop();
                            items.push(item?);
                        }
                    }
                }
                (Node::new(Value::Seq(items), at), anchor)
            }
            Event::MappingStart(anchor, _) => (self.mapping(at, depth)?, anchor),
            _ => return Err(self.error(&span, "did not find expected node content")),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }

    fn mapping(&mut self, at: Location, depth: usize) -> Result<Node, ComposeError> {
        let mut entries: Mapping = Vec::new();
        // `<<` merge keys: their entries apply where the mapping has none of its own.
        let mut merged: Mapping = Vec::new();
        loop {
            let (event, span) = self.next()?;
            let key_node = match event {
                Event::MappingEnd => break,
                Event::StreamEnd => return Err(self.error(&span, "unexpected end of stream")),
                event => self.node(event, span, depth + 1)?,
            };
            let (event, span) = self.next()?;
            self.path.push(key_node.scalar_text().unwrap_or_default());
            let value = self.node(event, span, depth + 1);
            self.path.pop();
            let value = value?;
            let name = match &key_node.value {
                Value::Str(s) if s == "<<" => {
                    match value.value {
                        Value::Map(m) => merged.extend(m),
                        Value::Seq(items) => {
                            for item in items {
                                if let Value::Map(m) = item.value {
                                    merged.extend(m);
                                }
                            }
                        }
                        _ => {
                            return Err(ComposeError::Yaml {
                                at: key_node.at,
                                message: "map merge requires map or sequence of maps as the value".into(),
                            })
                        }
                    }
                    continue;
                }
                Value::Str(s) => s.clone(),
                // compose-go's convertToStringKeysRecursive rejects the rest;
                // the caller names the path, so the key is kept as text here.
                other => {
                    return Err(ComposeError::NonStringKey {
                        at: key_node.at.clone(),
                        path: dotted(&self.path),
                        key: Node::new(other.clone(), key_node.at.clone()).scalar_text().unwrap_or_default(),
                    })
                }
            };
            if let Some((first, _)) = entries.iter().find(|(k, _)| k.name == name) {
                return Err(ComposeError::DuplicateKey {
                    at: key_node.at.clone(),
                    key: name,
                    first_line: first.at.line,
                });
            }
            entries.push((Key { name, at: key_node.at }, value));
        }
        for (key, value) in merged {
            if !entries.iter().any(|(k, _)| k.name == key.name) {
                entries.push((key, value));
            }
        }
        Ok(Node::new(Value::Map(entries), at))
    }
}

/// yaml.v3's resolution of a plain scalar (its `resolve.go`, for the
/// YAML 1.2 core schema it uses when decoding into `any`).
fn resolve(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    let radix = if let Some(hex) = digits.strip_prefix("0x") {
        Some((hex, 16))
    } else if let Some(oct) = digits.strip_prefix("0o") {
        Some((oct, 8))
    } else if let Some(bin) = digits.strip_prefix("0b") {
        Some((bin, 2))
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Some((digits, 10))
    } else {
        None
    };
    if let Some((body, radix)) = radix {
        if !body.is_empty() {
            if let Ok(n) = i64::from_str_radix(body, radix) {
                return Value::Int(if negative { -n } else { n });
            }
        }
    }
    if is_float(text) {
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::Str(text.to_string())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, yaml.v3's float.
fn is_float(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if int_digits == 0 && i == frac_start {
            return false;
        }
    } else if int_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        parse("compose.yaml", text).unwrap().remove(0)
    }

    #[test]
    fn scalars_resolve_as_yaml_v3_does() {
        let doc = one("a: 8080\nb: '8080'\nc: true\nd: yes\ne: 1.5\nf:\ng: 0x1F\nh: 80:80\n");
        let values: Vec<&Value> =
            ["a", "b", "c", "d", "e", "f", "g", "h"].iter().map(|k| &doc.get(k).unwrap().value).collect();
        assert_eq!(
            values,
            [
                &Value::Int(8080),
                &Value::Str("8080".into()),
                &Value::Bool(true),
                &Value::Str("yes".into()),
                &Value::Float(1.5),
                &Value::Null,
                &Value::Int(31),
                &Value::Str("80:80".into()),
            ]
        );
    }

    #[test]
    fn locations_are_one_based() {
        let doc = one("services:\n  web:\n    image: nginx\n");
        let image = doc.get("services").unwrap().get("web").unwrap().get("image").unwrap();
        assert_eq!((image.at.line, image.at.column), (3, 12));
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let doc = one("x-base: &base\n  image: a\n  user: u\ns:\n  <<: *base\n  image: b\n");
        let s = doc.get("s").unwrap();
        assert_eq!(s.get("image").unwrap().as_str(), Some("b"));
        assert_eq!(s.get("user").unwrap().as_str(), Some("u"));
    }

    #[test]
    fn duplicate_keys_are_an_error() {
        let err = parse("c.yaml", "a: 1\na: 2\n").unwrap_err();
        assert!(matches!(err, ComposeError::DuplicateKey { first_line: 1, .. }), "{err:?}");
    }

    #[test]
    fn syntax_errors_carry_a_location() {
        let err = parse("c.yaml", "services:\n  web: [\n").unwrap_err();
        assert!(err.location().is_some_and(|at| at.line >= 2), "{err:?}");
    }
}
