//! The container's encoding, checked as its bytes arrive: a ZIP or UTF-16 file is recognised
//! from its first four bytes, a UTF-8 byte-order mark is stripped, and the rest must be UTF-8.
//! [`EncodingCheck`] hands on only whole, valid characters, so the readers after it never see
//! half a character, whatever the chunks' boundaries.

use crate::report::Refusal;

/// Bytes needed to recognise a ZIP or UTF-16 file (see [`container_refusal`]).
const SNIFF_BYTES: usize = 4;

/// A UTF-8 byte-order mark, stripped silently as the contract says.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where invalid UTF-8 was found: the offending byte and how far into the text (after the
/// byte-order mark) it is, so the reader can say on which line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadByte {
    /// The first offending byte.
    pub byte: u8,
    /// Its offset in the text, after the byte-order mark.
    pub offset: u64,
}

/// What the check found wrong with the file, once it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodingError {
    /// A ZIP or UTF-16 file: refused as it is.
    Container(Refusal),
    /// Text that is not UTF-8 (the reader turns it into [`Refusal::NotUtf8`] with its line).
    NotUtf8(BadByte),
}

/// Checks a file's encoding a chunk at a time. Feed every chunk to [`EncodingCheck::push`],
/// then call [`EncodingCheck::finish`].
#[derive(Debug, Default)]
pub struct EncodingCheck {
    /// The first bytes, held until there are enough to recognise the container.
    head: Vec<u8>,
    /// Whether the head has been judged (and the byte-order mark stripped).
    started: bool,
    /// A character split by a chunk's end: its first bytes, held for the next chunk.
    partial: Vec<u8>,
    /// Text bytes handed on (and so validated), after the byte-order mark.
    passed: u64,
    /// A byte other than ASCII whitespace has been seen (else the file is empty).
    has_content: bool,
    /// The first thing found wrong; nothing is handed on after it.
    error: Option<EncodingError>,
}

impl EncodingCheck {
    /// A check of a new file.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks the next `chunk`, handing each run of whole, valid text bytes to `text`, in
    /// order. Stops handing on at the first problem (see [`EncodingCheck::finish`]).
    pub fn push(&mut self, chunk: &[u8], text: &mut dyn FnMut(&str)) {
        if self.error.is_some() || chunk.is_empty() {
            return;
        }
        if !self.has_content {
            self.has_content = chunk.iter().any(|b| !b.is_ascii_whitespace());
        }
        if !self.started {
            self.head.extend_from_slice(chunk);
            if self.head.len() >= SNIFF_BYTES {
                self.start(text);
            }
            return;
        }
        self.validate(chunk, text);
    }

    /// After the last chunk: hands on what was held back and says what was wrong, if
    /// anything. An empty file (nothing but whitespace) is [`Refusal::Empty`] before all else.
    pub fn finish(&mut self, text: &mut dyn FnMut(&str)) -> Result<(), EncodingError> {
        if !self.started && self.error.is_none() {
            self.start(text);
        }
        if !self.has_content {
            return Err(EncodingError::Container(Refusal::Empty));
        }
        if self.error.is_none() && !self.partial.is_empty() {
            // The file ends inside a character.
            self.error = Some(EncodingError::NotUtf8(BadByte { byte: self.partial[0], offset: self.passed }));
        }
        self.error.clone().map_or(Ok(()), Err)
    }

    /// Judges the head (ZIP, UTF-16, byte-order mark), then validates it as text.
    fn start(&mut self, text: &mut dyn FnMut(&str)) {
        self.started = true;
        let head = std::mem::take(&mut self.head);
        if let Some(refusal) = container_refusal(&head) {
            self.error = Some(EncodingError::Container(refusal));
            return;
        }
        self.validate(head.strip_prefix(BOM).unwrap_or(&head), text);
    }

    /// Validates `bytes` as the text's next bytes, completing a character split by the last
    /// chunk's end first.
    fn validate(&mut self, mut bytes: &[u8], text: &mut dyn FnMut(&str)) {
        if !self.partial.is_empty() {
            let width = utf8_width(self.partial[0]);
            let needed = width.saturating_sub(self.partial.len()).min(bytes.len());
            self.partial.extend_from_slice(&bytes[..needed]);
            bytes = &bytes[needed..];
            if self.partial.len() < width && bytes.is_empty() {
                return;
            }
            let character = std::mem::take(&mut self.partial);
            if !self.pass_valid(&character, text) {
                return;
            }
        }
        self.pass_valid(bytes, text);
    }

    /// Hands on the valid prefix of `bytes`; keeps an incomplete last character for the next
    /// chunk, or records the first invalid byte. Returns whether all of `bytes` was whole and valid.
    fn pass_valid(&mut self, bytes: &[u8], text: &mut dyn FnMut(&str)) -> bool {
        match std::str::from_utf8(bytes) {
            Ok(valid) => {
                self.hand_on(valid, text);
                true
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                // Valid up to there, as the error says.
                self.hand_on(std::str::from_utf8(valid).unwrap_or_default(), text);
                if e.error_len().is_some() {
                    self.error = Some(EncodingError::NotUtf8(BadByte { byte: rest[0], offset: self.passed }));
                } else {
                    // A character begun at the chunk's end: the next chunk may complete it.
                    self.partial.extend_from_slice(rest);
                }
                false
            }
        }
    }

    fn hand_on(&mut self, valid: &str, text: &mut dyn FnMut(&str)) {
        if !valid.is_empty() {
            self.passed += valid.len() as u64;
            text(valid);
        }
    }
}

/// The length of the UTF-8 sequence a lead byte begins (1 for a byte that begins none, which
/// the validator then reports).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// A ZIP (an .xlsx renamed .csv) or UTF-16 file, recognised from its first bytes.
pub(super) fn container_refusal(head: &[u8]) -> Option<Refusal> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Some(Refusal::Zip);
    }
    utf16_endianness(head).map(|endianness| Refusal::Utf16 { endianness: endianness.to_string() })
}

fn utf16_endianness(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => Some("little-endian"),
        [0xFE, 0xFF, ..] => Some("big-endian"),
        // No byte-order mark, but ASCII text with every other byte zero.
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some("little-endian"),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some("big-endian"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the check over `bytes` cut into `chunk`-byte pieces: the text handed on, and the result.
    fn check(bytes: &[u8], chunk: usize) -> (Vec<u8>, Result<(), EncodingError>) {
        let mut out = Vec::new();
        let mut check = EncodingCheck::new();
        for piece in bytes.chunks(chunk.max(1)) {
            check.push(piece, &mut |t| out.extend_from_slice(t.as_bytes()));
        }
        let result = check.finish(&mut |t| out.extend_from_slice(t.as_bytes()));
        (out, result)
    }

    #[test]
    fn any_split_hands_on_the_same_text_and_finds_the_same_fault() {
        let cases: [&[u8]; 6] =
            [b"\xEF\xBB\xBFcaf\xC3\xA9 \xE2\x82\xAC\n", b"ab\xE2\x82", b"ab\xE2\x28\xA1cd", b"PK\x03\x04x", b"\xFF\xFEa\0", b" \n\t"];
        for bytes in cases {
            let whole = check(bytes, bytes.len());
            for chunk in 1..bytes.len() {
                assert_eq!(check(bytes, chunk), whole, "{bytes:?} in {chunk}-byte chunks");
            }
        }
        assert_eq!(check(cases[0], 100).0, "café €\n".as_bytes());
        assert_eq!(check(cases[1], 1).1, Err(EncodingError::NotUtf8(BadByte { byte: 0xE2, offset: 2 })));
        assert_eq!(check(cases[2], 1).1, Err(EncodingError::NotUtf8(BadByte { byte: 0xE2, offset: 2 })));
        assert_eq!(check(cases[3], 1).1, Err(EncodingError::Container(Refusal::Zip)));
        assert_eq!(check(cases[5], 1).1, Err(EncodingError::Container(Refusal::Empty)));
    }
}
