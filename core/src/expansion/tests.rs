//! Unit tests for the expansion module: BuildKit's documented cases, its
//! quirks, error kinds and offsets, and robustness against hostile input.

use super::pattern::testing::reverse_pattern;
use super::*;

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn expand(input: &str, pairs: &[(&str, &str)]) -> Result<String, ExpansionError> {
    Lexer::new('\\').process_word(input, &env(pairs)).map(|e| e.value)
}

fn split(lexer: Lexer, input: &str, pairs: &[(&str, &str)]) -> Result<Vec<String>, ExpansionError> {
    lexer.process_words(input, &env(pairs))
}

fn kind(input: &str, pairs: &[(&str, &str)]) -> ExpansionErrorKind {
    match expand(input, pairs) {
        Ok(v) => panic!("{input:?} expanded to {v:?}, expected an error"),
        Err(e) => e.kind,
    }
}

/// Expected value (or `None` for an error), matched and unmatched names.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Option<&'a str>, &'a [&'a str], &'a [&'a str]);

#[test]
fn matches_buildkit_process_with_matches_cases() {
    let fb: &[(&str, &str)] = &[("FOO", "xxx"), ("BAR", "")];
    let cases: &[Case] = &[
        ("x", &[("DUMMY", "dummy")], Some("x"), &[], &[]),
        ("x ${UNUSED}", &[("DUMMY", "dummy")], Some("x "), &[], &["UNUSED"]),
        ("x ${FOO}", &[("FOO", "y")], Some("x y"), &["FOO"], &[]),
        ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", fb, Some("xxx  ccc"), &["FOO", "BAR"], &["BAZ"]),
        ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", fb, Some("xxx bbb ccc"), &["FOO", "BAR"], &["BAZ"]),
        ("${FOO:-}", fb, Some("xxx"), &["FOO"], &[]),
        ("${FOO:-}", &[], Some(""), &[], &["FOO"]),
        ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", fb, Some("aaa bbb "), &["FOO", "BAR"], &["BAZ"]),
        ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", fb, Some("aaa  "), &["FOO", "BAR"], &["BAZ"]),
        ("${FOO?aaa}", fb, Some("xxx"), &["FOO"], &[]),
        ("${BAR?bbb}", fb, Some(""), &["BAR"], &[]),
        ("${BAZ?ccc}", fb, None, &[], &["BAZ"]),
        ("${FOO:?aaa}", fb, Some("xxx"), &["FOO"], &[]),
        ("${BAR:?bbb}", fb, None, &["BAR"], &[]),
        ("${BAZ:?ccc}", fb, None, &[], &["BAZ"]),
        ("${BAZ:?}", fb, None, &[], &["BAZ"]),
        ("${FOO=aaa}", fb, None, &[], &[]),
        ("${FOO=:aaa}", fb, None, &[], &[]),
        ("${FOO=}", &[], None, &[], &[]),
        (r"${FOO#()[]{\}^$.\*\?|\\}", &[("FOO", r"()[]{}^$.*?|\x")], Some("x"), &["FOO"], &[]),
        (r"${FOO%%\**}", &[("FOO", "xx**")], Some("xx"), &["FOO"], &[]),
        ("${FOO#*x*y}", &[("FOO", "xxyy")], Some("y"), &["FOO"], &[]),
        ("${FOO#*}", &[("FOO", "xxyy")], Some("xxyy"), &["FOO"], &[]),
        ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "x")], Some("xyy"), &["FOO", "BAR"], &[]),
        ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "")], Some("xxyy"), &["FOO", "BAR"], &[]),
        ("${FOO#}", &[("FOO", "xxyy")], Some("xxyy"), &["FOO"], &[]),
        ("${FOO##*x}", &[("FOO", "xxyy")], Some("yy"), &["FOO"], &[]),
        ("${FOO##}", &[("FOO", "xxyy")], Some("xxyy"), &["FOO"], &[]),
        (r"${FOO#?\?}", &[("FOO", "???y")], Some("?y"), &["FOO"], &[]),
        ("${ABC:-.}${FOO%x}${ABC:-.}", &[("FOO", "xxyy")], Some(".xxyy."), &["FOO"], &["ABC"]),
        (r"${FOO%%\**\*}", &[("FOO", "a***yy*")], Some("a"), &["FOO"], &[]),
        ("${FOO%}", &[("FOO", "xxyy")], Some("xxyy"), &["FOO"], &[]),
        ("${FOO%%$BAR}", &[("FOO", "xxyy"), ("BAR", "")], Some("xxyy"), &["FOO", "BAR"], &[]),
        ("${FOO:#}", &[], None, &[], &[]),
        ("${FOO:##}", &[], None, &[], &[]),
        ("${FOO:%}", &[], None, &[], &[]),
        ("${FOO:%%}", &[], None, &[], &[]),
        (
            "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
            &[("FOO", "/foo*/*/*.txt"), ("NEEDLE", r"\*/")],
            Some("/foo.*/*.txt - /foo..*.txt"),
            &["FOO", "NEEDLE"],
            &[],
        ),
        (
            "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
            &[("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")],
            Some("/tmp/bar.txt - /bar.txt"),
            &["FOO", "NEEDLE"],
            &[],
        ),
        (
            "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
            &[("FOO", "/a/foo/b/c.txt"), ("NEEDLE", "/?/"), ("REPLACEMENT", "/")],
            Some("/foo/b/c.txt - /foo/c.txt"),
            &["FOO", "NEEDLE", "REPLACEMENT"],
            &[],
        ),
        (
            "${FOO/$NEEDLE/$REPLACEMENT}",
            &[("FOO", "http://google.de"), ("NEEDLE", "http://"), ("REPLACEMENT", "https://")],
            Some("https://google.de"),
            &["FOO", "NEEDLE", "REPLACEMENT"],
            &[],
        ),
        (r"${FOO//\//\/}", &[("FOO", "/tmp/foo.txt")], Some(r"\/tmp\/foo.txt"), &["FOO"], &[]),
        ("${FOO/$BAR/ww}", &[("FOO", "xxyy"), ("BAR", "")], Some("wwxxyy"), &["FOO", "BAR"], &[]),
        ("${FOO//ww}", &[("FOO", "xxyy")], None, &[], &[]),
        ("${FOO//}", &[("FOO", "xxyy")], None, &[], &[]),
        ("${FOO///}", &[("FOO", "xxyy")], Some("xxyy"), &["FOO"], &[]),
        ("${FOO///}", &[], Some(""), &[], &["FOO"]),
    ];
    for &(input, pairs, expected, matched, unmatched) in cases {
        let got = Lexer::new('\\').process_word(input, &env(pairs));
        match (expected, got) {
            (Some(want), Ok(e)) => {
                assert_eq!(e.value, want, "{input:?}");
                assert_eq!(e.matched, names(matched), "matched of {input:?}");
                assert_eq!(e.unmatched, names(unmatched), "unmatched of {input:?}");
            }
            (None, Err(e)) => {
                // BuildKit's lint rules see the partial sets even on failure.
                assert_eq!(e.unmatched, names(unmatched), "unmatched of failing {input:?}");
            }
            (want, got) => panic!("{input:?}: expected {want:?}, got {got:?}"),
        }
    }
}

#[test]
fn release_file_name_with_optional_variant() {
    let word = "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
    let base = [("VERSION", "v1.2.3"), ("TARGETOS", "linux")];
    let with = |extra: &[(&str, &str)]| expand(word, &[&base[..], extra].concat());
    assert_eq!(
        with(&[("TARGETARCH", "arm"), ("TARGETVARIANT", "v7")]).unwrap(),
        "something-v1.2.3.linux-arm-v7.tar.gz"
    );
    assert_eq!(with(&[("TARGETARCH", "arm64"), ("TARGETVARIANT", "")]).unwrap(), "something-v1.2.3.linux-arm64.tar.gz");
    assert_eq!(with(&[("TARGETARCH", "arm64")]).unwrap(), "something-v1.2.3.linux-arm64.tar.gz");
}

#[test]
fn mandatory_variables_and_their_messages() {
    let set = [("VAR", "plain"), ("ARG", "x")];
    let empty = [("VAR", ""), ("ARG", "x")];
    let unset = [("ARG", "x")];
    let no_empty = "${VAR:?message here$ARG}";
    let no_unset = "${VAR?message here$ARG}";
    assert_eq!(expand(no_empty, &set).unwrap(), "plain");
    assert_eq!(expand(no_empty, &empty).unwrap_err().to_string(), "VAR: message herex");
    assert_eq!(expand(no_empty, &unset).unwrap_err().to_string(), "VAR: message herex");
    assert_eq!(expand(no_unset, &set).unwrap(), "plain");
    assert_eq!(expand(no_unset, &empty).unwrap(), "");
    assert_eq!(expand(no_unset, &unset).unwrap_err().to_string(), "VAR: message herex");
    assert_eq!(expand("${VAR?}", &[]).unwrap_err().to_string(), "VAR: is not allowed to be unset");
    assert_eq!(expand("${VAR:?}", &empty).unwrap_err().to_string(), "VAR: is not allowed to be empty");
    assert!(matches!(kind("${VAR:?}", &empty), ExpansionErrorKind::VariableEmpty { .. }));
}

#[test]
fn error_kinds_messages_and_offsets() {
    let cases: &[(&str, &str, usize)] = &[
        ("ab'cd", "unexpected end of statement while looking for matching single-quote", 2),
        ("한\"cd", "unexpected end of statement while looking for matching double-quote", 3),
        ("x${a", "unsupported modifier (\u{fffd}) in substitution", 4),
        ("x${", "syntax error: missing '}'", 1),
        ("x${a:-b", "syntax error: missing '}'", 1),
        ("${a:-${b:-c}", "syntax error: missing '}'", 0),
        ("${a:-'b}", "syntax error: missing '}'", 0),
        ("${a/b}", "syntax error: missing '/' in ${}", 0),
        ("${a//b}", "syntax error: missing '/' in ${}", 0),
        ("${a/b/c", "syntax error: missing '}'", 0),
        ("é${}", "syntax error: bad substitution", 4),
        ("${:-x}", "syntax error: bad substitution", 2),
        ("${{a}", "syntax error: bad substitution", 2),
        ("${a=b}", "unsupported modifier (=) in substitution", 3),
        ("${a:x}", "unsupported modifier (:x) in substitution", 3),
        ("${a:#x}", "unsupported modifier (:#) in substitution", 3),
        ("${a b}", "unsupported modifier ( ) in substitution", 3),
        ("${.}", "unsupported modifier (.) in substitution", 2),
        ("${#a}", "unsupported modifier (a) in substitution", 3),
        // The operand's own error wins when the input continues after it.
        ("${a:-${b?oops}}", "b: oops", 5),
        // ...but at the end of the input BuildKit reports the brace instead.
        ("${a:-${b?oops}", "syntax error: missing '}'", 0),
    ];
    for &(input, message, offset) in cases {
        let err = expand(input, &[]).expect_err(input);
        assert_eq!(err.to_string(), message, "{input:?}");
        assert_eq!(err.offset, offset, "offset of {input:?}");
    }
}

#[test]
fn invalid_patterns() {
    let v = [("v", "abc")];
    for (input, message) in [
        (r"${v#a\x}", r"invalid pattern (a\x) in substitution: invalid escape '\x'"),
        (r"${v/\x/y}", r"invalid pattern (\x) in substitution: invalid escape '\x'"),
        // `%` reverses the pattern first and reports the reversed one.
        (r"${v%a\xb}", r"invalid pattern (b\xa) in substitution: invalid escape '\x'"),
        // Escaping the operator character itself is not allowed either.
        (r"${v%\%x}", r"invalid pattern (x\%) in substitution: invalid escape '\%'"),
    ] {
        assert_eq!(expand(input, &v).unwrap_err().to_string(), message, "{input:?}");
    }
    // With a backtick escape, a backslash is ordinary text for the lexer but
    // still an escape for the pattern; at the end it escapes "nothing".
    let err = Lexer::new('`').process_word(r"${v#a\}", &env(&v)).unwrap_err();
    assert_eq!(err.to_string(), "invalid pattern (a\\) in substitution: invalid escape '\\\u{fffd}'");
    assert_eq!(err.buildkit_message(r"${v#a\}"), format!("failed to process \"${{v#a\\\\}}\": {err}"));
}

#[test]
fn reverse_pattern_keeps_escape_pairs() {
    for (pattern, reversed) in
        [(r"a\*c", r"c\*a"), (r"\\\ab", r"b\a\\"), (r"ab\", r"\ba"), ("👽\\🚀🖖", "🖖\\🚀👽"), (r"\\b", r"b\\")]
    {
        assert_eq!(reverse_pattern(pattern), reversed, "{pattern:?}");
    }
}

#[test]
fn pattern_semantics_follow_go_regexp() {
    fn v(value: &str) -> [(&str, &str); 1] {
        [("v", value)]
    }
    // Lazy stars pick the first way through, greedy ones the last.
    assert_eq!(expand("${v#*/}", &v("a/b/c")).unwrap(), "b/c");
    assert_eq!(expand("${v##*/}", &v("a/b/c")).unwrap(), "c");
    assert_eq!(expand("${v%/*}", &v("a/b/c")).unwrap(), "a/b");
    assert_eq!(expand("${v%%/*}", &v("a/b/c")).unwrap(), "a");
    // `*` and `?` never cross a newline.
    assert_eq!(expand("${v##*}", &v("ab\ncd")).unwrap(), "\ncd");
    assert_eq!(expand("${v#a?c}", &v("a\nc")).unwrap(), "a\nc");
    assert_eq!(expand("${v//?/-}", &v("a\nb")).unwrap(), "-\n-");
    // No bracket expressions: `[` is literal.
    assert_eq!(expand("${v#[ab]}", &v("[ab]x")).unwrap(), "x");
    assert_eq!(expand("${v#[ab]}", &v("ax")).unwrap(), "ax");
    // Multi-byte characters are single characters.
    assert_eq!(expand("${v#?}", &v("한국어")).unwrap(), "국어");
    assert_eq!(expand("${v%?}", &v("한국어")).unwrap(), "한국");
    assert_eq!(expand("${v/국/-}", &v("한국어")).unwrap(), "한-어");
    // A `%%` written through quotes still counts as doubled.
    assert_eq!(expand("${v%'%'b*}", &v("abab")).unwrap(), "a");
}

#[test]
fn replace_all_follows_go_replace_all_string() {
    fn v(value: &str) -> [(&str, &str); 1] {
        [("v", value)]
    }
    // Empty pattern: Go inserts the replacement around every character.
    assert_eq!(expand("${v///-}", &v("abc")).unwrap(), "-a-b-c-");
    assert_eq!(expand("${v/ /-}", &v("a b c")).unwrap(), "a-b c");
    // An empty match right after a match is skipped.
    assert_eq!(expand("${v//*/x}", &v("abc")).unwrap(), "x");
    // `$0` is the whole match for replace-all, but not for a single replace.
    assert_eq!(expand(r"${v//b/[\$0]}", &v("abcb")).unwrap(), r"a[\b]c[\b]");
    assert_eq!(expand(r"${v/b/[\$0]}", &v("abcb")).unwrap(), r"a[\$0]cb");
    // Other template references vanish; `$$` is `$`; a lone `$` stays.
    assert_eq!(expand(r"${v//b/'$1${x}$$'}", &v("ab")).unwrap(), "a$");
    assert_eq!(expand(r"${v//b/'$-'}", &v("ab")).unwrap(), "a$-");
    assert_eq!(expand(r"${v//b/'${0'}", &v("ab")).unwrap(), "a${0");
}

#[test]
fn positional_special_and_unicode_names() {
    assert_eq!(expand("$1x$@y$$z", &[]).unwrap(), "xyz");
    assert_eq!(expand("$0abc", &[("0", "zero")]).unwrap(), "zeroabc");
    // Names are Go letters and digits, in any script.
    assert_eq!(expand("$한국어!", &[("한국어", "ko")]).unwrap(), "ko!");
    assert_eq!(expand("$٣٤x", &[]).unwrap(), "x");
    // A combining mark (category Mn) is not a letter: the name ends before it.
    assert_eq!(expand("$e\u{301}", &[("e", "E")]).unwrap(), "E\u{301}");
    // A letter-number (Nl, Ⅻ) is not a letter either, although Rust's
    // is_alphabetic says it is.
    assert_eq!(expand("$aⅫ", &[("a", "A")]).unwrap(), "AⅫ");
    let got = Lexer::new('\\').process_word("$1 ${@} $v", &EmptyEnv).unwrap();
    assert_eq!(got.unmatched, names(&["1", "@", "v"]));
}

#[test]
fn quotes_escapes_and_the_backtick_escape() {
    assert_eq!(expand(r#"a\ b"c\"d\e"'f\g'"#, &[]).unwrap(), r#"a bc"d\ef\g"#);
    assert_eq!(expand(r"trailing\", &[]).unwrap(), "trailing");
    let tick = Lexer::new('`');
    let e = env(&[("v", "V")]);
    assert_eq!(tick.process_word(r"C:\dir`$v\$v", &e).unwrap().value, r"C:\dir$v\V");
    assert_eq!(tick.process_word(r#""a`"b\c""#, &e).unwrap().value, r#"a"b\c"#);
    // A byte order mark at the very start is skipped, as Go's scanner does.
    assert_eq!(expand("\u{feff}$v", &[("v", "V")]).unwrap(), "V");
    assert_eq!(expand("a\u{feff}", &[]).unwrap(), "a\u{feff}");
}

#[test]
fn lexer_modes() {
    let e = [("v", "V")];
    let raw_quotes = Lexer { raw_quotes: true, ..Lexer::default() };
    assert_eq!(raw_quotes.process_word(r#"'a$v'"b$v""#, &env(&e)).unwrap().value, r#"'a$v'"bV""#);
    let raw_escapes = Lexer { raw_escapes: true, ..Lexer::default() };
    assert_eq!(raw_escapes.process_word(r"a\$v\b", &env(&e)).unwrap().value, r"a\$v\b");
    // Inside double quotes a raw escape before an ordinary character doubles.
    assert_eq!(raw_escapes.process_word(r#""\a\$v""#, &env(&e)).unwrap().value, r"\\a\$v");
    // `-`/`+`/`?` operands always consume escapes, even in raw mode.
    assert_eq!(raw_escapes.process_word(r"${u:-\$v}", &env(&e)).unwrap().value, "$v");
    let skip = Lexer { skip_unset_env: true, ..Lexer::default() };
    let got = |word: &str| skip.process_word(word, &env(&e)).map(|x| x.value);
    assert_eq!(got("$u ${u} $v").unwrap(), "$u ${u} V");
    assert_eq!(got("${u:-$v}").unwrap(), "${u:-V}");
    assert_eq!(got("${u?msg}").unwrap(), "${u?msg}");
    assert_eq!(got("${u:x}").unwrap(), "${u:x}");
    assert_eq!(got("${u//a/b}").unwrap(), "${u/a/b}");
    assert_eq!(got("${v:-x}").unwrap(), "V");
    let no_quotes = Lexer { skip_process_quotes: true, ..Lexer::default() };
    assert_eq!(no_quotes.process_word(r#"'$v' "a b""#, &env(&e)).unwrap().value, r#"'V' "a b""#);
    assert_eq!(no_quotes.process_words(r#""a b""#, &env(&e)).unwrap(), ["\"a", "b\""]);
}

#[test]
fn word_splitting() {
    let d = Lexer::default();
    let e = [("space", "abc  def"), ("empty", "")];
    assert_eq!(
        split(d, r#"  a  "b  c" d\ e $space "$space" "" '' "#, &e).unwrap(),
        ["a", "b  c", "d e", "abc", "def", "abc  def"]
    );
    assert_eq!(split(d, "a\u{3000}b\u{a0}c", &[]).unwrap(), ["a", "b", "c"]);
    // A heredoc marker with blanks stays one word.
    assert_eq!(split(d, "cat <<  EOF >x", &[]).unwrap(), ["cat", "<<  EOF", ">x"]);
    assert_eq!(split(d, "", &[]).unwrap(), Vec::<String>::new());
    // BuildKit quirk: the current word's text before a `${v<op>…}` is lost,
    // because all levels share one word buffer.
    assert_eq!(split(d, "pre${x:-b}post more", &[]).unwrap(), ["bpost", "more"]);
    assert_eq!(split(d, "a\"q${x:-b}\"", &[]).unwrap(), ["qb"]);
    assert_eq!(split(d, "pre${space}post", &e).unwrap(), ["preabc", "defpost"]);
    assert!(split(d, "a 'b", &[]).is_err());
}

#[test]
fn env_implementations() {
    let list: Vec<(String, String)> = vec![("a".into(), "1".into()), ("a".into(), "2".into())];
    assert_eq!(Env::get(&list, "a"), Some("2"));
    assert_eq!(Env::keys(&list), ["a", "a"]);
    let map: HashMap<String, String> = [("b".to_string(), "x".to_string())].into_iter().collect();
    assert_eq!(Lexer::default().process_word("$b", &map).unwrap().value, "x");
    assert_eq!(EmptyEnv.keys(), Vec::<String>::new());
}

#[test]
fn nesting_is_bounded() {
    let nest = |depth: usize| format!("{}x{}", "${a:-".repeat(depth), "}".repeat(depth));
    assert_eq!(expand(&nest(MAX_NESTING), &[]).unwrap(), "x");
    let err = expand(&nest(MAX_NESTING + 1), &[]).unwrap_err();
    assert_eq!(err.kind, ExpansionErrorKind::NestingTooDeep);
    assert_eq!(err.offset, MAX_NESTING * "${a:-".len());
    // Far deeper input fails the same way, without touching the stack limit,
    // also when it is unterminated or mixes in double quotes.
    assert_eq!(kind(&nest(100_000), &[]), ExpansionErrorKind::NestingTooDeep);
    assert_eq!(kind(&"${a:-\"".repeat(100_000), &[]), ExpansionErrorKind::NestingTooDeep);
}

#[test]
fn nesting_uses_no_call_stack() {
    // wasm32's stack is small and debug builds have large frames: the lexer
    // keeps its nesting on the heap, so the limit fits in a tiny stack.
    let input = format!("{}x{}", "${a:-\"".repeat(MAX_NESTING), "\"}".repeat(MAX_NESTING));
    let worker = std::thread::Builder::new()
        .stack_size(64 * 1024)
        .spawn(move || expand(&input, &[]).map_err(|e| e.kind))
        .expect("spawn");
    assert_eq!(worker.join().expect("no stack overflow"), Ok("x".to_owned()));
}

#[test]
fn large_pathological_input_finishes() {
    // ~100 KB: many `$` references, then a pattern of thousands of stars that
    // a backtracking matcher would need exponential time for.
    let value = "a".repeat(500);
    let mut word = "$v".repeat(20_000);
    word.push_str("${v##");
    word.push_str(&"*a".repeat(25_000));
    word.push_str("b}${v%%");
    word.push_str(&"a*".repeat(5_000));
    word.push('}');
    assert!(word.len() > 100_000);
    let got = expand(&word, &[("v", &value)]).unwrap();
    assert_eq!(got.len(), 20_000 * 500 + 2 * 500);
}

#[test]
fn work_is_bounded() {
    // Matching a 100 KB value against 2,000 stars would take ~2·10^8 steps:
    // past the work limit the call fails instead of running on. (A lowered
    // limit keeps this test fast in debug builds.)
    let big = "a".repeat(100_000);
    let e = env(&[("v", &big)]);
    let hard = format!("${{v##{}b}}", "*a".repeat(2_000));
    let lexer = Lexer { work_limit: WORK_LIMIT / 16, ..Lexer::default() };
    assert_eq!(lexer.process_word(&hard, &e).unwrap_err().kind, ExpansionErrorKind::WorkLimitExceeded);
    let replace = format!("${{v//{}b/x}}", "*a".repeat(2_000));
    assert_eq!(lexer.process_word(&replace, &e).unwrap_err().kind, ExpansionErrorKind::WorkLimitExceeded);
    // Exploding replacements are cut off at the default limit, early.
    let explode = format!("${{v//?/{}}}", "$v".repeat(50));
    let err = Lexer::default().process_word(&explode, &e).unwrap_err();
    assert_eq!((err.kind, err.offset), (ExpansionErrorKind::WorkLimitExceeded, 0));
    // The same call within the limit works.
    let small = env(&[("v", "ab")]);
    assert_eq!(Lexer::default().process_word(&explode, &small).unwrap().value.len(), 2 * 100);
}

/// A tiny deterministic generator, so the test needs no dependencies.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn arbitrary_input_never_panics() {
    let pieces = [
        "$", "{", "}", ":", "-", "+", "?", "#", "%", "/", "*", "\\", "`", "'", "\"", "<", " ", "\n", "a", "v", "0",
        "@", "한", "👽", "\u{feff}", "\u{301}", "=", "[",
    ];
    let e = env(&[("v", "a/b*한\n c"), ("a", ""), ("0", "z")]);
    let mut rng = Lcg(7);
    for round in 0..20_000 {
        let len = rng.next() % 24;
        let input: String = (0..len).map(|_| pieces[rng.next() % pieces.len()]).collect();
        let lexer = Lexer {
            escape: if round % 3 == 0 { '`' } else { '\\' },
            raw_quotes: round % 2 == 0,
            raw_escapes: round % 5 < 2,
            skip_unset_env: round % 7 < 3,
            skip_process_quotes: round % 11 == 0,
            ..Lexer::default()
        };
        for outcome in
            [lexer.process_word(&input, &e).map(|x| x.value), lexer.process_words(&input, &e).map(|w| w.join(" "))]
        {
            if let Err(err) = outcome {
                assert!(input.is_char_boundary(err.offset), "{input:?}: offset {}", err.offset);
                let _ = err.buildkit_message(&input);
            }
        }
    }
}
