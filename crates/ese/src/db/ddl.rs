//! Schema changes on a database open for writing: adding and deleting columns,
//! deleting indexes, deleting and renaming tables, as the catalog rows ESE writes.
