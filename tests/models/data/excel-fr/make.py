#!/usr/bin/python3
"""make.py -- rebuild this folder from examples/quercy-blanc.

What French Excel writes when a coordinator saves the territory with
"Enregistrer sous > CSV (séparateur : point-virgule)": the same data with
French headers, semicolons, decimal commas, CRLF line ends, in
Windows-1252 (iconv does the encoding, as the task asks: no hand-typed
bytes).  Two headers have the typographic apostrophe French Excel's
autocorrect types (’, byte 0x92: Windows-1252, not ISO-8859-1).  tests/models/test_load.c loads the result and compares it, value
by value, with examples/quercy-blanc itself.

usage: tests/models/data/excel-fr/make.py   (from the source root)
"""
import csv, io, os, re, subprocess

SRC = "examples/quercy-blanc"
DST = os.path.dirname(os.path.abspath(__file__))

FRENCH = {
    "settings.csv": {"key": "Paramètre", "value": "Valeur", "comment": "Commentaire"},
    "communes.csv": {"insee": "Code INSEE", "name": "Nom", "population": "Population",
                     "lat": "Latitude", "lon": "Longitude", "sector": "Secteur",
                     "aliases": "Anciens noms"},
    "sites.csv": {"id": "Identifiant", "commune": "Code INSEE", "name": "Nom",
                  "address": "Adresse", "lat": "Latitude", "lon": "Longitude",
                  "kind": "Type", "capacity": "Capacité", "tags": "Étiquettes",
                  "opening": "Horaires d’ouverture"},
    "staff.csv": {"id": "Identifiant", "name": "Nom", "role": "Fonction",
                  "skills": "Compétences", "employer": "Employeur",
                  "base": "Lieu de base", "weekly_hours": "Heures hebdo",
                  "days": "Jours", "licence": "Permis"},
    "services.csv": {"id": "Identifiant", "name": "Nom", "audience": "Public",
                     "target": "Population cible", "duration_minutes": "Durée (minutes)",
                     "setup_minutes": "Installation (minutes)",
                     "teardown_minutes": "Rangement (minutes)", "skills": "Compétences",
                     "staff_count": "Nombre d’agents", "site_tags": "Étiquettes du lieu",
                     "site_kinds": "Types de lieu", "days": "Jours", "hours": "Horaires",
                     "cadences": "Fréquences", "school_holidays": "Vacances scolaires",
                     "public_holidays": "Jours fériés",
                     "travel_max_minutes": "Trajet max (minutes)",
                     "booking": "Réservation", "category": "Catégorie",
                     "communes": "Communes autorisées"},
    "targets.csv": {"service": "Service", "scope": "Portée", "where": "Lieu",
                    "per": "Période", "min_sessions": "Minimum", "label": "Libellé"},
}

for name, headers in FRENCH.items():
    rows = list(csv.reader(open(os.path.join(SRC, name), encoding="utf-8")))
    rows[0] = [headers[h] for h in rows[0]]
    for r in rows[1:]:
        for i, cell in enumerate(r):
            if re.fullmatch(r"-?\d+\.\d+", cell):
                r[i] = cell.replace(".", ",")
    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(rows)
    out = subprocess.run(["iconv", "-f", "UTF-8", "-t", "WINDOWS-1252"],
                         input=text.getvalue().encode("utf-8"),
                         capture_output=True, check=True).stdout
    open(os.path.join(DST, name), "wb").write(out)
