//! go-units human sizes (`77.9MB`), as the Docker CLI and BuildKit print them.

/// go-units `HumanSizeWithPrecision(size, precision)`: decimal units and
/// Go's `%.*g` (so `77.9MB`, `120MB`, `1.5kB`, `0B`).
pub fn human_size_precision(bytes: u64, precision: usize) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{}{}", format_g(value, precision), UNITS[unit])
}

/// `docker images` and `docker history`: `HumanSizeWithPrecision(size, 3)`.
pub fn human_size(bytes: u64) -> String {
    human_size_precision(bytes, 3)
}

/// `docker system df` and prune totals: go-units `HumanSize` (4 significant digits).
pub fn human_size4(bytes: u64) -> String {
    human_size_precision(bytes, 4)
}

/// go-units `BytesSize`: binary units and `%.4g` (`7.653GiB`), as `docker info` prints Total Memory.
pub fn bytes_size(bytes: u64) -> String {
    const UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{}{}", format_g(value, 4), UNITS[unit])
}

/// Go's `%.{p}g` for a non-negative finite value.
pub(crate) fn format_g(value: f64, precision: usize) -> String {
    if value == 0.0 {
        return "0".to_string();
    }
    let precision = precision.max(1);
    // The exponent after rounding to `precision` significant digits.
    let sci = format!("{:.*e}", precision - 1, value);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= precision as i32 {
        let mantissa = trim_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    let decimals = (precision as i32 - 1 - exp).max(0) as usize;
    trim_zeros(&format!("{value:.decimals$}"))
}

fn trim_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text.to_string()
    }
}

/// A duration in nanoseconds as Go's `time.Duration.String` prints it
/// (`0s`, `100ms`, `1.5s`, `1m30s`, `1h0m0s`): what `%v` gives for the
/// durations of an image's healthcheck.
pub fn go_duration(ns: u64) -> String {
    /// `value` as `whole[.fraction]` with `digits` fraction digits, trailing zeros cut.
    fn decimal(value: u64, digits: u32) -> String {
        let scale = 10u64.pow(digits);
        let (whole, fraction) = (value / scale, value % scale);
        if fraction == 0 {
            return whole.to_string();
        }
        let fraction = format!("{fraction:0width$}", width = digits as usize);
        format!("{whole}.{}", fraction.trim_end_matches('0'))
    }
    match ns {
        0 => "0s".to_string(),
        n if n < 1_000 => format!("{n}ns"),
        n if n < 1_000_000 => format!("{}µs", decimal(n, 3)),
        n if n < 1_000_000_000 => format!("{}ms", decimal(n, 6)),
        n => {
            let (hours, rest) = (n / 3_600_000_000_000, n % 3_600_000_000_000);
            let (minutes, rest) = (rest / 60_000_000_000, rest % 60_000_000_000);
            let seconds = decimal(rest, 9);
            match (hours, minutes) {
                (0, 0) => format!("{seconds}s"),
                (0, m) => format!("{m}m{seconds}s"),
                (h, m) => format!("{h}h{m}m{seconds}s"),
            }
        }
    }
}

#[cfg(test)]
mod duration_tests {
    use super::go_duration;

    /// Go's time/time.go `Duration.String` examples and its unit boundaries.
    #[test]
    fn durations_print_as_go_prints_them() {
        let cases = [
            (0, "0s"),
            (1, "1ns"),
            (1_100, "1.1µs"),
            (2_200_000, "2.2ms"),
            (100_000_000, "100ms"),
            (1_500_000_000, "1.5s"),
            (30_000_000_000, "30s"),
            (90_000_000_000, "1m30s"),
            (3_600_000_000_000, "1h0m0s"),
            (4_000_000_000_000, "1h6m40s"),
        ];
        for (ns, text) in cases {
            assert_eq!(go_duration(ns), text, "{ns}");
        }
    }
}
