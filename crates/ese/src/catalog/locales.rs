//! The records of `MSysLocales`, a key-value store (`CKVPStore`, `kvpstore.cxx`) that counts
//! the localized indexes per locale, sort id and sort version (`ErrCATIAddLocale` in
//! `cat.cxx`).
//!
//! Columns: `Type` (1, UnsignedByte at offset 4: 1 schema value, 2 Long value), `iValue` (2,
//! Long at offset 5, default 0) and `Key` (128, Binary: the key as UTF-16LE with its NUL
//! terminator). The primary index `KeyPrimary` is on `Key`, which normalizes as variable Binary
//! (groups of 8 bytes and a marker).
//!
//! A new database holds seven records (`ErrKVPIInitICreateTable`, then
//! `ErrCATIFlagMSLocalesConsistent`): the internal and external schema versions
//! (`.Schema\Internal\Major` = 1, `Minor` = 0, `Update` = 0, `.Schema\External\Major` = 1,
//! `Minor` = 0, `Update` = 0, all of type 1) and the consistency marker `MSysLocalesConsistent`
//! = 1 (type 2). Each index over Unicode text adds 1 to the record
//! `LocaleName=<locale>,SortID=<sort id>,Ver=<version in hex>` (type 2), creating it with value
//! 1.
//!
//! What must hold: the bytes and keys equal those of the sample databases.

use crate::format::coltype::ColumnType;
use crate::format::key::{make_key, SegmentSpec, KEY_MOST_LEGACY};
use crate::format::record::RecordBuilder;
use crate::{Error, ErrorCode, Result};

/// `Type` of the schema-version records (`kvpvtSchemaValueType`).
pub const TYPE_SCHEMA: u8 = 1;
/// `Type` of the other integer records (`kvpvtLongValueType`).
pub const TYPE_LONG: u8 = 2;
/// Key of the consistency marker (`g_wszMSLocalesConsistencyMarkerKey`).
pub const CONSISTENCY_MARKER: &str = "MSysLocalesConsistent";

/// One record of `MSysLocales`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LocaleRow {
    /// The key.
    pub key: String,
    /// `Type`: [`TYPE_SCHEMA`] or [`TYPE_LONG`].
    pub value_type: u8,
    /// `iValue`.
    pub value: i32,
}

impl LocaleRow {
    /// The stored key: UTF-16LE with a NUL terminator (`CbKVPKeySize`).
    pub fn key_bytes(&self) -> Vec<u8> {
        self.key
            .encode_utf16()
            .chain(std::iter::once(0))
            .flat_map(u16::to_le_bytes)
            .collect()
    }

    /// The record bytes.
    pub fn encode(&self, large_page: bool) -> Result<Vec<u8>> {
        let key = self.key_bytes();
        let value = self.value.to_le_bytes();
        let ty = [self.value_type];
        let mut b = RecordBuilder::new(large_page);
        b.fixed(1, 4, 1, Some(&ty))
            .fixed(2, 5, 4, Some(&value))
            .variable(128, Some(&key));
        b.build()
    }

    /// The key in `KeyPrimary`: the stored key bytes normalized as variable Binary. A key too
    /// long for 255 bytes is `JET_errKeyTruncated` (the index disallows truncation).
    pub fn index_key(&self) -> Result<Vec<u8>> {
        let key = self.key_bytes();
        let k = make_key(
            &[(SegmentSpec::new(ColumnType::Binary, 0), Some(&key[..]))],
            KEY_MOST_LEGACY,
        )?;
        if k.truncated {
            return Err(Error::with(
                ErrorCode::KeyTruncated,
                format!("MSysLocales key {:?} is too long", self.key),
            ));
        }
        Ok(k.bytes)
    }
}

/// The records of `MSysLocales` in a new database, in key order.
pub fn new_database_locales() -> Vec<LocaleRow> {
    let schema = |key: &str, value: i32| LocaleRow {
        key: key.to_owned(),
        value_type: TYPE_SCHEMA,
        value,
    };
    vec![
        schema(".Schema\\External\\Major", 1),
        schema(".Schema\\External\\Minor", 0),
        schema(".Schema\\External\\Update", 0),
        schema(".Schema\\Internal\\Major", 1),
        schema(".Schema\\Internal\\Minor", 0),
        schema(".Schema\\Internal\\Update", 0),
        LocaleRow {
            key: CONSISTENCY_MARKER.to_owned(),
            value_type: TYPE_LONG,
            value: 1,
        },
    ]
}

/// A sort id as `WszCATFormatSortID` writes it: the 16 stored bytes read as a GUID
/// (little-endian `Data1`..`Data3`) in lower-case hex, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
pub fn format_sort_id(sort_id: &[u8; 16]) -> String {
    let d1 = u32::from_le_bytes([sort_id[0], sort_id[1], sort_id[2], sort_id[3]]);
    let d2 = u16::from_le_bytes([sort_id[4], sort_id[5]]);
    let d3 = u16::from_le_bytes([sort_id[6], sort_id[7]]);
    let mut s = format!(
        "{d1:08x}-{d2:04x}-{d3:04x}-{:02x}{:02x}-",
        sort_id[8], sort_id[9]
    );
    for b in &sort_id[10..] {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The key counting the localized indexes of `locale` with `sort_id` and sort `version`
/// (`g_wszLocaleNameSortIDSortVersionLocaleKey`: `LocaleName=%s,SortID=%s,Ver=%I64x`).
pub fn locale_key(locale: &str, sort_id: &[u8; 16], version: u64) -> String {
    format!(
        "LocaleName={locale},SortID={},Ver={version:x}",
        format_sort_id(sort_id)
    )
}

/// The record counting `count` localized indexes of `locale` with `sort_id` and `version`.
pub fn locale_row(locale: &str, sort_id: &[u8; 16], version: u64, count: i32) -> LocaleRow {
    LocaleRow {
        key: locale_key(locale, sort_id, version),
        value_type: TYPE_LONG,
        value: count,
    }
}

/// The records `MSysLocales` holds after the catalog rows `rows` exist: the new-database
/// records plus one counter per (locale, sort id, version) of the index rows with the
/// localized-text flag, in key order.
pub fn locales_for_rows(rows: &[super::CatalogRow]) -> Result<Vec<LocaleRow>> {
    let mut out = new_database_locales();
    for r in rows
        .iter()
        .filter(|r| r.row_type == super::sysobj::INDEX && r.flags & super::idb::LOCALIZED_TEXT != 0)
    {
        let (Some(version), Some(sort_id)) = (r.version, r.sort_id) else {
            return Err(Error::with(
                ErrorCode::CatalogCorrupted,
                format!("index {} over Unicode text has no sort version", r.name),
            ));
        };
        let locale = r
            .locale_name
            .as_deref()
            .unwrap_or(super::DEFAULT_LOCALE_NAME);
        let key = locale_key(locale, &sort_id, version);
        match out.iter_mut().find(|l| l.key == key) {
            Some(l) => l.value += 1,
            None => out.push(locale_row(locale, &sort_id, version, 1)),
        }
    }
    let mut keyed = out
        .into_iter()
        .map(|l| Ok((l.index_key()?, l)))
        .collect::<Result<Vec<_>>>()?;
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(keyed.into_iter().map(|(_, l)| l).collect())
}
