//! The words the page shows, in English and Welsh: a catalogue keyed by the English text, as
//! gettext is (the English is the message id, so the source reads as what the page says).
//! [`tr`] gives a fixed text in the current language, [`trf`] fills a template's `{}`
//! placeholders in order (a Welsh template may put them in another order as `{0}`, `{1}`), and
//! dates and month names follow the language ([`month_name`]).
//!
//! The language is the page's: set once, before anything is drawn, from the link's `lang=`
//! ([`set_lang`]), so every text the core writes (summaries, headlines, tables, dates) comes
//! out in it without each function being handed it. Tests write Welsh inside [`with_lang`].
//! A text the catalogue lacks is shown in English and, in tests, recorded ([`missing`]), so a
//! test over every page text proves the catalogue complete.

mod cy;

use std::cell::{Cell, RefCell};
use std::fmt::Display;

/// A language the page can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English (the default, and the catalogue's keys).
    #[default]
    En,
    /// Welsh.
    Cy,
}

impl Lang {
    /// Every language, in the order the switch offers them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Cy];

    /// The BCP 47 code: `<html lang>` and the link's `lang=`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    /// The language named by a link's `lang=` value (`en`, `cy`, any case).
    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The language tag of `<html lang>`: British English, or Welsh.
    pub fn html_code(self) -> &'static str {
        match self {
            Lang::En => "en-GB",
            Lang::Cy => "cy",
        }
    }

    /// The language's name in itself, for the switch ("English", "Cymraeg").
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Cy => "Cymraeg",
        }
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
    static MISSING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Sets the language every later text is written in (the page does this once, from its link).
pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// The language texts are written in now.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Runs `f` with texts written in `lang`, then restores the language before.
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = self::lang();
    set_lang(lang);
    let out = f();
    set_lang(before);
    out
}

/// The texts looked up in Welsh that the catalogue lacks, since the last call (and clears
/// the record). Recorded in every build; only tests read it.
pub fn missing() -> Vec<String> {
    MISSING.with(|m| std::mem::take(&mut *m.borrow_mut()))
}

/// `english` in the current language.
pub fn tr(english: &'static str) -> &'static str {
    match lang() {
        Lang::En => english,
        Lang::Cy => welsh(english).unwrap_or_else(|| {
            MISSING.with(|m| m.borrow_mut().push(english.to_string()));
            english
        }),
    }
}

/// `english`, a text known only at run time (a category's label from the data), in the
/// current language: the catalogue's translation, or the text itself.
pub fn tr_label(english: &str) -> String {
    match lang() {
        Lang::En => english.to_string(),
        Lang::Cy => welsh(english).map_or_else(
            || {
                MISSING.with(|m| m.borrow_mut().push(english.to_string()));
                english.to_string()
            },
            str::to_string,
        ),
    }
}

/// The template `english` in the current language with its placeholders filled: `{}` takes
/// the next argument, `{0}`, `{1}` a given one.
pub fn trf(english: &'static str, args: &[&dyn Display]) -> String {
    fill(tr(english), args)
}

fn welsh(english: &str) -> Option<&'static str> {
    cy::CATALOGUE.binary_search_by(|(key, _)| (*key).cmp(english)).ok().map(|i| cy::CATALOGUE[i].1)
}

fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let (mut rest, mut next) = (template, 0);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inside = &after[..close];
        let index = if inside.is_empty() {
            next += 1;
            Some(next - 1)
        } else {
            inside.parse::<usize>().ok()
        };
        match index.and_then(|i| args.get(i)) {
            Some(arg) => out.push_str(&arg.to_string()),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The months' names, January first, in each language.
const MONTHS_EN: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTHS_CY: [&str; 12] =
    ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"];
/// Welsh short month names, as Welsh public bodies abbreviate them.
const SHORT_MONTHS_CY: [&str; 12] = ["Ion", "Chwef", "Maw", "Ebr", "Mai", "Meh", "Gorff", "Awst", "Medi", "Hyd", "Tach", "Rhag"];

/// Month `month0` (0 = January) in the current language, whole or short ("Mar", "Maw").
pub fn month_name(month0: usize, short: bool) -> &'static str {
    let i = month0.min(11);
    match (lang(), short) {
        (Lang::En, false) => MONTHS_EN[i],
        (Lang::En, true) => &MONTHS_EN[i][..3],
        (Lang::Cy, false) => MONTHS_CY[i],
        (Lang::Cy, true) => SHORT_MONTHS_CY[i],
    }
}

/// Every English text the Welsh catalogue translates, for tests of its templates.
pub fn catalogue_keys() -> impl Iterator<Item = (&'static str, &'static str)> {
    cy::CATALOGUE.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_sorted_and_has_each_text_once() {
        for pair in cy::CATALOGUE.windows(2) {
            assert!(pair[0].0 < pair[1].0, "out of order or repeated: {:?} then {:?}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn every_welsh_template_fills_the_same_placeholders_as_its_english() {
        let placeholders = |t: &str| {
            let (mut count, mut numbered) = (0, Vec::new());
            for part in t.split('{').skip(1) {
                let inside = part.split('}').next().unwrap_or_default();
                if inside.is_empty() {
                    count += 1;
                } else if let Ok(i) = inside.parse::<usize>() {
                    numbered.push(i);
                }
            }
            numbered.sort_unstable();
            numbered.dedup();
            count.max(numbered.len())
        };
        for (en, cy) in catalogue_keys() {
            assert_eq!(placeholders(en), placeholders(cy), "{en:?} → {cy:?}");
            assert!(!cy.trim().is_empty(), "{en:?} has an empty translation");
        }
    }

    #[test]
    fn texts_follow_the_language_and_templates_fill_in_order_or_by_number() {
        assert_eq!(tr("Print"), "Print");
        assert_eq!(with_lang(Lang::Cy, || tr("Print")), "Argraffu");
        assert_eq!(fill("{} of {}", &[&3, &"x"]), "3 of x");
        assert_eq!(fill("{1} cyn {0}", &[&3, &"x"]), "x cyn 3");
        assert_eq!(fill("{ unclosed", &[&1]), "{ unclosed");
        assert_eq!(with_lang(Lang::Cy, || month_name(2, false)), "Mawrth");
        assert_eq!(month_name(2, true), "Mar");
        assert_eq!(lang(), Lang::En, "with_lang restores the language");
        let _ = missing();
        with_lang(Lang::Cy, || tr("A text nobody translated"));
        assert_eq!(missing(), ["A text nobody translated"]);
        assert_eq!(Lang::parse("CY"), Some(Lang::Cy));
        assert_eq!(Lang::parse("fr"), None);
    }
}
