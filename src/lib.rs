//! gongshi (公示): a static-site generator for public credit disclosure.
//!
//! The build is a pipeline of stages, each a module with one job:
//! [`config`] → [`load`] → [`validate`] → [`publish`] → [`assemble`] → [`render`] →
//! [`search`] → [`write`]. A [`site::Site`] is the site as read from disk; [`build`]
//! and [`serve`] both drive it through the same stages. What gongshi knows about each
//! kind of dataset lives in one module of [`kinds`], listed in [`kinds::REGISTRY`].

pub mod assemble;
pub mod build;
pub mod cli;
pub mod config;
pub mod diag;
pub mod exports;
pub mod fixture;
pub mod hash;
pub mod ident;
pub mod kinds;
pub mod load;
pub mod model;
pub mod progress;
pub mod publish;
pub mod render;
pub mod rules;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sink;
pub mod site;
pub mod theme;
pub mod urls;
pub mod validate;
pub mod views;
pub mod write;
pub mod yaml;
