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
    /// A CSV file in a legacy code page (what Excel's plain "CSV" writes in many locales).
    #[error(
        "{name}: not UTF-8 text (byte 0x{byte:02X} on line {line}; Excel's plain \"CSV\" is written in the computer's code page, e.g. Windows-1252): in Excel choose Save As \"CSV UTF-8 (Comma delimited)\", in LibreOffice pick the character set \"Unicode (UTF-8)\", and import that file"
    )]
    NotUtf8 {
        /// The file.
        name: String,
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
        /// That byte.
        byte: u8,
    },
    /// Formula cells whose result was never saved (a file written by a program that does
    /// not calculate): their answers cannot be read.
    #[error(
        "{cells}: a formula with no saved result; type the answer instead of a formula, or open the file in Excel or LibreOffice and save it so the results are stored"
    )]
    FormulaWithoutValue {
        /// The cells, `Sheet!F12`, comma-separated.
        cells: String,
    },
}

/// Reads CSV bytes (UTF-8, optional byte-order mark); `name` is used as the sheet name.
/// Comma or semicolon separated (the delimiter Excel writes where the decimal separator is
/// a comma), decided by the header row; text that is not UTF-8 is refused with the fix.
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<Table, TableError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        let before = bytes.get(..at).unwrap_or_default();
        return Err(TableError::NotUtf8 {
            name: name.to_string(),
            line: 1 + before.iter().filter(|b| **b == b'\n').count(),
            byte: bytes.get(at).copied().unwrap_or_default(),
        });
    }
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(bytes))
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

/// `;` when the first line has more semicolons than commas outside quotes, else `,`.
fn delimiter(bytes: &[u8]) -> u8 {
    let (mut quoted, mut commas, mut semis) = (false, 0, 0);
    for b in bytes.iter().take_while(|b| **b != b'\n') {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
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
    let formulas = wb.worksheet_formula(&chosen).ok();
    unsaved_formulas(&chosen, &range, formulas.as_ref())?;
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

/// Refuses formula cells that have no saved value (calamine reads them as empty, which
/// would drop the answer silently).
fn unsaved_formulas(
    sheet: &str,
    values: &calamine::Range<Data>,
    formulas: Option<&calamine::Range<String>>,
) -> Result<(), TableError> {
    let Some(formulas) = formulas else {
        return Ok(());
    };
    let cells: Vec<String> = formulas
        .used_cells()
        .filter(|(_, _, f)| !f.is_empty())
        .filter_map(|(r, c, _)| {
            let (top, left) = formulas.start()?;
            let at = (top + u32::try_from(r).ok()?, left + u32::try_from(c).ok()?);
            let empty = values.get_value(at).is_none_or(|v| *v == Data::Empty);
            empty.then(|| format!("{sheet}!{}{}", column_letter(at.1 as usize), at.0 + 1))
        })
        .collect();
    if cells.is_empty() {
        Ok(())
    } else {
        Err(TableError::FormulaWithoutValue {
            cells: cells.join(", "),
        })
    }
}

/// Reads the sheet named exactly `sheet`; `None` when the workbook has no such sheet.
pub fn read_xlsx_sheet(name: &str, bytes: &[u8], sheet: &str) -> Result<Option<Table>, TableError> {
    let err = |e: String| TableError::Xlsx(name.to_string(), e);
    let wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| err(e.to_string()))?;
    if !wb.sheet_names().iter().any(|n| n == sheet) {
        return Ok(None);
    }
    read_xlsx(name, bytes, sheet).map(Some)
}

/// A cell as text; dates become `YYYY-MM-DD` and whole numbers lose their `.0`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => calendar_date(dt),
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A date cell as `YYYY-MM-DD`, in the workbook's date system (1900, or 1904 as older Mac
/// Excel writes: the same serial number is four years and a day later there).
fn calendar_date(dt: &calamine::ExcelDateTime) -> String {
    if serial_date(dt.as_f64()).is_none() {
        return number_text(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    format!("{y:04}-{m:02}-{d:02}")
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

    #[test]
    fn dates_follow_the_workbook_s_date_system() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let d1900 = ExcelDateTime::new(45658.0, ExcelDateTimeType::DateTime, false);
        let d1904 = ExcelDateTime::new(44196.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(calendar_date(&d1900), "2025-01-01");
        assert_eq!(calendar_date(&d1904), "2025-01-01");
    }

    #[test]
    fn semicolons_are_read_and_legacy_code_pages_refused_with_the_fix() {
        let t = read_csv("v.csv", b"id;answer;comment\nq1;\"a;b\";x, y\n").unwrap();
        assert_eq!(t.rows[1], vec!["q1", "a;b", "x, y"]);
        let t = read_csv("v.csv", b"id,answer\nq1,\"a;b;c\"\n").unwrap();
        assert_eq!(t.rows[1], vec!["q1", "a;b;c"]);
        let e = read_csv("v.csv", b"id,answer\nq1,Mod\xe8les\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("v.csv: not UTF-8 text (byte 0xE8 on line 2;"),
            "{e}"
        );
        assert!(e.to_string().contains("CSV UTF-8 (Comma delimited)"), "{e}");
    }
}
