"""The checker a teacher would write with openpyxl: the peer of `cargo bench --bench check`.

Reads every cell of every sheet of each file given and says, per file, which of the six
competence headings of the BTS SIO referential (block 1) it found, accents, case and
punctuation ignored. Run: python3 benches/openpyxl_peer.py [--read-only] FILE.xlsx...

Without an option the workbook is opened as openpyxl's documentation and most scripts do,
`load_workbook(path)`; `--read-only` uses openpyxl's fastest mode (streamed, values only),
the strongest peer openpyxl can give.
"""

import re
import sys
import unicodedata

import openpyxl

HEADINGS = [
    "Gérer le patrimoine informatique",
    "Répondre aux incidents et aux demandes d'assistance et d'évolution",
    "Développer la présence en ligne de l'organisation",
    "Travailler en mode projet",
    "Mettre à disposition des utilisateurs un service informatique",
    "Organiser son développement professionnel",
]


def key(text):
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.split(r"[^0-9a-z]+", text)).strip()


WANTED = {key(h): h for h in HEADINGS}


def check(path, read_only):
    found = set()
    if read_only:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    else:
        workbook = openpyxl.load_workbook(path, data_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    k = key(value)
                    if k in WANTED:
                        found.add(WANTED[k])
    workbook.close()
    missing = [h for h in HEADINGS if h not in found]
    return missing


def main():
    paths = sys.argv[1:]
    read_only = "--read-only" in paths
    paths = [p for p in paths if p != "--read-only"]
    for path in paths:
        missing = check(path, read_only)
        print(f"{path}: {'complet' if not missing else 'manque ' + ', '.join(missing)}")


if __name__ == "__main__":
    main()
