//! Components: layout only. They receive disclosed figures and rendered SVG as props (or
//! read app state through `use_app_state`) and hold no logic of their own.

pub mod chart_card;
pub mod controls;
pub mod count_table;
pub mod page;
pub mod releases;

pub use chart_card::ChartCard;
pub use count_table::CountTable;
