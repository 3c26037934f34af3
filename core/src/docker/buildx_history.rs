//! `docker buildx history ls` and `docker buildx history inspect [REF]`: the
//! builds the builder ran, as buildx prints them (`commands/history/ls.go`,
//! `inspect.go`), from the engine's history records. Times come from the
//! command's `now`, so `CREATED AT` ages as the session's clock moves.

use super::flags::{flag, unmodelled, Arity, Parsed, Spec, Takes};
use super::{Ctx, Output};
use crate::engine::history_records::HistoryRecord;
use crate::engine::{ago, rfc3339, tabwrite};

pub const HISTORY_LS: Spec = Spec {
    path: "docker buildx history ls",
    usage: "[OPTIONS]",
    short: "List build records",
    flags: &[
        unmodelled("filter", None, Takes::Values, "Provide filter values (e.g., \"status=error\")"),
        unmodelled("format", None, Takes::Value, "Format the output"),
        flag("local", None, Takes::Bool, "List records for current repository only"),
        flag("no-trunc", None, Takes::Bool, "Don't truncate output"),
    ],
    arity: Arity::None,
    interspersed: true,
};

pub const HISTORY_INSPECT: Spec = Spec {
    path: "docker buildx history inspect",
    usage: "[OPTIONS] [REF]",
    short: "Inspect a build record",
    flags: &[unmodelled("format", None, Takes::Value, "Format the output")],
    arity: Arity::AtMost(1),
    interspersed: true,
};

/// The builder and node every record belongs to (buildx `FullRef`:
/// `builder/node/ref`); the daemon's own builder is `default`, its node `default`.
const NODE: &str = "default/default";

/// buildx `formatDuration`: tenths of a second under a minute, else `1m 5s`.
fn format_duration(seconds: f64) -> String {
    if seconds < 60.0 {
        format!("{seconds:.1}s")
    } else {
        let whole = seconds as u64;
        format!("{}m {:>2}s", whole / 60, whole % 60)
    }
}

/// buildx `trimBeginning`: the end of a long name, after `..`.
fn trim_beginning(name: &str, n: usize) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= n {
        return name.to_string();
    }
    format!("..{}", chars[chars.len() - n + 2..].iter().collect::<String>())
}

/// Newest first (buildx sorts by creation time, newest first); records of
/// the same second keep their build order, latest first.
fn newest_first(records: &[HistoryRecord]) -> Vec<&HistoryRecord> {
    let mut sorted: Vec<&HistoryRecord> = records.iter().rev().collect();
    crate::sort::by_key(&mut sorted, |r| std::cmp::Reverse(r.created));
    sorted
}

pub fn history_ls(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    if p.on("local") {
        return Output::error("ERROR: could not find git repository for local filter: layerlab: the playground's context is not a git repository".into(), 1);
    }
    let trunc = !p.on("no-trunc");
    let mut rows = vec![["BUILD ID", "NAME", "STATUS", "CREATED AT", "DURATION", ""].map(String::from).to_vec()];
    for record in newest_first(ctx.engine.build_history()) {
        let name = if trunc { trim_beginning(&record.name, 36) } else { record.name.clone() };
        rows.push(vec![
            record.reference.clone(),
            name,
            record.status().to_string(),
            ago(record.created, ctx.now),
            format_duration(record.duration),
            // The Docker Desktop link is only shown on a terminal.
            String::new(),
        ]);
    }
    Output::ok(tabwrite(&rows))
}

/// Go's `text/tabwriter` as buildx's inspect sets it up (`minwidth 1,
/// tabwidth 8, padding 1`, tabs): a tab-terminated cell is followed by the
/// tabs that bring its column to a multiple of 8.
fn tab_block(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(k, _)| k.chars().count() + 1).max().unwrap_or(0);
    let cell = width.div_ceil(8) * 8;
    let mut out = String::new();
    for (key, value) in rows {
        let pad = cell - key.chars().count();
        out.push_str(key);
        out.extend(std::iter::repeat_n('\t', pad.div_ceil(8)));
        out.push_str(value);
        out.push('\n');
    }
    out
}

pub fn history_inspect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let wanted = p.args.first().map(String::as_str);
    let records = newest_first(ctx.engine.build_history());
    let record = match wanted {
        None => records.first().copied(),
        Some(offset) if offset.starts_with('^') => match offset[1..].parse::<usize>() {
            Ok(n) => match records.get(n) {
                Some(r) => Some(*r),
                None => return Output::error(format!("ERROR: no completed build found with offset {n}"), 1),
            },
            Err(_) => {
                return Output::error(
                    format!(
                        "ERROR: invalid offset {offset:?}: strconv.Atoi: parsing {:?}: invalid syntax",
                        &offset[1..]
                    ),
                    1,
                )
            }
        },
        Some(reference) => records.iter().copied().find(|r| r.reference == reference),
    };
    let Some(record) = record else {
        return Output::error(
            match wanted {
                None => "ERROR: no records found".to_string(),
                Some(r) => format!("ERROR: no record found for ref {r:?}"),
            },
            1,
        );
    };
    Output::ok(inspect_text(record, wanted.is_none()))
}

/// buildx `history inspect`'s pretty format, block by block.
fn inspect_text(record: &HistoryRecord, show_ref: bool) -> String {
    let mut head = vec![("Name:", record.name.clone())];
    if show_ref {
        head.push(("Ref:", record.reference.clone()));
    }
    head.push(("Context:", record.context.clone()));
    head.push(("Dockerfile:", record.dockerfile.clone()));
    if let Some(target) = &record.target {
        head.push(("Target:", target.clone()));
    }
    let mut out = tab_block(&head);
    out.push('\n');
    // `Started` is printed in the client's local time zone; the simulation's is UTC.
    let started = rfc3339(record.created).replace('T', " ").trim_end_matches('Z').to_string();
    let mut timing = vec![("Started:", started), ("Duration:", format_duration(record.duration))];
    if let Some(error) = &record.error {
        // BuildKit's gRPC status code for a failed solve is Unknown.
        timing.push(("Error:", format!("Unknown {error}")));
    }
    let share = if record.total == 0 { 0.0 } else { record.cached as f64 / record.total as f64 * 100.0 };
    timing.push(("Build Steps:", format!("{}/{} ({share:.0}% cached)", record.completed, record.total)));
    out.push_str(&tab_block(&timing));
    out.push('\n');
    // The build config block: nothing Layerlab sets is listed there.
    out.push('\n');
    if !record.build_args.is_empty() {
        // printTable: its own tabwriter, `BUILD ARG` and `VALUE` as the header.
        let mut rows = vec![("BUILD ARG", "VALUE".to_string())];
        rows.extend(record.build_args.iter().map(|(k, v)| (k.as_str(), v.clone())));
        out.push_str(&tab_block(&rows));
        out.push('\n');
    }
    out.push_str(&format!("Print build logs: docker buildx history logs {}\n", record.reference));
    out.push_str(&format!(
        "View build in Docker Desktop: docker-desktop://dashboard/build/{NODE}/{}\n",
        record.reference
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// buildx commands/history/utils.go `formatDuration`.
    #[test]
    fn durations_read_as_buildx_prints_them() {
        assert_eq!(format_duration(4.25), "4.2s");
        assert_eq!(format_duration(65.0), "1m  5s");
        assert_eq!(trim_beginning("abcdefghij", 6), "..ghij");
    }

    /// Go's tabwriter with tabs: `Dockerfile:` (11) makes a 16-wide column.
    #[test]
    fn tab_blocks_pad_with_tabs_to_the_next_stop() {
        let block = tab_block(&[("Name:", "app".into()), ("Dockerfile:", "Dockerfile".into())]);
        assert_eq!(block, "Name:\t\tapp\nDockerfile:\tDockerfile\n");
    }
}
