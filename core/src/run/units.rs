//! The value syntaxes behind Docker's flags, with Go's error texts: Go's
//! `strconv.ParseBool`/`ParseInt`/`ParseUint`/`Atoi`, go-units'
//! `RAMInBytes` (`512m`, `1.5g`, `100KiB`; binary multiples) and the CLI's
//! `ParseCPUs` (`--cpus 1.5`: a rational number to nano-CPUs).

use std::fmt;

use crate::quote::go_quote;

/// A `strconv.NumError`: `strconv.ParseInt: parsing "x": invalid syntax`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumError {
    /// `ParseInt`, `ParseUint`, `ParseBool`, `ParseFloat`.
    pub func: &'static str,
    pub input: String,
    /// `true` for "value out of range", `false` for "invalid syntax".
    pub out_of_range: bool,
}

impl fmt::Display for NumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.out_of_range { "value out of range" } else { "invalid syntax" };
        write!(f, "strconv.{}: parsing {}: {what}", self.func, go_quote(&self.input))
    }
}

fn syntax(func: &'static str, input: &str) -> NumError {
    NumError { func, input: input.to_string(), out_of_range: false }
}

fn range(func: &'static str, input: &str) -> NumError {
    NumError { func, input: input.to_string(), out_of_range: true }
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Result<bool, NumError> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(syntax("ParseBool", s)),
    }
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.first().is_some_and(|&c| c == b'+' || c == b'-') {
        i = 1;
    }
    let mut saw = b'^';
    let mut hex = false;
    if b.len() >= i + 2 && b[i] == b'0' && matches!(b[i + 1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        hex = b[i + 1].eq_ignore_ascii_case(&b'x');
        i += 2;
        saw = b'0';
    }
    for &c in &b[i..] {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

/// Go's `strconv.ParseUint(s, base, bits)`; base 0 reads prefixes and underscores.
fn parse_uint_impl(s: &str, base: u32, bits: u32) -> Result<u64, bool> {
    if s.is_empty() {
        return Err(false);
    }
    let base0 = base == 0;
    let (digits, base) = if !base0 {
        (s, u64::from(base))
    } else {
        let b = s.as_bytes();
        if b[0] == b'0' && b.len() >= 3 && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
            let base = match b[1].to_ascii_lowercase() {
                b'b' => 2,
                b'o' => 8,
                _ => 16,
            };
            (&s[2..], base)
        } else if b[0] == b'0' {
            (&s[1..], 8)
        } else {
            (s, 10)
        }
    };
    let max: u64 = if bits >= 64 { u64::MAX } else { (1u64 << bits) - 1 };
    let mut n: u64 = 0;
    let mut underscores = false;
    for c in digits.bytes() {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u64::from(c - b'0'),
            b'a'..=b'z' => u64::from(c - b'a') + 10,
            b'A'..=b'Z' => u64::from(c - b'A') + 10,
            _ => return Err(false),
        };
        if d >= base {
            return Err(false);
        }
        n = n.checked_mul(base).and_then(|n| n.checked_add(d)).filter(|&n| n <= max).ok_or(true)?;
    }
    if underscores && !underscore_ok(s) {
        return Err(false);
    }
    Ok(n)
}

/// Go's `strconv.ParseUint(s, base, bits)` for a fixed base (no prefix, no underscores).
pub fn parse_uint_base(s: &str, base: u32, bits: u32) -> Option<u64> {
    parse_uint_impl(s, base, bits).ok()
}

/// Go's `strconv.ParseUint(s, 0, bits)`.
pub fn parse_uint(s: &str, bits: u32) -> Result<u64, NumError> {
    parse_uint_impl(s, 0, bits).map_err(|r| if r { range("ParseUint", s) } else { syntax("ParseUint", s) })
}

fn parse_int_impl(s: &str, base: u32, bits: u32, func: &'static str) -> Result<i64, NumError> {
    if s.is_empty() {
        return Err(syntax(func, s));
    }
    let (negative, rest) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = parse_uint_impl(rest, base, 64).map_err(|r| if r { range(func, s) } else { syntax(func, s) })?;
    let cutoff = 1u64 << (bits.clamp(1, 64) - 1);
    if !negative && magnitude >= cutoff || negative && magnitude > cutoff {
        return Err(range(func, s));
    }
    // Two's complement keeps `-cutoff` representable.
    let value = magnitude as i64;
    Ok(if negative { value.wrapping_neg() } else { value })
}

/// Go's `strconv.ParseInt(s, 0, bits)`: `0x1f`, `0o17`, `017`, `1_000`, signs.
pub fn parse_int(s: &str, bits: u32) -> Result<i64, NumError> {
    parse_int_impl(s, 0, bits, "ParseInt")
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits.
pub fn atoi(s: &str) -> Option<i64> {
    parse_int_impl(s, 10, 64, "Atoi").ok()
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal input (Go's hexadecimal
/// floats, `inf` and `nan` are not accepted here; go-units never passes them
/// on as they do not end in a digit, except hexadecimal mantissas).
pub fn parse_float(s: &str) -> Result<f64, NumError> {
    let b = s.as_bytes();
    let mut i = usize::from(b.first().is_some_and(|&c| c == b'+' || c == b'-'));
    let int_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return Err(syntax("ParseFloat", s));
    }
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+') | Some(b'-')) {
            i += 1;
        }
        let exp_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp_digits == 0 {
            return Err(syntax("ParseFloat", s));
        }
        i += exp_digits;
    }
    if i != b.len() {
        return Err(syntax("ParseFloat", s));
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(range("ParseFloat", s)),
    }
}

/// go-units' size errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SizeError {
    /// `invalid size: '<input>'`: no digit at all, or a negative size.
    InvalidSize(String),
    /// The number part is not a float.
    Number(NumError),
    /// `invalid suffix: '<suffix>'`.
    InvalidSuffix(String),
}

impl fmt::Display for SizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SizeError::InvalidSize(s) => write!(f, "invalid size: '{s}'"),
            SizeError::Number(e) => e.fmt(f),
            SizeError::InvalidSuffix(s) => write!(f, "invalid suffix: '{s}'"),
        }
    }
}

/// go-units v0.5.0 `RAMInBytes`: a number, an optional space, an optional
/// case-insensitive `b`, `k`, `m`, `g`, `t`, `p` suffix (with an optional
/// `b` or `ib`), all binary multiples of 1024. Fractions are truncated.
pub fn ram_in_bytes(s: &str) -> Result<i64, SizeError> {
    let Some(sep) = s.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ') else {
        return Err(SizeError::InvalidSize(s.to_string()));
    };
    let (num, sfx) = if s.as_bytes()[sep] != b' ' { (&s[..=sep], &s[sep + 1..]) } else { (&s[..sep], &s[sep + 1..]) };
    let size = parse_float(num).map_err(SizeError::Number)?;
    if size < 0.0 {
        return Err(SizeError::InvalidSize(s.to_string()));
    }
    if sfx.is_empty() {
        return Ok(go_f64_to_i64(size));
    }
    if sfx.len() > 3 {
        return Err(SizeError::InvalidSuffix(sfx.to_string()));
    }
    let lower = sfx.to_lowercase();
    let bad = || SizeError::InvalidSuffix(lower.clone());
    let first = lower.as_bytes()[0];
    if first == b'b' {
        return if lower.len() > 1 { Err(bad()) } else { Ok(go_f64_to_i64(size)) };
    }
    let shift = match first {
        b'k' => 10,
        b'm' => 20,
        b'g' => 30,
        b't' => 40,
        b'p' => 50,
        _ => return Err(bad()),
    };
    match lower.len() {
        2 if lower.as_bytes()[1] != b'b' => return Err(bad()),
        3 if &lower.as_bytes()[1..] != b"ib" => return Err(bad()),
        _ => {}
    }
    Ok(go_f64_to_i64(size * (1u64 << shift) as f64))
}

/// Go's `int64(f)` on amd64: truncation, and the minimum int64 for anything
/// that does not fit (the hardware's "integer indefinite" value).
fn go_f64_to_i64(f: f64) -> i64 {
    // 2^63 is exactly representable; everything in [-2^63, 2^63) fits.
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if (-TWO_63..TWO_63).contains(&f) {
        f as i64
    } else {
        i64::MIN
    }
}

/// The CLI's `ParseCPUs` errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CpusError {
    /// `failed to parse <input> as a rational number`.
    NotRational(String),
    /// `value is too precise`: not a whole number of nano-CPUs.
    TooPrecise,
}

impl fmt::Display for CpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CpusError::NotRational(s) => write!(f, "failed to parse {s} as a rational number"),
            CpusError::TooPrecise => f.write_str("value is too precise"),
        }
    }
}

/// `--cpus`: Go's `big.Rat.SetString` (decimal `1.5`, `2e-1`, or a fraction
/// `3/2`), times 10^9, which must be a whole number. Differences: Go's base
/// prefixes (`0x…/…`) are not accepted, and a result beyond int64 is an error
/// here where Go would wrap.
pub fn parse_cpus(s: &str) -> Result<i64, CpusError> {
    let not_rational = || CpusError::NotRational(s.to_string());
    let (num, den): (i128, i128) = if let Some((a, b)) = s.split_once('/') {
        let a = atoi(a).ok_or_else(not_rational)?;
        let b = b.bytes().all(|c| c.is_ascii_digit()).then(|| atoi(b)).flatten().ok_or_else(not_rational)?;
        if b == 0 {
            return Err(not_rational());
        }
        (i128::from(a), i128::from(b))
    } else {
        decimal_rational(s).ok_or_else(not_rational)?
    };
    let nano = num.checked_mul(1_000_000_000).ok_or(CpusError::TooPrecise)?;
    if nano % den != 0 {
        return Err(CpusError::TooPrecise);
    }
    i64::try_from(nano / den).map_err(|_| CpusError::TooPrecise)
}

/// A decimal with an optional exponent as numerator/denominator, or `None`.
fn decimal_rational(s: &str) -> Option<(i128, i128)> {
    let (negative, rest) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |d: &str| d.bytes().all(|c| c.is_ascii_digit());
    if int_part.len() + frac_part.len() == 0 || !digits_ok(int_part) || !digits_ok(frac_part) {
        return None;
    }
    let mut exponent: i64 = match exp {
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits_ok(digits) {
                return None;
            }
            atoi(e)?
        }
        None => 0,
    };
    exponent = exponent.checked_sub(i64::try_from(frac_part.len()).ok()?)?;
    let all: String = format!("{int_part}{frac_part}");
    let trimmed = all.trim_start_matches('0');
    if trimmed.len() > 36 {
        return Some((i128::MAX, 1)); // far beyond int64 after scaling: reported as too precise/large
    }
    let mut num: i128 = if trimmed.is_empty() { 0 } else { trimmed.parse().ok()? };
    let mut den: i128 = 1;
    if num == 0 {
        return Some((0, 1));
    }
    if exponent > 0 {
        for _ in 0..exponent {
            num = num.checked_mul(10)?;
        }
    } else {
        for _ in 0..(-exponent).min(40) {
            den = den.checked_mul(10)?;
        }
        if -exponent > 40 {
            return Some((1, i128::MAX)); // never a whole number of nano-CPUs
        }
    }
    if negative {
        num = -num;
    }
    Some((num, den))
}
