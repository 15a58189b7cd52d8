//! Text helpers shared by the stages that read and show data text: trimming and normalising
//! cells, spotting invisible, bidirectional and markup characters, and making data text safe
//! to display. Pure functions over `&str`; no module state.

use unicode_normalization::UnicodeNormalization;

/// `text.trim()`, skipping the Unicode-aware scan when both ends are visible ASCII (most cells).
pub fn trim_cell(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if visible(text.as_bytes().first()) && visible(text.as_bytes().last()) {
        text
    } else {
        text.trim()
    }
}

/// Normalises a cell for matching against allowed values: Unicode NFC, every run of
/// whitespace (NBSP and tab included) collapsed to one space, trimmed, lower case.
pub fn normalise_value(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    fold_label(&nfc)
}

/// Folds a label typed in a link or on the command line for matching against the allowed
/// values' labels (all ASCII): every run of whitespace collapsed to one space, trimmed, lower
/// case. Unlike [`normalise_value`] it applies no Unicode normalisation, whose tables the
/// page's module would otherwise carry only for this (a data file's cells are the loader's).
pub fn fold_label(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether text contains what looks like an HTML tag (`<` followed by a letter, `/` or `!`).
pub fn looks_like_html(text: &str) -> bool {
    text.match_indices('<').any(|(i, _)| text[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!'))
}

/// Zero-width, bidirectional and other invisible format characters.
pub fn is_invisible_or_bidi(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
        || (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Shortens a cell for a message, so a pasted paragraph does not flood the report.
pub fn shorten(text: &str) -> String {
    // Invisible and bidirectional characters are shown as code points, so a message can never
    // reorder or hide the text around it.
    let mut short: String =
        text.chars().take(60).map(|c| if is_invisible_or_bidi(c) { format!("<U+{:04X}>", u32::from(c)) } else { c.to_string() }).collect();
    if text.chars().nth(60).is_some() {
        short.push('…');
    }
    short
}

/// Text from data (titles, notes, file names, messages) made safe to display: bidirectional
/// controls (which can make text read differently from what it says) and other control
/// characters are removed. The page still inserts it as text, never as HTML.
pub fn safe_text(text: &str) -> String {
    text.chars().filter(|c| !is_hidden_control(*c)).collect()
}

/// Text escaped for XML character data and attribute values (the charts' SVG, the releases'
/// Atom feed).
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Bidi embeddings, overrides and isolates, marks, and C0/C1 controls other than tab and newline.
fn is_hidden_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        || (c.is_control() && c != '\n' && c != '\t')
}
