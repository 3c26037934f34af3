//! The Markdown subset lessons are written in (`FORMAT.md`): paragraphs,
//! `##`/`###` headings, flat lists, fenced code blocks; inline code, bold and
//! emphasis stay in the text for the renderer. Read into blocks once, at
//! load time, so the app renders data and never parses.

use serde::{Deserialize, Serialize};

/// A Markdown text and its blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Markdown {
    pub source: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "block", rename_all = "kebab-case")]
pub enum Block {
    /// Text with inline markup (`` `code` ``, `**bold**`, `*em*`), lines joined by spaces.
    Paragraph {
        text: String,
    },
    Heading {
        level: u8,
        text: String,
    },
    List {
        ordered: bool,
        items: Vec<String>,
    },
    /// A fenced block; `language` is `dockerfile`, `sh`, `text`, `json` or
    /// `terminal` (docker lines the app can run with a click).
    Code {
        language: Option<String>,
        code: String,
    },
}

/// The languages a code fence may name.
pub const LANGUAGES: [&str; 5] = ["dockerfile", "sh", "text", "json", "terminal"];

/// A problem in a Markdown text, at a 0-based line of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    pub line: usize,
    pub message: String,
}

impl Markdown {
    /// Reads `source` into blocks, or says where it breaks the subset.
    pub fn parse(source: &str) -> Result<Markdown, MarkdownError> {
        let mut blocks = Vec::new();
        let lines: Vec<&str> = source.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let trimmed = line.trim_end();
            if trimmed.trim().is_empty() {
                i += 1;
                continue;
            }
            if let Some(info) = trimmed.strip_prefix("```") {
                let language = info.trim();
                if !language.is_empty() && !LANGUAGES.contains(&language) {
                    return Err(MarkdownError {
                        line: i,
                        message: format!(
                            "unknown code block language `{language}` (use one of {})",
                            LANGUAGES.join(", ")
                        ),
                    });
                }
                let start = i;
                let mut code = Vec::new();
                i += 1;
                loop {
                    match lines.get(i) {
                        None => {
                            return Err(MarkdownError { line: start, message: "code block is never closed".into() })
                        }
                        Some(l) if l.trim_end() == "```" => break,
                        Some(l) => code.push(*l),
                    }
                    i += 1;
                }
                if language == "terminal" {
                    if let Some(k) = code.iter().position(|l| !l.trim().is_empty() && !l.starts_with("docker ")) {
                        return Err(MarkdownError {
                            line: start + 1 + k,
                            message: "a terminal block holds `docker …` lines only (no prompt, no output)".into(),
                        });
                    }
                }
                i += 1;
                let language = (!language.is_empty()).then(|| language.to_string());
                blocks.push(Block::Code { language, code: code.join("\n") });
                continue;
            }
            if let Some((level, text)) = heading(trimmed) {
                blocks.push(Block::Heading { level, text: text.to_string() });
                i += 1;
                continue;
            }
            if let Some((ordered, _)) = list_item(trimmed) {
                let mut items: Vec<String> = Vec::new();
                while let Some(l) = lines.get(i) {
                    let l = l.trim_end();
                    if let Some((o, text)) = list_item(l) {
                        if o != ordered {
                            break;
                        }
                        check_inline(text, i)?;
                        items.push(text.to_string());
                    } else if let (Some(rest), Some(last)) = (l.strip_prefix("  "), items.last_mut()) {
                        if rest.trim().is_empty() {
                            break;
                        }
                        check_inline(rest, i)?;
                        last.push(' ');
                        last.push_str(rest.trim());
                    } else {
                        break;
                    }
                    i += 1;
                }
                blocks.push(Block::List { ordered, items });
                continue;
            }
            let mut text: Vec<&str> = Vec::new();
            let start = i;
            while let Some(l) = lines.get(i) {
                let l = l.trim_end();
                if l.trim().is_empty() || l.starts_with("```") || heading(l).is_some() || list_item(l).is_some() {
                    break;
                }
                text.push(l.trim());
                i += 1;
            }
            let text = text.join(" ");
            check_inline(&text, start)?;
            blocks.push(Block::Paragraph { text });
        }
        Ok(Markdown { source: source.to_string(), blocks })
    }
}

fn heading(line: &str) -> Option<(u8, &str)> {
    if let Some(text) = line.strip_prefix("### ") {
        Some((3, text.trim()))
    } else {
        line.strip_prefix("## ").map(|text| (2, text.trim()))
    }
}

/// `- item` or `1. item`.
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(text) = line.strip_prefix("- ") {
        return Some((false, text.trim()));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(text) = line[digits..].strip_prefix(". ") {
            return Some((true, text.trim()));
        }
    }
    None
}

/// Inline code must close on the same block: an odd count of backticks
/// would render the rest of the block as code.
fn check_inline(text: &str, line: usize) -> Result<(), MarkdownError> {
    let ticks = text.matches('`').count();
    if ticks % 2 == 1 {
        return Err(MarkdownError { line, message: "unbalanced backtick: inline code is never closed".into() });
    }
    Ok(())
}

/// Inline markup as plain text for a terminal: `**bold**` and `*em*` lose
/// their stars; code keeps its backticks, which read well in a terminal.
pub fn plain_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '*' if !in_code => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_block_kind() {
        let md = Markdown::parse(
            "## Title\n\nOne line\nand the next with `code`.\n\n- a\n- b\n  continued\n\n1. first\n2. second\n\n```dockerfile\nFROM alpine\n\nRUN true\n```\n",
        )
        .unwrap();
        assert_eq!(
            md.blocks,
            vec![
                Block::Heading { level: 2, text: "Title".into() },
                Block::Paragraph { text: "One line and the next with `code`.".into() },
                Block::List { ordered: false, items: vec!["a".into(), "b continued".into()] },
                Block::List { ordered: true, items: vec!["first".into(), "second".into()] },
                Block::Code { language: Some("dockerfile".into()), code: "FROM alpine\n\nRUN true".into() },
            ]
        );
    }

    #[test]
    fn an_unclosed_fence_is_an_error_at_its_line() {
        let error = Markdown::parse("text\n\n```sh\necho\n").unwrap_err();
        assert_eq!(error, MarkdownError { line: 2, message: "code block is never closed".into() });
    }

    #[test]
    fn an_odd_backtick_is_an_error() {
        assert_eq!(Markdown::parse("a `b\n\nfine").unwrap_err().line, 0);
        assert!(Markdown::parse("```python\nx\n```").unwrap_err().message.contains("unknown code block language"));
    }

    #[test]
    fn terminal_blocks_hold_docker_lines_only() {
        let ok = Markdown::parse("```terminal\ndocker ps -a\ndocker images\n```\n").unwrap();
        assert_eq!(
            ok.blocks,
            vec![Block::Code { language: Some("terminal".into()), code: "docker ps -a\ndocker images".into() }]
        );
        let error = Markdown::parse("text\n\n```terminal\ndocker ps\n$ docker images\n```\n").unwrap_err();
        assert_eq!(error.line, 4);
    }

    #[test]
    fn plain_inline_drops_emphasis_but_keeps_code() {
        assert_eq!(plain_inline("**bold** and `a*b`"), "bold and `a*b`");
    }
}
