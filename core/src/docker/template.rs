//! The subset of Go's `text/template` that `--format` flags use, over the
//! JSON a command would print (`docker inspect`, `docker info`): fields and
//! field chains (`{{.State.Status}}`, `{{$.Name}}`), `range`/`if`/`with`
//! with `else` and `end`, pipes (`{{.Name | upper}}`), trim markers
//! (`{{-`, `-}}`), string and number literals, Go's `index` and `len`, and
//! the docker CLI's functions (`json`, `join`, `lower`, `upper`, `title`,
//! `split`, `println`; docker/cli `templates/templates.go`).
//!
//! Values print as Go's `fmt` prints JSON decoded into `interface{}`
//! (strings bare, `map[k:v]` with sorted keys, `[a b]`, `<no value>` for
//! null), and a missing key is an error worded as Go's `missingkey=error`
//! reports it (docker/cli `cli/command/inspect/inspector.go`,
//! `tryRawInspectFallback`), with the node's byte position, so
//! `{{.NetworkSettings.IPAddress}}` — a field the API removed in v1.52 —
//! fails as it does against Docker 29.

use serde_json::Value;

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Print(Pipe),
    Range(Pipe, Vec<Node>, Vec<Node>),
    If(Pipe, Vec<Node>, Vec<Node>),
    With(Pipe, Vec<Node>, Vec<Node>),
}

type Pipe = Vec<Cmd>;
type Cmd = Vec<Arg>;

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    /// `.A.B` (or `$.A.B` with `root`); `pos` is where Go reports it.
    Field {
        path: Vec<String>,
        root: bool,
        pos: usize,
    },
    Dot,
    Root,
    Str(String),
    Num(serde_json::Number),
    Bool(bool),
    Func(String),
    Sub(Pipe),
}

const FUNCS: &[&str] = &["json", "join", "lower", "upper", "title", "split", "index", "len", "println", "print"];

/// `template: :1: message` (Go's parse error prefix; line numbers counted from 1).
fn parse_error(text: &str, at: usize, message: &str) -> String {
    let line = 1 + text[..at.min(text.len())].matches('\n').count();
    format!("template: :{line}: {message}")
}

/// Parses a template.
pub fn parse(text: &str) -> Result<Template, String> {
    let mut pos = 0;
    let (nodes, end) = parse_list(text, &mut pos)?;
    match end {
        None => Ok(Template { nodes }),
        Some(word) => Err(parse_error(text, pos, &format!("unexpected {{{{{word}}}}}"))),
    }
}

/// Reads nodes up to `{{end}}` / `{{else}}` (returned) or the end of the text.
fn parse_list(text: &str, pos: &mut usize) -> Result<(Vec<Node>, Option<&'static str>), String> {
    let mut nodes = Vec::new();
    loop {
        let rest = &text[*pos..];
        let Some(open) = rest.find("{{") else {
            if !rest.is_empty() {
                nodes.push(Node::Text(rest.to_string()));
            }
            *pos = text.len();
            return Ok((nodes, None));
        };
        let mut literal = rest[..open].to_string();
        let mut start = *pos + open + 2;
        if text[start..].starts_with("- ") || text[start..].starts_with("-\t") || text[start..].starts_with("-\n") {
            literal = literal.trim_end().to_string();
            start += 1;
        }
        if !literal.is_empty() {
            nodes.push(Node::Text(literal));
        }
        let Some(close) = text[start..].find("}}") else {
            return Err(parse_error(text, start, "unclosed action"));
        };
        let mut body_end = start + close;
        let mut after = body_end + 2;
        let trim_after = text[start..body_end].ends_with(" -") || text[start..body_end].ends_with("\t-");
        if trim_after {
            body_end -= 1;
        }
        let body = text[start..body_end].trim();
        if trim_after {
            let skipped = text[after..].len() - text[after..].trim_start().len();
            after += skipped;
        }
        *pos = after;
        if body.starts_with("/*") {
            continue;
        }
        let (keyword, rest_body) = match body.split_once(char::is_whitespace) {
            Some((k, r)) => (k, r.trim()),
            None => (body, ""),
        };
        match keyword {
            "end" => return Ok((nodes, Some("end"))),
            "else" => return Ok((nodes, Some("else"))),
            "range" | "if" | "with" => {
                let pipe = parse_pipe(text, rest_body, start + (body.len() - rest_body.len()))?;
                let (body_nodes, end) = parse_list(text, pos)?;
                let else_nodes = match end {
                    Some("else") => match parse_list(text, pos)? {
                        (n, Some("end")) => n,
                        _ => return Err(parse_error(text, *pos, "unexpected EOF")),
                    },
                    Some(_) => Vec::new(),
                    None => return Err(parse_error(text, *pos, "unexpected EOF")),
                };
                nodes.push(match keyword {
                    "range" => Node::Range(pipe, body_nodes, else_nodes),
                    "if" => Node::If(pipe, body_nodes, else_nodes),
                    _ => Node::With(pipe, body_nodes, else_nodes),
                });
            }
            _ => {
                let leading = text[start..body_end].len() - text[start..body_end].trim_start().len();
                nodes.push(Node::Print(parse_pipe(text, body, start + leading)?));
            }
        }
    }
}

/// A pipeline: commands separated by `|`, each a list of operands.
fn parse_pipe(text: &str, body: &str, offset: usize) -> Result<Pipe, String> {
    let tokens = tokenize(text, body, offset)?;
    let mut pipe = Vec::new();
    let mut cmd = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (tok, at) = &tokens[i];
        i += 1;
        match tok.as_str() {
            "|" => {
                if cmd.is_empty() {
                    return Err(parse_error(text, *at, "missing value for command"));
                }
                pipe.push(std::mem::take(&mut cmd));
            }
            "(" => {
                let mut depth = 1;
                let begin = i;
                while i < tokens.len() && depth > 0 {
                    match tokens[i].0.as_str() {
                        "(" => depth += 1,
                        ")" => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                if depth > 0 {
                    return Err(parse_error(text, *at, "unclosed left paren"));
                }
                let inner: Vec<String> = tokens[begin..i - 1].iter().map(|(t, _)| t.clone()).collect();
                let inner_at = tokens.get(begin).map_or(*at, |t| t.1);
                cmd.push(Arg::Sub(parse_pipe(text, &inner.join(" "), inner_at)?));
            }
            _ => cmd.push(operand(text, tok, *at)?),
        }
    }
    if cmd.is_empty() {
        return Err(parse_error(text, offset, "missing value for command"));
    }
    pipe.push(cmd);
    Ok(pipe)
}

fn operand(text: &str, tok: &str, at: usize) -> Result<Arg, String> {
    if tok == "." {
        return Ok(Arg::Dot);
    }
    if tok == "$" {
        return Ok(Arg::Root);
    }
    if let Some(fields) = tok.strip_prefix('.').or_else(|| tok.strip_prefix("$.")) {
        let path: Vec<String> = fields.split('.').map(str::to_string).collect();
        if path.iter().any(String::is_empty) {
            return Err(parse_error(text, at, &format!("unexpected {tok:?} in operand")));
        }
        // Go reports a field chain at its last link's position.
        let last = tok.rfind('.').unwrap_or(0);
        let pos = if tok.starts_with('$') || path.len() == 1 { at } else { at + last };
        return Ok(Arg::Field { path, root: tok.starts_with('$'), pos });
    }
    if let Some(s) = tok.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return Ok(Arg::Str(s.replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\")));
    }
    if let Some(s) = tok.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        return Ok(Arg::Str(s.to_string()));
    }
    if tok == "true" || tok == "false" {
        return Ok(Arg::Bool(tok == "true"));
    }
    if let Ok(n) = tok.parse::<serde_json::Number>() {
        return Ok(Arg::Num(n));
    }
    if FUNCS.contains(&tok) {
        return Ok(Arg::Func(tok.to_string()));
    }
    if tok.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(parse_error(text, at, &format!("function {tok:?} not defined")));
    }
    Err(parse_error(text, at, &format!("unexpected {tok:?} in operand")))
}

/// Words of an action with their byte positions in the whole template.
fn tokenize(text: &str, body: &str, offset: usize) -> Result<Vec<(String, usize)>, String> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c == b'|' || c == b'(' || c == b')' {
            i += 1;
        } else if c == b'"' || c == b'`' {
            i += 1;
            while i < bytes.len() && bytes[i] != c {
                if c == b'"' && bytes[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            if i >= bytes.len() {
                return Err(parse_error(text, offset + start, "unterminated quoted string"));
            }
            i += 1;
        } else {
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'|' | b'(' | b')') {
                i += 1;
            }
        }
        out.push((body[start..i].to_string(), offset + start));
    }
    Ok(out)
}

/// Go's truth: false, 0, nil and empty values are false.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// A value as Go's `fmt.Sprint` prints JSON decoded into `interface{}`.
pub fn go_print(v: &Value) -> String {
    match v {
        Value::Null => "<no value>".to_string(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => format!("[{}]", a.iter().map(inner_print).collect::<Vec<_>>().join(" ")),
        Value::Object(o) => {
            let mut keys: Vec<&String> = o.keys().collect();
            crate::sort::ord(&mut keys);
            format!(
                "map[{}]",
                keys.iter().map(|k| format!("{k}:{}", inner_print(&o[*k]))).collect::<Vec<_>>().join(" ")
            )
        }
    }
}

/// Inside a map or slice Go prints a nil as `<nil>`.
fn inner_print(v: &Value) -> String {
    if v.is_null() {
        "<nil>".to_string()
    } else {
        go_print(v)
    }
}

struct Exec<'a> {
    text: &'a str,
    root: &'a Value,
}

impl Template {
    /// Runs the template over `value` (the JSON the command would print). `text`
    /// is the template's source, for the positions in error messages.
    pub fn execute(&self, text: &str, value: &Value) -> Result<String, String> {
        let exec = Exec { text, root: value };
        let mut out = String::new();
        exec.nodes(&self.nodes, value, &mut out)?;
        Ok(out)
    }
}

impl Exec<'_> {
    fn nodes(&self, nodes: &[Node], dot: &Value, out: &mut String) -> Result<(), String> {
        for node in nodes {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Print(pipe) => out.push_str(&go_print(&self.pipe(pipe, dot)?)),
                Node::If(pipe, yes, no) => {
                    let v = self.pipe(pipe, dot)?;
                    self.nodes(if truthy(&v) { yes } else { no }, dot, out)?;
                }
                Node::With(pipe, yes, no) => {
                    let v = self.pipe(pipe, dot)?;
                    if truthy(&v) {
                        self.nodes(yes, &v, out)?;
                    } else {
                        self.nodes(no, dot, out)?;
                    }
                }
                Node::Range(pipe, body, empty) => {
                    let v = self.pipe(pipe, dot)?;
                    let items: Vec<&Value> = match &v {
                        Value::Array(a) => a.iter().collect(),
                        // Go ranges over a map in sorted key order.
                        Value::Object(o) => {
                            let mut keys: Vec<&String> = o.keys().collect();
                            crate::sort::ord(&mut keys);
                            keys.into_iter().map(|k| &o[k]).collect()
                        }
                        Value::Null => Vec::new(),
                        other => return Err(format!("template: range can't iterate over {}", go_print(other))),
                    };
                    if items.is_empty() {
                        self.nodes(empty, dot, out)?;
                    }
                    for item in items {
                        self.nodes(body, item, out)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn pipe(&self, pipe: &Pipe, dot: &Value) -> Result<Value, String> {
        let mut last: Option<Value> = None;
        for cmd in pipe {
            last = Some(self.cmd(cmd, dot, last.take())?);
        }
        Ok(last.unwrap_or(Value::Null))
    }

    fn arg(&self, arg: &Arg, dot: &Value) -> Result<Value, String> {
        Ok(match arg {
            Arg::Dot => dot.clone(),
            Arg::Root => self.root.clone(),
            Arg::Str(s) => Value::String(s.clone()),
            Arg::Num(n) => Value::Number(n.clone()),
            Arg::Bool(b) => Value::Bool(*b),
            Arg::Sub(p) => self.pipe(p, dot)?,
            Arg::Func(f) => return self.call(f, &[]),
            Arg::Field { path, root, pos } => {
                let mut v = if *root { self.root } else { dot };
                for key in path {
                    v = match v {
                        Value::Object(o) => o
                            .get(key)
                            .ok_or_else(|| self.exec_error(*pos, arg, &format!("map has no entry for key {key:?}")))?,
                        Value::Null => {
                            return Err(self.exec_error(*pos, arg, "nil pointer evaluating interface {}"));
                        }
                        other => {
                            return Err(self.exec_error(
                                *pos,
                                arg,
                                &format!("can't evaluate field {key} in type {}", go_type(other)),
                            ))
                        }
                    };
                }
                v.clone()
            }
        })
    }

    fn exec_error(&self, pos: usize, arg: &Arg, message: &str) -> String {
        let line = 1 + self.text[..pos.min(self.text.len())].matches('\n').count();
        let col = pos - self.text[..pos.min(self.text.len())].rfind('\n').map_or(0, |i| i + 1);
        let shown = match arg {
            Arg::Field { path, root, .. } => format!("{}.{}", if *root { "$" } else { "" }, path.join(".")),
            _ => String::new(),
        };
        format!("template: :{line}:{col}: executing \"\" at <{shown}>: {message}")
    }

    fn cmd(&self, cmd: &Cmd, dot: &Value, piped: Option<Value>) -> Result<Value, String> {
        match cmd.first() {
            Some(Arg::Func(f)) => {
                let mut args = Vec::new();
                for a in &cmd[1..] {
                    args.push(self.arg(a, dot)?);
                }
                args.extend(piped);
                self.call(f, &args)
            }
            Some(first) if cmd.len() == 1 && piped.is_none() => self.arg(first, dot),
            _ => Err("template: can't give argument to non-function".to_string()),
        }
    }

    fn call(&self, f: &str, args: &[Value]) -> Result<Value, String> {
        let want = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(format!("template: wrong number of args for {f}: want {n} got {}", args.len()))
            }
        };
        let text = |v: &Value| go_print(v);
        Ok(match f {
            "json" => {
                want(1)?;
                Value::String(serde_json::to_string(&args[0]).unwrap_or_default())
            }
            "lower" | "upper" | "title" => {
                want(1)?;
                let s = text(&args[0]);
                Value::String(match f {
                    "lower" => s.to_lowercase(),
                    "upper" => s.to_uppercase(),
                    _ => title(&s),
                })
            }
            "join" => {
                want(2)?;
                let items: Vec<String> = match &args[0] {
                    Value::Array(a) => a.iter().map(text).collect(),
                    other => vec![text(other)],
                };
                Value::String(items.join(&text(&args[1])))
            }
            "split" => {
                want(2)?;
                Value::Array(text(&args[0]).split(&text(&args[1])).map(|s| Value::String(s.into())).collect())
            }
            "len" => {
                want(1)?;
                let n = match &args[0] {
                    Value::Array(a) => a.len(),
                    Value::Object(o) => o.len(),
                    Value::String(s) => s.len(),
                    other => return Err(format!("template: error calling len: len of type {}", go_type(other))),
                };
                Value::from(n)
            }
            "index" => {
                let Some((first, keys)) = args.split_first() else {
                    return Err("template: wrong number of args for index: want at least 1 got 0".to_string());
                };
                let mut v = first.clone();
                for k in keys {
                    v = match (&v, k) {
                        // A missing map key gives the zero value (Go's index never fails on maps).
                        (Value::Object(o), key) => o.get(&text(key)).cloned().unwrap_or(Value::Null),
                        (Value::Array(a), Value::Number(n)) => {
                            let i = n.as_u64().unwrap_or(u64::MAX) as usize;
                            a.get(i)
                                .cloned()
                                .ok_or_else(|| format!("template: error calling index: index out of range: {n}"))?
                        }
                        (Value::Null, _) => Value::Null,
                        (other, _) => {
                            return Err(format!(
                                "template: error calling index: can't index item of type {}",
                                go_type(other)
                            ))
                        }
                    };
                }
                v
            }
            "print" => Value::String(args.iter().map(text).collect::<Vec<_>>().join("")),
            "println" => Value::String(format!("{}\n", args.iter().map(text).collect::<Vec<_>>().join(" "))),
            _ => return Err(format!("template: function {f:?} not defined")),
        })
    }
}

/// Go's type names for JSON decoded into `interface{}`.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "interface {}",
        Value::Bool(_) => "bool",
        Value::Number(_) => "json.Number",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// docker/cli's `title`: each word's first letter upper-cased.
fn title(s: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c.is_whitespace();
    }
    out
}

/// Runs a `--format` value over `value`: `json` prints the whole value as
/// JSON (docker/cli's `formatter.JSONFormatKey`); anything else is a
/// template. The output ends with a newline, as the CLI adds one.
pub fn render(format: &str, value: &Value) -> Result<String, String> {
    let format = if format == "json" { "{{json .}}" } else { format };
    let template = parse(format)?;
    Ok(template.execute(format, value)? + "\n")
}

#[cfg(test)]
#[path = "template_tests.rs"]
mod tests;
