//! Tiny and odd terminal sizes: every screen (with hostile text in it) renders at sizes from
//! 1×1 to 400×120 and through a resize storm without panicking or leaking a raw character.

use clausewise::tui::app::{App, Screen, update};
use clausewise::tui::msg::{Msg, Start};
use crossterm::event::KeyCode;

use super::hostile::{hostile_app, key, keys, render_clean};

/// Widths and heights: every tiny size, then a spread up to 400×120.
const WIDTHS: &[u16] = &[1, 2, 3, 4, 5, 7, 10, 16, 25, 40, 61, 80, 119, 200, 400];
const HEIGHTS: &[u16] = &[1, 2, 3, 4, 5, 7, 10, 16, 24, 37, 60, 120];

/// A screen's name and how to reach it from a fresh app.
type Reach = (&'static str, fn(&mut App));

/// Each screen the app can show.
fn screens() -> Vec<Reach> {
    vec![
        ("wizard", |_| {}),
        ("answer pane", |a| key(a, KeyCode::Tab)),
        ("help", |a| keys(a, "?")),
        ("search", |a| keys(a, "/data")),
        ("editor", |a| keys(a, "1kN")),
        ("home", |a| a.show(Screen::Home(Default::default()))),
        ("resume confirm", |a| {
            keys(a, "1");
            a.show(Screen::Home(Default::default()));
            a.start(&Start::default());
        }),
    ]
}

#[test]
fn every_screen_renders_at_every_size_from_1x1_to_400x120() {
    for (name, reach) in screens() {
        let mut app = hostile_app();
        reach(&mut app);
        for &w in WIDTHS {
            for &h in HEIGHTS {
                let frame = render_clean(&app, w, h);
                assert!(
                    frame.chars().count() >= usize::from(w) * usize::from(h),
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn a_resize_storm_with_keys_in_between_never_panics() {
    let mut app = hostile_app();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for i in 0..300 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let w = 1 + (seed % 400) as u16;
        let h = 1 + ((seed >> 16) % 120) as u16;
        update(&mut app, Msg::Resize);
        if i % 10 == 0 {
            keys(&mut app, ["j", "?", "?", "k", "/", "x"][(i / 10) % 6]);
            key(&mut app, KeyCode::Esc);
        }
        render_clean(&app, w, h);
    }
}
