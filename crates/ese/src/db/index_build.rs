//! Creating an index over a table's existing rows: keys are made for every
//! record, sorted, and loaded bottom-up into a fresh tree.
