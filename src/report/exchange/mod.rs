//! Vendor questionnaire exchange (export a fill-in file, import answers back).
