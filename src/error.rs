//! Errors. A parse error carries the file, the 1-based line and a kind, so every bad
//! input can be reported as `FILE:LINE: problem` and mapped to exit code 2.

use std::fmt;

/// What went wrong while reading a matrix. Non-exhaustive: readers may add kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The input holds no matrix at all.
    Empty,
    /// A row has a different number of entries than the first one.
    Ragged,
    /// A token is not a number of the accepted forms.
    BadNumber,
    /// A fraction with denominator zero.
    ZeroDenominator,
    /// A body line has the wrong shape (a coordinate line with the wrong number of tokens,
    /// an empty CSV field).
    BadLine,
    /// A header line is missing or malformed.
    BadHeader,
    /// The body holds more or fewer entries than the header says.
    CountMismatch,
    /// A coordinate is zero, negative or past the declared shape.
    IndexOutOfRange,
    /// The same coordinate appears twice.
    DuplicateEntry,
    /// The declared size is beyond what can be held; refused before allocating.
    TooLarge,
    /// The format or one of its options is not supported.
    Unsupported,
    /// Reading the file failed.
    Io,
}

/// A reader error: where (file, line) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The file name as the user gave it (`-` for standard input), if known.
    pub file: Option<String>,
    /// 1-based line number; 0 when the problem is not tied to a line.
    pub line: usize,
    /// The category, for programs.
    pub kind: ParseErrorKind,
    /// The explanation, for people.
    pub message: String,
}

impl ParseError {
    /// A new error at `line` (1-based; 0 for none), without a file name yet.
    ///
    /// ```
    /// use exrank::error::{ParseError, ParseErrorKind};
    /// let e = ParseError::new(3, ParseErrorKind::BadNumber, "`x` is not a number").in_file("a.txt");
    /// assert_eq!(e.to_string(), "a.txt:3: `x` is not a number");
    /// ```
    pub fn new(line: usize, kind: ParseErrorKind, message: impl Into<String>) -> Self {
        ParseError {
            file: None,
            line,
            kind,
            message: message.into(),
        }
    }

    /// The same error, placed at a 1-based `line` (readers use it for errors raised by
    /// helpers that do not know the line, such as the number parser).
    ///
    /// ```
    /// use exrank::error::{ParseError, ParseErrorKind};
    /// let e = ParseError::new(0, ParseErrorKind::BadNumber, "`x` is not a number").at_line(7);
    /// assert_eq!(e.line, 7);
    /// ```
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    /// The same error, naming the file it came from.
    ///
    /// ```
    /// use exrank::error::{ParseError, ParseErrorKind};
    /// let e = ParseError::new(0, ParseErrorKind::Empty, "empty input").in_file("m.mtx");
    /// assert_eq!(e.to_string(), "m.mtx: empty input");
    /// ```
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.as_deref().unwrap_or("<input>");
        if self.line > 0 {
            write!(f, "{}:{}: {}", file, self.line, self.message)
        } else {
            write!(f, "{}: {}", file, self.message)
        }
    }
}

impl std::error::Error for ParseError {}

/// Any error exrank reports; every one maps to exit code 2.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Malformed input file.
    Parse(ParseError),
    /// The request itself is invalid (bad option value, non-prime modulus, ...).
    Invalid(String),
    /// The problem would not fit in memory (or past a cap); refused up front.
    TooLarge(String),
    /// An I/O failure outside parsing (writing an output file, ...).
    Io(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Parse(e) => e.fmt(f),
            Error::Invalid(m) | Error::TooLarge(m) | Error::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl From<ParseError> for Error {
    fn from(e: ParseError) -> Self {
        Error::Parse(e)
    }
}

/// Result with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
