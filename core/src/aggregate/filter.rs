//! Which cases a view counts: the filter dimensions, declared once in the
//! [`filter_dimensions!`] list below, and everything derived from that list: the [`Filter`]
//! fields, the description the page, the CLI and the link read ([`FilterDimension`]),
//! choosing and toggling by text or position, the block code the table groups rows by, and
//! the filter compiled for the inner loop.

use super::codes;
use super::output::NOT_RECORDED;
use crate::model::{AllegationCategory, AllowedValue, Case, OtherForce, Role, Source};
use crate::text::fold_label;
use chrono::NaiveDate;

/// The values one filter dimension chooses among, in code order: an allowed value, or for an
/// optional column (`Option<T>`), an allowed value or "not recorded" (`None`, the last code).
/// Sorting a choice (`Ord`) gives the order links and descriptions list them in.
trait Choice: Copy + Ord + 'static {
    /// How many codes: the allowed values, plus one for "not recorded" when optional.
    const CODES: usize;
    /// The code: a position in [`Choice::of_code`]'s order.
    fn code(self) -> usize;
    /// The choice with code `code`.
    fn of_code(code: usize) -> Option<Self>;
    /// The label the page, the link and the description show.
    fn choice_label(self) -> &'static str;
    /// The choice named by folded text ([`fold_label`]: whitespace and case as the data is
    /// matched; the labels are ASCII).
    fn from_normalised(key: &str) -> Option<Self>;
    /// The allowed values' labels (without "not recorded"), for a message.
    fn allowed_labels() -> Vec<&'static str>;
}

impl<T: AllowedValue + Ord> Choice for T {
    const CODES: usize = T::COUNT;
    fn code(self) -> usize {
        AllowedValue::index(self)
    }
    fn of_code(code: usize) -> Option<Self> {
        T::all().get(code).copied()
    }
    fn choice_label(self) -> &'static str {
        AllowedValue::label(self)
    }
    fn from_normalised(key: &str) -> Option<Self> {
        T::all().iter().copied().find(|v| AllowedValue::label(*v).to_lowercase() == key)
    }
    fn allowed_labels() -> Vec<&'static str> {
        T::all().iter().map(|v| AllowedValue::label(*v)).collect()
    }
}

impl<T: AllowedValue + Ord> Choice for Option<T> {
    const CODES: usize = T::COUNT + 1;
    fn code(self) -> usize {
        self.map_or(T::COUNT, AllowedValue::index)
    }
    fn of_code(code: usize) -> Option<Self> {
        if code == T::COUNT {
            Some(None)
        } else {
            <T as Choice>::of_code(code).map(Some)
        }
    }
    fn choice_label(self) -> &'static str {
        self.map_or(NOT_RECORDED, AllowedValue::label)
    }
    fn from_normalised(key: &str) -> Option<Self> {
        if key == NOT_RECORDED {
            Some(None)
        } else {
            <T as Choice>::from_normalised(key).map(Some)
        }
    }
    fn allowed_labels() -> Vec<&'static str> {
        <T as Choice>::allowed_labels()
    }
}

/// Text that names none of a dimension's choices.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{value}\" is not one of: {}", allowed.join(", "))]
pub struct NotAChoice {
    /// The text, as given.
    pub value: String,
    /// The allowed values' labels, in order.
    pub allowed: Vec<&'static str>,
}

/// Declares the filter dimensions, in the order the page, the link and the description list
/// them: for each, its key in links and on the command line (`--KEY VALUE`), the legend of
/// its form group, its name in the description, the [`Filter`] field holding the chosen
/// values (`Vec<T>`, or `Vec<Option<T>>` when "not recorded" is a choice) and the case field
/// it reads. Generates [`Filter`], [`FilterDimension`], the generic methods and the block code.
macro_rules! filter_dimensions {
    ($(
        $(#[$doc:meta])*
        $variant:ident { key: $key:literal, legend: $legend:literal, words: $words:literal, field: $field:ident: $choice:ty = case.$case_field:ident }
    )+) => {
        /// Which cases to count. Empty choices mean "all". The date range applies to
        /// `reported_date` and includes both ends.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Filter {
            /// First reported date included.
            pub from: Option<NaiveDate>,
            /// Last reported date included.
            pub to: Option<NaiveDate>,
            $( $(#[$doc])* pub $field: Vec<$choice>, )+
        }

        /// A recorded value cases can be chosen by (besides the reported date).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FilterDimension {
            $( #[doc = $legend] $variant, )+
        }

        impl FilterDimension {
            /// Every dimension, in the order the page, the link and the description list them.
            pub const ALL: &'static [FilterDimension] = &[$(FilterDimension::$variant),+];

            /// The key in a link's query and on the command line (`--KEY VALUE`).
            pub fn key(self) -> &'static str {
                match self { $(FilterDimension::$variant => $key),+ }
            }

            /// The legend of the dimension's group in the filter form.
            pub fn legend(self) -> &'static str {
                match self { $(FilterDimension::$variant => $legend),+ }
            }

            /// The dimension's name in the filter's description ("role: Officer").
            pub fn words(self) -> &'static str {
                match self { $(FilterDimension::$variant => $words),+ }
            }

            /// The cases-file column the dimension reads.
            pub fn column(self) -> &'static str {
                match self { $(FilterDimension::$variant => stringify!($case_field)),+ }
            }

            /// The labels of the choices, in code order ("not recorded" last where it is one):
            /// position `i` is what [`Filter::toggle`] takes.
            pub fn options(self) -> Vec<&'static str> {
                match self { $(FilterDimension::$variant => options::<$choice>()),+ }
            }
        }

        /// Codes of each dimension, in declaration order.
        const CODES: [usize; FilterDimension::ALL.len()] = [$(<$choice as Choice>::CODES),+];

        impl Filter {
            /// The labels chosen in `dimension`, sorted as links and descriptions list them.
            pub fn chosen_labels(&self, dimension: FilterDimension) -> Vec<&'static str> {
                match dimension { $(FilterDimension::$variant => sorted_labels(&self.$field)),+ }
            }

            /// Chooses option `option` (see [`FilterDimension::options`]) in `dimension`, or
            /// unchooses it if it was chosen.
            pub fn toggle(&mut self, dimension: FilterDimension, option: usize) {
                match dimension { $(FilterDimension::$variant => toggle(&mut self.$field, option)),+ }
            }

            /// Chooses the value `text` names in `dimension`, matched as the data is (case and
            /// spacing aside; "not recorded" where it is a choice). Choosing twice is choosing once.
            pub fn choose(&mut self, dimension: FilterDimension, text: &str) -> Result<(), NotAChoice> {
                match dimension { $(FilterDimension::$variant => choose(&mut self.$field, text)),+ }
            }

            /// Each dimension's chosen codes as a bit mask (every bit: all).
            fn masks(&self) -> [u32; FilterDimension::ALL.len()] {
                [$(mask(&self.$field)),+]
            }
        }

        /// The block code of a case: its dimensions' codes in mixed radix, the first
        /// dimension most significant.
        pub(super) fn block_of(case: &Case) -> BlockCode {
            let mut block = 0;
            $( block = block * <$choice as Choice>::CODES + Choice::code(case.$case_field); )+
            block as BlockCode
        }

        // Filters are bit masks in a `u32`.
        $( const _: () = assert!(<$choice as Choice>::CODES <= 32); )+
    };
}

filter_dimensions! {
    /// Allegation categories included (empty: all).
    Category { key: "category", legend: "Allegation category", words: "allegation category", field: categories: AllegationCategory = case.allegation_category }
    /// Roles included (empty: all).
    Role { key: "role", legend: "Role", words: "role", field: roles: Role = case.role }
    /// Sources included, `None` standing for "not recorded" (empty: all).
    Source { key: "source", legend: "Source", words: "source", field: sources: Option<Source> = case.source }
    /// Whether the subject serves in another force, `None` standing for "not recorded"
    /// (empty: all). A third of hotline calls concern other forces.
    OtherForce { key: "other_force", legend: "Serves in another force", words: "serves in another force", field: other_forces: Option<OtherForce> = case.other_force }
}

/// The table's block code: one per combination of the dimensions' codes.
pub(super) type BlockCode = u16;

/// Block codes: the product of the dimensions' code counts.
pub(super) const BLOCKS: usize = {
    let (mut blocks, mut i) = (1, 0);
    while i < CODES.len() {
        blocks *= CODES[i];
        i += 1;
    }
    blocks
};

/// Histograms and masks by block code have this many entries (a power of two), and codes
/// are masked to it, so the hot loops need no bounds checks.
pub(super) const BLOCK_RANGE: usize = BLOCKS.next_power_of_two();

// Every block code fits its storage type.
const _: () = assert!(BLOCKS <= 1 << BlockCode::BITS);

/// The code of `dimension` within block code `block`.
pub(super) fn code_in_block(block: usize, dimension: FilterDimension) -> usize {
    let at = dimension as usize;
    let below: usize = CODES[at + 1..].iter().product();
    block / below % CODES[at]
}

fn options<C: Choice>() -> Vec<&'static str> {
    (0..C::CODES).filter_map(C::of_code).map(C::choice_label).collect()
}

fn sorted_labels<C: Choice>(chosen: &[C]) -> Vec<&'static str> {
    let mut chosen = chosen.to_vec();
    chosen.sort();
    chosen.into_iter().map(C::choice_label).collect()
}

fn toggle<C: Choice>(chosen: &mut Vec<C>, option: usize) {
    let Some(item) = C::of_code(option) else { return };
    match chosen.iter().position(|c| *c == item) {
        Some(at) => {
            chosen.remove(at);
        }
        None => chosen.push(item),
    }
}

fn choose<C: Choice>(chosen: &mut Vec<C>, text: &str) -> Result<(), NotAChoice> {
    let choice =
        C::from_normalised(&fold_label(text)).ok_or_else(|| NotAChoice { value: text.to_string(), allowed: C::allowed_labels() })?;
    if !chosen.contains(&choice) {
        chosen.push(choice);
    }
    Ok(())
}

fn mask<C: Choice>(chosen: &[C]) -> u32 {
    if chosen.is_empty() {
        u32::MAX
    } else {
        chosen.iter().fold(0, |m, c| m | (1 << c.code()))
    }
}

/// The filter as day numbers and, for each block code, whether it is selected.
pub(super) struct CompiledFilter {
    /// First reported day included (`i32::MIN`: no limit).
    pub from: i32,
    /// Last reported day included (`i32::MAX`: no limit).
    pub to: i32,
    /// Whether each block code is selected; codes past [`BLOCKS`] never are.
    pub block_selected: [bool; BLOCK_RANGE],
}

impl Filter {
    /// The filter as the inner loop reads it.
    pub(super) fn compile(&self) -> CompiledFilter {
        let masks = self.masks();
        let mut block_selected = [false; BLOCK_RANGE];
        for (block, selected) in block_selected.iter_mut().enumerate().take(BLOCKS) {
            *selected = FilterDimension::ALL.iter().zip(masks).all(|(&d, mask)| mask & (1 << code_in_block(block, d)) != 0);
        }
        CompiledFilter { from: self.from.map_or(i32::MIN, codes::day), to: self.to.map_or(i32::MAX, codes::day), block_selected }
    }
}
