//! The wall clock, read by the shells (CLI, TUI) and handed to the pure core as a value.

use jiff::civil::Date;

/// Today's date in UTC: the default "as of" day for overdue checks.
pub fn today_utc() -> Date {
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

/// The UTC date of a moment.
pub fn date_of(t: jiff::Timestamp) -> Date {
    jiff::tz::TimeZone::UTC.to_datetime(t).date()
}
