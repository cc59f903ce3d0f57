//! A newcomer's first minutes and an operator's first production start,
//! through the real binary: `cps demo` and `cps doctor` (and `cps serve`
//! refusing a production configuration it cannot run with).

mod bankfile;
mod cli;
mod demo;
mod doctor;
