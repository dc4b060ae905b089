//! descent: watch neural networks learn.
//!
//! `core` holds the mathematics (GUI-free), `ui` the egui views, `app` ties them together.

pub mod app;
pub mod cli;
pub mod cli_export;
pub mod cli_inspect;
pub mod cli_slice;
pub mod cli_train;
pub mod core;
pub mod export;
pub mod train;
pub mod ui;

pub use app::App;
