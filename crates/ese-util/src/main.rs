//! eseutil: inspect, check and export ESE databases.

fn main() {}
