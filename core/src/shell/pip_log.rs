//! The download lines pip writes into a build log: `Downloading FILE (SIZE)`
//! or `Using cached FILE (SIZE)`, and, for a large file, the final state of
//! its progress bar.
//!
//! pypa/pip 26.2.1: `src/pip/_internal/network/download.py` `_log_download`
//! (the file's name and `format_size` of its Content-Length; `Using cached`
//! for a response from the HTTP cache; a bar only for a fresh download over
//! 512 KiB), `utils/misc.py` `format_size`, `cli/progress_bars.py`
//! `_rich_download_progress_bar` (description of indentation + 2 spaces,
//! then rich's bar, `DownloadColumn`, `TransferSpeedColumn`, an empty text
//! once done, `TimeRemainingColumn(elapsed_when_finished=True)`), and the
//! vendored rich (`progress.py`: a 40-cell bar, one space between columns;
//! `live.py`: on a terminal-less stdout, as in `docker build`, only the
//! finished bar is printed, once; `filesize.py` for the units).

/// pip's `format_size`: decimal units, a whole number of kB from 10 kB up to 1 MB.
pub fn format_size(bytes: u64) -> String {
    let b = bytes as f64;
    if bytes > 1_000_000 {
        format!("{:.1} MB", b / 1000.0 / 1000.0)
    } else if bytes > 10_000 {
        format!("{} kB", bytes / 1000)
    } else if bytes > 1000 {
        format!("{:.1} kB", b / 1000.0)
    } else {
        format!("{bytes} bytes")
    }
}

/// ESTIMATE: the transfer speed the bar reports (the build's time model
/// allows 0.05 s per MB, so 20 MB/s).
pub const BYTES_PER_SECOND: u64 = 20_000_000;

/// The lines pip logs for one file fetched (indented by `indent` spaces,
/// pip's `indent_log` level): the fetch, and the finished bar when pip
/// draws one.
pub fn download_lines(file: &str, bytes: u64, cached: bool, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    let verb = if cached { "Using cached" } else { "Downloading" };
    let mut lines = vec![format!("{pad}{verb} {file} ({})", format_size(bytes))];
    if !cached && bytes > 512 * 1024 {
        lines.push(bar(bytes, indent));
    }
    lines
}

/// The finished bar: `description bar done/total unit speed/s  elapsed`.
fn bar(bytes: u64, indent: usize) -> String {
    let description = " ".repeat(indent + 2);
    let elapsed = bytes / BYTES_PER_SECOND;
    format!(
        "{description} {} {} {}/s  {}:{:02}:{:02}",
        "━".repeat(40),
        done_of_total(bytes),
        rich_decimal(BYTES_PER_SECOND),
        elapsed / 3600,
        elapsed / 60 % 60,
        elapsed % 60
    )
}

/// rich's `DownloadColumn` for a finished download: one unit for both
/// figures (`pick_unit_and_suffix`), one decimal, thousands separated.
fn done_of_total(bytes: u64) -> String {
    let suffixes = ["bytes", "kB", "MB", "GB", "TB"];
    let mut unit = 1u64;
    let mut suffix = suffixes[0];
    for (i, s) in suffixes.iter().enumerate() {
        unit = 1000u64.pow(i as u32);
        suffix = s;
        if bytes < unit * 1000 {
            break;
        }
    }
    let figure = if unit == 1 { thousands(&bytes.to_string()) } else { one_decimal(bytes as f64 / unit as f64) };
    format!("{figure}/{figure} {suffix}")
}

/// rich's `filesize.decimal`.
fn rich_decimal(bytes: u64) -> String {
    if bytes == 1 {
        return "1 byte".to_string();
    }
    if bytes < 1000 {
        return format!("{} bytes", thousands(&bytes.to_string()));
    }
    let suffixes = ["kB", "MB", "GB", "TB", "PB"];
    let mut i = 0;
    while i + 1 < suffixes.len() && bytes >= 1000u64.pow(i as u32 + 2) {
        i += 1;
    }
    format!("{} {}", one_decimal(bytes as f64 / 1000f64.powi(i as i32 + 1)), suffixes[i])
}

/// Python's `f"{x:,.1f}"`.
fn one_decimal(x: f64) -> String {
    let s = format!("{x:.1}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, "0"));
    format!("{}.{frac}", thousands(int))
}

fn thousands(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pip's `format_size` by hand: 103,424 bytes is over 10 kB, so
    /// `int(103424 / 1000)` = 103 kB; 3,167 bytes is `3.2 kB` (`%.1f`);
    /// 1,000,001 bytes and up are MB; exactly 1,000,000 is still `1000 kB`.
    #[test]
    fn sizes_print_as_pips_format_size() {
        assert_eq!(format_size(103_424), "103 kB");
        assert_eq!(format_size(3_167), "3.2 kB");
        assert_eq!(format_size(10_000), "10.0 kB");
        assert_eq!(format_size(1_000_000), "1000 kB");
        assert_eq!(format_size(12_912_345), "12.9 MB");
        assert_eq!(format_size(999), "999 bytes");
    }

    /// Small files get no bar; a file over 512 KiB (524,288 bytes) does.
    /// Its figures by hand: 12,912,345 bytes is under 1000 MB, so MB with one
    /// decimal on both sides; 20,000,000 B/s is `20.0 MB/s`; 0.6 s elapsed
    /// prints `0:00:00`. The description is two spaces plus pip's indent, and
    /// rich puts one space after it.
    #[test]
    fn a_large_download_ends_with_its_finished_bar() {
        assert_eq!(
            download_lines("flask-3.1.3-py3-none-any.whl", 103_424, false, 0),
            ["Downloading flask-3.1.3-py3-none-any.whl (103 kB)"]
        );
        assert_eq!(
            download_lines("x.whl", 12_912_345, false, 0),
            [
                "Downloading x.whl (12.9 MB)".to_string(),
                format!("   {} 12.9/12.9 MB 20.0 MB/s  0:00:00", "━".repeat(40)),
            ]
        );
        assert_eq!(
            download_lines("x.whl", 600_000, false, 2)[1],
            format!("     {} 600.0/600.0 kB 20.0 MB/s  0:00:00", "━".repeat(40))
        );
        assert_eq!(download_lines("x.whl", 12_912_345, true, 0), ["Using cached x.whl (12.9 MB)"]);
        assert_eq!(done_of_total(1_234_567_890), "1.2/1.2 GB");
        assert_eq!(rich_decimal(1_500), "1.5 kB");
        assert_eq!(one_decimal(1234.56), "1,234.6");
    }
}
