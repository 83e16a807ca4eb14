#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| clausewise_fuzz::sanitize_text(data));
