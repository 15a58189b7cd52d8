//! JSON as a stream: [`JsonStream`] takes a file's bytes in chunks and cuts the top-level
//! array into windows of whole elements, each parsed by serde_json as an array of its own
//! (`[` + the elements, with their commas, + `]`), so the file is never held whole. A window
//! starts at an element's first byte, where serde is in the state a window's first element
//! puts it in; so every element reads, and fails, exactly as in the whole file. Where the text
//! between elements is wrong (or ends early), the rest is gathered and parsed behind a prefix
//! that puts serde in the state it was in there (`[`, `[{}`, `[{},` or `[]`), and the error's
//! position is moved back onto the file: the same message, line and column as a whole parse.

use super::encoding::{EncodingCheck, EncodingError};
use super::json::{broken_json, read_json, JsonReading};
use super::rows::{RawTable, RowSink};
use crate::model::Schema;
use crate::report::Refusal;

/// Bytes of elements gathered before they are parsed as a window.
const WINDOW_BYTES: usize = 1 << 18;

/// Where the text is, between and inside the top-level array's elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Before the array's `[`.
    Start,
    /// After `[`: an element or `]`.
    First,
    /// Inside an object element (`depth` brackets open; in a string, or after a backslash in one).
    Element { depth: u32, in_string: bool, escaped: bool },
    /// After an element: `,` or `]`.
    AfterElement,
    /// After a comma: an element.
    AfterComma,
    /// After the array's `]`: only whitespace.
    Closed,
}

/// What the stream is doing with the text.
enum Mode {
    /// Cutting windows of elements.
    Windows,
    /// The top level is not an array (or is only whitespace so far at the end): the whole text
    /// is gathered and read at once, as before streaming.
    Whole,
    /// The text went wrong at `buffer[0]` (`prefix` puts serde in the state it was in there):
    /// the rest is gathered, and parsed at the end for serde's own error.
    Wrong { prefix: &'static str },
    /// A refusal is known.
    Refused(Refusal),
}

/// A JSON file being read as its bytes arrive: push each chunk, then [`JsonStream::finish`].
pub struct JsonStream {
    schema: Schema,
    encoding: EncodingCheck,
    reading: JsonReading,
    mode: Mode,
    place: Place,
    /// The text not yet parsed, from the current window's start (or the place it went wrong).
    buffer: String,
    /// How far into `buffer` the places have been followed.
    scanned: usize,
    /// Where the last whole element in `buffer` ends (0: none yet).
    elements_end: usize,
    /// Where the element being followed starts in `buffer`.
    element_start: usize,
    /// Line feeds before `buffer`, and the bytes since the last one (serde's line and column).
    line_feeds_before: u64,
    column_before: usize,
    received: u64,
}

impl JsonStream {
    /// Starts reading a JSON file of `schema`.
    pub fn new(schema: Schema) -> JsonStream {
        JsonStream {
            schema,
            encoding: EncodingCheck::new(),
            reading: JsonReading::new(schema),
            mode: Mode::Windows,
            place: Place::Start,
            buffer: String::new(),
            scanned: 0,
            elements_end: 0,
            element_start: 0,
            line_feeds_before: 0,
            column_before: 0,
            received: 0,
        }
    }

    /// Bytes pushed so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Objects read so far (to size what holds the rows).
    pub fn rows_so_far(&self) -> usize {
        self.reading.objects()
    }

    /// Reads the next `chunk`, handing each well-shaped row to `sink`.
    pub fn push(&mut self, chunk: &[u8], sink: &mut RowSink<'_>) {
        self.received += chunk.len() as u64;
        let mut encoding = std::mem::take(&mut self.encoding);
        encoding.push(chunk, &mut |text| self.text(text, sink));
        self.encoding = encoding;
    }

    /// After the last chunk: what reading found, or why the file is refused.
    pub fn finish(mut self, sink: &mut RowSink<'_>) -> Result<RawTable, Refusal> {
        let mut encoding = std::mem::take(&mut self.encoding);
        match encoding.finish(&mut |text| self.text(text, sink)) {
            Err(EncodingError::Container(refusal)) => return Err(refusal),
            Err(EncodingError::NotUtf8(bad)) => {
                let line_feeds = self.line_feeds_before + self.buffer.bytes().filter(|&b| b == b'\n').count() as u64;
                return Err(Refusal::NotUtf8 { byte: bad.byte, line: 1 + line_feeds });
            }
            Ok(()) => {}
        }
        match std::mem::replace(&mut self.mode, Mode::Windows) {
            Mode::Refused(refusal) => Err(refusal),
            Mode::Whole => read_json(&self.buffer, self.schema, sink),
            Mode::Wrong { prefix } => Err(self.error_behind(prefix)),
            Mode::Windows => match self.place {
                Place::Closed => self.reading.finish(),
                // Only whitespace (or nothing) after the byte-order mark: serde's own words.
                Place::Start => read_json(&self.buffer, self.schema, sink),
                place => {
                    // The text ends inside the array.
                    let end = self.buffer.len();
                    let behind = self.wrong_at(place, end);
                    self.go_wrong(behind, sink);
                    match std::mem::replace(&mut self.mode, Mode::Windows) {
                        Mode::Refused(refusal) => Err(refusal),
                        Mode::Wrong { prefix } => Err(self.error_behind(prefix)),
                        Mode::Windows | Mode::Whole => Err(self.error_behind("[")),
                    }
                }
            },
        }
    }

    /// Takes the next whole-character text of the file.
    fn text(&mut self, text: &str, sink: &mut RowSink<'_>) {
        if matches!(self.mode, Mode::Refused(_)) {
            // Only counted (for an encoding fault's line), not kept.
            self.line_feeds_before += text.bytes().filter(|&b| b == b'\n').count() as u64;
            return;
        }
        if !matches!(self.mode, Mode::Windows) {
            return self.buffer.push_str(text);
        }
        // A large text (a whole file at hand) is followed a window at a time, so the buffer
        // stays a window long and cutting it never moves the rest of the file.
        let mut rest = text;
        while !rest.is_empty() && matches!(self.mode, Mode::Windows) {
            let mut end = rest.len().min(WINDOW_BYTES);
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
            let (piece, after) = rest.split_at(end);
            self.buffer.push_str(piece);
            self.follow(sink);
            rest = after;
        }
        if !rest.is_empty() {
            self.text(rest, sink);
        }
    }

    /// Follows the places through the text not yet looked at, parsing windows as they fill.
    fn follow(&mut self, sink: &mut RowSink<'_>) {
        let mut i = self.scanned;
        while i < self.buffer.len() {
            let b = self.buffer.as_bytes()[i];
            let is_space = matches!(b, b' ' | b'\t' | b'\n' | b'\r');
            match self.place {
                Place::Element { depth, in_string, escaped } => {
                    self.place = match (in_string, escaped, b) {
                        (true, true, _) => Place::Element { depth, in_string, escaped: false },
                        (true, false, b'\\') => Place::Element { depth, in_string, escaped: true },
                        (true, false, b'"') | (false, _, b'"') => Place::Element { depth, in_string: !in_string, escaped: false },
                        (false, _, b'{' | b'[') => Place::Element { depth: depth + 1, in_string, escaped },
                        (false, _, b'}' | b']') if depth == 1 => {
                            self.elements_end = i + 1;
                            Place::AfterElement
                        }
                        (false, _, b'}' | b']') => Place::Element { depth: depth - 1, in_string, escaped },
                        _ => self.place,
                    };
                }
                _ if is_space => {}
                Place::Start if b == b'[' => {
                    self.place = Place::First;
                    // Windows start at the first element, after the array's own `[`.
                    self.scanned = i + 1;
                    self.cut(i + 1);
                    i = 0;
                    continue;
                }
                Place::Start => {
                    self.mode = Mode::Whole;
                    return;
                }
                Place::First if b == b']' => self.place = Place::Closed,
                Place::AfterElement if b == b']' => {
                    self.place = Place::Closed;
                    if let Err(refusal) = self.parse_elements(sink) {
                        self.mode = Mode::Refused(refusal);
                        self.drop_buffer();
                        return;
                    }
                }
                Place::AfterElement if b == b',' => self.place = Place::AfterComma,
                Place::First | Place::AfterComma if b == b'{' => {
                    // A window is parsed once enough is gathered, and the next starts here.
                    if self.elements_end >= WINDOW_BYTES {
                        if let Err(refusal) = self.parse_elements(sink) {
                            self.mode = Mode::Refused(refusal);
                            self.drop_buffer();
                            return;
                        }
                        self.cut(i);
                        i = 0;
                    }
                    self.element_start = i;
                    self.place = Place::Element { depth: 1, in_string: false, escaped: false };
                }
                place => {
                    // Wrong here: an element that is not an object, a missing comma, a trailing
                    // comma, text after the array.
                    let behind = self.wrong_at(place, i);
                    self.go_wrong(behind, sink);
                    return;
                }
            }
            i += 1;
        }
        self.scanned = i;
    }

    /// Where serde's state at `place` began before `i`, and the prefix that puts it there.
    fn wrong_at(&self, place: Place, i: usize) -> (usize, &'static str) {
        let after_last = |byte: u8| self.buffer.as_bytes()[..i].iter().rposition(|&b| b == byte).map_or(i, |at| at + 1);
        match place {
            Place::AfterElement => (self.elements_end, "[{}"),
            Place::AfterComma => (after_last(b','), "[{},"),
            Place::Closed => (after_last(b']'), "[]"),
            Place::Element { .. } => (self.element_start, "["),
            Place::First | Place::Start => (i, "["),
        }
    }

    /// The text went wrong: the whole elements before are read first (an error in them comes
    /// first), then the rest from `at` is gathered behind `prefix`.
    fn go_wrong(&mut self, (at, prefix): (usize, &'static str), sink: &mut RowSink<'_>) {
        match self.parse_elements(sink) {
            Err(refusal) => {
                self.mode = Mode::Refused(refusal);
                self.drop_buffer();
            }
            Ok(()) => {
                self.cut(at);
                self.mode = Mode::Wrong { prefix };
            }
        }
    }

    /// Parses the whole elements gathered (`buffer[..elements_end]`) as one window.
    fn parse_elements(&mut self, sink: &mut RowSink<'_>) -> Result<(), Refusal> {
        if self.elements_end == 0 {
            return Ok(());
        }
        let window = format!("[{}]", &self.buffer[..self.elements_end]);
        if let Err(error) = self.reading.parse(&window, sink) {
            return Err(self.moved_back(&error, 1));
        }
        // Read: what follows them (a comma, whitespace) stays for the places to go on from,
        // and the buffer is cut at the next window's start.
        self.elements_end = 0;
        Ok(())
    }

    /// Drops the whole buffer (a refusal is known), counting its lines.
    fn drop_buffer(&mut self) {
        let all = self.buffer.len();
        self.cut(all);
    }

    /// Drops `buffer[..at]` (read, or before where it went wrong), counting its lines.
    fn cut(&mut self, at: usize) {
        let gone = &self.buffer[..at];
        match gone.rfind('\n') {
            Some(last) => {
                self.line_feeds_before += gone.bytes().filter(|&b| b == b'\n').count() as u64;
                self.column_before = at - last - 1;
            }
            None => self.column_before += at,
        }
        self.buffer.drain(..at);
        self.scanned = self.scanned.saturating_sub(at);
        self.elements_end = self.elements_end.saturating_sub(at);
    }

    /// serde's error for the gathered rest behind `prefix`, moved back onto the file.
    fn error_behind(&mut self, prefix: &str) -> Refusal {
        let text = format!("{prefix}{}", self.buffer);
        let mut scratch = JsonReading::new(self.schema);
        match scratch.parse(&text, &mut |_| {}) {
            Err(error) => self.moved_back(&error, prefix.len()),
            // Cannot happen (the place was wrong); said plainly rather than let through.
            Ok(()) => broken_json(
                1 + self.line_feeds_before as usize,
                self.column_before,
                &serde_json::Error::io(std::io::Error::other("the array is not well formed")),
            ),
        }
    }

    /// A serde error in a text of `prefix_len` bytes followed by `buffer`, as a refusal at the
    /// file's line and column.
    fn moved_back(&self, error: &serde_json::Error, prefix_len: usize) -> Refusal {
        let line = self.line_feeds_before as usize + error.line();
        let column = if error.line() == 1 { (self.column_before + error.column()).saturating_sub(prefix_len) } else { error.column() };
        broken_json(line, column, error)
    }
}
