//! Time to check one synthesis sheet, reading included: `cargo bench --bench check`.
//!
//! 240 generated sheets (the four layouts, random noise, one fault in a third of them) are
//! written once to a temporary folder; each iteration runs `grille::check::check_file` over all
//! of them, and criterion reports the throughput in sheets per second (time per sheet = its
//! inverse). A second benchmark times one typical sheet (the official model, filled in).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use grille::Lang;
use grille::check::{CheckOptions, check_file};
use grille::template::Template;

#[path = "../tests/gen/mod.rs"]
mod sheetgen;

use sheetgen::{Fault, Layout, Noise, Rng, Spec};

const SHEETS: u64 = 240;

fn specs() -> Vec<Spec> {
    let faults = Fault::catalogue();
    (0..SHEETS)
        .map(|seed| {
            let layout = Layout::ALL[(seed % 4) as usize];
            let mut rng = Rng::new(seed);
            let mut spec = Spec::clean(seed, layout).with_noise(Noise::random(&mut rng));
            if seed % 3 == 0 {
                let fault = faults[rng.below(faults.len())].clone();
                if fault.applies_to(layout) {
                    spec = spec.with_fault(fault);
                }
            }
            spec
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let paths: Vec<PathBuf> = specs()
        .iter()
        .map(|s| sheetgen::generate(s).write_xlsx(dir.path()))
        .collect();
    let typical =
        sheetgen::generate(&Spec::clean(7, Layout::CompetenceColumns)).write_xlsx(dir.path());
    let referential =
        grille::referential::embedded::get("bts-sio-b1").expect("embedded referential");
    let template = Template::default_for("bts-sio-b1").expect("official template");
    let options = CheckOptions {
        referential: &referential,
        template: &template,
        lang: Lang::Fr,
    };

    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    group.throughput(Throughput::Elements(SHEETS));
    group.bench_function("240 mixed sheets", |b| {
        b.iter(|| {
            for path in &paths {
                // Unreadable or gridless sheets are results too; the time is what matters.
                let _ = black_box(check_file(black_box(path), options));
            }
        })
    });
    group.throughput(Throughput::Elements(1));
    group.sample_size(50);
    group.bench_function("one typical sheet", |b| {
        b.iter(|| black_box(check_file(black_box(&typical), options)).is_ok())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
