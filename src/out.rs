//! Printing to the terminal without panicking when no one reads: `println!` panics
//! when standard output is closed (`gongshi build | head -1`, a cron job whose reader
//! went away), although by the time gongshi prints, its work is done and its exit
//! status must say how that went, not whether the summary was read.

use std::fmt::Arguments;
use std::io::Write;

/// Writes one line to standard output; a closed or full output is ignored.
pub fn line(args: Arguments) {
    let _ = writeln!(std::io::stdout().lock(), "{args}");
}

/// Writes one line to standard error; likewise.
pub fn error_line(args: Arguments) {
    let _ = writeln!(std::io::stderr().lock(), "{args}");
}

/// `println!` that ignores a closed standard output (see [`line`]).
#[macro_export]
macro_rules! say {
    () => {
        $crate::out::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::out::line(format_args!($($arg)*))
    };
}

/// `eprintln!` that ignores a closed standard error (see [`error_line`]).
#[macro_export]
macro_rules! say_err {
    () => {
        $crate::out::error_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::out::error_line(format_args!($($arg)*))
    };
}

/// `n` and the noun in its English number: `1 licence`, `2 licences`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
