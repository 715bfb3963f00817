//! `JetGetErrorInfoW`: the category of a `JET_err` or `JET_wrn` code and the chain of its
//! broader categories, as ESE (from Windows 8, `JET_VERSION` 0x0602) reports them.
//!
//! ESE sorts every code into one category (`JET_ERRCAT`): `JET_errcatMemory` for
//! `JET_errOutOfMemory`, `JET_errcatState` for `JET_errRecordNotFound`, and so on.
//! The categories form a tree under `JET_errcatError`:
//!
//! ```text
//! Error ─┬─ Operation ─┬─ Fatal
//!        │             ├─ IO
//!        │             └─ Resource ─┬─ Memory
//!        │                          ├─ Quota
//!        │                          └─ Disk
//!        ├─ Data ──────┬─ Corruption
//!        │             ├─ Inconsistent
//!        │             └─ Fragmentation
//!        └─ Api ───────┬─ Usage
//!                      ├─ State
//!                      └─ Obsolete
//! ```
//!
//! `JET_errcatUnknown` (0) lies outside the tree. ESE files its old and internal codes
//! there, and it fills the unused places of a hierarchy.
//!
//! What must hold: `ERROR_CATEGORIES` is ESE's table, one row for each of the 606 codes
//! in its `errdata.txt` (public, internal and obsolete), sorted by code. A code that is
//! not in the table is `JET_errInvalidParameter`, as in ESE, even if this crate defines
//! it. The tests check that every error and warning constant of [`crate::consts`] and
//! every code of the engine has a row.

use crate::registry::err;
use crate::types::{JET_ERR, JET_GRBIT};
use crate::JetResult;
use ese::ErrorCode;

/// A category of errors (`JET_ERRCAT`). esent.h declares it as an enum; it is 32 bits wide
/// here, like the other enums of the header.
pub type JET_ERRCAT = u32;

/// Error category: unknown. ESE puts internal and obsolete codes here, and uses it to
/// fill the unused places of a hierarchy.
pub const JET_errcatUnknown: JET_ERRCAT = 0;
/// Error category: the root of the tree. No code has this category itself.
pub const JET_errcatError: JET_ERRCAT = 1;
/// Error category: operational errors. Conditions outside the caller's control, often
/// temporary (under `Error`).
pub const JET_errcatOperation: JET_ERRCAT = 2;
/// Error category: fatal. ESE cannot go on safely, so the instance or process should be
/// restarted (under `Operation`).
pub const JET_errcatFatal: JET_ERRCAT = 3;
/// Error category: I/O errors from the operating system, which may or may not be
/// temporary (under `Operation`).
pub const JET_errcatIO: JET_ERRCAT = 4;
/// Error category: something ran out (under `Operation`).
pub const JET_errcatResource: JET_ERRCAT = 5;
/// Error category: out of memory (under `Resource`).
pub const JET_errcatMemory: JET_ERRCAT = 6;
/// Error category: a fixed-size pool such as sessions or cursors is used up (under
/// `Resource`).
pub const JET_errcatQuota: JET_ERRCAT = 7;
/// Error category: out of disk space (under `Resource`).
pub const JET_errcatDisk: JET_ERRCAT = 8;
/// Error category: data errors (under `Error`).
pub const JET_errcatData: JET_ERRCAT = 9;
/// Error category: corrupted database or log files (under `Data`).
pub const JET_errcatCorruption: JET_ERRCAT = 10;
/// Error category: database and log files that do not agree with each other, often after
/// they were mishandled (under `Data`).
pub const JET_errcatInconsistent: JET_ERRCAT = 11;
/// Error category: a persisted internal resource ran out. Offline defragmentation, or a
/// clean shutdown followed by new logs, fixes it (under `Data`).
pub const JET_errcatFragmentation: JET_ERRCAT = 12;
/// Error category: API errors (under `Error`).
pub const JET_errcatApi: JET_ERRCAT = 13;
/// Error category: misuse of the API, such as a bad argument (under `Api`).
pub const JET_errcatUsage: JET_ERRCAT = 14;
/// Error category: how things stand, such as `JET_errRecordNotFound` (under `Api`).
pub const JET_errcatState: JET_ERRCAT = 15;
/// Error category: an obsolete API (under `Api`). ESE's table gives it to no code.
pub const JET_errcatObsolete: JET_ERRCAT = 16;
/// Error category: one past the last category.
pub const JET_errcatMax: JET_ERRCAT = 17;

/// What `JetGetErrorInfoW` reports for `JET_ErrorInfoSpecificErr`. It holds the fields of
/// esent.h's `JET_ERRINFOBASIC_W` that ESE fills with information. `cbStruct` belongs to
/// the C layer, and ESE always reports `lSourceLine` as 0 and `rgszSourceFile` as empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JET_ERRINFOBASIC {
    /// The code that was asked about.
    pub errValue: JET_ERR,
    /// Its category, the most specific one.
    pub errcatMostSpecific: JET_ERRCAT,
    /// The categories from `JET_errcatError` (position 0) down to `errcatMostSpecific`,
    /// with `JET_errcatUnknown` (0) in the unused places. For a code of category
    /// `JET_errcatUnknown` every place is 0.
    pub rgCategoricalHierarchy: [u8; 8],
}

/// `JetGetErrorInfoW(pvContext, pvResult, cbMax, InfoLevel, grbit)` for the code at
/// `pvContext`. The only level is `JET_ErrorInfoSpecificErr`, and there are no grbits. In
/// ESE's order, another level is `JET_errInvalidParameter`, then a non-zero grbit, then a
/// code that ESE's table does not list. The C layer checks the NULL pointers and the size
/// of the buffer (`JET_errInvalidBufferSize`) between the grbit check and the lookup.
pub fn jet_get_error_info(
    err_value: JET_ERR,
    info_level: u32,
    grbit: JET_GRBIT,
) -> JetResult<JET_ERRINFOBASIC> {
    if info_level != crate::consts::JET_ErrorInfoSpecificErr {
        return Err(err(
            ErrorCode::InvalidParameter,
            format!("error information level {info_level}"),
        ));
    }
    if grbit != 0 {
        return Err(err(
            ErrorCode::InvalidParameter,
            format!("JetGetErrorInfoW takes no grbits (got {grbit:#x})"),
        ));
    }
    let Some(category) = error_category(err_value) else {
        return Err(err(
            ErrorCode::InvalidParameter,
            format!("{err_value} is not a code ESE categorises"),
        ));
    };
    Ok(JET_ERRINFOBASIC {
        errValue: err_value,
        errcatMostSpecific: category,
        rgCategoricalHierarchy: hierarchy(category),
    })
}

/// The category of `code` in ESE's table, if it has a row.
fn error_category(code: JET_ERR) -> Option<JET_ERRCAT> {
    ERROR_CATEGORIES
        .binary_search_by_key(&code, |&(c, _)| c)
        .ok()
        .map(|i| ERROR_CATEGORIES[i].1)
}

/// The category directly above `category` in the tree. `None` for the root
/// `JET_errcatError`, for `JET_errcatUnknown`, and for values that are not categories.
fn parent(category: JET_ERRCAT) -> Option<JET_ERRCAT> {
    match category {
        JET_errcatOperation | JET_errcatData | JET_errcatApi => Some(JET_errcatError),
        JET_errcatFatal | JET_errcatIO | JET_errcatResource => Some(JET_errcatOperation),
        JET_errcatMemory | JET_errcatQuota | JET_errcatDisk => Some(JET_errcatResource),
        JET_errcatCorruption | JET_errcatInconsistent | JET_errcatFragmentation => {
            Some(JET_errcatData)
        }
        JET_errcatUsage | JET_errcatState | JET_errcatObsolete => Some(JET_errcatApi),
        _ => None,
    }
}

/// The path from `JET_errcatError` down to `category`, padded with `JET_errcatUnknown`.
/// `JET_errcatUnknown` gives all zeros. The tree is at most four levels deep, so the path
/// always fits in eight places.
fn hierarchy(category: JET_ERRCAT) -> [u8; 8] {
    let mut up = vec![category];
    while let Some(p) = parent(up[up.len() - 1]) {
        up.push(p);
    }
    let mut out = [JET_errcatUnknown as u8; 8];
    for (slot, &c) in out.iter_mut().zip(up.iter().rev()) {
        // Categories are below JET_errcatMax (17), so the narrowing keeps the value.
        *slot = c as u8;
    }
    out
}

/// ESE's table of codes and their categories (`errdata.txt` in its source), sorted by
/// code for the binary search. Negative codes are errors, positive codes are warnings.
/// `JET_wrnNyi` is -1, as in ESE. The table also has ESE's internal codes, which never
/// leave the engine, because ESE answers for them too.
const ERROR_CATEGORIES: &[(JET_ERR, JET_ERRCAT)] = &[
    (-11999, JET_errcatUsage),
    (-10000, JET_errcatUsage),
    (-4006, JET_errcatResource),
    (-4005, JET_errcatUsage),
    (-4004, JET_errcatUnknown),
    (-4003, JET_errcatUnknown),
    (-4002, JET_errcatUnknown),
    (-4001, JET_errcatCorruption),
    (-4000, JET_errcatUnknown),
    (-3002, JET_errcatState),
    (-3001, JET_errcatUsage),
    (-3000, JET_errcatUsage),
    (-2601, JET_errcatState),
    (-2502, JET_errcatState),
    (-2501, JET_errcatUsage),
    (-2405, JET_errcatUnknown),
    (-2404, JET_errcatUsage),
    (-2403, JET_errcatState),
    (-2402, JET_errcatOperation),
    (-2401, JET_errcatUsage),
    (-2103, JET_errcatUsage),
    (-2102, JET_errcatUsage),
    (-2101, JET_errcatState),
    (-2006, JET_errcatUsage),
    (-2004, JET_errcatUsage),
    (-1948, JET_errcatCorruption),
    (-1947, JET_errcatCorruption),
    (-1946, JET_errcatState),
    (-1945, JET_errcatState),
    (-1944, JET_errcatState),
    (-1943, JET_errcatState),
    (-1942, JET_errcatState),
    (-1941, JET_errcatState),
    (-1940, JET_errcatUnknown),
    (-1939, JET_errcatUnknown),
    (-1938, JET_errcatState),
    (-1937, JET_errcatState),
    (-1936, JET_errcatState),
    (-1935, JET_errcatState),
    (-1934, JET_errcatState),
    (-1933, JET_errcatState),
    (-1932, JET_errcatState),
    (-1931, JET_errcatState),
    (-1930, JET_errcatState),
    (-1929, JET_errcatState),
    (-1928, JET_errcatState),
    (-1927, JET_errcatState),
    (-1926, JET_errcatFragmentation),
    (-1925, JET_errcatState),
    (-1924, JET_errcatUnknown),
    (-1923, JET_errcatInconsistent),
    (-1922, JET_errcatCorruption),
    (-1921, JET_errcatCorruption),
    (-1920, JET_errcatState),
    (-1919, JET_errcatUsage),
    (-1918, JET_errcatUsage),
    (-1917, JET_errcatFatal),
    (-1916, JET_errcatUsage),
    (-1915, JET_errcatCorruption),
    (-1914, JET_errcatUsage),
    (-1913, JET_errcatUsage),
    (-1912, JET_errcatUsage),
    (-1911, JET_errcatUsage),
    (-1910, JET_errcatUsage),
    (-1909, JET_errcatUnknown),
    (-1907, JET_errcatUnknown),
    (-1906, JET_errcatUsage),
    (-1852, JET_errcatCorruption),
    (-1850, JET_errcatUsage),
    (-1814, JET_errcatInconsistent),
    (-1812, JET_errcatInconsistent),
    (-1811, JET_errcatState),
    (-1809, JET_errcatUsage),
    (-1808, JET_errcatDisk),
    (-1805, JET_errcatUsage),
    (-1803, JET_errcatUnknown),
    (-1702, JET_errcatUnknown),
    (-1701, JET_errcatMemory),
    (-1625, JET_errcatUsage),
    (-1624, JET_errcatUsage),
    (-1623, JET_errcatUsage),
    (-1622, JET_errcatCorruption),
    (-1621, JET_errcatUsage),
    (-1620, JET_errcatCorruption),
    (-1619, JET_errcatUnknown),
    (-1611, JET_errcatUnknown),
    (-1609, JET_errcatUsage),
    (-1608, JET_errcatUsage),
    (-1607, JET_errcatUsage),
    (-1605, JET_errcatState),
    (-1604, JET_errcatUsage),
    (-1603, JET_errcatState),
    (-1602, JET_errcatUsage),
    (-1601, JET_errcatState),
    (-1540, JET_errcatUsage),
    (-1538, JET_errcatUsage),
    (-1530, JET_errcatUsage),
    (-1529, JET_errcatCorruption),
    (-1528, JET_errcatState),
    (-1526, JET_errcatCorruption),
    (-1525, JET_errcatState),
    (-1524, JET_errcatUsage),
    (-1521, JET_errcatUsage),
    (-1519, JET_errcatUnknown),
    (-1518, JET_errcatState),
    (-1517, JET_errcatUsage),
    (-1516, JET_errcatUsage),
    (-1515, JET_errcatUsage),
    (-1514, JET_errcatUnknown),
    (-1511, JET_errcatUsage),
    (-1510, JET_errcatUsage),
    (-1509, JET_errcatUsage),
    (-1508, JET_errcatUsage),
    (-1507, JET_errcatUsage),
    (-1506, JET_errcatUsage),
    (-1505, JET_errcatUnknown),
    (-1504, JET_errcatUsage),
    (-1503, JET_errcatUsage),
    (-1502, JET_errcatUsage),
    (-1501, JET_errcatUnknown),
    (-1440, JET_errcatUsage),
    (-1439, JET_errcatUsage),
    (-1438, JET_errcatUsage),
    (-1437, JET_errcatUsage),
    (-1436, JET_errcatUsage),
    (-1435, JET_errcatUsage),
    (-1434, JET_errcatUsage),
    (-1433, JET_errcatUsage),
    (-1432, JET_errcatUsage),
    (-1431, JET_errcatUsage),
    (-1430, JET_errcatUsage),
    (-1419, JET_errcatUsage),
    (-1416, JET_errcatUsage),
    (-1414, JET_errcatCorruption),
    (-1413, JET_errcatCorruption),
    (-1412, JET_errcatCorruption),
    (-1411, JET_errcatUsage),
    (-1410, JET_errcatMemory),
    (-1409, JET_errcatUsage),
    (-1406, JET_errcatUsage),
    (-1405, JET_errcatUsage),
    (-1404, JET_errcatState),
    (-1403, JET_errcatUsage),
    (-1402, JET_errcatUsage),
    (-1401, JET_errcatUnknown),
    (-1332, JET_errcatUnknown),
    (-1331, JET_errcatUnknown),
    (-1330, JET_errcatUnknown),
    (-1329, JET_errcatOperation),
    (-1328, JET_errcatUsage),
    (-1326, JET_errcatUsage),
    (-1325, JET_errcatUsage),
    (-1324, JET_errcatUsage),
    (-1323, JET_errcatUsage),
    (-1322, JET_errcatUsage),
    (-1321, JET_errcatUnknown),
    (-1320, JET_errcatUnknown),
    (-1319, JET_errcatUsage),
    (-1318, JET_errcatUsage),
    (-1317, JET_errcatUsage),
    (-1316, JET_errcatUnknown),
    (-1314, JET_errcatUnknown),
    (-1313, JET_errcatUsage),
    (-1312, JET_errcatUsage),
    (-1311, JET_errcatQuota),
    (-1310, JET_errcatUsage),
    (-1308, JET_errcatUsage),
    (-1307, JET_errcatUsage),
    (-1305, JET_errcatState),
    (-1304, JET_errcatState),
    (-1303, JET_errcatState),
    (-1302, JET_errcatUsage),
    (-1232, JET_errcatState),
    (-1231, JET_errcatUsage),
    (-1230, JET_errcatUsage),
    (-1229, JET_errcatState),
    (-1228, JET_errcatState),
    (-1227, JET_errcatUsage),
    (-1226, JET_errcatInconsistent),
    (-1225, JET_errcatInconsistent),
    (-1224, JET_errcatUsage),
    (-1223, JET_errcatUnknown),
    (-1222, JET_errcatUsage),
    (-1221, JET_errcatUsage),
    (-1220, JET_errcatCorruption),
    (-1219, JET_errcatUsage),
    (-1218, JET_errcatUnknown),
    (-1217, JET_errcatUsage),
    (-1216, JET_errcatInconsistent),
    (-1215, JET_errcatUsage),
    (-1214, JET_errcatQuota),
    (-1213, JET_errcatInconsistent),
    (-1212, JET_errcatUnknown),
    (-1211, JET_errcatUnknown),
    (-1210, JET_errcatUnknown),
    (-1209, JET_errcatInconsistent),
    (-1208, JET_errcatUsage),
    (-1207, JET_errcatUsage),
    (-1206, JET_errcatCorruption),
    (-1205, JET_errcatUsage),
    (-1204, JET_errcatUsage),
    (-1203, JET_errcatUsage),
    (-1202, JET_errcatUsage),
    (-1201, JET_errcatUsage),
    (-1162, JET_errcatUnknown),
    (-1161, JET_errcatUnknown),
    (-1160, JET_errcatUnknown),
    (-1154, JET_errcatUnknown),
    (-1153, JET_errcatUnknown),
    (-1152, JET_errcatUnknown),
    (-1151, JET_errcatUnknown),
    (-1150, JET_errcatUnknown),
    (-1124, JET_errcatUsage),
    (-1123, JET_errcatCorruption),
    (-1121, JET_errcatCorruption),
    (-1119, JET_errcatCorruption),
    (-1118, JET_errcatCorruption),
    (-1116, JET_errcatState),
    (-1115, JET_errcatUsage),
    (-1114, JET_errcatUsage),
    (-1113, JET_errcatUsage),
    (-1112, JET_errcatState),
    (-1111, JET_errcatUsage),
    (-1110, JET_errcatUsage),
    (-1109, JET_errcatUnknown),
    (-1108, JET_errcatUsage),
    (-1105, JET_errcatState),
    (-1104, JET_errcatUsage),
    (-1103, JET_errcatUsage),
    (-1102, JET_errcatState),
    (-1101, JET_errcatMemory),
    (-1095, JET_errcatUsage),
    (-1094, JET_errcatState),
    (-1093, JET_errcatUsage),
    (-1092, JET_errcatFatal),
    (-1091, JET_errcatUnknown),
    (-1090, JET_errcatFatal),
    (-1087, JET_errcatUsage),
    (-1086, JET_errcatUsage),
    (-1085, JET_errcatUsage),
    (-1084, JET_errcatUsage),
    (-1083, JET_errcatUsage),
    (-1082, JET_errcatState),
    (-1081, JET_errcatUsage),
    (-1080, JET_errcatUsage),
    (-1078, JET_errcatFragmentation),
    (-1077, JET_errcatFragmentation),
    (-1076, JET_errcatFragmentation),
    (-1075, JET_errcatFragmentation),
    (-1074, JET_errcatFragmentation),
    (-1073, JET_errcatMemory),
    (-1072, JET_errcatOperation),
    (-1071, JET_errcatUsage),
    (-1070, JET_errcatUnknown),
    (-1069, JET_errcatQuota),
    (-1066, JET_errcatUsage),
    (-1065, JET_errcatUsage),
    (-1064, JET_errcatUsage),
    (-1063, JET_errcatUsage),
    (-1062, JET_errcatUsage),
    (-1061, JET_errcatUnknown),
    (-1059, JET_errcatUsage),
    (-1057, JET_errcatUsage),
    (-1054, JET_errcatUsage),
    (-1053, JET_errcatUsage),
    (-1052, JET_errcatUnknown),
    (-1051, JET_errcatState),
    (-1048, JET_errcatUsage),
    (-1047, JET_errcatState),
    (-1046, JET_errcatUsage),
    (-1045, JET_errcatUsage),
    (-1044, JET_errcatUnknown),
    (-1043, JET_errcatUnknown),
    (-1040, JET_errcatUsage),
    (-1038, JET_errcatState),
    (-1035, JET_errcatUnknown),
    (-1034, JET_errcatUsage),
    (-1032, JET_errcatIO),
    (-1031, JET_errcatOperation),
    (-1030, JET_errcatUsage),
    (-1029, JET_errcatUsage),
    (-1028, JET_errcatUsage),
    (-1027, JET_errcatUnknown),
    (-1026, JET_errcatState),
    (-1025, JET_errcatUsage),
    (-1024, JET_errcatUsage),
    (-1023, JET_errcatUsage),
    (-1022, JET_errcatIO),
    (-1021, JET_errcatCorruption),
    (-1020, JET_errcatMemory),
    (-1019, JET_errcatCorruption),
    (-1018, JET_errcatCorruption),
    (-1017, JET_errcatState),
    (-1016, JET_errcatUsage),
    (-1015, JET_errcatUsage),
    (-1014, JET_errcatMemory),
    (-1013, JET_errcatMemory),
    (-1012, JET_errcatQuota),
    (-1011, JET_errcatMemory),
    (-1010, JET_errcatUsage),
    (-1008, JET_errcatUsage),
    (-1003, JET_errcatUsage),
    (-1002, JET_errcatUsage),
    (-1001, JET_errcatUsage),
    (-1000, JET_errcatOperation),
    (-900, JET_errcatUsage),
    (-802, JET_errcatResource),
    (-801, JET_errcatOperation),
    (-800, JET_errcatUnknown),
    (-626, JET_errcatCorruption),
    (-625, JET_errcatCorruption),
    (-624, JET_errcatUnknown),
    (-623, JET_errcatState),
    (-622, JET_errcatState),
    (-621, JET_errcatUsage),
    (-620, JET_errcatUsage),
    (-619, JET_errcatUsage),
    (-618, JET_errcatQuota),
    (-617, JET_errcatState),
    (-616, JET_errcatUsage),
    (-615, JET_errcatUsage),
    (-614, JET_errcatQuota),
    (-612, JET_errcatCorruption),
    (-611, JET_errcatInconsistent),
    (-610, JET_errcatInconsistent),
    (-604, JET_errcatOperation),
    (-603, JET_errcatUsage),
    (-602, JET_errcatOperation),
    (-601, JET_errcatState),
    (-596, JET_errcatCorruption),
    (-590, JET_errcatCorruption),
    (-589, JET_errcatState),
    (-586, JET_errcatCorruption),
    (-584, JET_errcatState),
    (-583, JET_errcatFatal),
    (-582, JET_errcatCorruption),
    (-581, JET_errcatUnknown),
    (-580, JET_errcatUnknown),
    (-579, JET_errcatState),
    (-577, JET_errcatUsage),
    (-576, JET_errcatUnknown),
    (-575, JET_errcatUnknown),
    (-574, JET_errcatCorruption),
    (-573, JET_errcatCorruption),
    (-571, JET_errcatCorruption),
    (-570, JET_errcatCorruption),
    (-569, JET_errcatInconsistent),
    (-567, JET_errcatCorruption),
    (-566, JET_errcatCorruption),
    (-565, JET_errcatInconsistent),
    (-563, JET_errcatState),
    (-562, JET_errcatState),
    (-561, JET_errcatUnknown),
    (-560, JET_errcatState),
    (-557, JET_errcatInconsistent),
    (-556, JET_errcatInconsistent),
    (-555, JET_errcatInconsistent),
    (-554, JET_errcatInconsistent),
    (-553, JET_errcatInconsistent),
    (-552, JET_errcatUnknown),
    (-551, JET_errcatInconsistent),
    (-550, JET_errcatInconsistent),
    (-549, JET_errcatUnknown),
    (-548, JET_errcatFragmentation),
    (-547, JET_errcatState),
    (-546, JET_errcatFragmentation),
    (-545, JET_errcatState),
    (-544, JET_errcatUsage),
    (-543, JET_errcatInconsistent),
    (-542, JET_errcatInconsistent),
    (-541, JET_errcatUsage),
    (-540, JET_errcatUnknown),
    (-539, JET_errcatInconsistent),
    (-538, JET_errcatUnknown),
    (-536, JET_errcatCorruption),
    (-535, JET_errcatInconsistent),
    (-534, JET_errcatUnknown),
    (-533, JET_errcatCorruption),
    (-532, JET_errcatInconsistent),
    (-531, JET_errcatUnknown),
    (-530, JET_errcatInconsistent),
    (-529, JET_errcatDisk),
    (-528, JET_errcatCorruption),
    (-527, JET_errcatState),
    (-526, JET_errcatUsage),
    (-525, JET_errcatIO),
    (-524, JET_errcatIO),
    (-523, JET_errcatState),
    (-521, JET_errcatUsage),
    (-520, JET_errcatState),
    (-519, JET_errcatFragmentation),
    (-518, JET_errcatUnknown),
    (-517, JET_errcatUsage),
    (-516, JET_errcatUsage),
    (-515, JET_errcatCorruption),
    (-514, JET_errcatInconsistent),
    (-513, JET_errcatInconsistent),
    (-512, JET_errcatState),
    (-511, JET_errcatFatal),
    (-510, JET_errcatIO),
    (-509, JET_errcatCorruption),
    (-506, JET_errcatState),
    (-505, JET_errcatState),
    (-504, JET_errcatUsage),
    (-503, JET_errcatUsage),
    (-502, JET_errcatUnknown),
    (-501, JET_errcatCorruption),
    (-500, JET_errcatUnknown),
    (-434, JET_errcatState),
    (-431, JET_errcatCorruption),
    (-430, JET_errcatUnknown),
    (-429, JET_errcatUnknown),
    (-427, JET_errcatState),
    (-426, JET_errcatState),
    (-424, JET_errcatUsage),
    (-423, JET_errcatUsage),
    (-421, JET_errcatState),
    (-419, JET_errcatUnknown),
    (-418, JET_errcatUnknown),
    (-416, JET_errcatUsage),
    (-408, JET_errcatUnknown),
    (-401, JET_errcatUnknown),
    (-358, JET_errcatCorruption),
    (-357, JET_errcatCorruption),
    (-355, JET_errcatState),
    (-354, JET_errcatCorruption),
    (-351, JET_errcatCorruption),
    (-350, JET_errcatUnknown),
    (-349, JET_errcatUnknown),
    (-348, JET_errcatState),
    (-347, JET_errcatState),
    (-346, JET_errcatState),
    (-344, JET_errcatCorruption),
    (-343, JET_errcatCorruption),
    (-342, JET_errcatUnknown),
    (-341, JET_errcatCorruption),
    (-340, JET_errcatUnknown),
    (-338, JET_errcatCorruption),
    (-336, JET_errcatUnknown),
    (-334, JET_errcatOperation),
    (-332, JET_errcatUnknown),
    (-331, JET_errcatUnknown),
    (-330, JET_errcatUnknown),
    (-328, JET_errcatUnknown),
    (-327, JET_errcatCorruption),
    (-326, JET_errcatUnknown),
    (-325, JET_errcatUnknown),
    (-324, JET_errcatUnknown),
    (-323, JET_errcatUnknown),
    (-322, JET_errcatCorruption),
    (-320, JET_errcatUnknown),
    (-318, JET_errcatUnknown),
    (-317, JET_errcatUnknown),
    (-316, JET_errcatUnknown),
    (-315, JET_errcatUnknown),
    (-311, JET_errcatUnknown),
    (-309, JET_errcatUnknown),
    (-307, JET_errcatUnknown),
    (-306, JET_errcatUnknown),
    (-305, JET_errcatUnknown),
    (-303, JET_errcatUnknown),
    (-302, JET_errcatUnknown),
    (-301, JET_errcatUnknown),
    (-300, JET_errcatUnknown),
    (-272, JET_errcatUnknown),
    (-271, JET_errcatUnknown),
    (-270, JET_errcatUnknown),
    (-269, JET_errcatUnknown),
    (-268, JET_errcatUnknown),
    (-267, JET_errcatUnknown),
    (-266, JET_errcatUnknown),
    (-264, JET_errcatUnknown),
    (-263, JET_errcatUnknown),
    (-262, JET_errcatUnknown),
    (-261, JET_errcatUnknown),
    (-260, JET_errcatUnknown),
    (-259, JET_errcatUnknown),
    (-258, JET_errcatUnknown),
    (-257, JET_errcatUnknown),
    (-256, JET_errcatUnknown),
    (-255, JET_errcatCorruption),
    (-254, JET_errcatUnknown),
    (-253, JET_errcatUnknown),
    (-252, JET_errcatUnknown),
    (-251, JET_errcatUnknown),
    (-250, JET_errcatUnknown),
    (-203, JET_errcatUnknown),
    (-202, JET_errcatUnknown),
    (-201, JET_errcatUnknown),
    (-118, JET_errcatOperation),
    (-117, JET_errcatResource),
    (-116, JET_errcatOperation),
    (-115, JET_errcatFatal),
    (-114, JET_errcatFatal),
    (-113, JET_errcatFatal),
    (-112, JET_errcatUsage),
    (-109, JET_errcatState),
    (-108, JET_errcatFatal),
    (-107, JET_errcatOperation),
    (-106, JET_errcatResource),
    (-105, JET_errcatResource),
    (-103, JET_errcatMemory),
    (-102, JET_errcatUnknown),
    (-101, JET_errcatUnknown),
    (-100, JET_errcatUnknown),
    (-1, JET_errcatUsage),
    (0, JET_errcatState),
    (110, JET_errcatResource),
    (111, JET_errcatResource),
    (200, JET_errcatUnknown),
    (204, JET_errcatUnknown),
    (205, JET_errcatUnknown),
    (206, JET_errcatUnknown),
    (207, JET_errcatState),
    (208, JET_errcatState),
    (275, JET_errcatUnknown),
    (304, JET_errcatUnknown),
    (308, JET_errcatUnknown),
    (310, JET_errcatUnknown),
    (312, JET_errcatUnknown),
    (313, JET_errcatUnknown),
    (314, JET_errcatUnknown),
    (319, JET_errcatUnknown),
    (321, JET_errcatState),
    (329, JET_errcatUnknown),
    (333, JET_errcatUnknown),
    (335, JET_errcatUnknown),
    (337, JET_errcatUnknown),
    (339, JET_errcatUnknown),
    (345, JET_errcatState),
    (352, JET_errcatState),
    (353, JET_errcatState),
    (356, JET_errcatUnknown),
    (400, JET_errcatUnknown),
    (402, JET_errcatUnknown),
    (403, JET_errcatUnknown),
    (404, JET_errcatUnknown),
    (406, JET_errcatState),
    (407, JET_errcatUnknown),
    (409, JET_errcatUnknown),
    (410, JET_errcatUnknown),
    (411, JET_errcatUnknown),
    (414, JET_errcatUnknown),
    (415, JET_errcatUnknown),
    (417, JET_errcatUnknown),
    (420, JET_errcatUnknown),
    (422, JET_errcatUnknown),
    (425, JET_errcatUnknown),
    (428, JET_errcatState),
    (432, JET_errcatState),
    (433, JET_errcatState),
    (558, JET_errcatUnknown),
    (559, JET_errcatUnknown),
    (564, JET_errcatUnknown),
    (578, JET_errcatState),
    (585, JET_errcatState),
    (587, JET_errcatState),
    (588, JET_errcatState),
    (595, JET_errcatState),
    (1004, JET_errcatState),
    (1006, JET_errcatState),
    (1007, JET_errcatState),
    (1009, JET_errcatMemory),
    (1039, JET_errcatState),
    (1055, JET_errcatUnknown),
    (1058, JET_errcatUsage),
    (1067, JET_errcatUnknown),
    (1068, JET_errcatState),
    (1122, JET_errcatState),
    (1163, JET_errcatUnknown),
    (1164, JET_errcatUnknown),
    (1301, JET_errcatUnknown),
    (1327, JET_errcatState),
    (1333, JET_errcatUnknown),
    (1415, JET_errcatState),
    (1417, JET_errcatCorruption),
    (1418, JET_errcatCorruption),
    (1512, JET_errcatUsage),
    (1520, JET_errcatState),
    (1522, JET_errcatUnknown),
    (1523, JET_errcatUnknown),
    (1527, JET_errcatUnknown),
    (1531, JET_errcatState),
    (1532, JET_errcatState),
    (1533, JET_errcatState),
    (1534, JET_errcatState),
    (1535, JET_errcatState),
    (1536, JET_errcatState),
    (1537, JET_errcatState),
    (1539, JET_errcatState),
    (1541, JET_errcatState),
    (1610, JET_errcatUnknown),
    (1618, JET_errcatUnknown),
    (1813, JET_errcatState),
    (1908, JET_errcatQuota),
    (2000, JET_errcatState),
    (2001, JET_errcatState),
    (2002, JET_errcatState),
    (2003, JET_errcatState),
    (2005, JET_errcatQuota),
    (2100, JET_errcatState),
    (2602, JET_errcatState),
    (2626, JET_errcatUsage),
    (4007, JET_errcatState),
    (4009, JET_errcatState),
    (4010, JET_errcatIO),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consts::*;

    /// The category and the hierarchy `jet_get_error_info` reports for `code`.
    fn info(code: JET_ERR) -> (JET_ERRCAT, [u8; 8]) {
        let got = jet_get_error_info(code, JET_ErrorInfoSpecificErr, 0).unwrap();
        assert_eq!(got.errValue, code);
        (got.errcatMostSpecific, got.rgCategoricalHierarchy)
    }

    #[test]
    fn categories_and_hierarchies_are_eses() {
        let (e, op, res, data, api) = (1u8, 2u8, 5u8, 9u8, 13u8);
        assert_eq!(
            info(JET_errOutOfMemory),
            (JET_errcatMemory, [e, op, res, 6, 0, 0, 0, 0])
        );
        assert_eq!(
            info(JET_errDiskFull),
            (JET_errcatDisk, [e, op, res, 8, 0, 0, 0, 0])
        );
        assert_eq!(
            info(JET_errLogDiskFull),
            (JET_errcatDisk, [e, op, res, 8, 0, 0, 0, 0])
        );
        assert_eq!(
            info(JET_errWriteConflict),
            (JET_errcatState, [e, api, 15, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            info(JET_errRecordNotFound),
            (JET_errcatState, [e, api, 15, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            info(JET_errInvalidParameter),
            (JET_errcatUsage, [e, api, 14, 0, 0, 0, 0, 0])
        );
        // ESE's own note: Usage would fit, but State is what it has always reported.
        assert_eq!(info(JET_errInvalidBufferSize).0, JET_errcatState);
        assert_eq!(
            info(JET_errReadVerifyFailure),
            (JET_errcatCorruption, [e, data, 10, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            info(JET_errInternalError),
            (JET_errcatOperation, [e, op, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            info(JET_errSuccess),
            (JET_errcatState, [e, api, 15, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            info(JET_wrnNyi),
            (JET_errcatUsage, [e, api, 14, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            info(JET_wrnBufferTruncated),
            (JET_errcatState, [e, api, 15, 0, 0, 0, 0, 0])
        );
        // Obsolete and internal codes are Unknown, with an empty hierarchy.
        assert_eq!(info(JET_errRfsFailure), (JET_errcatUnknown, [0; 8]));
        assert_eq!(info(-201), (JET_errcatUnknown, [0; 8]));
    }

    #[test]
    fn every_category_has_the_hierarchy_of_eses_tree() {
        let want: [(JET_ERRCAT, &[u8]); 17] = [
            (JET_errcatUnknown, &[]),
            (JET_errcatError, &[1]),
            (JET_errcatOperation, &[1, 2]),
            (JET_errcatFatal, &[1, 2, 3]),
            (JET_errcatIO, &[1, 2, 4]),
            (JET_errcatResource, &[1, 2, 5]),
            (JET_errcatMemory, &[1, 2, 5, 6]),
            (JET_errcatQuota, &[1, 2, 5, 7]),
            (JET_errcatDisk, &[1, 2, 5, 8]),
            (JET_errcatData, &[1, 9]),
            (JET_errcatCorruption, &[1, 9, 10]),
            (JET_errcatInconsistent, &[1, 9, 11]),
            (JET_errcatFragmentation, &[1, 9, 12]),
            (JET_errcatApi, &[1, 13]),
            (JET_errcatUsage, &[1, 13, 14]),
            (JET_errcatState, &[1, 13, 15]),
            (JET_errcatObsolete, &[1, 13, 16]),
        ];
        for (i, (cat, path)) in want.iter().enumerate() {
            assert_eq!(*cat, i as JET_ERRCAT);
            let mut padded = [0u8; 8];
            padded[..path.len()].copy_from_slice(path);
            assert_eq!(hierarchy(*cat), padded, "category {cat}");
        }
        assert_eq!(want.len() as JET_ERRCAT, JET_errcatMax);
    }

    #[test]
    fn the_table_is_sorted_and_holds_categories_only() {
        assert_eq!(ERROR_CATEGORIES.len(), 606, "rows of ESE's errdata.txt");
        for pair in ERROR_CATEGORIES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} before {:?}", pair[0], pair[1]);
        }
        for &(code, cat) in ERROR_CATEGORIES {
            assert!(
                cat < JET_errcatMax && cat != JET_errcatError,
                "{code}: {cat}"
            );
        }
    }

    #[test]
    fn bad_levels_grbits_and_unknown_codes_are_invalid_parameter() {
        let invalid = |r: JetResult<JET_ERRINFOBASIC>| {
            assert_eq!(r.unwrap_err().code(), ErrorCode::InvalidParameter);
        };
        invalid(jet_get_error_info(JET_errOutOfMemory, 0, 0));
        invalid(jet_get_error_info(JET_errOutOfMemory, 2, 0));
        invalid(jet_get_error_info(JET_errOutOfMemory, u32::MAX, 0));
        invalid(jet_get_error_info(
            JET_errOutOfMemory,
            JET_ErrorInfoSpecificErr,
            1,
        ));
        invalid(jet_get_error_info(
            JET_errOutOfMemory,
            JET_ErrorInfoSpecificErr,
            0x8000_0000,
        ));
        // Numbers ESE's table does not list: gaps, and beyond either end.
        for code in [-104, -2, 1, 9999, -12000, i32::MIN, i32::MAX] {
            invalid(jet_get_error_info(code, JET_ErrorInfoSpecificErr, 0));
        }
    }

    /// Constants of `consts::errors` that ESE's table does not list, each of which
    /// `JetGetErrorInfoW` refuses as ESE does. It is empty because every code this crate
    /// defines is in ESE's table. A new constant without a row must be added either to
    /// the table or here.
    const NOT_IN_ESES_TABLE: &[&str] = &[];

    #[test]
    fn every_error_constant_is_in_the_table_or_listed_as_absent() {
        let mut missing = Vec::new();
        for &(name, value, _) in crate::consts::errors::ALL {
            let code = JET_ERR::try_from(value).expect("codes are 32-bit");
            let listed = NOT_IN_ESES_TABLE.contains(&name);
            match (error_category(code), listed) {
                (Some(_), false) | (None, true) => {}
                (None, false) => missing.push(format!("{name} ({code})")),
                (Some(_), true) => panic!("{name} is in the table; remove it from the list"),
            }
        }
        assert!(
            missing.is_empty(),
            "constants without a row in ERROR_CATEGORIES: {missing:?}"
        );
        for name in NOT_IN_ESES_TABLE {
            assert!(
                crate::consts::errors::ALL.iter().any(|(n, _, _)| n == name),
                "{name} is not a constant of consts::errors"
            );
        }
    }

    #[test]
    fn every_code_of_the_engine_is_in_the_table() {
        let errors = ErrorCode::ALL.iter().map(|c| c.value());
        let warnings = ese::Warning::ALL.iter().map(|w| w.value());
        let missing: Vec<JET_ERR> = errors
            .chain(warnings)
            .filter(|&c| error_category(c).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "engine codes without a category: {missing:?}"
        );
    }
}
