//! The data model: one [`Case`] per record, with every allowed value as an enum.
//!
//! Allowed values are closed sets (DATA-FORMAT.md, "Fields"); each enum knows its canonical
//! label, which is what the page, the CSV writer and the CLI print.

use chrono::NaiveDate;

/// A closed set of allowed values, so validation can treat every column of choices alike.
pub trait AllowedValue: Copy + 'static {
    /// Every allowed value.
    fn all() -> &'static [Self];
    /// The canonical label.
    fn label(self) -> &'static str;
    /// Position in [`AllowedValue::all`].
    fn index(self) -> usize;
    /// How many allowed values there are (`all().len()`, usable in constants).
    const COUNT: usize;

    /// Whether this is the value a public release writes for a quasi-identifier it withholds
    /// to keep a small group from standing out ([`WITHHELD`]); an internal extract never holds it.
    fn is_withheld(self) -> bool {
        self.label() == WITHHELD
    }
}

/// The label of a quasi-identifier a public release withholds for a record (`scrutiny
/// publish` generalises a rare combination rather than dropping its records). Only role,
/// allegation category, source and other-force have it, as their last value.
pub const WITHHELD: &str = "Withheld";

/// Defines a closed set of allowed values with canonical labels and lookup by normalised text.
macro_rules! allowed_values {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(#[doc = $label] $variant),+
        }

        impl $name {
            /// Every allowed value, in the order the data contract lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical label, exactly as the data contract spells it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Position in [`Self::ALL`], for indexing fixed-size count arrays.
            pub fn index(self) -> usize {
                self as usize
            }

            /// Finds the value whose label equals `key`, which must already be normalised
            /// (see [`crate::text::normalise_value`]: whitespace collapsed, lower case).
            pub fn from_normalised(key: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.label().to_lowercase() == key)
            }
        }

        impl AllowedValue for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn label(self) -> &'static str {
                $name::label(self)
            }
            fn index(self) -> usize {
                $name::index(self)
            }
            const COUNT: usize = Self::ALL.len();
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

allowed_values! {
    /// Who the case is about.
    Role { Officer => "Officer", Staff => "Staff", SpecialConstable => "Special constable", Withheld => "Withheld" }
}

allowed_values! {
    /// What kind of behaviour was alleged.
    AllegationCategory {
        SexualOffence => "Sexual offence",
        DomesticAbuse => "Domestic abuse",
        Violence => "Violence",
        Dishonesty => "Dishonesty",
        Discrimination => "Discrimination",
        Other => "Other",
        Withheld => "Withheld",
    }
}

allowed_values! {
    /// How the case reached professional standards.
    Source {
        Review => "Review",
        Hotline => "Hotline",
        Complaint => "Complaint",
        InternalReferral => "Internal referral",
        Other => "Other",
        Withheld => "Withheld",
    }
}

allowed_values! {
    /// Where the case stands in the review of past cases.
    ReviewStatus { NotStarted => "Not started", InProgress => "In progress", Completed => "Completed" }
}

allowed_values! {
    /// What a completed review decided.
    ReviewResult {
        NoFurtherAction => "No further action",
        RiskManagement => "Risk management",
        FurtherInvestigation => "Further investigation",
    }
}

allowed_values! {
    /// The group of offences a subject was charged with.
    OffenceGroup {
        SexualOffences => "Sexual offences",
        DomesticAbuse => "Domestic abuse",
        Violence => "Violence",
        Dishonesty => "Dishonesty",
        Other => "Other",
    }
}

allowed_values! {
    /// The result of criminal proceedings.
    CriminalOutcome {
        Pending => "Pending",
        Convicted => "Convicted",
        Acquitted => "Acquitted",
        Discontinued => "Discontinued",
    }
}

allowed_values! {
    /// The kind of misconduct proceedings.
    Proceedings {
        NoProceedings => "No proceedings",
        MisconductMeeting => "Misconduct meeting",
        MisconductHearing => "Misconduct hearing",
        AcceleratedHearing => "Accelerated hearing",
    }
}

allowed_values! {
    /// The result of misconduct proceedings.
    MisconductOutcome {
        Pending => "Pending",
        NoCaseToAnswer => "No case to answer",
        NoFurtherAction => "No further action",
        ReflectivePractice => "Reflective practice",
        ManagementAction => "Management action",
        WrittenWarning => "Written warning",
        FinalWrittenWarning => "Final written warning",
        ReductionInRank => "Reduction in rank",
        DismissedWithoutNotice => "Dismissed without notice",
        WouldHaveBeenDismissed => "Would have been dismissed",
    }
}

allowed_values! {
    /// Whether the subject serves in another force.
    OtherForce { Yes => "Yes", No => "No", Withheld => "Withheld" }
}

allowed_values! {
    /// Where a case stands among its subject's cases, as a public release carries it instead
    /// of a pseudonym: on the subject's latest case, how many cases they have; on each earlier
    /// case, "Earlier". The repeat-report figures need nothing more, and no two cases are
    /// linked (see docs/DISCLOSURE.md).
    SubjectCases { One => "1", Two => "2", Three => "3", FourOrMore => "4 or more", Earlier => "Earlier" }
}

impl SubjectCases {
    /// The mark of a subject's latest case when they have `cases` cases.
    pub fn latest_of(cases: usize) -> SubjectCases {
        match cases {
            0 | 1 => SubjectCases::One,
            2 => SubjectCases::Two,
            3 => SubjectCases::Three,
            _ => SubjectCases::FourOrMore,
        }
    }
}

/// Which kind of cases file is read: a publisher's internal extract (DATA-FORMAT.md) or a
/// public release made from one by `scrutiny publish` (docs/DISCLOSURE.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schema {
    /// Exact dates, case IDs, pseudonyms and notes: never served.
    #[default]
    Extract,
    /// What a public release holds: no IDs, pseudonyms or notes; the reported date as a
    /// period; quasi-identifiers possibly "Withheld"; `subject_cases` instead of a pseudonym.
    Release,
}

impl CriminalOutcome {
    /// Whether the outcome is final (anything but Pending), which requires an outcome date.
    pub fn is_final(self) -> bool {
        self != CriminalOutcome::Pending
    }
}

impl MisconductOutcome {
    /// Whether the outcome is final (anything but Pending), which requires an outcome date.
    pub fn is_final(self) -> bool {
        self != MisconductOutcome::Pending
    }
}

/// A case identifier: 1 to 32 characters from `[A-Za-z0-9_-]`, stored inline (no heap
/// allocation per record) and compared case-sensitively.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CaseId {
    len: u8,
    bytes: [u8; 32],
}

impl CaseId {
    /// The ID in `text`, if it has the contract's shape.
    pub fn parse(text: &str) -> Option<CaseId> {
        let ok = (1..=32).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        ok.then(|| {
            let mut bytes = [0u8; 32];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            CaseId { len: text.len() as u8, bytes }
        })
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored, so this never fails.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl PartialOrd for CaseId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CaseId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// A subject's pseudonym, `P-` and 8 lowercase hex digits, stored as its number.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SubjectRef(pub u32);

impl SubjectRef {
    /// The pseudonym in `text`, if it has the contract's shape.
    pub fn parse(text: &str) -> Option<SubjectRef> {
        let hex = text.strip_prefix("P-")?;
        let ok = hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| u32::from_str_radix(hex, 16).ok()).flatten().map(SubjectRef)
    }
}

impl std::fmt::Display for SubjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "P-{:08x}", self.0)
    }
}

impl std::fmt::Debug for SubjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self}")
    }
}

/// One allegation or referral about one officer or member of staff. Holds no personal data:
/// the subject appears only as a pseudonym.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Opaque identifier, unique in the file, compared case-sensitively.
    pub case_id: CaseId,
    /// Pseudonym of the person the case is about (`P-` and 8 hex digits).
    pub subject_ref: SubjectRef,
    /// Officer, staff or special constable.
    pub role: Role,
    /// What was alleged.
    pub allegation_category: AllegationCategory,
    /// When the allegation was reported (in a public release, the first day of the published
    /// period: a month, or a coarser period where a month would single a group out).
    pub reported_date: NaiveDate,
    /// The last day of the reported period: `reported_date` itself in an internal extract. A
    /// view counts a case only when its whole period lies in the view's date range.
    pub reported_until: NaiveDate,
    /// How the case arrived.
    pub source: Option<Source>,
    /// Review status; `None` means the case is in no review.
    pub review_status: Option<ReviewStatus>,
    /// When the review was completed.
    pub review_completed_date: Option<NaiveDate>,
    /// What the completed review decided.
    pub review_result: Option<ReviewResult>,
    /// When the subject was charged.
    pub charged_date: Option<NaiveDate>,
    /// Group of offences charged.
    pub offence_group: Option<OffenceGroup>,
    /// Date of the first court appearance.
    pub court_date: Option<NaiveDate>,
    /// Result of criminal proceedings.
    pub criminal_outcome: Option<CriminalOutcome>,
    /// When the criminal outcome was reached.
    pub criminal_outcome_date: Option<NaiveDate>,
    /// Kind of misconduct proceedings.
    pub proceedings: Option<Proceedings>,
    /// Result of misconduct proceedings.
    pub misconduct_outcome: Option<MisconductOutcome>,
    /// When the misconduct outcome was reached.
    pub misconduct_outcome_date: Option<NaiveDate>,
    /// Whether the subject serves in another force.
    pub other_force: Option<OtherForce>,
    /// Where the case stands among its subject's cases (derived from the pseudonyms in an
    /// internal extract; read from a public release).
    pub subject_cases: SubjectCases,
    /// On an earlier case, its misconduct outcome, carried with `subject_cases` for the
    /// repeat-report figures (a public release pairs these two columns with the case's other
    /// values only within its group; see docs/DISCLOSURE.md). `None` on a latest case.
    pub earlier_case_outcome: Option<MisconductOutcome>,
    /// Free text, kept exactly as written. Never shown on the public page.
    pub notes: Option<String>,
}

impl Default for Case {
    /// An officer's case in the "Other" category reported on 1 January 1990, with nothing else
    /// recorded: a base for tests and generators to fill in.
    fn default() -> Case {
        let reported = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default();
        Case {
            case_id: CaseId::default(),
            subject_ref: SubjectRef::default(),
            role: Role::Officer,
            allegation_category: AllegationCategory::Other,
            reported_date: reported,
            reported_until: reported,
            source: None,
            review_status: None,
            review_completed_date: None,
            review_result: None,
            charged_date: None,
            offence_group: None,
            court_date: None,
            criminal_outcome: None,
            criminal_outcome_date: None,
            proceedings: None,
            misconduct_outcome: None,
            misconduct_outcome_date: None,
            other_force: None,
            subject_cases: SubjectCases::One,
            earlier_case_outcome: None,
            notes: None,
        }
    }
}

/// A column of the cases file, in the data contract's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `case_id`
    CaseId,
    /// `subject_ref`
    SubjectRef,
    /// `role`
    Role,
    /// `allegation_category`
    AllegationCategory,
    /// `reported_date`
    ReportedDate,
    /// `source`
    Source,
    /// `review_status`
    ReviewStatus,
    /// `review_completed_date`
    ReviewCompletedDate,
    /// `review_result`
    ReviewResult,
    /// `charged_date`
    ChargedDate,
    /// `offence_group`
    OffenceGroup,
    /// `court_date`
    CourtDate,
    /// `criminal_outcome`
    CriminalOutcome,
    /// `criminal_outcome_date`
    CriminalOutcomeDate,
    /// `proceedings`
    Proceedings,
    /// `misconduct_outcome`
    MisconductOutcome,
    /// `misconduct_outcome_date`
    MisconductOutcomeDate,
    /// `other_force`
    OtherForce,
    /// `subject_cases` (public releases only: see [`SubjectCases`])
    SubjectCases,
    /// `earlier_case_outcome` (public releases only: see [`Case::earlier_case_outcome`])
    EarlierCaseOutcome,
    /// `notes`
    Notes,
}

impl Field {
    /// Every column, in the contract's order (also the order the generator writes).
    pub const ALL: [Field; 21] = [
        Field::CaseId,
        Field::SubjectRef,
        Field::Role,
        Field::AllegationCategory,
        Field::ReportedDate,
        Field::Source,
        Field::ReviewStatus,
        Field::ReviewCompletedDate,
        Field::ReviewResult,
        Field::ChargedDate,
        Field::OffenceGroup,
        Field::CourtDate,
        Field::CriminalOutcome,
        Field::CriminalOutcomeDate,
        Field::Proceedings,
        Field::MisconductOutcome,
        Field::MisconductOutcomeDate,
        Field::OtherForce,
        Field::SubjectCases,
        Field::EarlierCaseOutcome,
        Field::Notes,
    ];

    /// The column name as the contract spells it.
    pub fn name(self) -> &'static str {
        match self {
            Field::CaseId => "case_id",
            Field::SubjectRef => "subject_ref",
            Field::Role => "role",
            Field::AllegationCategory => "allegation_category",
            Field::ReportedDate => "reported_date",
            Field::Source => "source",
            Field::ReviewStatus => "review_status",
            Field::ReviewCompletedDate => "review_completed_date",
            Field::ReviewResult => "review_result",
            Field::ChargedDate => "charged_date",
            Field::OffenceGroup => "offence_group",
            Field::CourtDate => "court_date",
            Field::CriminalOutcome => "criminal_outcome",
            Field::CriminalOutcomeDate => "criminal_outcome_date",
            Field::Proceedings => "proceedings",
            Field::MisconductOutcome => "misconduct_outcome",
            Field::MisconductOutcomeDate => "misconduct_outcome_date",
            Field::OtherForce => "other_force",
            Field::SubjectCases => "subject_cases",
            Field::EarlierCaseOutcome => "earlier_case_outcome",
            Field::Notes => "notes",
        }
    }

    /// Whether a file without this column is refused.
    pub fn is_required(self, schema: Schema) -> bool {
        match self {
            Field::Role | Field::AllegationCategory | Field::ReportedDate => true,
            Field::CaseId | Field::SubjectRef => schema == Schema::Extract,
            // A release's header must say where it stands on both, so a release without the
            // earlier outcomes is refused rather than read as "not recorded".
            Field::SubjectCases | Field::EarlierCaseOutcome => schema == Schema::Release,
            _ => false,
        }
    }

    /// Whether files of `schema` have this column: a public release has no case ID,
    /// pseudonym or notes; an internal extract has no `subject_cases` or
    /// `earlier_case_outcome` (both are derived from its pseudonyms).
    pub fn is_in(self, schema: Schema) -> bool {
        match self {
            Field::CaseId | Field::SubjectRef | Field::Notes => schema == Schema::Extract,
            Field::SubjectCases | Field::EarlierCaseOutcome => schema == Schema::Release,
            _ => true,
        }
    }

    /// Finds the field for a column name, trimmed and ignoring case.
    pub fn from_column_name(name: &str) -> Option<Field> {
        // Field names are ASCII, so ASCII case folding is enough and allocates nothing.
        let wanted = name.trim();
        Field::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(wanted))
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_through_normalised_lookup() {
        for v in MisconductOutcome::ALL {
            assert_eq!(MisconductOutcome::from_normalised(&v.label().to_lowercase()), Some(*v));
        }
        assert_eq!(Role::from_normalised("special constable"), Some(Role::SpecialConstable));
        assert_eq!(Role::from_normalised("special-constable"), None);
    }

    #[test]
    fn index_matches_position_in_all() {
        for (i, v) in OffenceGroup::ALL.iter().enumerate() {
            assert_eq!(v.index(), i);
        }
    }

    #[test]
    fn column_names_match_trimmed_and_case_insensitive() {
        assert_eq!(Field::from_column_name("  Case_ID "), Some(Field::CaseId));
        assert_eq!(Field::from_column_name("caseid"), None);
        assert_eq!(Field::ALL.iter().filter(|f| f.is_required(Schema::Extract)).count(), 5);
        assert_eq!(Field::ALL.iter().filter(|f| f.is_required(Schema::Release)).count(), 5);
    }
}
