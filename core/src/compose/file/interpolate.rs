//! Interpolation of a whole file's tree, as compose-go's
//! `interpolation/interpolation.go` does it: every string value (never a
//! key) is substituted, then the values Compose wants as numbers or booleans
//! are cast (`loader/interpolate.go`'s table, the entries Layerlab reads).

use super::error::ComposeError;
use super::node::{Node, Value};
use super::template::{substitute, TemplateError};

/// What a path's value is cast to after substitution.
#[derive(Clone, Copy)]
enum Cast {
    Int,
    Float,
    Bool,
}

/// compose-go `loader/interpolate.go`, `interpolateTypeCastMapping`
/// (`*` is any key, `[]` any list item).
const CASTS: &[(&[&str], Cast)] = &[
    (&["services", "*", "cpu_count"], Cast::Int),
    (&["services", "*", "cpu_percent"], Cast::Float),
    (&["services", "*", "cpu_period"], Cast::Int),
    (&["services", "*", "cpu_quota"], Cast::Int),
    (&["services", "*", "cpu_rt_period"], Cast::Int),
    (&["services", "*", "cpu_rt_runtime"], Cast::Int),
    (&["services", "*", "cpus"], Cast::Float),
    (&["services", "*", "cpu_shares"], Cast::Int),
    (&["services", "*", "init"], Cast::Bool),
    (&["services", "*", "depends_on", "*", "required"], Cast::Bool),
    (&["services", "*", "depends_on", "*", "restart"], Cast::Bool),
    (&["services", "*", "deploy", "replicas"], Cast::Int),
    (&["services", "*", "healthcheck", "retries"], Cast::Int),
    (&["services", "*", "healthcheck", "disable"], Cast::Bool),
    (&["services", "*", "oom_kill_disable"], Cast::Bool),
    (&["services", "*", "oom_score_adj"], Cast::Int),
    (&["services", "*", "pids_limit"], Cast::Int),
    (&["services", "*", "ports", "[]", "target"], Cast::Int),
    (&["services", "*", "privileged"], Cast::Bool),
    (&["services", "*", "read_only"], Cast::Bool),
    (&["services", "*", "scale"], Cast::Int),
    (&["services", "*", "stdin_open"], Cast::Bool),
    (&["services", "*", "tty"], Cast::Bool),
    (&["services", "*", "volumes", "[]", "read_only"], Cast::Bool),
    (&["services", "*", "volumes", "[]", "volume", "nocopy"], Cast::Bool),
    (&["networks", "*", "external"], Cast::Bool),
    (&["networks", "*", "internal"], Cast::Bool),
    (&["networks", "*", "attachable"], Cast::Bool),
    (&["networks", "*", "enable_ipv4"], Cast::Bool),
    (&["networks", "*", "enable_ipv6"], Cast::Bool),
    (&["volumes", "*", "external"], Cast::Bool),
];

/// Substitutes every string of `node` in place.
pub fn interpolate(node: &mut Node, lookup: &dyn Fn(&str) -> Option<String>) -> Result<(), ComposeError> {
    let mut path = Vec::new();
    walk(node, &mut path, lookup)
}

fn walk(node: &mut Node, path: &mut Vec<String>, lookup: &dyn Fn(&str) -> Option<String>) -> Result<(), ComposeError> {
    match &mut node.value {
        Value::Str(text) => {
            let dotted = path.join(".");
            let value = substitute(text, lookup).map_err(|e| match e {
                TemplateError::Invalid { template } => {
                    ComposeError::InvalidTemplate { at: node.at.clone(), path: dotted.clone(), template }
                }
                TemplateError::Required { variable, reason } => {
                    ComposeError::RequiredVariable { at: node.at.clone(), path: dotted.clone(), variable, reason }
                }
            })?;
            node.value = match cast_for(path) {
                None => Value::Str(value),
                Some(cast) => apply(cast, &value).map_err(|message| ComposeError::Cast {
                    at: node.at.clone(),
                    path: dotted,
                    message,
                })?,
            };
        }
        Value::Map(entries) => {
            for (key, value) in entries.iter_mut() {
                path.push(key.name.clone());
                walk(value, path, lookup)?;
                path.pop();
            }
        }
        Value::Seq(items) => {
            for item in items.iter_mut() {
                path.push("[]".to_string());
                walk(item, path, lookup)?;
                path.pop();
            }
        }
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {}
    }
    Ok(())
}

fn cast_for(path: &[String]) -> Option<Cast> {
    CASTS.iter().find_map(|(pattern, cast)| {
        let matches = pattern.len() == path.len() && pattern.iter().zip(path).all(|(p, part)| *p == "*" || p == part);
        matches.then_some(*cast)
    })
}

/// compose-go's `toInt`, `toFloat` and `toBoolean`, with Go's messages.
fn apply(cast: Cast, value: &str) -> Result<Value, String> {
    match cast {
        Cast::Int => {
            value.parse::<i64>().map(Value::Int).map_err(|_| format!("strconv.Atoi: parsing {value:?}: invalid syntax"))
        }
        Cast::Float => value
            .parse::<f64>()
            .map(Value::Float)
            .map_err(|_| format!("strconv.ParseFloat: parsing {value:?}: invalid syntax")),
        Cast::Bool => match value.to_lowercase().as_str() {
            "y" | "yes" | "true" | "on" => Ok(Value::Bool(true)),
            "n" | "no" | "false" | "off" => Ok(Value::Bool(false)),
            _ => Err(format!("invalid boolean: {value}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::node::parse;
    use super::*;

    fn lookup(name: &str) -> Option<String> {
        (name == "PORT").then(|| "8080".to_string())
    }

    #[test]
    fn strings_are_substituted_and_cast() {
        let mut doc =
            parse("c.yaml", "services:\n  web:\n    ports:\n      - target: ${PORT}\n    image: \"a:${PORT}\"\n")
                .unwrap()
                .remove(0);
        interpolate(&mut doc, &lookup).unwrap();
        let web = doc.get("services").unwrap().get("web").unwrap();
        assert_eq!(web.get("image").unwrap().as_str(), Some("a:8080"));
        let Value::Seq(ports) = &web.get("ports").unwrap().value else { panic!("ports") };
        assert_eq!(ports[0].get("target").unwrap().value, Value::Int(8080));
    }

    #[test]
    fn errors_name_the_path_and_place() {
        let mut doc =
            parse("c.yaml", "services:\n  db:\n    environment:\n      - PW=${PW:?set it}\n").unwrap().remove(0);
        let err = interpolate(&mut doc, &lookup).unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.yaml:4:9: error while interpolating services.db.environment.[]: required variable PW is missing a value: set it"
        );
    }
}
