/* store_schema.c -- the schema of the SQLite project file, its
 * migrations, and recognising our files.
 *
 * THE FILE.  One SQLite file per territory project.  It is recognised by
 * PRAGMA application_id = STORE_APPLICATION_ID ("PLNR"); PRAGMA
 * user_version is the schema version; the meta table repeats it with the
 * planner version that created or last migrated the file.  docs/store.md
 * describes every table for a developer; this comment says why it is
 * shaped so.
 *
 * SCENARIOS.  A scenario is one variant of the territory (settings, staff
 * or sites that élus want to compare).  Every territory table carries
 * scenario_id REFERENCES scenario ON DELETE CASCADE and is keyed by its
 * natural key *within* the scenario: commune(scenario_id, insee),
 * site(scenario_id, site_id), and so on.  Foreign keys between territory
 * tables are composite, (scenario_id, natural key), so a site can only
 * point at a commune of its own scenario, and copying a scenario is one
 * INSERT ... SELECT per table with no id remapping.  Each row also has an
 * INTEGER PRIMARY KEY: re-importing updates rows in place (UPDATE, never
 * DELETE+INSERT), so a row keeps its identity while it exists.
 *
 * ORDER.  Indices in struct model are positions in arrays, and bitmasks
 * (skills, tags) are positions in the name tables.  Every table has a pos
 * column (the array index at import) and loading orders by it, so a load
 * rebuilds the very same indices and bits.  pos and line (the CSV line,
 * for messages) are bookkeeping, not content: when only they change a row
 * is rewritten but counted "unchanged".
 *
 * LISTS.  Opening windows, service windows and a service's commune list
 * are child tables (site_open, service_window, service_commune) so their
 * values get CHECK constraints; they belong to their parent row (ON
 * DELETE CASCADE) and are rewritten with it.  Bitmasks (skills, tags,
 * half-days, site kinds, cadences) are INTEGER columns: their meaning is
 * fixed by the enum (half-days, kinds, cadences) or by the name tables
 * stored with their positions (skills, tags).
 *
 * PLANS.  plan and plan_session keep the history of every plan saved for
 * a scenario.  They name services, sites, staff and vehicles by their TEXT
 * ids, not by foreign keys: a plan published last quarter must survive a
 * re-import that deletes one of its sites.  event_state holds, per
 * scenario and event UID, what was last published (fields, SEQUENCE,
 * LAST-MODIFIED, cancelled_at): store_save_plan compares a new plan with
 * it so SEQUENCE only grows (a trigger enforces it) and removed sessions
 * stay in feeds as cancelled for a grace period.  school_holiday is
 * national data (per zone), not per scenario.
 *
 * MIGRATIONS.  migrations[i] brings version i to i+1 (step 0 creates
 * version 1 from an empty file).  store_schema_upgrade() applies every
 * missing step, sets user_version and meta, and checks foreign keys, all
 * in ONE transaction: a crash mid-migration leaves the old version intact.
 * A file newer than this program is refused, never touched.  To change
 * the schema: append a step (ALTER TABLE, or the 12-step table rebuild
 * of https://sqlite.org/lang_altertable.html), bump STORE_SCHEMA_VERSION
 * in store.h, update the column descriptions (store_tables.c), add a
 * test migrating a file of the previous version, and describe it in
 * docs/store.md.  Never edit a released step.
 *
 * OPENING (pragmas, busy timeout, WAL) is store_db.c's; this file says
 * whether a file is ours and brings it to the current version.
 */
#include "store_int.h"

#include <stdio.h>

/* Version 1: the whole schema.  Column names avoid SQL keywords
 * (start/end -> start_min/end_min, where -> where_text). */
static const char schema_v1[] =
    "CREATE TABLE meta(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL);\n"

    "CREATE TABLE scenario(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE CHECK(name <> ''),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  copied_from TEXT);\n"

    /* Settings as key/value; value has no declared type so REAL stays
     * REAL (exact doubles) and TEXT stays TEXT. */
    "CREATE TABLE settings(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  key TEXT NOT NULL CHECK(key <> ''),\n"
    "  value NOT NULL,\n"
    "  UNIQUE(scenario_id, key));\n"

    /* Name tables: pos is the bit number in model masks. */
    "CREATE TABLE skill(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL CHECK(name <> ''),\n"
    "  pos INTEGER NOT NULL CHECK(pos BETWEEN 0 AND 63),\n"
    "  UNIQUE(scenario_id, name));\n"
    "CREATE TABLE tag(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL CHECK(name <> ''),\n"
    "  pos INTEGER NOT NULL CHECK(pos BETWEEN 0 AND 63),\n"
    "  UNIQUE(scenario_id, name));\n"
    "CREATE TABLE sector(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL,\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  UNIQUE(scenario_id, name));\n"

    "CREATE TABLE commune(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  insee TEXT NOT NULL CHECK(length(insee) BETWEEN 1 AND 5),\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  line INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  sector TEXT NOT NULL,\n"
    "  aliases TEXT NOT NULL,\n"
    "  population INTEGER NOT NULL CHECK(population >= 0),\n"
    "  pop_all REAL NOT NULL CHECK(pop_all >= 0),\n"
    "  pop_0_3 REAL NOT NULL CHECK(pop_0_3 >= 0),\n"
    "  pop_0_6 REAL NOT NULL CHECK(pop_0_6 >= 0),\n"
    "  pop_3_11 REAL NOT NULL CHECK(pop_3_11 >= 0),\n"
    "  pop_11_17 REAL NOT NULL CHECK(pop_11_17 >= 0),\n"
    "  pop_16_25 REAL NOT NULL CHECK(pop_16_25 >= 0),\n"
    "  pop_65_plus REAL NOT NULL CHECK(pop_65_plus >= 0),\n"
    "  pop_75_plus REAL NOT NULL CHECK(pop_75_plus >= 0),\n"
    "  pop_80_plus REAL NOT NULL CHECK(pop_80_plus >= 0),\n"
    "  pop_known INTEGER NOT NULL CHECK(pop_known BETWEEN 0 AND 511),\n"
    "  lat REAL NOT NULL CHECK(lat BETWEEN -90 AND 90),\n"
    "  lon REAL NOT NULL CHECK(lon BETWEEN -180 AND 180),\n"
    "  UNIQUE(scenario_id, insee));\n"

    "CREATE TABLE site(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  site_id TEXT NOT NULL CHECK(site_id <> ''),\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  line INTEGER NOT NULL,\n"
    "  insee TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  address TEXT NOT NULL,\n"
    "  lat REAL NOT NULL CHECK(lat BETWEEN -90 AND 90),\n"
    "  lon REAL NOT NULL CHECK(lon BETWEEN -180 AND 180),\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('mairie', 'salle_des_fetes',\n"
    "    'mediatheque', 'ecole', 'evs', 'centre_social', 'france_services',\n"
    "    'rpe', 'creche', 'autre')),\n"
    "  capacity INTEGER NOT NULL CHECK(capacity >= 0),\n"
    "  tags INTEGER NOT NULL,\n"
    "  UNIQUE(scenario_id, site_id),\n"
    "  FOREIGN KEY(scenario_id, insee) REFERENCES commune(scenario_id, insee));\n"
    "CREATE INDEX site_commune ON site(scenario_id, insee);\n"

    "CREATE TABLE site_open(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL,\n"
    "  site_id TEXT NOT NULL,\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  weekday INTEGER NOT NULL CHECK(weekday BETWEEN 0 AND 6),\n"
    "  start_min INTEGER NOT NULL,\n"
    "  end_min INTEGER NOT NULL,\n"
    "  CHECK(0 <= start_min AND start_min < end_min AND end_min <= 1440),\n"
    "  UNIQUE(scenario_id, site_id, pos),\n"
    "  FOREIGN KEY(scenario_id, site_id) REFERENCES site(scenario_id, site_id)\n"
    "    ON DELETE CASCADE);\n"

    "CREATE TABLE staff(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  staff_id TEXT NOT NULL CHECK(staff_id <> ''),\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  line INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  role TEXT NOT NULL,\n"
    "  employer TEXT NOT NULL,\n"
    "  skills INTEGER NOT NULL,\n"
    "  base_site TEXT,\n"
    "  base_insee TEXT,\n"
    "  base_lat REAL NOT NULL CHECK(base_lat BETWEEN -90 AND 90),\n"
    "  base_lon REAL NOT NULL CHECK(base_lon BETWEEN -180 AND 180),\n"
    "  weekly_minutes REAL NOT NULL CHECK(weekly_minutes >= 0),\n"
    "  halfdays INTEGER NOT NULL CHECK(halfdays BETWEEN 0 AND 16383),\n"
    "  licence INTEGER NOT NULL CHECK(licence IN (0, 1)),\n"
    "  max_drive_minutes INTEGER NOT NULL CHECK(max_drive_minutes >= 0),\n"
    "  UNIQUE(scenario_id, staff_id),\n"
    "  FOREIGN KEY(scenario_id, base_site) REFERENCES site(scenario_id, site_id),\n"
    "  FOREIGN KEY(scenario_id, base_insee) REFERENCES commune(scenario_id, insee));\n"
    "CREATE INDEX staff_base_site ON staff(scenario_id, base_site);\n"
    "CREATE INDEX staff_base_insee ON staff(scenario_id, base_insee);\n"

    "CREATE TABLE vehicle(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  vehicle_id TEXT NOT NULL CHECK(vehicle_id <> ''),\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  line INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  seats INTEGER NOT NULL CHECK(seats >= 0),\n"
    "  base_site TEXT,\n"
    "  base_insee TEXT,\n"
    "  base_lat REAL NOT NULL CHECK(base_lat BETWEEN -90 AND 90),\n"
    "  base_lon REAL NOT NULL CHECK(base_lon BETWEEN -180 AND 180),\n"
    "  cost_per_km REAL NOT NULL CHECK(cost_per_km >= 0),\n"
    "  halfdays INTEGER NOT NULL CHECK(halfdays BETWEEN 0 AND 16383),\n"
    "  UNIQUE(scenario_id, vehicle_id),\n"
    "  FOREIGN KEY(scenario_id, base_site) REFERENCES site(scenario_id, site_id),\n"
    "  FOREIGN KEY(scenario_id, base_insee) REFERENCES commune(scenario_id, insee));\n"
    "CREATE INDEX vehicle_base_site ON vehicle(scenario_id, base_site);\n"
    "CREATE INDEX vehicle_base_insee ON vehicle(scenario_id, base_insee);\n"

    "CREATE TABLE service(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  service_id TEXT NOT NULL CHECK(service_id <> ''),\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  line INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  audience_text TEXT NOT NULL,\n"
    "  target TEXT NOT NULL CHECK(target IN ('population', 'pop_0_3',\n"
    "    'pop_0_6', 'pop_3_11', 'pop_11_17', 'pop_16_25', 'pop_65_plus',\n"
    "    'pop_75_plus', 'pop_80_plus')),\n"
    "  duration INTEGER NOT NULL CHECK(duration > 0),\n"
    "  setup INTEGER NOT NULL CHECK(setup >= 0),\n"
    "  teardown INTEGER NOT NULL CHECK(teardown >= 0),\n"
    "  skills INTEGER NOT NULL,\n"
    "  staff_count INTEGER NOT NULL CHECK(staff_count BETWEEN 0 AND 8),\n"
    "  vehicle_kind TEXT NOT NULL,\n"
    "  site_tags INTEGER NOT NULL,\n"
    "  site_kinds INTEGER NOT NULL CHECK(site_kinds BETWEEN 0 AND 1023),\n"
    "  halfdays INTEGER NOT NULL CHECK(halfdays BETWEEN 0 AND 16383),\n"
    "  cadences INTEGER NOT NULL CHECK(cadences BETWEEN 0 AND 31),\n"
    "  times INTEGER NOT NULL CHECK(times >= 0),\n"
    "  max_sites INTEGER NOT NULL CHECK(max_sites >= 0),\n"
    "  school_holidays TEXT NOT NULL CHECK(school_holidays IN ('skip', 'move', 'open')),\n"
    "  public_holidays TEXT NOT NULL CHECK(public_holidays IN ('skip', 'move', 'open')),\n"
    "  travel_max_minutes INTEGER NOT NULL CHECK(travel_max_minutes >= 0),\n"
    "  weight REAL NOT NULL CHECK(weight >= 0),\n"
    "  booking TEXT NOT NULL,\n"
    "  category TEXT NOT NULL,\n"
    "  UNIQUE(scenario_id, service_id));\n"

    "CREATE TABLE service_window(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL,\n"
    "  service_id TEXT NOT NULL,\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  weekday INTEGER NOT NULL CHECK(weekday BETWEEN 0 AND 6),\n"
    "  start_min INTEGER NOT NULL,\n"
    "  end_min INTEGER NOT NULL,\n"
    "  CHECK(0 <= start_min AND start_min < end_min AND end_min <= 1440),\n"
    "  UNIQUE(scenario_id, service_id, pos),\n"
    "  FOREIGN KEY(scenario_id, service_id)\n"
    "    REFERENCES service(scenario_id, service_id) ON DELETE CASCADE);\n"

    /* A service's commune restriction; no rows = every commune. */
    "CREATE TABLE service_commune(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL,\n"
    "  service_id TEXT NOT NULL,\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  insee TEXT NOT NULL,\n"
    "  UNIQUE(scenario_id, service_id, pos),\n"
    "  FOREIGN KEY(scenario_id, service_id)\n"
    "    REFERENCES service(scenario_id, service_id) ON DELETE CASCADE,\n"
    "  FOREIGN KEY(scenario_id, insee) REFERENCES commune(scenario_id, insee));\n"
    "CREATE INDEX service_commune_insee ON service_commune(scenario_id, insee);\n"

    "CREATE TABLE target(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  service_id TEXT NOT NULL,\n"
    "  scope TEXT NOT NULL CHECK(scope IN ('territory', 'sector', 'commune')),\n"
    "  where_text TEXT NOT NULL,\n"
    "  period TEXT NOT NULL CHECK(period IN ('horizon', 'month', 'year')),\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  line INTEGER NOT NULL,\n"
    "  insee TEXT CHECK(insee IS NULL OR scope = 'commune'),\n"
    "  min_sessions INTEGER NOT NULL CHECK(min_sessions >= 0),\n"
    "  label TEXT NOT NULL,\n"
    "  UNIQUE(scenario_id, service_id, scope, where_text, period),\n"
    "  FOREIGN KEY(scenario_id, service_id) REFERENCES service(scenario_id, service_id),\n"
    "  FOREIGN KEY(scenario_id, insee) REFERENCES commune(scenario_id, insee));\n"
    "CREATE INDEX target_insee ON target(scenario_id, insee);\n"

    "CREATE TABLE travel(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  from_insee TEXT NOT NULL,\n"
    "  to_insee TEXT NOT NULL,\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  km REAL NOT NULL CHECK(km >= 0),\n"
    "  minutes REAL NOT NULL CHECK(minutes >= 0),\n"
    "  UNIQUE(scenario_id, from_insee, to_insee),\n"
    "  FOREIGN KEY(scenario_id, from_insee) REFERENCES commune(scenario_id, insee),\n"
    "  FOREIGN KEY(scenario_id, to_insee) REFERENCES commune(scenario_id, insee));\n"
    "CREATE INDEX travel_to ON travel(scenario_id, to_insee);\n"

    "CREATE TABLE demand(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  service_id TEXT NOT NULL,\n"
    "  insee TEXT NOT NULL,\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  line INTEGER NOT NULL,\n"
    "  weight REAL NOT NULL CHECK(weight >= 0),\n"
    "  UNIQUE(scenario_id, service_id, insee),\n"
    "  FOREIGN KEY(scenario_id, service_id) REFERENCES service(scenario_id, service_id),\n"
    "  FOREIGN KEY(scenario_id, insee) REFERENCES commune(scenario_id, insee));\n"
    "CREATE INDEX demand_insee ON demand(scenario_id, insee);\n"

    /* Leave and bookings imported from calendars; who is a text id
     * (staff, site or vehicle by kind), so no foreign key. */
    "CREATE TABLE busy(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  source TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('staff', 'site', 'vehicle')),\n"
    "  who TEXT NOT NULL,\n"
    "  start_min INTEGER NOT NULL,\n"
    "  end_min INTEGER NOT NULL CHECK(start_min < end_min),\n"
    "  summary TEXT NOT NULL);\n"
    "CREATE INDEX busy_source ON busy(scenario_id, source);\n"

    "CREATE TABLE plan(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  horizon_start TEXT NOT NULL\n"
    "    CHECK(horizon_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  horizon_end TEXT NOT NULL\n"
    "    CHECK(horizon_end GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  solver_status TEXT NOT NULL,\n"
    "  objective REAL,\n"
    "  bound REAL,\n"
    "  gap REAL,\n"
    "  seconds REAL,\n"
    "  time_limit_hit INTEGER NOT NULL CHECK(time_limit_hit IN (0, 1)),\n"
    "  CHECK(horizon_start <= horizon_end));\n"
    "CREATE INDEX plan_scenario ON plan(scenario_id, id);\n"

    "CREATE TABLE plan_session(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  uid TEXT NOT NULL CHECK(uid <> ''),\n"
    "  service_id TEXT NOT NULL,\n"
    "  site_id TEXT NOT NULL,\n"
    "  day TEXT NOT NULL CHECK(day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  start_min INTEGER NOT NULL,\n"
    "  end_min INTEGER NOT NULL,\n"
    "  vehicle_id TEXT,\n"
    "  status TEXT NOT NULL CHECK(status IN ('confirmed', 'cancelled')),\n"
    "  sequence INTEGER NOT NULL CHECK(sequence >= 0),\n"
    "  last_modified INTEGER NOT NULL,\n"
    "  CHECK(0 <= start_min AND start_min < end_min AND end_min <= 1440),\n"
    "  UNIQUE(plan_id, uid));\n"

    "CREATE TABLE plan_session_staff(\n"
    "  session_id INTEGER NOT NULL REFERENCES plan_session(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL CHECK(pos BETWEEN 0 AND 7),\n"
    "  staff_id TEXT NOT NULL,\n"
    "  PRIMARY KEY(session_id, pos));\n"

    /* Last published state of each event UID of a scenario.  staff_ids
     * is the ordered team, canonical text: ids joined by ',' with ','
     * and '\' escaped by '\' (compared, never queried). */
    "CREATE TABLE event_state(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  uid TEXT NOT NULL CHECK(uid <> ''),\n"
    "  service_id TEXT NOT NULL,\n"
    "  site_id TEXT NOT NULL,\n"
    "  day TEXT NOT NULL CHECK(day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  start_min INTEGER NOT NULL,\n"
    "  end_min INTEGER NOT NULL,\n"
    "  staff_ids TEXT NOT NULL,\n"
    "  vehicle_id TEXT,\n"
    "  sequence INTEGER NOT NULL CHECK(sequence >= 0),\n"
    "  last_modified INTEGER NOT NULL,\n"
    "  cancelled_at INTEGER,\n"
    "  UNIQUE(scenario_id, uid));\n"
    /* iCalendar clients ignore an update whose SEQUENCE is not higher
     * than what they have (RFC 5546 §2.1.4): never let it go down. */
    "CREATE TRIGGER event_state_sequence_never_decreases\n"
    "  BEFORE UPDATE OF sequence ON event_state\n"
    "  WHEN NEW.sequence < OLD.sequence\n"
    "  BEGIN SELECT RAISE(ABORT, 'event SEQUENCE may not decrease'); END;\n"

    "CREATE TABLE school_holiday(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  zone TEXT NOT NULL CHECK(zone IN ('A', 'B', 'C')),\n"
    "  first_day TEXT NOT NULL\n"
    "    CHECK(first_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  last_day TEXT NOT NULL\n"
    "    CHECK(last_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  label TEXT NOT NULL,\n"
    "  source TEXT NOT NULL,\n"
    "  imported_at INTEGER NOT NULL,\n"
    "  CHECK(first_day <= last_day));\n"
    "CREATE INDEX school_holiday_zone ON school_holiday(zone, first_day);\n";

/* Version 2: the publish journal (store_publish.c).  A row says that
 * the plan it names is saved as published (event_state moved on) but its
 * feeds and outputs may not all be on disk yet; it is written in the
 * transaction that saves the plan and deleted once every file is written
 * and synced.  One row per scenario: a newer plan's publish replaces an
 * unfinished older one. */
static const char schema_v2[] =
    "CREATE TABLE publish_pending(\n"
    "  scenario_id INTEGER PRIMARY KEY REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,\n"
    "  feeds_dir TEXT NOT NULL CHECK(feeds_dir <> ''),\n"
    "  out_dir TEXT CHECK(out_dir <> ''),\n"
    "  base_url TEXT,\n"
    "  refresh_minutes INTEGER NOT NULL CHECK(refresh_minutes > 0),\n"
    "  dtstamp INTEGER NOT NULL,\n"
    "  summary_text TEXT,\n"
    "  summary_json TEXT,\n"
    "  since INTEGER NOT NULL);\n";

/* Version 3: the CSV dialect of the sessions.csv a publish writes
 * (`planner plan --csv-dialect`), so that finishing it writes the same
 * bytes; NULL is the standard dialect, as every row of version 2. */
static const char schema_v3[] =
    "ALTER TABLE publish_pending ADD COLUMN csv_dialect TEXT"
    " CHECK(csv_dialect <> '');\n";

/* Version 4: a re-plan's frozen past (docs/model.md): the last day of
 * the previous plan's sessions it kept as they were, NULL for a plan
 * without one.  `planner verify` reads it (docs/verify.md). */
static const char schema_v4[] =
    "ALTER TABLE plan ADD COLUMN frozen_through TEXT\n"
    "  CHECK(frozen_through IS NULL OR\n"
    "        frozen_through GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');\n";

/* Version 5: a service's team by role (services.csv roles): count people
 * holding the skill (a one-bit mask into skill_name), one role a person;
 * no rows = any qualified members, as every service of version 4. */
static const char schema_v5[] =
    "CREATE TABLE service_role(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL,\n"
    "  service_id TEXT NOT NULL,\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  skill INTEGER NOT NULL,\n"
    "  count INTEGER NOT NULL CHECK(count BETWEEN 1 AND 8),\n"
    "  UNIQUE(scenario_id, service_id, pos),\n"
    "  FOREIGN KEY(scenario_id, service_id)\n"
    "    REFERENCES service(scenario_id, service_id) ON DELETE CASCADE);\n";

/* Version 6: minibus transports and their pick-up points (transports.csv,
 * pickups.csv), and the runs of a plan: one row per route (a vehicle of
 * a transport on a day) and one per stop in pick-up order.  A plan of
 * version 5 has no runs, as its territory had no transports. */
static const char schema_v6[] =
    "CREATE TABLE transport(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  transport_id TEXT NOT NULL CHECK(transport_id <> ''),\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  line INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  site_id TEXT NOT NULL,\n"
    "  arrive_by INTEGER NOT NULL CHECK(arrive_by BETWEEN 0 AND 1440),\n"
    "  leave_at INTEGER NOT NULL CHECK(leave_at BETWEEN -1 AND 1440),\n"
    "  halfdays INTEGER NOT NULL CHECK(halfdays BETWEEN 0 AND 16383),\n"
    "  term_time INTEGER NOT NULL CHECK(term_time IN (0, 1)),\n"
    "  holidays INTEGER NOT NULL CHECK(holidays IN (0, 1)),\n"
    "  vehicle_kind TEXT NOT NULL,\n"
    "  max_ride_minutes INTEGER NOT NULL CHECK(max_ride_minutes >= 0),\n"
    "  dwell_minutes INTEGER NOT NULL CHECK(dwell_minutes >= 0),\n"
    "  escort INTEGER NOT NULL CHECK(escort IN (0, 1)),\n"
    "  UNIQUE(scenario_id, transport_id),\n"
    "  FOREIGN KEY(scenario_id, site_id) REFERENCES site(scenario_id, site_id));\n"
    "CREATE INDEX transport_site ON transport(scenario_id, site_id);\n"
    "CREATE TABLE pickup(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,\n"
    "  transport_id TEXT NOT NULL,\n"
    "  pickup_id TEXT NOT NULL CHECK(pickup_id <> ''),\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  line INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  insee TEXT NOT NULL,\n"
    "  lat REAL NOT NULL CHECK(lat BETWEEN -90 AND 90),\n"
    "  lon REAL NOT NULL CHECK(lon BETWEEN -180 AND 180),\n"
    "  riders INTEGER NOT NULL CHECK(riders >= 1),\n"
    "  UNIQUE(scenario_id, transport_id, pickup_id),\n"
    "  FOREIGN KEY(scenario_id, transport_id)\n"
    "    REFERENCES transport(scenario_id, transport_id) ON DELETE CASCADE,\n"
    "  FOREIGN KEY(scenario_id, insee) REFERENCES commune(scenario_id, insee));\n"
    "CREATE INDEX pickup_insee ON pickup(scenario_id, insee);\n"
    "CREATE TABLE plan_run(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL CHECK(pos >= 0),\n"
    "  uid TEXT NOT NULL CHECK(uid <> ''),\n"
    "  transport_id TEXT NOT NULL,\n"
    "  day TEXT NOT NULL CHECK(day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  route INTEGER NOT NULL CHECK(route >= 0),\n"
    "  vehicle_id TEXT NOT NULL,\n"
    "  driver_id TEXT NOT NULL,\n"
    "  depart INTEGER NOT NULL CHECK(depart BETWEEN -1440 AND 1440),\n"
    "  back INTEGER NOT NULL CHECK(back BETWEEN -1 AND 2880),\n"
    "  riders INTEGER NOT NULL CHECK(riders >= 0),\n"
    "  km REAL NOT NULL CHECK(km >= 0),\n"
    "  status TEXT NOT NULL CHECK(status IN ('confirmed', 'cancelled')),\n"
    "  sequence INTEGER NOT NULL CHECK(sequence >= 0),\n"
    "  last_modified INTEGER NOT NULL,\n"
    "  UNIQUE(plan_id, uid));\n"
    "CREATE TABLE plan_run_stop(\n"
    "  run_id INTEGER NOT NULL REFERENCES plan_run(id) ON DELETE CASCADE,\n"
    "  pos INTEGER NOT NULL CHECK(pos BETWEEN 0 AND 62),\n"
    "  pickup_id TEXT NOT NULL,\n"
    "  pick_min INTEGER NOT NULL,\n"
    "  drop_min INTEGER NOT NULL,\n"
    "  PRIMARY KEY(run_id, pos));\n";

/* Version 7: what the reports price (staff.csv contract_etp and
 * hourly_cost, sites.csv and vehicles.csv yearly_cost); -1 = not given,
 * as every row of version 6. */
static const char schema_v7[] =
    "ALTER TABLE staff ADD COLUMN contract_etp REAL NOT NULL DEFAULT -1;\n"
    "ALTER TABLE staff ADD COLUMN hourly_cost REAL NOT NULL DEFAULT -1;\n"
    "ALTER TABLE site ADD COLUMN yearly_cost REAL NOT NULL DEFAULT -1;\n"
    "ALTER TABLE vehicle ADD COLUMN yearly_cost REAL NOT NULL DEFAULT -1;\n";

/* migrations[i] brings user_version i to i+1. */
static const char *const migrations[] = {
    schema_v1,
    schema_v2,
    schema_v3,
    schema_v4,
    schema_v5,
    schema_v6,
    schema_v7,
};

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
               "one migration step per schema version");

size_t store_schema_steps(void)
{
    return sizeof migrations / sizeof migrations[0];
}

static enum status set_meta(struct store *s, const char *key,
                            const char *value, struct diag *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db,
        "INSERT INTO meta(key, value) VALUES(?1, ?2)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    enum status ret = STATUS_OK;
    if (rc != SQLITE_DONE)
        ret = store_db_error(s, err, "writing meta");
    sqlite3_finalize(st);
    return ret;
}

/* A table rebuild in a migration step must not leave dangling keys. */
static enum status check_foreign_keys(struct store *s, struct diag *err)
{
    sqlite3_stmt *chk = NULL;
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &chk, NULL);
    if (rc != SQLITE_OK)
        return store_db_error(s, err, "checking foreign keys after migration");
    rc = sqlite3_step(chk);
    if (rc == SQLITE_ROW) {
        char table[64];
        snprintf(table, sizeof table, "%s", (const char *)sqlite3_column_text(chk, 0));
        sqlite3_finalize(chk);
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "migration to version %d leaves rows of table %s"
                        " pointing at missing rows",
                        STORE_SCHEMA_VERSION, table);
    }
    sqlite3_finalize(chk);
    if (rc != SQLITE_DONE)
        return store_db_error(s, err, "checking foreign keys after migration");
    return STATUS_OK;
}

/* Applies steps from..STORE_SCHEMA_VERSION-1 inside the caller's
 * transaction and stamps the file. */
static enum status migrate(struct store *s, int from, struct diag *err)
{
    char sql[128];
    for (int v = from; v < STORE_SCHEMA_VERSION; v++) {
        if (sqlite3_exec(s->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK) {
            return store_db_error(s, err, "migrating schema from version %d to %d",
                                  v, v + 1);
        }
    }
    /* PRAGMA values cannot be bound; these are our own integer
     * constants, not user text. */
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
             STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_db_error(s, err, "setting the schema version");
    char version[16];
    snprintf(version, sizeof version, "%d", STORE_SCHEMA_VERSION);
    enum status st = STATUS_OK;
    if (from == 0)
        st = set_meta(s, "created_by", "planner " PLANNER_VERSION, err);
    if (st == STATUS_OK)
        st = set_meta(s, "planner_version", PLANNER_VERSION, err);
    if (st == STATUS_OK)
        st = set_meta(s, "schema_version", version, err);
    if (st == STATUS_OK)
        st = check_foreign_keys(s, err);
    return st;
}

enum status store_schema_identify(struct store *s, long long *version,
                                  struct diag *err)
{
    long long app = 0, tables = 0;
    int rc = store_query_int(s->db, "PRAGMA application_id", &app);
    if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "not a planner project file: not an SQLite database (%s)",
                        sqlite3_errmsg(s->db));
    if (rc != SQLITE_OK)
        return store_db_error(s, err, "reading the file header");
    rc = store_query_int(s->db, "PRAGMA user_version", version);
    if (rc == SQLITE_OK)
        rc = store_query_int(s->db, "SELECT count(*) FROM sqlite_schema", &tables);
    if (rc != SQLITE_OK)
        return store_db_error(s, err, "reading the file header");
    if (app != STORE_APPLICATION_ID && (app != 0 || tables > 0))
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "not a planner project file: an SQLite database of"
                        " another program (application_id %lld, expected %d)",
                        app, STORE_APPLICATION_ID);
    if (*version > STORE_SCHEMA_VERSION)
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "project file has schema version %lld, newer than"
                        " this planner's version %d: use a newer planner",
                        *version, STORE_SCHEMA_VERSION);
    if (*version < 0)
        return diag_set(err, STATUS_DB, s->path, 0, 0, NULL,
                        "project file has an invalid schema version %lld",
                        *version);
    return STATUS_OK;
}

enum status store_schema_upgrade(struct store *s, struct diag *err)
{
    /* IMMEDIATE takes the write lock now; re-read the version under it in
     * case another process migrated the file meanwhile. */
    long long version = 0;
    enum status st = store_begin_immediate(s, err);
    if (st != STATUS_OK)
        return st;
    st = store_schema_identify(s, &version, err);
    if (st == STATUS_OK && version < STORE_SCHEMA_VERSION)
        st = migrate(s, (int)version, err);
    if (st == STATUS_OK)
        st = store_exec(s, "COMMIT", "committing the migration", err);
    if (st != STATUS_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    s->version = STORE_SCHEMA_VERSION;
    return STATUS_OK;
}
