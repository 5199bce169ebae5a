#!/usr/bin/python3
"""check_compare.py -- recompute `planner compare`'s figures independently.

usage: check_compare.py COMPARE_JSON COMPARE_TXT HORIZON NAME=DIR:SESSIONS_CSV...

For each scenario NAME, DIR is its territory folder and SESSIONS_CSV its
plan as `planner export --csv` wrote it.  Every figure of COMPARE_JSON is
recomputed from them with check_summary.py's functions (its own code for
coverage, routes and targets), and the text's difference lines are
rebuilt in French and looked for in COMPARE_TXT.  Exit 0 when all match,
1 with the differences.
"""
import csv
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_summary as cs  # noqa: E402

WORDS = ["habitants", "enfants de moins de 3 ans", "enfants de moins de 6 ans",
         "enfants de 3 à 11 ans", "jeunes de 11 à 17 ans",
         "jeunes de 16 à 25 ans", "personnes de 65 ans et plus",
         "personnes de 75 ans et plus", "personnes de 80 ans et plus"]
COLS = ["population"] + cs.AUDIENCES


def fr(v, decimals=0, sign=False):
    digits = "%.*f" % (decimals, abs(v))
    whole, _, frac = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = "\u202f".join(groups) + ("," + frac if frac else "")
    if set(digits) <= set("0."):
        return text
    return ("\u2212" if v < 0 else "+" if sign else "") + text


def scenario(t, sessions, h0, h1):
    f = cs.compute(t, sessions, h0, h1)
    conf = [s for s in sessions if s["status"].lower() == "confirmed"]
    out = {"f": f, "t": t}
    out["hours"] = sum(x["hours_planned"] for x in f["staff"].values())
    out["contract"] = sum(x["hours_contract"] for x in f["staff"].values())
    out["km_cost"] = sum(km * t.vehicles[v]["cost_per_km"]
                         for v, km in f["vehicle_km"].items())
    out["costs"] = cs.costs(t, f, h0, h1)
    out["year_share"] = ((h1 - h0).days + 1) / 365.0
    out["contract_etp"] = sum(cs.contract_hours(t.staff[j], h0, h1) or 0
                              for j in t.staff_order)
    out["met"] = sum(1 for g in f["targets"] if g["met"])
    out["unmet"] = len(f["targets"]) - out["met"]
    out["sec_sessions"] = {}
    for s in conf:
        k = t.sector_of(t.sites[s["site"]]["commune"]["sector"] or "-")
        key = (s["service"], k)
        out["sec_sessions"][key] = out["sec_sessions"].get(key, 0) + 1
    return out


def worst(t, f, sid):
    target = t.services[sid]["target"]
    cand = [c for c in t.communes if f["served"].get((sid, c["index"]), 0) == 0]
    cand.sort(key=lambda c: (-c["pop"][target], c["index"]))
    return [c["insee"] for c in cand[:3]]


def diff_line(na, a, nb, b):
    def plural(n, one, many):
        return many if abs(float("%.0f" % abs(n))) >= 2 else one
    ds = b["f"]["sessions"] - a["f"]["sessions"]
    parts = ["%s séance%s" % (fr(ds, 0, True), "s" if abs(ds) >= 2 else "")]
    ta, tb = a["t"], b["t"]
    for sid in tb.service_order:
        sv = tb.services[sid]
        if sid not in ta.services:
            n = b["f"]["services"][sid]["sessions"]
            parts.append("avec %s (%d séance%s)" % (sv["name"], n, "s" if n >= 2 else ""))
            continue
        d = (b["f"]["services"][sid]["target_population_served"] -
             a["f"]["services"][sid]["target_population_served"])
        if fr(d, 0, True) != "0":
            parts.append("%s %s à %d min ou moins (%s)" % (
                fr(d, 0, True), WORDS[COLS.index(sv["target"])],
                sv["travel_max"], sv["name"]))
    for sid in ta.service_order:
        if sid not in tb.services:
            n = a["f"]["services"][sid]["sessions"]
            parts.append("sans %s (%d séance%s dans %s)" % (
                ta.services[sid]["name"], n, "s" if n >= 2 else "", na))
    d = b["f"]["communes_served"] - a["f"]["communes_served"]
    if d:
        parts.append("%s %s" % (fr(d, 0, True), plural(d, "commune desservie",
                                                       "communes desservies")))
    for sid, s in tb.sites.items():
        if sid not in ta.sites:
            parts.append("avec le site %s%s" % (s["name"], "" if s["yearly_cost"] is None
                         else " (%s € par an)" % fr(s["yearly_cost"])))
    for sid, s in ta.sites.items():
        if sid not in tb.sites:
            parts.append("sans le site %s" % s["name"])
    d = b["hours"] - a["hours"]
    if fr(d, 1, True) not in ("0,0",):
        parts.append("%s h de travail du personnel" % fr(d, 1, True))
    parts.append("%s km" % fr(b["f"]["km_driven"] - a["f"]["km_driven"], 0, True))
    d = b["costs"]["total"] - a["costs"]["total"]
    parts.append("%s € sur la période, soit %s € par an" % (
        fr(d, 0, True), fr(d / b["year_share"], 0, True)))
    d = b["unmet"] - a["unmet"]
    if d:
        parts.append("%s %s" % (fr(d, 0, True), plural(d, "objectif non atteint",
                                                       "objectifs non atteints")))
    return "%s par rapport à %s : %s" % (nb, na, ", ".join(parts))


def check_text_rows(diffs, text, scs):
    """The text's rows of hours, contracts and euros: each scenario's
    value, in order, the French way."""
    rows = [
        ("Heures de travail prévues du personnel", 1, lambda s: s["hours"]),
        ("Heures des contrats (ETP × 1 607 h)", 1, lambda s: s["contract_etp"]),
        ("Temps du personnel (heures × coût horaire)", 0,
         lambda s: s["costs"]["staff"]),
        ("Km des véhicules de service", 0, lambda s: s["costs"]["km"]),
        ("Véhicules (coût annuel au prorata)", 0, lambda s: s["costs"]["vehicles"]),
        ("Sites fixes (coût annuel au prorata)", 0, lambda s: s["costs"]["sites"]),
        ("Total sur la période", 0, lambda s: s["costs"]["total"]),
        ("Total ramené à une année", 0,
         lambda s: s["costs"]["total"] / s["year_share"]),
    ]
    lines = text.split("\n")
    for label, dec, get in rows:
        found = [ln for ln in lines if ln.startswith("  " + label + " ")]
        want = [fr(get(s), dec) for s in scs]
        if not found or found[0][len(label) + 2:].split() != \
                [w for v in want for w in v.split()]:
            diffs.append("text: row %r: expected %r, got %r" % (
                label, want, found[0] if found else None))


def close(diffs, what, want, got):
    if not isinstance(got, (int, float)) or not math.isclose(
            want, got, rel_tol=cs.REL_TOL, abs_tol=1e-6):
        diffs.append("%s: expected %r, got %r" % (what, want, got))


def check_one(diffs, name, sc, got):
    f, t = sc["f"], sc["t"]
    w = "scenarios[%s]" % name
    for key, want in (("sessions", f["sessions"]),
                      ("communes_served", f["communes_served"]),
                      ("communes", len(t.communes)),
                      ("km_driven", f["km_driven"]),
                      ("km_vehicles", sum(f["vehicle_km"].values())),
                      ("vehicle_days", f["vehicle_days"]),
                      ("hours_planned", sc["hours"]),
                      ("hours_contract", sc["contract"]),
                      ("targets_met", sc["met"]), ("targets_unmet", sc["unmet"])):
        close(diffs, w + "." + key, want, got.get(key))
    close(diffs, w + ".cost.km_euros", sc["km_cost"], got["cost"]["km_euros"])
    k = sc["costs"]
    close(diffs, w + ".hours_contract_etp", sc["contract_etp"],
          got["hours_contract_etp"])
    for key, want, priced in (
            ("staff_euros", k["staff"], k["staff_priced"]),
            ("vehicles_fixed_euros", k["vehicles"], k["vehicles_priced"]),
            ("sites_fixed_euros", k["sites"], k["sites_priced"])):
        if priced:
            close(diffs, w + ".cost." + key, want, got["cost"][key])
        elif got["cost"][key] is not None:
            diffs.append(w + ".cost." + key + ": expected null")
    close(diffs, w + ".cost.total_euros", k["total"], got["cost"]["total_euros"])
    close(diffs, w + ".cost.total_euros_per_year", k["total"] / sc["year_share"],
          got["cost"]["total_euros_per_year"])
    emp = [(e["name"], e["hours"], e["euros"]) for e in got["cost"]["employers"]]
    if [e[0] for e in emp] != list(k["employers"]):
        diffs.append(w + ".cost.employers: names differ")
    for name, hours, euros in emp:
        want = k["employers"].get(name, [float("nan")] * 2)
        close(diffs, w + ".cost.employers." + name + ".hours", want[0], hours)
        if k["staff_priced"]:
            close(diffs, w + ".cost.employers." + name + ".euros", want[1], euros)
    if [x["id"] for x in got["services"]] != t.service_order:
        diffs.append(w + ".services: ids differ")
    for g in got["services"]:
        want = f["services"][g["id"]]
        for key in ("sessions", "communes_served", "target_population",
                    "target_population_served", "share_served"):
            close(diffs, "%s.%s.%s" % (w, g["id"], key), want[key], g[key])
        for k in t.sectors:
            close(diffs, "%s.%s.%s.sessions" % (w, g["id"], k),
                  sc["sec_sessions"].get((g["id"], k), 0), g["sectors"][k]["sessions"])
            close(diffs, "%s.%s.%s.share" % (w, g["id"], k),
                  want["sectors"][k], g["sectors"][k]["share_served"])
        if worst(t, f, g["id"]) != g["worst_served"]:
            diffs.append("%s.%s.worst_served: expected %r, got %r" % (
                w, g["id"], worst(t, f, g["id"]), g["worst_served"]))
    unserved = [c["insee"] for c in t.communes
                if f["communes"][c["insee"]]["served_by_services"] == 0]
    if unserved != got["communes_not_served"]:
        diffs.append(w + ".communes_not_served differ")
    for v in got["vehicles"]:
        close(diffs, w + ".vehicles." + v["id"], f["vehicle_km"][v["id"]], v["km"])
    for s in got["staff"]:
        close(diffs, w + ".staff." + s["id"], f["staff"][s["id"]]["hours_planned"],
              s["hours_planned"])


def main():
    if len(sys.argv) < 6:
        sys.stderr.write(__doc__)
        return 2
    jpath, tpath, horizon = sys.argv[1:4]
    h0, h1 = cs.parse_horizon(horizon)
    import json
    got = json.load(open(jpath, encoding="utf-8"))
    text = open(tpath, encoding="utf-8").read()
    names, scs = [], []
    for arg in sys.argv[4:]:
        name, rest = arg.split("=", 1)
        folder, sessions = rest.split(":", 1)
        with open(sessions, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        names.append(name)
        scs.append(scenario(cs.Territory(folder), rows, h0, h1))
    diffs = []
    if [s["name"] for s in got["scenarios"]] != names:
        diffs.append("scenario names differ")
    for name, sc, g in zip(names, scs, got["scenarios"]):
        check_one(diffs, name, sc, g)
    check_text_rows(diffs, text, scs)
    for i in range(1, len(names)):
        line = diff_line(names[0], scs[0], names[i], scs[i])
        if "  " + line + "\n" not in text:
            diffs.append("text: no difference line %r" % line)
        if got["differences"][i - 1]["text"] != line:
            diffs.append("json: difference text %r, expected %r" % (
                got["differences"][i - 1]["text"], line))
    if diffs:
        print("check_compare.py: %d difference(s):" % len(diffs))
        for d in diffs:
            print("  " + d)
        return 1
    print("check_compare.py: %d scenarios: all figures match" % len(names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
