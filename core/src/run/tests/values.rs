//! The value syntaxes on their own (Go's number parsing, go-units sizes,
//! CPUs, shell words, port specs), and properties over arbitrary input.

use super::super::units::{atoi, parse_bool, parse_cpus, parse_float, parse_int, parse_uint, ram_in_bytes};
use super::super::*;
use proptest::prelude::*;

#[test]
fn go_integers() {
    let ok = [
        ("0", 0),
        ("42", 42),
        ("-7", -7),
        ("+7", 7),
        ("0x1F", 31),
        ("0o17", 15),
        ("017", 15),
        ("0b101", 5),
        ("1_000", 1000),
    ];
    for (s, n) in ok {
        assert_eq!(parse_int(s, 64), Ok(n), "{s}");
    }
    for s in ["", "08", "1_", "_1", "0x", "1.0", " 1", "1__0", "--1"] {
        let e = parse_int(s, 64).unwrap_err();
        assert!(!e.out_of_range, "{s}");
        assert_eq!(e.to_string(), format!("strconv.ParseInt: parsing {}: invalid syntax", crate::quote::go_quote(s)));
    }
    assert_eq!(parse_int("9223372036854775807", 64), Ok(i64::MAX));
    assert_eq!(parse_int("-9223372036854775808", 64), Ok(i64::MIN));
    assert!(parse_int("9223372036854775808", 64).unwrap_err().out_of_range);
    assert_eq!(parse_uint("65535", 16), Ok(65535));
    assert_eq!(
        parse_uint("65536", 16).unwrap_err().to_string(),
        "strconv.ParseUint: parsing \"65536\": value out of range"
    );
    assert_eq!(atoi("010"), Some(10));
    assert_eq!(atoi("0x10"), None);
}

#[test]
fn go_booleans() {
    for s in ["1", "t", "T", "TRUE", "true", "True"] {
        assert_eq!(parse_bool(s), Ok(true));
    }
    for s in ["0", "f", "F", "FALSE", "false", "False"] {
        assert_eq!(parse_bool(s), Ok(false));
    }
    assert_eq!(parse_bool("yes").unwrap_err().to_string(), "strconv.ParseBool: parsing \"yes\": invalid syntax");
    assert!(parse_bool("tRUE").is_err());
}

#[test]
fn go_floats() {
    assert_eq!(parse_float("1.5"), Ok(1.5));
    assert_eq!(parse_float(".5"), Ok(0.5));
    assert_eq!(parse_float("5."), Ok(5.0));
    assert_eq!(parse_float("1e3"), Ok(1000.0));
    for s in ["", ".", "e3", "1e", "inf", "nan", "1.2.3", "0x10"] {
        assert!(parse_float(s).is_err(), "{s}");
    }
    assert_eq!(
        parse_float("1e400").unwrap_err().to_string(),
        "strconv.ParseFloat: parsing \"1e400\": value out of range"
    );
}

#[test]
fn go_units_sizes() {
    let ok = [
        ("32", 32),
        ("32b", 32),
        ("32B", 32),
        ("32k", 32 * 1024),
        ("32K", 32 * 1024),
        ("32kb", 32 * 1024),
        ("32Kib", 32 * 1024),
        ("32KIB", 32 * 1024),
        ("32Mb", 32 << 20),
        ("32Gb", 32 << 30),
        ("32Tb", 32 << 40),
        ("32Pb", 32 << 50),
        ("32PB", 32 << 50),
        ("32P", 32 << 50),
        ("32.3", 32),
        ("0.3MB", 314_572),
        ("32 MB", 32 << 20),
        ("1.5k", 1536),
    ];
    for (s, n) in ok {
        assert_eq!(ram_in_bytes(s), Ok(n), "{s}");
    }
    let bad = [
        ("", "invalid size: ''"),
        ("hello", "invalid size: 'hello'"),
        ("-32", "invalid size: '-32'"),
        ("32bm", "invalid suffix: 'bm'"),
        ("32MBB", "invalid suffix: 'mbb'"),
        ("32.3Kibs", "invalid suffix: 'Kibs'"),
        ("32MiBs", "invalid suffix: 'MiBs'"),
        ("32x", "invalid suffix: 'x'"),
        ("32Gbb", "invalid suffix: 'gbb'"),
        (".3.4MB", "strconv.ParseFloat: parsing \".3.4\": invalid syntax"),
        ("  32 ", "strconv.ParseFloat: parsing \"  32\": invalid syntax"),
    ];
    for (s, message) in bad {
        assert_eq!(ram_in_bytes(s).unwrap_err().to_string(), message, "{s:?}");
    }
}

#[test]
fn cpus_as_rationals() {
    let ok = [
        ("1", 1_000_000_000),
        ("0.5", 500_000_000),
        ("1.5", 1_500_000_000),
        ("3/4", 750_000_000),
        ("2e1", 20_000_000_000),
        ("-1", -1_000_000_000),
        ("0", 0),
        ("0.000000001", 1),
    ];
    for (s, n) in ok {
        assert_eq!(parse_cpus(s), Ok(n), "{s}");
    }
    assert_eq!(parse_cpus("1/0").unwrap_err().to_string(), "failed to parse 1/0 as a rational number");
    assert_eq!(parse_cpus("one").unwrap_err().to_string(), "failed to parse one as a rational number");
    assert_eq!(parse_cpus("1/3").unwrap_err().to_string(), "value is too precise");
}

#[test]
fn shell_words() {
    let words = |s: &str| words::split(s).unwrap().words.into_iter().map(|w| w.text).collect::<Vec<_>>();
    assert_eq!(words("a  b\tc"), ["a", "b", "c"]);
    assert_eq!(words("'a b' \"c d\" e\\ f"), ["a b", "c d", "e f"]);
    assert_eq!(words("'it'\\''s'"), ["it's"]);
    assert_eq!(words("\"a\\\\b\\c\""), ["a\\b\\c"]);
    assert_eq!(words("a\\\nb"), ["ab"]);
    assert_eq!(words("\"a\\\nb\""), ["ab"]);
    assert_eq!(words("'a\\\nb'"), ["a\\\nb"]);
    assert_eq!(words("'' \"\""), ["", ""]);
    assert_eq!(words("$'x'"), ["x"]);
    assert_eq!(words("x;y"), ["x"]);
    assert_eq!(words("é 'ü'"), ["é", "ü"]);
    // Spans map the cooked text back to the input.
    let split = words::split("run 'a b'c").unwrap();
    let w = &split.words[1];
    assert_eq!(w.span, Span::new(4, 10));
    assert_eq!(w.sub_span(1, 3), Span::new(6, 8));
    assert_eq!(w.tail_span(3), Span::new(9, 10));
}

#[test]
fn port_specs() {
    let p = publish::parse_publish("127.0.0.1:8080:80/udp").unwrap();
    assert_eq!(
        p,
        vec![PortMapping {
            host_ip: Some("127.0.0.1".parse().unwrap()),
            host_port: Some(HostPort::Port(8080)),
            container_port: 80,
            protocol: Protocol::Udp,
        }]
    );
    let p = publish::parse_publish("80").unwrap();
    assert_eq!(p[0].host_port, None);
    assert_eq!(p[0].host_ip, None);
    assert_eq!(p[0].protocol, Protocol::Tcp);
    let p = publish::parse_publish("8000-8010:80").unwrap();
    assert_eq!(p[0].host_port, Some(HostPort::Range { start: 8000, end: 8010 }));
    assert_eq!(p[0].to_string(), "0.0.0.0:8000-8010->80/tcp");
}

#[test]
fn restart_policies_display_as_typed() {
    for s in ["no", "always", "unless-stopped", "on-failure", "on-failure:3"] {
        let c = parse_run(&format!("docker run --restart {s} img")).unwrap();
        assert_eq!(c.options.restart.map(|r| r.to_string()).as_deref(), Some(s));
    }
}

/// Characters that matter to the shell and to Docker's parsers, to make
/// random lines hit the interesting paths.
fn line_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("docker run ".to_string()),
        Just("-".to_string()),
        Just("--".to_string()),
        Just("=".to_string()),
        Just(":".to_string()),
        Just(",".to_string()),
        Just(" ".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\n".to_string()),
        Just("$".to_string()),
        Just("/".to_string()),
        Just("é".to_string()),
        prop::sample::select(vec![
            "p",
            "v",
            "e",
            "m",
            "it",
            "d",
            "rm",
            "name",
            "mount",
            "network",
            "restart",
            "cpus",
            "memory",
            "publish",
            "volume",
            "health-interval",
            "pids-limit",
            "entrypoint",
            "w",
            "u",
            "h",
            "P",
            "cap-add",
            "init",
        ])
        .prop_map(str::to_string),
        "[0-9a-z./\\[\\]-]{0,6}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC*") {
        let _ = parse_run(&s);
        let _ = parse_run(&format!("docker run {s}"));
    }

    #[test]
    fn docker_like_lines_never_panic(s in line_strategy()) {
        match parse_run(&s) {
            Ok(c) => {
                prop_assert!(c.image_span.end() <= s.len());
                for n in &c.notes {
                    prop_assert!(s.get(n.span().range()).is_some());
                }
                let _ = super::summary(&c);
            }
            Err(e) => {
                prop_assert!(e.span.start() <= e.span.end() && e.span.end() <= s.len(), "{:?}", e);
                prop_assert!(s.is_char_boundary(e.span.start()) && s.is_char_boundary(e.span.end()), "{:?}", e);
                let _ = e.render(MessageStyle::Classic);
                let _ = e.render(MessageStyle::Current);
            }
        }
    }

    #[test]
    fn value_parsers_never_panic(s in "\\PC{0,12}") {
        let _ = ram_in_bytes(&s);
        let _ = parse_cpus(&s);
        let _ = parse_int(&s, 64);
        let _ = parse_float(&s);
        let _ = publish::parse_publish(&s);
        let _ = volume::parse_volume(&s, false);
        let _ = mount::parse_mount(&s);
        let _ = network::parse_network(&s);
        let _ = parse_env_file("f", &s);
    }
}
