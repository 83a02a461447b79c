#!/usr/bin/env bash
# Builds the seed corpora of every fuzz target in fuzz/corpus/TARGET/ from samples/ and the
# test generator (tests/gen through `cargo run --example sheetgen`). Corpora are not
# committed (fuzz/.gitignore): run this again on a fresh checkout; run.sh does when a
# corpus is missing.
#
#   fuzz/seed.sh            # every target
#   fuzz/seed.sh workbook   # one target
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
corpus=$root/fuzz/corpus
only=${1:-}

want() { [ -z "$only" ] || [ "$only" = "$1" ]; }

# Generated sheets (official model, transposed, activity columns, lists, with faults).
generated=$root/fuzz/corpus/.generated
if { want workbook || want zip_batch; } && [ ! -d "$generated" ]; then
  mkdir -p "$generated"
  cargo run --quiet --example sheetgen -- "" "$generated" >/dev/null
fi

if want workbook; then
  mkdir -p "$corpus/workbook"
  cp samples/sheets/* samples/rosters/* "$corpus/workbook/"
  # A hundred generated grids are plenty of structure; the fuzzer finds the rest.
  find "$generated" -name '*.xlsx' | sort | head -100 | xargs -r cp -t "$corpus/workbook/"
  # The same grids as ODS and XLS, when LibreOffice is there.
  if command -v soffice >/dev/null 2>&1; then
    profile=$(mktemp -d)
    for to in ods xls; do
      timeout 120 soffice --headless --norestore --nologo --nolockcheck --nodefault \
        --nofirststartwizard "-env:UserInstallation=file://$profile" \
        --convert-to "$to" --outdir "$corpus/workbook" samples/sheets/0[1-5]*.xlsx \
        >/dev/null 2>&1 || true
    done
    rm -rf "$profile"
  fi
fi

if want grid; then
  # EditedSheet: the first byte picks the sample, no edits; the fuzzer adds them.
  mkdir -p "$corpus/grid"
  for i in 0 1 2 3 4 5 6; do printf "\\x0$i" >"$corpus/grid/base-$i"; done
fi

if want roster; then
  # First byte < 128: the rest is a file's bytes; >= 128: edits of a sample sheet.
  mkdir -p "$corpus/roster"
  for f in samples/rosters/*.csv samples/sheets/06-*.csv; do
    { printf '\x00'; cat "$f"; } >"$corpus/roster/$(basename "$f")"
  done
  for i in 0 5 6; do printf "\\x80\\x0$i" >"$corpus/roster/edited-$i"; done
fi

if want referential_md; then
  mkdir -p "$corpus/referential_md"
  cp samples/referentials/*.md "$corpus/referential_md/"
  cargo run --quiet -- referential convert bts-sio-b1 --to markdown \
    >"$corpus/referential_md/bts-sio-b1.md"
fi

if want referential_html; then
  mkdir -p "$corpus/referential_html"
  cp samples/referentials/*.html "$corpus/referential_html/"
fi

if want referential_tsv; then
  mkdir -p "$corpus/referential_tsv"
  cp samples/referentials/*.tsv "$corpus/referential_tsv/"
fi

if want zip_batch; then
  mkdir -p "$corpus/zip_batch"
  python3 - "$corpus/zip_batch" "$generated" <<'PY'
import io, os, sys, zipfile, glob
out, generated = sys.argv[1], sys.argv[2]
sheets = sorted(glob.glob("samples/sheets/*"))
def archive(name, entries):
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        for entry, data in entries:
            z.writestr(entry, data)
read = lambda p: open(p, "rb").read()
# Moodle's « download all submissions », with and without folders.
archive("moodle.zip", [(f"Candidat {i}_{100+i}_assignsubmission_file_/{os.path.basename(p)}", read(p))
                       for i, p in enumerate(sheets)])
archive("flat.zip", [(f"Candidat {i}_{100+i}_assignsubmission_file_{os.path.basename(p)}", read(p))
                     for i, p in enumerate(sheets[:3])])
# A ZIP in the ZIP, an online text, a system file.
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w") as z:
    z.writestr("grille.xlsx", read(sheets[0]))
archive("nested.zip", [("groupe/archive.zip", inner.getvalue()),
                       ("A_1_onlinetext_/onlinetext.html", b"<p>voir pi\xc3\xa8ce jointe</p>"),
                       ("__MACOSX/._grille.xlsx", b"\0\0")])
# A submission that holds no spreadsheet: the batch adds its `missing-submission` row.
archive("moodle-missing.zip", [(f"Candidat {i}_{100+i}_assignsubmission_file_/{os.path.basename(p)}", read(p))
                               for i, p in enumerate(sheets[:2])]
        + [("Candidat 9_109_assignsubmission_file_/rapport.pdf", b"%PDF-1.4")])
gen = sorted(glob.glob(os.path.join(generated, "*.xlsx")))[:5]
archive("generated.zip", [(f"E{i}_{i}_assignsubmission_file_/g.xlsx", read(p)) for i, p in enumerate(gen)])
PY
fi
echo "seed corpora in $corpus:"
for d in "$corpus"/*/; do printf '  %-18s %s files\n' "$(basename "$d")" "$(ls "$d" | wc -l)"; done
