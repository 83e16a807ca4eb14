//! Loading (parse + validate) every built-in questionnaire and profile. Target: < 5 ms.

use criterion::{Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    c.bench_function("load_all_builtins", |b| {
        b.iter(|| {
            let catalog = clausewise::catalog::Catalog::builtin();
            assert!(catalog.diagnostics.is_empty());
            std::hint::black_box(catalog)
        })
    });
}

criterion_group!(benches, load);
criterion_main!(benches);
