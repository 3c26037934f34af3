//! Source positions: byte spans and their 1-based line/column form.
//!
//! Spans are byte ranges into the original text (not BuildKit's line-only
//! ranges) so that editors can underline the exact spot.

/// A half-open byte range `start..end` into the source text.
///
/// Stored in `u32`: spans sit in every node, argument and flag of a parse,
/// and a Dockerfile is never near 4 GiB (an offset past it saturates, so a
/// longer text's spans point at its end instead of wrapping).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    start: u32,
    end: u32,
}

/// A position (byte offset, line number) as spans and nodes keep it: `u32`,
/// saturating past 4 GiB rather than wrapping.
pub(crate) fn saturating_u32(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: saturating_u32(start), end: saturating_u32(end.max(start)) }
    }

    pub fn empty_at(at: usize) -> Span {
        Span { start: saturating_u32(at), end: saturating_u32(at) }
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    /// The byte range, for slicing the text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    pub fn len(self) -> usize {
        self.end() - self.start()
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// A 1-based line and a 1-based column counted in characters, as editors show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// Maps byte offsets to lines and columns. Built once per text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts. `u32` halves the index of a
    /// large file (a Dockerfile is never near 4 GiB; a longer text's later
    /// lines would all map to its last line below 4 GiB, never panic).
    line_starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        // One SIMD search over the whole text, which keeps its place between
        // finds (a search per line would set up again for every short line);
        // this runs on every keystroke.
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map_while(|i| u32::try_from(i + 1).ok()));
        LineIndex { line_starts }
    }

    /// The number of lines, counting a last line without a newline.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 1-based `line` starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).map(|&start| start as usize)
    }

    /// The line and column of a byte offset. Offsets past the end clamp to the end.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let key = saturating_u32(offset);
        let line_idx = match self.line_starts.binary_search(&key) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx] as usize;
        let col = text[start..offset].chars().count() + 1;
        LineCol { line: line_idx + 1, col }
    }

    /// The text of 1-based `line` without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let Some(start) = self.line_start(line) else { return "" };
        let end = self.line_start(line + 1).unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_reads_as_its_byte_range() {
        let span = Span::new(2, 5);
        assert_eq!((span.start(), span.end(), span.range(), span.len()), (2, 5, 2..5, 3));
        assert_eq!(Span::new(7, 3).range(), 7..7, "an end before the start is the start");
        assert!(Span::empty_at(4).is_empty());
        assert_eq!(Span::new(1, 2).cover(Span::new(5, 9)).range(), 1..9);
    }

    #[cfg(target_pointer_width = "64")]
    #[test]
    fn an_offset_past_4_gib_saturates_instead_of_wrapping() {
        let far = (u32::MAX as usize) + 10;
        assert_eq!(Span::new(3, far).end(), u32::MAX as usize);
        assert_eq!(Span::empty_at(far).start(), u32::MAX as usize);
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "FROM a\nRUN é x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, col: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(index.line_col(text, x), LineCol { line: 2, col: 7 });
        assert_eq!(index.line_text(text, 2), "RUN é x");
        assert_eq!(index.line_col(text, text.len()), LineCol { line: 3, col: 1 });
    }
}
