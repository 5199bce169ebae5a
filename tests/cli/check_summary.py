#!/usr/bin/python3
"""check_summary.py -- recompute a plan's summary independently and compare.

usage: /usr/bin/python3 check_summary.py TERRITORY_DIR OUT_DIR HORIZON

TERRITORY_DIR is the folder of CSV files `planner plan` read, OUT_DIR the
folder it wrote (sessions.csv, summary.json, summary.txt), HORIZON the
`--quarter` / `--horizon` it was given (2027-Q1 or 2027-01-04..2027-03-31).

Every figure of OUT_DIR/summary.json is recomputed here from sessions.csv
and the territory files alone, with this file's own code (standard library
only), following the definitions of docs/input-format.md (settings
defaults, estimated audiences, derived travel), docs/rules.md (day
routes, target counting) and the header of report/summary_figures.c:

  - travel between two points: a travel.csv pair of their communes when
    the communes differ, else detour_factor x great-circle km, minutes =
    fixed_minutes + 60 km / speed_kmh (0 at the same point);
  - a commune is served by a service when a confirmed session of it is at
    a site in the commune or within travel_max_minutes of its centre;
  - target population: the audience column, or population x share, times
    the demand.csv weight;
  - staff hours = on-site minutes + day route base -> sessions in start
    order -> base; km = vehicle routes + staff routes through the sessions
    without a vehicle; a vehicle day is a day a vehicle has a session;
  - targets per docs/rules.md (months at least half inside the horizon;
    yearly minimums prorated, ceil(min x days / 365)).

summary.txt (French, decimal commas) is checked too: the solver status and
gap, the per-sector and per-commune session counts, and one line per
target.

Floats are compared with a relative tolerance of 1e-6.  Exit status 0 when
everything matches, 1 with a list of the differences, 2 on bad usage or
unreadable input.
"""
import csv
import datetime
import io
import json
import math
import os
import sys

REL_TOL = 1e-6
EARTH_KM = 6371.0088   # mean Earth radius (IUGG), as docs' great-circle km

AUDIENCES = ["pop_0_3", "pop_0_6", "pop_3_11", "pop_11_17", "pop_16_25",
             "pop_65_plus", "pop_75_plus", "pop_80_plus"]
DEFAULT_SHARES = {"pop_0_3": 0.030, "pop_0_6": 0.062, "pop_3_11": 0.095,
                  "pop_11_17": 0.085, "pop_16_25": 0.110,
                  "pop_65_plus": 0.215, "pop_75_plus": 0.098,
                  "pop_80_plus": 0.061}


class Bad(Exception):
    pass


# ---- reading spreadsheet CSV --------------------------------------------

def read_table(path, required=True):
    """Rows of a territory CSV as dicts keyed by lower-case header.

    Accepts what docs/input-format.md promises: UTF-8 with or without BOM,
    ',' ';' or tab separators (sniffed from the header line), quoted fields,
    CRLF, blank rows and rows of empty cells."""
    if not os.path.exists(path):
        if required:
            raise Bad("%s: missing" % path)
        return []
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8-sig")
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    delim = max(counts, key=lambda d: counts[d])
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    head = None
    for rec in reader:
        if not any(cell.strip() for cell in rec):
            continue
        if head is None:
            head = [h.strip().lower() for h in rec]
            continue
        rows.append({h: (rec[i].strip() if i < len(rec) else "")
                     for i, h in enumerate(head)})
    return rows


def number(text, what):
    """A spreadsheet number: decimal comma, spaces (also no-break) as
    thousands separators."""
    t = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in t and "." not in t:
        t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        raise Bad("%s: %r is not a number" % (what, text))


# ---- the territory ------------------------------------------------------

def optional(row, key):
    """A number cell that may be empty (None)."""
    v = row.get(key, "")
    return number(v, key) if v != "" else None


class Territory:
    def __init__(self, folder):
        p = lambda name: os.path.join(folder, name)
        self.settings = {"detour_factor": 1.35, "speed_kmh": 50.0,
                         "fixed_minutes": 3.0, "name": os.path.basename(
                             os.path.normpath(folder))}
        self.shares = dict(DEFAULT_SHARES)
        for r in read_table(p("settings.csv"), required=False):
            key, value = r.get("key", "").lower(), r.get("value", "")
            if key in ("detour_factor", "speed_kmh", "fixed_minutes"):
                self.settings[key] = number(value, "settings.csv " + key)
            elif key.startswith("share_") and key[6:] in self.shares:
                self.shares[key[6:]] = number(value, "settings.csv " + key)
            elif key == "name" and value:
                self.settings["name"] = value
            elif key in ("hourly_cost", "cout_horaire"):
                self.settings["hourly_cost"] = number(value, "hourly_cost")

        self.communes = []          # in file order
        self.by_key = {}
        for r in read_table(p("communes.csv")):
            c = {"insee": r["insee"], "name": r["name"],
                 "population": number(r["population"], "population"),
                 "lat": number(r["lat"], "lat"), "lon": number(r["lon"], "lon"),
                 "sector": r.get("sector", "")}
            c["pop"] = {"population": c["population"]}
            for a in AUDIENCES:
                v = r.get(a, "")
                c["pop"][a] = (number(v, a) if v != "" else
                               c["population"] * self.shares[a])
            c["index"] = len(self.communes)
            self.communes.append(c)
        # Lookups: INSEE code, then name, then aliases (as the loader does).
        for c in self.communes:
            self.by_key.setdefault(c["insee"], c)
        for c in self.communes:
            self.by_key.setdefault(c["name"], c)
        for r in read_table(p("communes.csv")):
            c = self.by_key[r["insee"]]
            for alias in filter(None, r.get("aliases", "").split("|")):
                self.by_key.setdefault(alias, c)

        # Sectors: first spelling seen, matched case-insensitively.
        self.sectors = []
        for c in self.communes:
            if c["sector"] and self.sector_of(c["sector"]) is None:
                self.sectors.append(c["sector"])

        self.sites = {}
        for r in read_table(p("sites.csv")):
            c = self.commune(r["commune"], "sites.csv")
            has = r.get("lat", "") != "" and r.get("lon", "") != ""
            self.sites[r["id"]] = {
                "commune": c,
                "lat": number(r["lat"], "lat") if has else c["lat"],
                "lon": number(r["lon"], "lon") if has else c["lon"],
                "yearly_cost": optional(r, "yearly_cost"),
                "name": r["name"]}

        self.staff = {}
        self.staff_order = []
        for r in read_table(p("staff.csv")):
            if r.get("weekly_hours", ""):
                weekly = number(r["weekly_hours"], "weekly_hours") * 60
            else:
                etp = r["etp"]
                pct = "%" in etp
                v = number(etp.replace("%", ""), "etp")
                weekly = (v / 100 if pct else v) * 35 * 60
            ce = r.get("contract_etp", "")
            ce = (number(ce.replace("%", ""), "contract_etp") /
                  (100 if "%" in ce else 1)) if ce else None
            self.staff[r["id"]] = {"base": self.place(r["base"]),
                                   "weekly_minutes": weekly,
                                   "name": r["name"],
                                   "employer": r.get("employer", ""),
                                   "contract_etp": ce,
                                   "hourly_cost": optional(r, "hourly_cost")}
            self.staff_order.append(r["id"])

        self.vehicles = {}
        for r in read_table(p("vehicles.csv"), required=False):
            self.vehicles[r["id"]] = {
                "base": self.place(r["base"]),
                "cost_per_km": number(r.get("cost_per_km", "") or "0.30",
                                      "cost_per_km"),
                "yearly_cost": optional(r, "yearly_cost")}

        self.services = {}
        self.service_order = []
        for r in read_table(p("services.csv")):
            onsite = sum(int(number(r.get(k, "") or "0", k)) for k in
                         ("duration_minutes", "setup_minutes",
                          "teardown_minutes"))
            self.services[r["id"]] = {
                "name": r["name"],
                "target": (r.get("target", "") or "population").lower(),
                "onsite": onsite,
                "travel_max": int(number(r.get("travel_max_minutes", "")
                                         or "20", "travel_max_minutes"))}
            self.service_order.append(r["id"])

        self.targets = []
        for r in read_table(p("targets.csv"), required=False):
            scope = (r.get("scope", "") or "territory").lower()
            scope = {"secteur": "sector"}.get(scope, scope)
            per = (r.get("per", "") or "quarter").lower()
            where = r.get("where", "")
            g = {"service": r["service"], "scope": scope, "where": where,
                 "per": per, "min": int(number(r["min_sessions"],
                                               "min_sessions")),
                 "label": r.get("label", "")}
            if scope == "commune":
                g["commune"] = self.commune(where, "targets.csv")
            self.targets.append(g)

        self.travel = {}
        for r in read_table(p("travel.csv"), required=False):
            a = self.commune(r["from"], "travel.csv")["index"]
            b = self.commune(r["to"], "travel.csv")["index"]
            fig = (number(r["km"], "km"), number(r["minutes"], "minutes"))
            self.travel.setdefault((a, b), fig)
            self.travel.setdefault((b, a), fig)

        self.demand = {}
        for r in read_table(p("demand.csv"), required=False):
            c = self.commune(r["commune"], "demand.csv")
            self.demand.setdefault((r["service"], c["index"]),
                                   number(r["weight"], "weight"))

    def commune(self, key, where):
        if key not in self.by_key:
            raise Bad("%s: unknown commune %r" % (where, key))
        return self.by_key[key]

    def sector_of(self, name):
        for s in self.sectors:
            if s.lower() == name.lower():
                return s
        return None

    def place(self, ref):
        """A base: a site id, else a commune (its centre)."""
        if ref in self.sites:
            s = self.sites[ref]
            return (s["commune"]["index"], s["lat"], s["lon"])
        c = self.commune(ref, "base")
        return (c["index"], c["lat"], c["lon"])

    def trip(self, a, b):
        """(km, minutes) between places (commune index, lat, lon)."""
        if a[0] != b[0] and (a[0], b[0]) in self.travel:
            return self.travel[(a[0], b[0])]
        r = math.radians
        dlat, dlon = r(b[1] - a[1]), r(b[2] - a[2])
        h = (math.sin(dlat / 2) ** 2 +
             math.cos(r(a[1])) * math.cos(r(b[1])) * math.sin(dlon / 2) ** 2)
        km = 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))
        km *= self.settings["detour_factor"]
        if km < 1e-9:
            return (km, 0.0)
        return (km, self.settings["fixed_minutes"] +
                60.0 * km / self.settings["speed_kmh"])

    def site_place(self, site_id):
        s = self.sites[site_id]
        return (s["commune"]["index"], s["lat"], s["lon"])


# ---- horizon and dates ----------------------------------------------------

def parse_horizon(text):
    if ".." in text:
        a, b = text.split("..")
        return (datetime.date.fromisoformat(a), datetime.date.fromisoformat(b))
    year, q = text.upper().split("-Q")
    year, q = int(year), int(q)
    first = datetime.date(year, 3 * q - 2, 1)
    nxt = (datetime.date(year + 1, 1, 1) if q == 4
           else datetime.date(year, 3 * q + 1, 1))
    return first, nxt - datetime.timedelta(days=1)


def minutes_of(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


# ---- the figures ------------------------------------------------------------

def compute(t, sessions, h0, h1):
    conf = [s for s in sessions if s["status"].lower() == "confirmed"]
    # The order routes follow: day, then start.
    conf.sort(key=lambda s: (s["date"], minutes_of(s["start"])))
    f = {"sessions": len(conf)}

    served = {}   # (service, commune index) -> sessions within reach
    for s in conf:
        sv = t.services[s["service"]]
        site = t.site_place(s["site"])
        for c in t.communes:
            km, mins = t.trip((c["index"], c["lat"], c["lon"]), site)
            if (site[0] == c["index"] or
                    mins <= sv["travel_max"] + 1e-9):
                key = (s["service"], c["index"])
                served[key] = served.get(key, 0) + 1

    services = {}
    for sid in t.service_order:
        sv = t.services[sid]
        pop = reach = 0.0
        n_served = 0
        sec_pop, sec_reach = {}, {}
        for c in t.communes:
            w = c["pop"][sv["target"]] * t.demand.get((sid, c["index"]), 1.0)
            k = t.sector_of(c["sector"]) if c["sector"] else None
            pop += w
            if k is not None:
                sec_pop[k] = sec_pop.get(k, 0.0) + w
                sec_reach.setdefault(k, 0.0)
            if served.get((sid, c["index"]), 0) > 0:
                reach += w
                n_served += 1
                if k is not None:
                    sec_reach[k] += w
        share = lambda a, b: a / b if b > 0 else 0
        services[sid] = {
            "sessions": sum(1 for s in conf if s["service"] == sid),
            "communes_served": n_served,
            "target_population": pop,
            "target_population_served": reach,
            "share_served": share(reach, pop),
            "sectors": {k: share(sec_reach.get(k, 0.0), sec_pop.get(k, 0.0))
                        for k in t.sectors}}
    f["services"] = services
    f["served"] = served

    communes = {}
    for c in t.communes:
        communes[c["insee"]] = {
            "sessions": sum(1 for s in conf
                            if t.sites[s["site"]]["commune"] is c),
            "served_by_services": sum(
                1 for sid in t.service_order
                if served.get((sid, c["index"]), 0) > 0)}
    f["communes"] = communes
    f["communes_served"] = sum(1 for c in communes.values()
                               if c["served_by_services"] > 0)
    f["sector_sessions"] = {
        k: sum(1 for s in conf
               if t.sector_of(t.sites[s["site"]]["commune"]["sector"] or "-")
               == k) for k in t.sectors}

    # Day routes.
    def route(base, day_sessions):
        km = drive = onsite = 0.0
        here = base
        for s in day_sessions:
            there = t.site_place(s["site"])
            dk, dm = t.trip(here, there)
            km += dk
            drive += dm
            onsite += t.services[s["service"]]["onsite"]
            here = there
        if day_sessions:
            dk, dm = t.trip(here, base)
            km += dk
            drive += dm
        return km, drive, onsite

    days = sorted({s["date"] for s in conf})
    weeks = ((h1 - h0).days + 1) / 7.0
    staff = {}
    km_total = 0.0
    for sid in t.staff_order:
        st = t.staff[sid]
        total = drive_total = 0.0
        for d in days:
            mine = [s for s in conf if s["date"] == d and
                    sid in [x.strip() for x in s["staff"].split("+")]]
            _, drive, onsite = route(st["base"], mine)
            total += onsite + drive
            drive_total += drive
            alone = [s for s in mine if not s["vehicle"]]
            km_total += route(st["base"], alone)[0]
        staff[sid] = {"hours_planned": total / 60,
                      "hours_driving": drive_total / 60,
                      "hours_contract": st["weekly_minutes"] * weeks / 60}
    f["staff"] = staff
    vdays = 0
    f["vehicle_km"] = {}
    for vid, v in t.vehicles.items():
        f["vehicle_km"][vid] = 0.0
        for d in days:
            mine = [s for s in conf if s["date"] == d and s["vehicle"] == vid]
            if mine:
                vdays += 1
                km = route(v["base"], mine)[0]
                km_total += km
                f["vehicle_km"][vid] += km
    f["km_driven"] = km_total
    f["vehicle_days"] = vdays

    # Targets (docs/rules.md).
    targets = []
    for g in t.targets:
        periods = []
        if g["per"] == "month":
            y, m = h0.year, h0.month
            while True:
                first = datetime.date(y, m, 1)
                if first > h1:
                    break
                y2, m2 = (y + 1, 1) if m == 12 else (y, m + 1)
                last = datetime.date(y2, m2, 1) - datetime.timedelta(days=1)
                a, b = max(first, h0), min(last, h1)
                if 2 * ((b - a).days + 1) >= (last - first).days + 1:
                    periods.append([a, b, g["min"]])
                y, m = y2, m2
        elif g["per"] == "year":
            n = (h1 - h0).days + 1
            periods.append([h0, h1, math.ceil(g["min"] * n / 365.0 - 1e-9)])
        else:
            periods.append([h0, h1, g["min"]])
        out = []
        for a, b, req in periods:
            n = 0
            for s in conf:
                if s["service"] != g["service"]:
                    continue
                d = datetime.date.fromisoformat(s["date"])
                if d < a or d > b:
                    continue
                c = t.sites[s["site"]]["commune"]
                if g["scope"] == "sector" and \
                        c["sector"].lower() != g["where"].lower():
                    continue
                if g["scope"] == "commune" and c is not g["commune"]:
                    continue
                n += 1
            out.append({"start": a.isoformat(), "end": b.isoformat(),
                        "planned": n, "required": req})
        targets.append({
            "service": g["service"], "scope": g["scope"],
            "where": (g["commune"]["insee"] if g["scope"] == "commune"
                      else g["where"]),
            "per": g["per"], "min_sessions": g["min"], "periods": out,
            "met": all(p["planned"] >= p["required"] for p in out),
            "label": g["label"]})
    f["targets"] = targets
    return f


# ---- comparison -------------------------------------------------------------

def compare(path, want, got, diffs):
    """want: recomputed; got: from summary.json."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            diffs.append("%s: expected an object, got %r" % (path, got))
            return
        for k in want:
            if k not in got:
                diffs.append("%s.%s: missing (expected %r)" % (path, k, want[k]))
            else:
                compare("%s.%s" % (path, k), want[k], got[k], diffs)
        for k in got:
            if k not in want and path.endswith(".sectors"):
                diffs.append("%s.%s: unexpected sector" % (path, k))
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            diffs.append("%s: expected %d items, got %r" % (path, len(want), got))
            return
        for i, (w, g) in enumerate(zip(want, got)):
            compare("%s[%d]" % (path, i), w, g, diffs)
    elif isinstance(want, bool) or isinstance(want, str):
        if want != got:
            diffs.append("%s: expected %r, got %r" % (path, want, got))
    elif isinstance(want, int) and not isinstance(want, bool):
        if got != want:
            diffs.append("%s: expected %d, got %r" % (path, want, got))
    else:
        if not isinstance(got, (int, float)) or isinstance(got, bool) or \
                not math.isclose(want, got, rel_tol=REL_TOL, abs_tol=1e-9):
            diffs.append("%s: expected %.10g, got %r" % (path, want, got))


def fr(v, decimals):
    """A number the way summary.txt writes it: thousands grouped by a
    narrow no-break space, decimal comma, minus sign U+2212."""
    text = "%.*f" % (decimals, abs(v))
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = "\u202f".join(groups) + ("," + frac if frac else "")
    zero = not any(ch in "123456789" for ch in text)
    return ("\u2212" if v < 0 and not zero else "") + out


def plural(n):
    return "s" if abs(n) > 1 else ""


def costs(t, f, h0, h1):
    """The euros of docs/output-formats.md, "Costs", recomputed."""
    share = ((h1 - h0).days + 1) / 365.0
    c = {"staff": 0.0, "staff_priced": False, "employers": {}}
    for sid in t.staff_order:
        st = t.staff[sid]
        rate = st["hourly_cost"]
        if rate is None:
            rate = t.settings.get("hourly_cost")
        e = c["employers"].setdefault(st["employer"], [0.0, 0.0])
        h = f["staff"][sid]["hours_planned"]
        e[0] += h
        if rate is not None:
            c["staff_priced"] = True
            c["staff"] += h * rate
            e[1] += h * rate
    c["km"] = sum(f["vehicle_km"][v] * t.vehicles[v]["cost_per_km"]
                  for v in t.vehicles)
    vy = [v["yearly_cost"] for v in t.vehicles.values()
          if v["yearly_cost"] is not None]
    sy = [s["yearly_cost"] for s in t.sites.values()
          if s["yearly_cost"] is not None]
    c["vehicles_year"], c["sites_year"] = sum(vy), sum(sy)
    c["vehicles_priced"], c["sites_priced"] = bool(vy), bool(sy)
    c["vehicles"] = c["vehicles_year"] * share
    c["sites"] = c["sites_year"] * share
    c["total"] = c["staff"] + c["km"] + c["vehicles"] + c["sites"]
    return c


def contract_hours(st, h0, h1):
    """contract_etp x 1 607 h a year, prorated to the horizon's days."""
    if not st["contract_etp"]:
        return None
    return st["contract_etp"] * 1607.0 * ((h1 - h0).days + 1) / 365.0


def check_text(text, t, f, solver, h0, h1, diffs):
    def need(line, why):
        if line not in text:
            diffs.append("summary.txt: %s: no %r" % (why, line))

    words = {"optimal": "optimal", "feasible": "réalisable"}
    need("Solveur : %s" % words.get(solver["status"], solver["status"]),
         "solver status")
    if solver.get("gap") is not None:
        need("écart %s %%" % fr(100 * solver["gap"], 2), "gap")
    need("Séances : %d\n" % f["sessions"], "session count")
    if t.sectors:
        need("Séances par secteur : " + ", ".join(
            "%s %d séance%s" % (k, f["sector_sessions"][k],
                                plural(f["sector_sessions"][k]))
            for k in t.sectors) + "\n", "sessions per sector")
    per_commune = ["%s %d séance%s" % (c["name"], n, plural(n))
                   for c in t.communes
                   for n in [f["communes"][c["insee"]]["sessions"]] if n]
    need("Séances par commune : " + (", ".join(per_commune) or "aucune") + "\n",
         "sessions per commune")
    without = ["%s (%s habitants)" % (c["name"], fr(c["population"], 0))
               for c in t.communes
               if not f["communes"][c["insee"]]["sessions"]]
    if without:
        need("Communes sans séance : " + ", ".join(without) + "\n",
             "communes without a session")
    elif "Communes sans séance" in text:
        diffs.append("summary.txt: communes without a session listed, "
                     "but every commune has one")
    need("Communes desservies par au moins un service : %d sur %d\n"
         % (f["communes_served"], len(t.communes)), "communes served")
    need("Kilomètres parcourus : %s km ; journées d'utilisation des "
         "véhicules : %d\n" % (fr(f["km_driven"], 0), f["vehicle_days"]),
         "km and vehicle days")
    check_text_staff(text, t, f, h0, h1, need)
    periods = {"month": "mois", "quarter": "trimestre", "year": "an"}
    for g, fg in zip(t.targets, f["targets"]):
        scope = ("territoire" if g["scope"] == "territory" else
                 "secteur " + g["where"] if g["scope"] == "sector" else
                 g["commune"]["name"])
        planned = sum(p["planned"] for p in fg["periods"])
        line = "  %s, %s : %d séance%s prévue%s, objectif d'au moins %d par %s" % (
            t.services[g["service"]]["name"], scope, planned,
            plural(planned), plural(planned), g["min"], periods[g["per"]])
        if g["per"] == "month":
            line += " (%d mois)" % len(fg["periods"])
        if g["per"] == "year":
            line += " (%d sur cette période)" % fg["periods"][0]["required"]
        line += " : %s" % ("atteint" if fg["met"] else "NON ATTEINT")
        if g["label"]:
            line += " -- " + g["label"]
        need(line + "\n", "target line")


def etp_words(v):
    text = fr(v, 2).rstrip("0")
    return text[:-1] if text.endswith(",") else text


def check_text_staff(text, t, f, h0, h1, need):
    """Each person's hours against the contract, and the costs."""
    weeks = ((h1 - h0).days + 1) / 7.0
    for sid in t.staff_order:
        st = t.staff[sid]
        h = f["staff"][sid]["hours_planned"]
        itin = st["weekly_minutes"] * weeks / 60
        line = "%s : %s h dont %s h de route ; %.0f %% des %s h prévues pour " \
            "les séances" % (st["name"] + (" (%s)" % st["employer"]
                                         if st["employer"] else ""),
                             fr(h, 1), fr(f["staff"][sid]["hours_driving"], 1),
                             100 * h / itin if itin else 0, fr(itin, 1))
        ch = contract_hours(st, h0, h1)
        if ch:
            line += " ; %.0f %% de son contrat (%s ETP : %s h sur la période)" % (
                100 * h / ch, etp_words(st["contract_etp"]), fr(ch, 1))
        else:
            line += " ; contrat non renseigné"
        need(line + "\n", "staff line of " + sid)
    c = costs(t, f, h0, h1)
    if c["staff_priced"]:
        need("  Temps du personnel (heures × coût horaire) : %s €\n"
             % fr(c["staff"], 0), "staff cost")
        need("  Temps du personnel par employeur : " + ", ".join(
            "%s %s €" % (e or "(non précisé)", fr(v[1], 0))
            for e, v in c["employers"].items()) + "\n", "cost per employer")
    need("  Km des véhicules de service (km × coût au km) : %s €\n"
         % fr(c["km"], 0), "km cost")
    need("  Total : %s €\n" % fr(c["total"], 0), "total cost")
    need("Heures par employeur : " + ", ".join(
        "%s %s h" % (e or "(non précisé)", fr(v[0], 1))
        for e, v in c["employers"].items()) + "\n", "hours per employer")


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    folder, out, horizon = sys.argv[1:]
    try:
        t = Territory(folder)
        h0, h1 = parse_horizon(horizon)
        with open(os.path.join(out, "sessions.csv"), encoding="utf-8",
                  newline="") as fh:
            sessions = list(csv.DictReader(fh))
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as fh:
            got = json.load(fh)
        with open(os.path.join(out, "summary.txt"), encoding="utf-8") as fh:
            text = fh.read()
        for s in sessions:
            for key, table in (("service", t.services), ("site", t.sites)):
                if s[key] not in table:
                    raise Bad("sessions.csv: unknown %s %r" % (key, s[key]))
        f = compute(t, sessions, h0, h1)
    except (Bad, OSError, KeyError, ValueError) as e:
        sys.stderr.write("check_summary.py: cannot read the input: %s\n" % e)
        return 2

    diffs = []
    want = {
        "territory": t.settings["name"],
        "horizon": {"start": h0.isoformat(), "end": h1.isoformat()},
        "sessions": f["sessions"],
        "services": [dict({"id": sid}, **f["services"][sid])
                     for sid in t.service_order],
        "communes_served": f["communes_served"],
        "communes": [dict({"insee": c["insee"]}, **f["communes"][c["insee"]])
                     for c in t.communes],
        "staff": [dict({"id": sid}, **f["staff"][sid])
                  for sid in t.staff_order],
        "km_driven": f["km_driven"],
        "vehicle_days": f["vehicle_days"],
        "targets": f["targets"],
    }
    compare("summary.json", want, got, diffs)
    # Exit status 0 promises every target met; unmet ones must be listed.
    unmet = [g for g in f["targets"] if not g["met"]]
    if unmet and not got.get("unmet"):
        diffs.append("summary.json.unmet: empty but %d target(s) are unmet"
                     % len(unmet))
    check_text(text, t, f, got.get("solver", {}), h0, h1, diffs)
    if diffs:
        print("check_summary.py: %s: %d difference(s) between summary.json/"
              "summary.txt (got) and the recomputation (expected):"
              % (out, len(diffs)))
        for d in diffs:
            print("  " + d)
        return 1
    print("check_summary.py: %s: %d sessions, %d services, %d communes, "
          "%d staff, %d targets: all figures match"
          % (out, f["sessions"], len(t.services), len(t.communes),
             len(t.staff), len(t.targets)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
