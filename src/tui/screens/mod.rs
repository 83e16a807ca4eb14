//! Screens beyond home and the wizard: their state and pure view models.

pub mod diff;
pub mod heatmap;
pub mod plans;
