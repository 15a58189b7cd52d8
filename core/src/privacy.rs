//! Personal-data detection. An anonymised extract must hold none: a column name that says it
//! holds personal data, or a value that looks like an email address, a UK phone number, a
//! National Insurance number, a rank followed by a name, or a date of birth beside a postcode,
//! refuses the whole file. Findings name the place and the kind, never the value.
//!
//! Court names, place names, case numbers and statute references are not personal data and are
//! not flagged: every pattern here needs a shape those do not have.

use serde::Serialize;

/// What kind of personal data was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalDataKind {
    /// A column whose name says it holds personal data.
    PersonalColumn,
    /// An email address.
    EmailAddress,
    /// A UK telephone number.
    PhoneNumber,
    /// A National Insurance number.
    NationalInsuranceNumber,
    /// A police rank followed by a name ("PC John Smith").
    RankAndName,
    /// A date (of birth) beside a postcode.
    DateAndPostcode,
}

impl PersonalDataKind {
    /// How the kind is described to the user.
    pub fn describe(self) -> &'static str {
        match self {
            PersonalDataKind::PersonalColumn => "a column name that indicates personal data",
            PersonalDataKind::EmailAddress => "an email address",
            PersonalDataKind::PhoneNumber => "a UK phone number",
            PersonalDataKind::NationalInsuranceNumber => "a National Insurance number",
            PersonalDataKind::RankAndName => "a police rank followed by a name",
            PersonalDataKind::DateAndPostcode => "a date beside a postcode (a possible date of birth and address)",
        }
    }
}

/// Words that, as a whole column name or its last word, mean the column holds personal data.
const PERSONAL_COLUMN_WORDS: [&str; 22] = [
    "name",
    "names",
    "forename",
    "forenames",
    "surname",
    "firstname",
    "lastname",
    "fullname",
    "email",
    "e-mail",
    "phone",
    "telephone",
    "mobile",
    "dob",
    "birthdate",
    "address",
    "postcode",
    "nino",
    "warrant",
    "collar",
    "shoulder",
    "initials",
];

/// Words before "name" that make it a thing's name, not a person's ("court name").
const THING_NAME_QUALIFIERS: [&str; 14] =
    ["court", "place", "station", "force", "unit", "team", "borough", "file", "offence", "case", "column", "field", "operation", "statute"];

/// Whether a column name says it holds personal data.
pub fn is_personal_column(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    let joined: String = words.concat();
    let has = |w: &str| words.contains(&w);
    if ["dateofbirth", "birthdate", "nationalinsurance", "ninumber", "ninumbers", "emailaddress", "phonenumber", "postcode"]
        .iter()
        .any(|p| joined.contains(p))
    {
        return true;
    }
    if (has("warrant") || has("collar") || has("shoulder")) && (has("number") || has("no") || has("num") || words.len() == 1) {
        return true;
    }
    if has("name") || has("names") {
        return !words.iter().any(|w| THING_NAME_QUALIFIERS.contains(w));
    }
    words.iter().any(|w| PERSONAL_COLUMN_WORDS.contains(w) && !["name", "names", "warrant", "collar", "shoulder"].contains(w))
}

/// The kind of personal data a cell's value looks like, if any.
pub fn scan_value(text: &str) -> Option<PersonalDataKind> {
    // One pass of cheap facts decides which patterns are possible at all: most cells are
    // short labels or dates and are cleared here without allocating.
    let bytes = text.as_bytes();
    // The shortest findings ("a@b.c", "PC Ng") have five bytes.
    if bytes.len() < 5 {
        return None;
    }
    // One branch-free pass classifies the bytes; the patterns below run only when possible.
    let (mut digits, mut uppers, mut flags) = (0usize, 0usize, 0u8);
    for &b in bytes {
        let class = BYTE_CLASS[usize::from(b)];
        flags |= class;
        digits += usize::from(class & DIGIT);
        uppers += usize::from((class & UPPER) >> 1);
    }
    let (at, upper, space) = (flags & AT != 0, flags & UPPER != 0, flags & SEPARATOR != 0);
    let upper_pair = upper && digits >= 6 && bytes.windows(2).any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase());
    if at && has_email(text) {
        return Some(PersonalDataKind::EmailAddress);
    }
    if digits >= 9 && has_phone(&tokens(text)) {
        return Some(PersonalDataKind::PhoneNumber);
    }
    if upper_pair && digits >= 6 && has_ni_number(&tokens(text)) {
        return Some(PersonalDataKind::NationalInsuranceNumber);
    }
    // A rank and a name are two capitalised words: most labels ("No case to answer") have one capital.
    if uppers >= 2 && space && has_rank_and_name(text) {
        return Some(PersonalDataKind::RankAndName);
    }
    // A postcode has letters and a date has at least five digits (D/M/YYYY).
    if digits >= 6 && space && upper && has_date_and_postcode(text) {
        return Some(PersonalDataKind::DateAndPostcode);
    }
    None
}

const DIGIT: u8 = 1;
const UPPER: u8 = 2;
const AT: u8 = 4;
const SEPARATOR: u8 = 8;

/// What each byte can contribute to a pattern.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c == b'@' {
            AT
        } else if c.is_ascii_whitespace() || c == b',' || c == b';' {
            SEPARATOR
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Alphanumeric runs, in order.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '+').filter(|t| !t.is_empty()).collect()
}

fn has_email(text: &str) -> bool {
    text.match_indices('@').any(|(at, _)| {
        let local = text[..at].chars().rev().take_while(|c| c.is_alphanumeric() || "._%+-'".contains(*c)).count();
        let domain: String = text[at + 1..].chars().take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '-').collect();
        let domain = domain.trim_end_matches('.');
        local > 0 && domain.contains('.') && domain.split('.').all(|part| !part.is_empty())
    })
}

/// A UK number: +44 or 0 then 9 or 10 more digits, possibly split by spaces, dashes, brackets.
fn has_phone(tokens: &[&str]) -> bool {
    (0..tokens.len()).any(|start| {
        let mut digits = String::new();
        for t in &tokens[start..tokens.len().min(start + 5)] {
            if !t.trim_start_matches('+').bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            digits.push_str(t);
            if is_uk_phone(&digits) {
                return true;
            }
        }
        false
    })
}

fn is_uk_phone(digits: &str) -> bool {
    let national = if let Some(rest) = digits.strip_prefix("+44") {
        format!("0{}", rest.trim_start_matches('0'))
    } else if let Some(rest) = digits.strip_prefix("0044") {
        format!("0{rest}")
    } else {
        digits.to_string()
    };
    national.len() == 11 && national.starts_with('0') && matches!(national.as_bytes()[1], b'1' | b'2' | b'3' | b'7' | b'8')
}

/// Two letters, six digits, a final letter A–D, possibly spaced ("QQ 12 34 56 C").
fn has_ni_number(tokens: &[&str]) -> bool {
    (0..tokens.len()).any(|start| {
        let mut joined = String::new();
        tokens[start..tokens.len().min(start + 5)].iter().any(|t| {
            // Written in capitals, as NI numbers are; lower-case hex pseudonyms never match.
            joined.push_str(t);
            is_ni_number(&joined)
        })
    })
}

fn is_ni_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 9
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_uppercase()
        && b[2..8].iter().all(u8::is_ascii_digit)
        && (b'A'..=b'D').contains(&b[8])
        && !b"DFIQUV".contains(&b[0])
        && !b"DFIOQUV".contains(&b[1])
}

/// Ranks as written before a name; abbreviations must be in capitals as they are used.
const RANK_ABBREVIATIONS: [&str; 16] =
    ["PC", "WPC", "DC", "PS", "DS", "DI", "DCI", "DSU", "DSupt", "Sgt", "Insp", "Supt", "CI", "PCSO", "ACC", "DCC"];
const RANK_WORDS: [&str; 7] = ["constable", "sergeant", "inspector", "superintendent", "commander", "commissioner", "detective"];

/// A rank followed by a capitalised word that is not itself part of a rank or a place.
fn has_rank_and_name(text: &str) -> bool {
    // Byte-wise: every rank is ASCII, so only ASCII-led words need a closer look.
    let is_separator = |b: &u8| b.is_ascii_whitespace() || matches!(b, b',' | b';' | b'(' | b')');
    let mut words = text.as_bytes().split(is_separator).filter(|w| !w.is_empty());
    let Some(mut previous) = words.next() else { return false };
    for word in words {
        if previous.first().is_some_and(u8::is_ascii_uppercase) && word.first().is_some_and(|b| b.is_ascii_uppercase() || *b >= 0x80) {
            let rank = previous.strip_suffix(b".").unwrap_or(previous);
            let is_rank = RANK_ABBREVIATIONS.iter().any(|r| r.as_bytes() == rank)
                || RANK_WORDS.iter().any(|r| r.as_bytes().eq_ignore_ascii_case(rank));
            if is_rank && std::str::from_utf8(word).is_ok_and(looks_like_name) {
                return true;
            }
        }
        previous = word;
    }
    false
}

/// "Smith", "O'Brien", "Smith-Jones": a capital then lower-case letters; not a rank word.
fn looks_like_name(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ':']);
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let rest_lower = word.chars().skip(1).all(|c| c.is_lowercase() || c == '\'' || c == '-') && word.chars().count() >= 2;
    let not_rank =
        !RANK_WORDS.contains(&word.to_lowercase().as_str()) && !["Chief", "Special", "Police", "Court", "Act", "Station"].contains(&word);
    first_upper && rest_lower && not_rank
}

/// A date and a UK postcode in the same text.
fn has_date_and_postcode(text: &str) -> bool {
    // Dates of birth are usually before 1990, the earliest date a case may carry.
    let is_date = |w: &str| matches!(crate::dates::parse_date(w), Ok(_) | Err(crate::dates::DateError::TooEarly));
    let has_date = text.split(|c: char| c.is_whitespace() || c == ',' || c == ';').any(is_date);
    has_date && has_postcode(&tokens(text))
}

/// An outward code (A9, A99, AA9, AA99, A9A, AA9A) followed by an inward code (9AA).
fn has_postcode(tokens: &[&str]) -> bool {
    let inward = |t: &str| {
        let b = t.as_bytes();
        b.len() == 3 && b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
    };
    let outward = |t: &str| {
        let b = t.as_bytes();
        let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        (2..=4).contains(&b.len())
            && (1..=2).contains(&letters)
            && letters < b.len()
            && b[letters].is_ascii_digit()
            && b[letters + 1..].iter().all(|c| c.is_ascii_alphanumeric())
    };
    tokens.windows(2).any(|p| outward(p[0]) && inward(p[1]))
        || tokens.iter().any(|t| t.len() >= 5 && t.len() <= 7 && inward(&t[t.len() - 3..]) && outward(&t[..t.len() - 3]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use PersonalDataKind::*;

    #[test]
    fn personal_column_names_are_recognised() {
        for name in [
            "Name",
            "officer_name",
            "Surname",
            "Email",
            "e-mail address",
            "Phone number",
            "DOB",
            "date_of_birth",
            "Home address",
            "Postcode",
            "Warrant number",
            "collar_no",
            "NI number",
            "National Insurance Number",
        ] {
            assert!(is_personal_column(name), "{name}");
        }
        for name in ["court_name", "station name", "case_id", "notes", "allegation_category", "reported_date", "place_name", "offence name"]
        {
            assert!(!is_personal_column(name), "{name}");
        }
    }

    #[test]
    fn personal_values_are_found_by_kind() {
        let cases = [
            ("contact j.smith@example.org today", Some(EmailAddress)),
            ("07700 900123", Some(PhoneNumber)),
            ("+44 20 7946 0958", Some(PhoneNumber)),
            ("(020) 7946-0958", Some(PhoneNumber)),
            ("AB 12 34 56 C", Some(NationalInsuranceNumber)),
            ("ni AB123456C", Some(NationalInsuranceNumber)),
            ("P-ab123456c", None),
            ("PC John Smith attended", Some(RankAndName)),
            ("reported by Sgt. Jones", Some(RankAndName)),
            ("Detective Sergeant Evans", Some(RankAndName)),
            ("born 12/03/1985, lives SW1A 1AA", Some(DateAndPostcode)),
        ];
        for (text, expected) in cases {
            assert_eq!(scan_value(text), expected, "{text}");
        }
    }

    #[test]
    fn court_place_statute_and_case_references_are_not_personal_data() {
        for text in [
            "Southwark Crown Court",
            "Westminster Magistrates' Court, 181 Marylebone Road",
            "s.47 Offences Against the Person Act 1861",
            "Police Reform Act 2002, Schedule 3",
            "Case T20237012 adjourned to 2023-05-02",
            "SCR-000123",
            "2023-03-31",
            "31/03/2023 09:00",
            "Special constable",
            "Chief Constable of Hampshire",
            "Hertfordshire Constabulary",
            "Seen at Brixton station, SW2",
            "Charged under section 1 Sexual Offences Act 2003",
            "45016",
            "P-1a2b3c4d",
        ] {
            assert_eq!(scan_value(text), None, "{text}");
        }
    }
}
