//! `docker events` (`docker system events`) over the daemon's event history
//! (`engine::event_log`), printed as docker/cli v29.7.2 prints a message
//! (`cli/command/system/events.go`, `prettyPrintEvent`: the time with nine
//! fractional digits, type, action, actor id, the attributes sorted), with
//! `--since`/`--until` read as moby reads them (`api/types/time`: Unix
//! seconds, RFC 3339 dates and times, or a Go duration before now) and
//! `--filter type=…,event=…,container=…,image=…,network=…,volume=…`.
//!
//! A real `docker events` keeps streaming until interrupted (or until
//! `--until`); a terminal here cannot wait, so what the history holds is
//! printed and a note says what Docker would go on doing.

use super::flags::{flag, Arity, Parsed, Spec, Takes};
use super::{Ctx, Output};
use crate::engine::event_log::Message;

pub const EVENTS: Spec = Spec {
    path: "docker events",
    usage: "[OPTIONS]",
    short: "Get real time events from the server",
    flags: &[
        flag("filter", Some('f'), Takes::Values, "Filter output based on conditions provided"),
        flag(
            "format",
            None,
            Takes::Value,
            "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
        ),
        flag("since", None, Takes::Value, "Show all events created since timestamp"),
        flag("until", None, Takes::Value, "Stream events until this timestamp"),
    ],
    arity: Arity::None,
    interspersed: true,
};
pub const SYSTEM_EVENTS: Spec = Spec { path: "docker system events", ..EVENTS };

/// A Go duration (`10m`, `1h30m`, `45s`, `1.5h`) in seconds.
fn go_duration(text: &str) -> Option<u64> {
    let mut total = 0.0;
    let mut rest = text;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let value: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            "us" | "µs" => 0.000_001,
            "ns" => 0.000_000_001,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += value * scale;
    }
    Some(total as u64)
}

/// Days since the epoch of a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2026-11-23`, `2026-11-23T11:30:00Z`, `2026-11-23T11:30:00` (UTC here).
fn rfc3339(text: &str) -> Option<u64> {
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00"));
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let time = time.trim_end_matches('Z');
    let time = time.split(['+', '.']).next().unwrap_or(time);
    let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, min, s) = (t.next()??, t.next().flatten().unwrap_or(0), t.next().flatten().unwrap_or(0));
    u64::try_from(days_from_civil(y, m, day) * 86_400 + h * 3600 + min * 60 + s).ok()
}

/// moby's `GetTimestamp`: a duration before `now`, Unix seconds
/// (fractions allowed), or an RFC 3339 date or time.
fn timestamp(value: &str, now: u64) -> Option<u64> {
    if let Some(d) = go_duration(value).filter(|_| value.chars().last().is_some_and(|c| c.is_ascii_alphabetic())) {
        return Some(now.saturating_sub(d));
    }
    if let Ok(seconds) = value.split('.').next().unwrap_or(value).parse::<u64>() {
        if !value.contains('-') {
            return Some(seconds);
        }
    }
    rfc3339(value)
}

/// The filters `docker events` accepts (moby `daemon/events/filter.go`).
const FILTER_KEYS: &[&str] = &[
    "config",
    "container",
    "daemon",
    "event",
    "image",
    "label",
    "network",
    "node",
    "plugin",
    "scope",
    "secret",
    "service",
    "type",
    "volume",
];

fn matches(m: &Message, filters: &[(String, String)], name_of: &dyn Fn(&str) -> Option<String>) -> bool {
    let keys: std::collections::BTreeSet<&str> = filters.iter().map(|(k, _)| k.as_str()).collect();
    keys.into_iter().all(|key| {
        filters.iter().filter(|(k, _)| k == key).any(|(_, v)| match key {
            "type" => m.kind == v,
            "event" => m.action == *v || m.action.split(':').next() == Some(v.as_str()),
            "container" => {
                m.kind == "container"
                    && (m.id.starts_with(v.as_str())
                        || m.attributes.get("name") == Some(v)
                        || name_of(&m.id).as_deref() == Some(v.as_str()))
            }
            "image" => {
                m.attributes.get("image") == Some(v)
                    || (m.kind == "image" && (m.id == *v || m.attributes.get("name") == Some(v)))
            }
            "network" => m.kind == "network" && (m.id == *v || m.attributes.get("name") == Some(v)),
            "volume" => m.kind == "volume" && m.id == *v,
            "label" => m.attributes.contains_key(v.split('=').next().unwrap_or(v)),
            _ => false,
        })
    })
}

/// One line as `prettyPrintEvent` writes it.
fn pretty(m: &Message) -> String {
    let time = crate::engine::rfc3339(m.time).replace('Z', ".000000000Z");
    let mut line = format!("{time} {} {} {}", m.kind, m.action, m.id);
    if !m.attributes.is_empty() {
        let attrs: Vec<String> = m.attributes.iter().map(|(k, v)| format!("{k}={v}")).collect();
        line.push_str(&format!(" ({})", attrs.join(", ")));
    }
    line.push('\n');
    line
}

/// The message as the API's JSON (`--format '{{json .}}'`).
fn message_json(m: &Message) -> serde_json::Value {
    serde_json::json!({
        "status": m.action,
        "id": m.id,
        "from": m.attributes.get("image").cloned().unwrap_or_default(),
        "Type": m.kind,
        "Action": m.action,
        "Actor": {"ID": m.id, "Attributes": m.attributes},
        "scope": "local",
        "time": m.time,
        "timeNano": u128::from(m.time) * 1_000_000_000,
    })
}

/// `docker events [--since T] [--until T] [--filter K=V]… [--format F]`.
pub fn events(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let now = ctx.now;
    let mut filters = Vec::new();
    for f in p.values("filter") {
        match f.split_once('=') {
            Some((k, v)) if FILTER_KEYS.contains(&k) => filters.push((k.to_string(), v.to_string())),
            Some((k, _)) => return Output::daemon_error(format!("invalid filter '{k}'")),
            None => {
                return Output::error(
                    "bad format of filter (expected name=value)\nSee 'docker events --help'.".to_string(),
                    125,
                )
            }
        }
    }
    let bound = |flag: &str| -> Result<Option<u64>, Output> {
        match p.value(flag) {
            None => Ok(None),
            Some(v) => timestamp(v, now)
                .map(Some)
                .ok_or_else(|| Output::daemon_error(format!("failed to parse value {v} as a timestamp"))),
        }
    };
    let (since, until) = match (bound("since"), bound("until")) {
        (Ok(s), Ok(u)) => (s, u),
        (Err(out), _) | (_, Err(out)) => return out,
    };
    let rt = ctx.engine.runtime();
    let name_of = |id: &str| rt.container(id).map(|c| c.name.clone());
    // Without --since, Docker shows only what happens from now on.
    let shown: Vec<&Message> = ctx
        .engine
        .event_log()
        .messages()
        .filter(|m| since.is_some_and(|s| m.time >= s) && until.is_none_or(|u| m.time <= u))
        .filter(|m| matches(m, &filters, &name_of))
        .collect();
    let mut stdout = String::new();
    for m in &shown {
        match p.value("format") {
            None => stdout.push_str(&pretty(m)),
            Some(format) => match super::template::render(format, &message_json(m)) {
                Ok(line) => stdout.push_str(&line),
                Err(e) => return Output::error(format!("template parsing error: {e}"), 64),
            },
        }
    }
    let stderr = match until {
        Some(u) if u <= now => String::new(),
        _ => "# layerlab: docker events keeps streaming new events until interrupted (Ctrl+C) or --until; what happened so far is shown\n".to_string(),
    };
    Output { stdout, stderr, status: 0, events: Vec::new() }
}
