//! Temporary and sort tables (`JetOpenTempTable`): tables that live only as long
//! as their handle, for sorting and materialising results.
