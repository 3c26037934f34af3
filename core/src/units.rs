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
