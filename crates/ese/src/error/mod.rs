//! The engine's one error type.
//!
//! [`Error`] carries a [`ErrorCode`] (whose discriminant is the `JET_err` value)
//! plus optional context: the file, the page, a detail text and an I/O source.
//! Warnings ([`Warning`], positive `JET_wrn` values) are returned as values, never
//! as errors. I/O errors become codes only through [`Error::io`], the one place
//! where they are classified.

use std::fmt;
use std::io;
use std::path::PathBuf;

include!(concat!(env!("OUT_DIR"), "/jet_codes.rs"));

/// The result type of every fallible engine call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An engine error: a `JET_err` code plus context.
pub struct Error {
    code: ErrorCode,
    ctx: Option<Box<Context>>,
}

#[derive(Default)]
struct Context {
    detail: Option<String>,
    file: Option<PathBuf>,
    page: Option<u32>,
    source: Option<io::Error>,
}

impl Error {
    /// An error with no context.
    pub fn new(code: ErrorCode) -> Self {
        Error { code, ctx: None }
    }

    /// An error with a detail text.
    pub fn with(code: ErrorCode, detail: impl Into<String>) -> Self {
        Error::new(code).detail(detail)
    }

    /// Classifies an I/O error: disk full, not found, access denied, short read;
    /// anything else is `JET_errDiskIO`.
    pub fn io(err: io::Error) -> Self {
        let code = match err.kind() {
            io::ErrorKind::StorageFull => ErrorCode::DiskFull,
            io::ErrorKind::NotFound => ErrorCode::FileNotFound,
            io::ErrorKind::PermissionDenied => ErrorCode::FileAccessDenied,
            io::ErrorKind::UnexpectedEof => ErrorCode::FileIOBeyondEOF,
            io::ErrorKind::IsADirectory => ErrorCode::FileAccessDenied,
            _ => ErrorCode::DiskIO,
        };
        let mut e = Error::new(code);
        e.ctx_mut().source = Some(err);
        e
    }

    fn ctx_mut(&mut self) -> &mut Context {
        self.ctx.get_or_insert_with(Default::default)
    }

    /// Adds (or replaces) the detail text.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.ctx_mut().detail = Some(detail.into());
        self
    }

    /// Names the file the error concerns.
    pub fn file(mut self, path: impl Into<PathBuf>) -> Self {
        self.ctx_mut().file = Some(path.into());
        self
    }

    /// Names the page the error concerns.
    pub fn page(mut self, pgno: u32) -> Self {
        self.ctx_mut().page = Some(pgno);
        self
    }

    /// The `JET_err` code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The page the error concerns, if known.
    pub fn page_number(&self) -> Option<u32> {
        self.ctx.as_ref().and_then(|c| c.page)
    }

    /// The detail text, if any.
    pub fn detail_text(&self) -> Option<&str> {
        self.ctx.as_ref().and_then(|c| c.detail.as_deref())
    }
}

impl From<ErrorCode> for Error {
    fn from(code: ErrorCode) -> Self {
        Error::new(code)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code.symbol(), self.code.value())?;
        if let Some(ctx) = &self.ctx {
            if let Some(d) = &ctx.detail {
                write!(f, ": {d}")?;
            } else {
                write!(f, ": {}", self.code.message())?;
            }
            if let Some(p) = ctx.page {
                write!(f, " [page {p}]")?;
            }
            if let Some(file) = &ctx.file {
                write!(f, " [{}]", file.display())?;
            }
            if let Some(s) = &ctx.source {
                write!(f, " ({s})")?;
            }
        } else {
            write!(f, ": {}", self.code.message())?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.ctx
            .as_ref()
            .and_then(|c| c.source.as_ref())
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.symbol(), self.value())
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.symbol(), self.value())
    }
}

/// Returns early with an error built from a code and a formatted detail.
#[macro_export]
macro_rules! bail {
    ($code:ident) => {
        return Err($crate::Error::new($crate::ErrorCode::$code))
    };
    ($code:ident, $($fmt:tt)+) => {
        return Err($crate::Error::with($crate::ErrorCode::$code, format!($($fmt)+)))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_esent_values() {
        assert_eq!(ErrorCode::ReadVerifyFailure as i32, -1018);
        assert_eq!(ErrorCode::DatabaseCorrupted as i32, -1206);
        assert_eq!(ErrorCode::BackupAbortByServer as i32, -801);
        assert_eq!(ErrorCode::RunningInMultiInstanceMode as i32, -1081);
        assert_eq!(Warning::ColumnNull as i32, 1004);
        assert_eq!(
            ErrorCode::from_i32(-1018),
            Some(ErrorCode::ReadVerifyFailure)
        );
        assert_eq!(
            ErrorCode::ReadVerifyFailure.symbol(),
            "JET_errReadVerifyFailure"
        );
    }

    #[test]
    fn every_error_is_negative_and_every_warning_positive() {
        assert!(ErrorCode::ALL.iter().all(|c| c.value() < 0));
        assert!(Warning::ALL.iter().all(|w| w.value() > 0));
        for c in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_i32(c.value()), Some(*c));
        }
    }

    #[test]
    fn io_errors_are_classified() {
        let e = Error::io(io::Error::from(io::ErrorKind::NotFound));
        assert_eq!(e.code(), ErrorCode::FileNotFound);
        let e = Error::io(io::Error::from(io::ErrorKind::StorageFull));
        assert_eq!(e.code(), ErrorCode::DiskFull);
        assert!(format!("{e}").contains("JET_errDiskFull"));
    }
}
