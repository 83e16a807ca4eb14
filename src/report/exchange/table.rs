//! A filled-in file as a plain grid of text cells, read from CSV or XLSX bytes (no I/O: the
//! caller passes the bytes). Rows and columns keep their positions in the file so errors
//! can name them.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::report::rows::number_text;

/// One sheet of cells; row 0 is the header row (row 1 in a spreadsheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Sheet name (the file name for CSV).
    pub sheet: String,
    /// Cells by row, then column.
    pub rows: Vec<Vec<String>>,
}

/// Why a file could not be read as a table.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// Not valid CSV.
    #[error("{0}: not a readable CSV file: {1}")]
    Csv(String, String),
    /// Not a readable XLSX workbook.
    #[error("{0}: not a readable XLSX workbook: {1}")]
    Xlsx(String, String),
}

/// Reads CSV bytes (UTF-8, optional byte-order mark); `name` is used as the sheet name.
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<Table, TableError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let rows = r
        .records()
        .map(|rec| rec.map(|rec| rec.iter().map(str::to_string).collect()))
        .collect::<Result<Vec<Vec<String>>, _>>()
        .map_err(|e| TableError::Csv(name.to_string(), e.to_string()))?;
    Ok(Table {
        sheet: name.to_string(),
        rows,
    })
}

/// Reads the questions sheet of an XLSX workbook (the sheet named `sheet`, else the first).
pub fn read_xlsx(name: &str, bytes: &[u8], sheet: &str) -> Result<Table, TableError> {
    let err = |e: String| TableError::Xlsx(name.to_string(), e);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| err(e.to_string()))?;
    let names = wb.sheet_names();
    let chosen = names
        .iter()
        .find(|n| n.as_str() == sheet)
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| err("the workbook has no sheet".into()))?;
    let range = wb
        .worksheet_range(&chosen)
        .map_err(|e| err(e.to_string()))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let pad = |n: u32| usize::try_from(n).unwrap_or(0);
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); pad(top)];
    for r in range.rows() {
        let mut row = vec![String::new(); pad(left)];
        row.extend(r.iter().map(cell_text));
        rows.push(row);
    }
    Ok(Table {
        sheet: chosen,
        rows,
    })
}

/// A cell as text; dates become `YYYY-MM-DD` and whole numbers lose their `.0`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => serial_date(dt.as_f64()).unwrap_or_else(|| number_text(dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial day number (1900 system) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = jiff::civil::date(1899, 12, 30);
    let days = jiff::Span::new().try_days(serial.floor() as i64).ok()?;
    epoch.checked_add(days).ok().map(|d| d.to_string())
}

/// Spreadsheet column letters for a 0-based index: 0 → `A`, 26 → `AA`.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(char::from(b'A' + (i % 26) as u8));
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_and_serial_dates() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(serial_date(45658.0).as_deref(), Some("2025-01-01"));
        assert_eq!(serial_date(-1.0), None);
    }
}
