//! gongshi (公示): a static-site generator for public credit disclosure.
//!
//! The build is a pipeline of stages, each a module with one job:
//! [`config`] → [`load`] → [`validate`] → [`publish`] → [`assemble`] → [`render`] →
//! [`search`] → [`write`]. A [`site::Site`] is the site as read from disk; [`build`]
//! and [`serve`] both drive it through the same stages. What gongshi knows about each
//! kind of dataset lives in one module of [`kinds`], listed in [`kinds::REGISTRY`].

// The library's public surface is what the `gongshi` binary and the tests use; the
// rest is private, so that unused code is reported.
pub mod build;
pub mod calendar;
pub mod diag;
pub mod fixture;
pub mod model;
#[doc(hidden)]
pub mod out;
pub mod rules;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod theme;

mod assemble;
mod config;
mod exports;
mod folders;
mod hash;
mod ident;
pub mod import;
mod kinds;
pub mod ledger;
mod load;
mod plan;
mod progress;
mod publish;
mod render;
pub mod report;
mod scan;
mod sink;
mod site;
mod urls;
mod validate;
mod views;
mod write;
mod yaml;

#[cfg(test)]
mod fuzz_tests;

pub use kinds::{registered, KindInfo, SearchKind};
