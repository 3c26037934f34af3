//! A goal's parameters as the worksheet composer edits them: every field of
//! every predicate (numbers, names, paths, run lines, argv words, edits) as
//! text, read back with a message saying what is wrong, so a teacher cannot
//! share a goal the engine would misread. The predicates a composer offers
//! to add (`TEMPLATES`) are the crate's, each with a starting value and the
//! hint a student sees when it fails.

use layerlab_core::build::platforms::Platform;
use layerlab_core::catalog::ImageRef;
use layerlab_lessons::{Edit, Predicate, Scope};
use serde_json::Value;

/// How a parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A size in MB: zero or more, fractions allowed.
    Megabytes,
    /// A count or a position: a whole number.
    Count,
    /// A TCP port, 1 to 65535.
    Port,
    /// Text that may be left empty (a goal's own run line, an address).
    Optional,
    /// Words as a shell splits them (`argv`).
    Words,
    /// The edits between two builds, as JSON.
    Edits,
    /// A name, path, rule, reference…: required text.
    Text,
}

/// One parameter of a predicate: its field name, kind and value as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    pub text: String,
}

impl ParamKind {
    fn of(field: &str) -> ParamKind {
        match field {
            "mb" => ParamKind::Megabytes,
            "count" | "first" => ParamKind::Count,
            "port" => ParamKind::Port,
            "run" | "address" => ParamKind::Optional,
            "argv" | "platforms" => ParamKind::Words,
            "edits" => ParamKind::Edits,
            _ => ParamKind::Text,
        }
    }

    /// What goes in the field, for its placeholder.
    pub fn placeholder(self, field: &str) -> &'static str {
        match (self, field) {
            (ParamKind::Optional, "run") => "the exercise's run line",
            (ParamKind::Optional, _) => "any",
            (ParamKind::Words, "platforms") => "linux/amd64 linux/arm64",
            (ParamKind::Words, _) => "python app.py",
            _ => "",
        }
    }
}

/// The predicate's name (`check = "…"`) and its parameters in field order.
pub fn params(predicate: &Predicate) -> (String, Vec<Param>) {
    let value = serde_json::to_value(predicate).unwrap_or_default();
    let Some(fields) = value.as_object() else { return (String::new(), Vec::new()) };
    let check = fields.get("check").and_then(Value::as_str).unwrap_or_default().to_owned();
    let params = fields
        .iter()
        .filter(|(name, _)| *name != "check")
        .map(|(name, v)| {
            let kind = ParamKind::of(name);
            Param { name: name.clone(), kind, text: text_of(kind, v) }
        })
        .collect();
    (check, params)
}

fn text_of(kind: ParamKind, value: &Value) -> String {
    match (kind, value) {
        (_, Value::Null) => String::new(),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Number(n)) => {
            n.as_u64().map_or_else(|| n.as_f64().unwrap_or_default().to_string(), |n| n.to_string())
        }
        (ParamKind::Words, Value::Array(words)) => {
            words.iter().map(|w| quote(w.as_str().unwrap_or_default())).collect::<Vec<_>>().join(" ")
        }
        (_, other) => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// A word as a shell reads it back: bare when it can be, else single-quoted.
fn quote(word: &str) -> String {
    let bare = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c));
    if bare {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// `predicate` with `field` set from `text`, or why the text does not do.
pub fn set(predicate: &Predicate, field: &str, text: &str) -> Result<Predicate, String> {
    let mut value = serde_json::to_value(predicate).map_err(|e| e.to_string())?;
    let Some(fields) = value.as_object_mut() else { return Err("not a predicate".into()) };
    if !fields.contains_key(field) || field == "check" {
        return Err(format!("this goal has no `{field}`"));
    }
    let trimmed = text.trim();
    let new = match ParamKind::of(field) {
        ParamKind::Megabytes => {
            let mb: f64 = trimmed.parse().map_err(|_| format!("{field} is a number of MB, such as 50 or 0.5"))?;
            if !mb.is_finite() || mb < 0.0 {
                return Err(format!("{field} is 0 or more"));
            }
            Value::from(mb)
        }
        ParamKind::Count => {
            Value::from(trimmed.parse::<u32>().map_err(|_| format!("{field} is a whole number, 0 or more"))?)
        }
        ParamKind::Port => match trimmed.parse::<u16>() {
            Ok(port) if port > 0 => Value::from(port),
            _ => return Err("a port is a whole number from 1 to 65535".into()),
        },
        ParamKind::Optional if trimmed.is_empty() => Value::Null,
        ParamKind::Optional if field == "run" => {
            layerlab_core::run::parse_run(trimmed).map_err(|e| format!("the run line does not read: {e}"))?;
            Value::from(trimmed)
        }
        ParamKind::Optional => {
            trimmed
                .parse::<std::net::IpAddr>()
                .map_err(|_| "an address is an IP address, such as 127.0.0.1".to_owned())?;
            Value::from(trimmed)
        }
        ParamKind::Words => {
            let split = layerlab_core::run::words::split(trimmed).map_err(|e| e.to_string())?;
            let words: Vec<String> = split.words.into_iter().map(|w| w.text).collect();
            if words.is_empty() {
                return Err(format!("{field} needs at least one word"));
            }
            if field == "platforms" {
                for word in &words {
                    Platform::parse(word).map_err(|e| format!("`{word}` is not a platform: {e}"))?;
                }
            }
            Value::from(words)
        }
        ParamKind::Edits => {
            let edits: Vec<Edit> = serde_json::from_str(trimmed).map_err(|e| format!("the edits do not read: {e}"))?;
            if edits.is_empty() {
                return Err("a rebuild needs at least one edit".into());
            }
            serde_json::to_value(edits).map_err(|e| e.to_string())?
        }
        ParamKind::Text => Value::from(text_param(field, trimmed)?),
    };
    fields.insert(field.to_owned(), new);
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// Checks what a text parameter names.
fn text_param(field: &str, text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err(format!("{field} cannot be empty"));
    }
    match field {
        // Graded by exact name or hadolint code (lessons' goals.rs).
        "rule" => match layerlab_core::lint::docs::find(text) {
            Ok(rule) if rule.name == text || rule.hadolint == Some(text) => {}
            Ok(rule) => return Err(format!("rule names are exact: `{}`", rule.name)),
            Err(close) if close.is_empty() => return Err(format!("no lint rule is called `{text}`")),
            Err(close) => {
                return Err(format!("no lint rule is called `{text}`; did you mean `{}`?", close.join("`, `")))
            }
        },
        "reference" => {
            ImageRef::parse(text).map_err(|e| format!("not an image reference: {e}"))?;
        }
        // Docker's rule for container, network and volume names.
        "name" | "container" | "from" | "to" | "volume" => {
            let mut chars = text.chars();
            let first = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
            if !first || !chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)) {
                return Err(format!(
                    "`{text}` is not a valid name: a letter or digit first, then letters, digits, `_`, `.` or `-`"
                ));
            }
        }
        "destination" if !text.starts_with('/') => {
            return Err("the destination is an absolute path in the container".into())
        }
        "key" | "command" if text.chars().any(char::is_whitespace) => {
            return Err(format!("{field} is one word, without spaces"))
        }
        _ => {}
    }
    Ok(text.to_owned())
}

/// A predicate a composer can add: its label, its starting value (as a
/// lesson file's JSON) and the hint shown when it fails.
pub struct Template {
    pub label: &'static str,
    pub json: &'static str,
    pub hint: &'static str,
}

const fn t(label: &'static str, json: &'static str, hint: &'static str) -> Template {
    Template { label, json, hint }
}

/// Every predicate, once.
pub const TEMPLATES: &[Template] = &[
    t("The image builds", r#"{"check":"builds"}"#, "Read the build log's error and the line it names."),
    t(
        "Image under N MB",
        r#"{"check":"image-size-under","mb":100}"#,
        "Start from a smaller base image, and keep build tools out of the final stage.",
    ),
    t("At most N layers", r#"{"check":"layers-at-most","count":6}"#, "Combine RUN steps."),
    t(
        "No layer wastes N MB",
        r#"{"check":"no-layer-wastes","mb":10}"#,
        "Clean up in the same RUN that made the files.",
    ),
    t("Runs as non-root", r#"{"check":"runs-as-non-root"}"#, "Add a USER that is not root before CMD."),
    t(
        "Runs this argv",
        r#"{"check":"argv-is","argv":["python","app.py"]}"#,
        "Compare ENTRYPOINT, CMD and the run line's arguments.",
    ),
    t(
        "SIGTERM reaches the app",
        r#"{"check":"stop-reaches-app"}"#,
        "Use the exec form of CMD/ENTRYPOINT so the app is PID 1.",
    ),
    t("Port published", r#"{"check":"port-published","port":8080}"#, "Publish the port with -p on the run line."),
    t(
        "Port on loopback only",
        r#"{"check":"port-on-loopback-only","port":8080}"#,
        "Publish with -p 127.0.0.1:HOST:CONTAINER.",
    ),
    t("Memory limited to N MB", r#"{"check":"memory-limit-at-most","mb":256}"#, "Add --memory to the run line."),
    t("Exposes a port", r#"{"check":"exposes","port":8080}"#, "Add an EXPOSE instruction."),
    t("Has a HEALTHCHECK", r#"{"check":"has-healthcheck"}"#, "Add a HEALTHCHECK instruction."),
    t("Has a label", r#"{"check":"has-label","key":"org.opencontainers.image.source"}"#, "Add a LABEL instruction."),
    t(
        "A lint rule is silent",
        r#"{"check":"lint-silent","rule":"DL3007"}"#,
        "Read the lint finding's explanation and fix.",
    ),
    t("A file is in the image", r#"{"check":"file-in-image","path":"/app/app.py"}"#, "COPY the file into the image."),
    t(
        "A file is not in the image",
        r#"{"check":"file-not-in-image","path":"/app/.env"}"#,
        "Leave it out with .dockerignore, or do not COPY it.",
    ),
    t("Not sent to the builder", r#"{"check":"not-in-context","path":".git"}"#, "Add it to .dockerignore."),
    t(
        "A command is not in the image",
        r#"{"check":"command-absent","command":"gcc"}"#,
        "Build in one stage and copy only the result into a clean one.",
    ),
    t(
        "A step stays cached after an edit",
        r#"{"check":"stays-cached","edits":[{"edit":"append","file":"app.py","text":"\n# edited\n"}],"step":"pip install"}"#,
        "Copy only what the step needs before it; the rest after.",
    ),
    t(
        "The first N steps stay cached after an edit",
        r#"{"check":"reuses-cache","edits":[{"edit":"append","file":"app.py","text":"\n# edited\n"}],"first":3}"#,
        "Put what changes often near the end.",
    ),
    t("No dangling images", r#"{"check":"no-dangling-images"}"#, "docker image prune removes them."),
    t(
        "An image exists",
        r#"{"check":"image-exists","reference":"app:1.0"}"#,
        "docker build -t or docker tag makes it.",
    ),
    t("An image is gone", r#"{"check":"image-absent","reference":"app:old"}"#, "docker rmi removes a tag."),
    t("No container running", r#"{"check":"all-containers-stopped"}"#, "docker stop every running container."),
    t(
        "No containers at all",
        r#"{"check":"no-containers"}"#,
        "docker rm removes stopped containers; -f also running ones.",
    ),
    t("A container is running", r#"{"check":"container-running","name":"web"}"#, "docker run -d --name NAME …"),
    t("A container is gone", r#"{"check":"container-absent","name":"web"}"#, "docker rm -f NAME."),
    t(
        "The host reaches a container's port",
        r#"{"check":"host-reaches","name":"web","port":80}"#,
        "Publish the port with -p.",
    ),
    t(
        "Two containers reach each other by name",
        r#"{"check":"containers-reach","from":"api","to":"db"}"#,
        "Put both on one user-defined network.",
    ),
    t("A network exists", r#"{"check":"network-exists","name":"appnet"}"#, "docker network create NAME."),
    t("A network is gone", r#"{"check":"network-absent","name":"appnet"}"#, "docker network rm NAME."),
    t("A volume exists", r#"{"check":"volume-exists","name":"data"}"#, "docker volume create NAME."),
    t(
        "A volume is mounted",
        r#"{"check":"volume-mounted","container":"db","volume":"data","destination":"/data"}"#,
        "docker run -v VOLUME:/PATH …",
    ),
    t(
        "Pushed for several platforms",
        r#"{"check":"pushed-for-platforms","reference":"localhost:5000/hello:1.0","platforms":["linux/amd64","linux/arm64"]}"#,
        "docker buildx build --platform … --push, on a builder that can (docker buildx create --use).",
    ),
];

/// The templates whose predicates read `scope`, with their index in [`TEMPLATES`].
pub fn templates(scope: Scope) -> impl Iterator<Item = (usize, &'static Template)> {
    TEMPLATES.iter().enumerate().filter(move |(_, t)| predicate(t).is_ok_and(|p| p.scope() == scope))
}

/// A template's predicate.
pub fn predicate(template: &Template) -> Result<Predicate, String> {
    serde_json::from_str(template.json).map_err(|e| e.to_string())
}

#[cfg(test)]
#[path = "goal_params_tests.rs"]
mod tests;
