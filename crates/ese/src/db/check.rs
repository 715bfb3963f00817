//! The integrity check of a database open for writing: every tree, the space,
//! and every index against the records it indexes.
