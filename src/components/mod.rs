//! Components: layout only. They receive disclosed figures and rendered SVG as props and
//! hold no logic of their own.

pub mod chart_card;
pub mod count_table;
pub mod page;

pub use chart_card::ChartCard;
pub use count_table::CountTable;
