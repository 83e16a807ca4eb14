//! The terminal user interface. The only module that uses ratatui or crossterm.
//!
//! Elm-style: [`app::App`] is plain state, [`app::update`] turns a [`msg::Msg`] into state
//! changes and [`msg::Effect`]s, [`view::view`] draws without mutating, and [`run`] is the
//! thin shell that reads the terminal, performs effects and restores the terminal.

pub mod answers;
pub mod app;
pub mod applicability;
pub mod backdrop;
pub mod component;
pub mod ctx;
pub mod data;
pub mod dialogs;
pub mod editor;
pub mod edits;
pub mod evidence;
pub mod form;
pub mod fuzzy;
pub mod keymap;
pub mod left;
pub mod live;
pub mod msg;
pub mod nav;
pub mod outline;
pub mod persist;
pub mod present;
pub mod progress;
pub mod run;
pub mod screens;
pub mod search;
pub mod view;
pub mod wizard;
