//! descent: watch neural networks learn.
//!
//! `core` holds the mathematics (GUI-free), `ui` the egui views, `app` ties them together.

pub mod app;
pub mod cli;
pub mod core;
pub mod export;
pub mod train;
pub mod ui;

pub use app::App;
