//! eseutil's library: the parts of the command-line tool that other programs
//! call. [`backup`] makes, verifies and restores backup sets of a live instance.

pub mod backup;
