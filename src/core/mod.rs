//! The chapter's mathematics. GUI-free (CI checks no GUI crate is imported), deterministic with seeds.

pub mod contour;
pub mod digit;
pub mod format;
pub mod gradcheck;
pub mod gradient_cost;
pub mod inspect;
pub mod lab;
pub mod lecture;
pub mod loss_slice;
pub mod lr_find;
pub mod mlp;
pub mod mnist;
pub mod optimizer;
pub mod points_csv;
pub mod polyfit;
pub mod presets;
pub mod race;
pub mod regression;
pub mod scene;
pub mod schedule;
pub mod search;
pub mod stability;
pub mod surface;
pub mod training;
