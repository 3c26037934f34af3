//! `docker ps --format`: the fields of docker/cli's `ContainerContext`
//! (`cli/command/formatter/container.go`) as a JSON object the template
//! engine reads, the `table` prefix with its headers, and `json`.

use super::ps::{displayable_ports, listed_command, status_text};
use crate::engine::containers::{Container, MountKind, Status};
use crate::engine::{ago, ellipsis, rfc3339, short_id, tabwrite};
use crate::quote::go_quote;
use serde_json::{json, Value};

/// The headers `table` prints (`NewContainerContext`'s `SubHeaderContext`).
const HEADERS: &[(&str, &str)] = &[
    ("ID", "CONTAINER ID"),
    ("Names", "NAMES"),
    ("Image", "IMAGE"),
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("RunningFor", "CREATED"),
    ("Ports", "PORTS"),
    ("State", "STATE"),
    ("Status", "STATUS"),
    ("Labels", "LABELS"),
    ("Mounts", "MOUNTS"),
    ("LocalVolumes", "LOCAL VOLUMES"),
    ("Networks", "NETWORKS"),
    ("HealthStatus", "HEALTH STATUS"),
    ("Size", "SIZE"),
    ("Platform", "PLATFORM"),
    ("IPAddresses", "IP ADDRESSES"),
];

/// One container as the context's methods return it (`trunc` unless `--no-trunc`).
/// `size`: the template reads `.Size`, so the CLI asked the daemon for sizes
/// (docker/cli `cli/command/container/list.go`); else the API's zeros give `0B`.
fn fields(c: &Container, trunc: bool, size: bool, now: u64) -> Value {
    let command = listed_command(c);
    let labels: Vec<String> = c.config.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mounts: Vec<String> = c
        .mounts
        .iter()
        .map(|m| {
            let name = m.name.clone().unwrap_or_else(|| m.source.clone());
            if trunc {
                ellipsis(&name, 15)
            } else {
                name
            }
        })
        .collect();
    let volumes = c.mounts.iter().filter(|m| m.kind == MountKind::Volume).count();
    let networks: Vec<&str> = c.endpoints.iter().map(|e| e.network.as_str()).collect();
    let ips: Vec<Value> =
        c.endpoints.iter().filter_map(|e| e.ip.map(|ip| json!({"Network": e.network, "IP": ip.to_string()}))).collect();
    let size = if size {
        let rw = crate::units::human_size(c.upper_size);
        format!("{rw} (virtual {})", crate::units::human_size(c.upper_size + c.image_size))
    } else {
        "0B".to_string()
    };
    let status = status_text(c, now);
    // `HealthStatus` reads the health out of the status text's parentheses.
    let health = status
        .split_once('(')
        .and_then(|(_, h)| h.strip_suffix(')'))
        .map(|h| h.trim_start_matches("health: "))
        .filter(|h| matches!(*h, "healthy" | "unhealthy" | "starting"))
        .unwrap_or("");
    let state = match c.state.status {
        Status::Exited if c.state.started_at.is_none() => "created",
        s => s.as_str(),
    };
    json!({
        "ID": if trunc { short_id(&c.id) } else { c.id.clone() },
        "Names": c.name,
        "Image": c.config.image,
        "Command": go_quote(&if trunc { ellipsis(&command, 20) } else { command }),
        // Go's `time.Time.String()` in the client's zone (UTC here).
        "CreatedAt": rfc3339(c.created).replace('T', " ").replace('Z', " +0000 UTC"),
        "RunningFor": ago(c.created, now),
        "Ports": displayable_ports(c),
        "State": state,
        "Status": status,
        "Labels": labels.join(","),
        "Mounts": mounts.join(","),
        "LocalVolumes": volumes.to_string(),
        "Networks": networks.join(","),
        "HealthStatus": health,
        "Size": size,
        // Only the containerd image store reports the image's platform; this daemon keeps overlay2.
        "Platform": null,
        "IPAddresses": ips,
    })
}

/// `json`: the context's `MarshalJSON` (docker/cli `formatter/reflect.go`)
/// marshals a map, so keys are sorted, and with `encoding/json`'s defaults,
/// so `<`, `>` and `&` are escaped (`0.0.0.0:80-\u003e80/tcp`).
fn go_json(value: &Value) -> String {
    let sorted: std::collections::BTreeMap<&String, &Value> = value.as_object().into_iter().flatten().collect();
    let text = serde_json::to_string(&sorted).unwrap_or_default();
    text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// `docker ps --format FORMAT`: `table …` with headers through the CLI's
/// tabwriter, `json` one object a line, anything else one template run a
/// container. `\t` and `\n` typed in the format are tab and newline, as
/// docker/cli's `Context.preFormat` replaces them.
pub fn formatted(rows: &[&Container], format: &str, no_trunc: bool, now: u64) -> Result<String, String> {
    let (table, body) = match format.strip_prefix("table") {
        Some(rest) => (true, rest),
        None => (false, format),
    };
    let body = body.trim_matches(' ').replace("\\t", "\t").replace("\\n", "\n");
    // The CLI runs the template once over an empty context first: a field
    // the context lacks fails there, worded as Go words a struct's missing field.
    let template = crate::docker::template::parse(&body)?;
    let missing = |e: String| match e.split_once("map has no entry for key ") {
        Some((head, key)) => format!(
            "failed to execute template: {head}can't evaluate field {} in type *formatter.ContainerContext",
            key.trim_matches('"')
        ),
        None => e,
    };
    let headers: serde_json::Map<String, Value> =
        HEADERS.iter().map(|(k, h)| (k.to_string(), Value::String(h.to_string()))).collect();
    let header = template.execute(&body, &Value::Object(headers)).map_err(missing)?;
    let whole = body == "json" || body.replace(' ', "") == "{{json.}}";
    let size = body.contains(".Size") || (whole && body != "json");
    let values: Vec<Value> = rows.iter().map(|c| fields(c, !no_trunc, size, now)).collect();
    if whole && !table {
        return Ok(values.iter().map(|v| go_json(v) + "\n").collect());
    }
    if !table {
        return values.iter().map(|v| template.execute(&body, v).map(|line| line + "\n").map_err(missing)).collect();
    }
    let mut lines = vec![header];
    for v in &values {
        lines.push(template.execute(&body, v).map_err(missing)?);
    }
    let cells: Vec<Vec<String>> = lines.iter().map(|l| l.split('\t').map(String::from).collect()).collect();
    Ok(tabwrite(&cells))
}
