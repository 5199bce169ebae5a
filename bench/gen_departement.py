#!/usr/bin/env python3
"""Generates the L benchmark instance: a made-up département.

300 communes, 10 services, 60 staff, 4 sectors per 75 communes... written as a
territory folder (docs/input-format.md).  Deterministic: the same seed gives
the same files, so results compare across runs and machines.

usage: gen_departement.py OUTDIR [--communes 300] [--staff 60] [--seed 1]
"""
import argparse
import math
import os
import random

p = argparse.ArgumentParser()
p.add_argument('out')
p.add_argument('--communes', type=int, default=300)
p.add_argument('--staff', type=int, default=60)
p.add_argument('--seed', type=int, default=1)
a = p.parse_args()
rnd = random.Random(a.seed)
os.makedirs(a.out, exist_ok=True)

# Communes on a 110 x 90 km rectangle of central France, populations
# log-normal like rural communes (median ~300), a few bourgs-centres.
lat0, lon0 = 45.0, 2.0
communes = []
n_sectors = max(1, a.communes // 25)
for i in range(a.communes):
    lat = lat0 + rnd.uniform(0, 0.8)
    lon = lon0 + rnd.uniform(0, 1.4)
    pop = int(math.exp(rnd.gauss(5.7, 0.9)))
    if i % 25 == 0:
        pop = rnd.randint(1500, 6000)       # a bourg-centre per sector
    communes.append(dict(insee='99%03d' % i, name='Commune %03d' % i,
                         pop=pop, lat=round(lat, 4), lon=round(lon, 4)))
# Sectors: nearest bourg-centre.
centres = [c for i, c in enumerate(communes) if i % 25 == 0]
for c in communes:
    best = min(range(len(centres)), key=lambda k: (centres[k]['lat'] - c['lat']) ** 2 +
               ((centres[k]['lon'] - c['lon']) * 0.7) ** 2)
    c['sector'] = 'S%02d' % best

with open(os.path.join(a.out, 'settings.csv'), 'w') as f:
    f.write('key,value\nname,Département généré (benchmark L)\nschool_zone,C\n')
with open(os.path.join(a.out, 'communes.csv'), 'w') as f:
    f.write('insee,name,population,lat,lon,sector\n')
    for c in communes:
        f.write('%s,%s,%d,%.4f,%.4f,%s\n' % (c['insee'], c['name'], c['pop'], c['lat'], c['lon'], c['sector']))

# Sites: a mairie per commune; a hall in one commune out of three; a
# médiathèque and a France Services in each bourg-centre.
sites = []
with open(os.path.join(a.out, 'sites.csv'), 'w') as f:
    f.write('id,commune,name,kind,tags,opening\n')
    for i, c in enumerate(communes):
        f.write('M-%s,%s,Mairie %s,mairie,accessible,lun-ven 09:00-12:00 14:00-17:00\n' % (c['insee'], c['insee'], c['name']))
        if i % 3 == 0:
            f.write('SDF-%s,%s,Salle des fêtes %s,salle_des_fetes,petite_enfance parking_bus,\n' % (c['insee'], c['insee'], c['name']))
        if i % 25 == 0:
            f.write('MED-%s,%s,Médiathèque %s,mediatheque,petite_enfance accessible,mar-sam 09:00-12:30 14:00-18:00\n' % (c['insee'], c['insee'], c['name']))
            f.write('FS-%s,%s,France services %s,france_services,accessible,lun-ven 09:00-12:30 13:30-17:00\n' % (c['insee'], c['insee'], c['name']))

# Ten services with the territories' shapes (DOMAIN.md §3).
services = [
    # id, skill, dur, setup, teardown, staff, kinds, tags, days, hours, target, cadences, school
    ('halte-jeux', 'EJE', 120, 40, 40, 1, '', 'petite_enfance', 'mar mer jeu ven', '09:30-11:30', 'pop_0_3', 'weekly 2w 4w monthly', 'closed'),
    ('permanence-rpe', 'EJE', 150, 10, 10, 1, 'mairie', '', 'lun mar jeu', '14:00-17:00', 'pop_0_3', 'monthly 4w', 'open'),
    ('fs-itinerance', 'FS', 180, 15, 15, 1, 'mairie', '', 'mar jeu', '09:00-12:00 14:00-17:00', 'pop_75_plus', '4w monthly 2x', 'open'),
    ('conseiller-numerique', 'NUM', 150, 15, 15, 1, 'mairie mediatheque', '', 'lun mer ven', '09:30-12:00 14:00-16:30', 'pop_65_plus', '2w 4w monthly', 'open'),
    ('ludotheque', 'LUDO', 150, 45, 45, 1, 'salle_des_fetes mediatheque', '', 'mer-aprem sam-matin', 'mer 14:00-17:00; sam 09:30-12:30', 'pop_3_11', '2w 4w monthly', 'open'),
    ('hgi', 'EAJE', 420, 30, 30, 2, 'salle_des_fetes', 'petite_enfance', 'lun mar jeu ven', '09:00-16:00', 'pop_0_3', 'weekly 2w', 'closed'),
    ('parentalite', 'PAR', 120, 20, 20, 1, 'salle_des_fetes mediatheque', '', 'mar jeu', '09:30-11:30', 'pop_0_6', '4w monthly 3x', 'closed'),
    ('paej', 'PAEJ', 180, 10, 10, 1, 'mairie', '', 'mer', '13:30-17:30', 'pop_11_17', 'monthly 4w', 'open'),
    ('mission-locale', 'ML', 180, 10, 10, 1, 'mairie', '', 'lun mar jeu ven', '09:00-12:00 14:00-17:00', 'pop_16_25', 'monthly 4w 2x', 'open'),
    ('caf-msa', 'CAF', 180, 10, 10, 1, 'mairie france_services', '', 'lun mar mer jeu', '09:00-12:00 14:00-17:00', 'population', '4w monthly 2x', 'open'),
]
with open(os.path.join(a.out, 'services.csv'), 'w') as f:
    f.write('id,name,target,duration_minutes,setup_minutes,teardown_minutes,skills,staff_count,site_kinds,site_tags,days,hours,cadences,school_holidays,travel_max_minutes,max_sites\n')
    for s in services:
        f.write('%s,%s,%s,%d,%d,%d,%s,%d,%s,%s,%s,"%s",%s,%s,15,%d\n' % (
            s[0], s[0].replace('-', ' ').capitalize(), s[10], s[2], s[3], s[4], s[1], s[5], s[6], s[7], s[8], s[9], s[11], s[12], 12))

# Staff: 60 people spread over the skills, based at the bourgs-centres.
skills = ['EJE'] * 14 + ['FS'] * 10 + ['NUM'] * 6 + ['LUDO'] * 4 + ['EAJE'] * 8 + ['PAR'] * 5 + ['PAEJ'] * 4 + ['ML'] * 4 + ['CAF'] * 5
skills = (skills * ((a.staff // len(skills)) + 1))[:a.staff]
day_sets = ['lun mar mer jeu ven', 'mar mer jeu ven', 'lun mar jeu ven', 'lun mar mer jeu', 'mer jeu ven sam-matin']
with open(os.path.join(a.out, 'staff.csv'), 'w') as f:
    f.write('id,name,skills,base,weekly_hours,days\n')
    for i in range(a.staff):
        base = centres[i % len(centres)]['insee']
        sk = skills[i]
        if sk == 'EJE' and i % 3 == 0:
            sk = 'EJE PAR'
        days = day_sets[i % len(day_sets)] if sk != 'LUDO' else 'mer sam-matin'
        hours = 14 if sk != 'LUDO' else 8
        f.write('P%02d,Agent %02d,%s,%s,%d,%s\n' % (i, i, sk, base, hours, days))

# Targets per sector (regularity) and a few named communes.
with open(os.path.join(a.out, 'targets.csv'), 'w') as f:
    f.write('service,scope,where,per,min_sessions\n')
    sectors = sorted(set(c['sector'] for c in communes))
    for s in sectors:
        f.write('halte-jeux,sector,%s,quarter,3\n' % s)
        f.write('fs-itinerance,sector,%s,quarter,2\n' % s)
    f.write('ludotheque,territory,,month,2\n')
    f.write('hgi,territory,,quarter,12\n')
    for c in communes[5:300:37]:
        f.write('permanence-rpe,commune,%s,quarter,1\n' % c['insee'])
print('wrote %s: %d communes, %d services, %d staff' % (a.out, len(communes), len(services), a.staff))
