//! Loading a B-tree bottom-up from entries in key order.
