/* csv_columns.c -- the names a column of a territory file may have.
 *
 * Coordinators write headers in French ("Nom", "Capacité", "Jours",
 * "Code INSEE") and with the spaces, accents and capitals they like.  A
 * header is folded to a key (lower case, accents dropped, spaces, dashes,
 * apostrophes and dots as one "_": "Heures d'ouverture" -> heures_d_ouverture)
 * and the key is looked up in ALIASES below, the one table of accepted
 * names, per file; docs/input-format.md ("French column names") prints
 * the same table for users.  csv_table_read() keys every header once, so
 * the loaders ask for the canonical name only ("name", "capacity").
 *
 * An alias belongs to one file because the same French word means
 * different columns in different files: "commune" is the name of the
 * commune in communes.csv but the commune of a site in sites.csv; "heures"
 * is weekly hours in staff.csv but time windows in services.csv. */
#include "models_int.h"

#include <string.h>

struct column_alias {
    const char *file;       /* "sites.csv"; NULL: every file */
    const char *column;     /* canonical name, as the loaders ask */
    const char *aliases;    /* folded keys, separated by spaces */
};

static const struct column_alias ALIASES[] = {
    {NULL, "comment", "commentaire commentaires remarque remarques note notes"},

    {"settings.csv", "key", "cle parametre reglage"},
    {"settings.csv", "value", "valeur"},

    {"communes.csv", "insee", "code_insee insee_code code_commune codgeo code_geo cog "
     "code"},
    {"communes.csv", "name", "nom commune nom_commune nom_de_la_commune libelle libgeo"},
    {"communes.csv", "population", "pop population_municipale pmun habitants"},
    {"communes.csv", "lat", "latitude"},
    {"communes.csv", "lon", "longitude lng"},
    {"communes.csv", "sector", "secteur bassin bassin_de_vie"},
    {"communes.csv", "aliases", "alias anciens_noms autres_noms anciennes_communes"},
    {"communes.csv", "epci", "siren_epci code_epci"},
    {"communes.csv", "pop_0_3", "pop_0_3_ans 0_3_ans moins_de_3_ans"},
    {"communes.csv", "pop_0_6", "pop_0_6_ans 0_6_ans moins_de_6_ans"},
    {"communes.csv", "pop_3_11", "pop_3_11_ans 3_11_ans"},
    {"communes.csv", "pop_11_17", "pop_11_17_ans 11_17_ans"},
    {"communes.csv", "pop_16_25", "pop_16_25_ans 16_25_ans"},
    {"communes.csv", "pop_65_plus", "pop_65_ans_et_plus 65_ans_et_plus plus_de_65_ans"},
    {"communes.csv", "pop_75_plus", "pop_75_ans_et_plus 75_ans_et_plus plus_de_75_ans"},
    {"communes.csv", "pop_80_plus", "pop_80_ans_et_plus 80_ans_et_plus plus_de_80_ans"},

    {"sites.csv", "id", "identifiant code reference ref"},
    {"sites.csv", "commune", "code_insee insee"},
    {"sites.csv", "name", "nom libelle lieu nom_du_lieu"},
    {"sites.csv", "address", "adresse"},
    {"sites.csv", "lat", "latitude"},
    {"sites.csv", "lon", "longitude lng"},
    {"sites.csv", "kind", "type type_de_lieu categorie nature"},
    {"sites.csv", "capacity", "capacite places nombre_de_places jauge"},
    {"sites.csv", "tags", "etiquettes mots_cles equipements"},
    {"sites.csv", "opening", "horaires horaires_d_ouverture heures_d_ouverture ouverture"},
    {"sites.csv", "yearly_cost", "cout_annuel cout_par_an"},

    {"staff.csv", "id", "identifiant matricule code"},
    {"staff.csv", "name", "nom nom_prenom prenom_nom agent intervenant"},
    {"staff.csv", "role", "fonction poste metier"},
    {"staff.csv", "skills", "competences qualifications"},
    {"staff.csv", "employer", "employeur structure"},
    {"staff.csv", "base", "lieu_de_base rattachement residence_administrative"},
    {"staff.csv", "weekly_hours", "heures heures_hebdo heures_par_semaine "
     "heures_hebdomadaires"},
    {"staff.csv", "etp", "quotite"},
    {"staff.csv", "days", "jours jours_travailles jours_de_travail"},
    {"staff.csv", "licence", "permis permis_b"},
    {"staff.csv", "max_drive_minutes", "conduite_max conduite_max_minutes"},
    {"staff.csv", "contract_etp", "etp_contrat etp_du_contrat quotite_contrat"},
    {"staff.csv", "hourly_cost", "cout_horaire euros_par_heure"},

    {"vehicles.csv", "id", "identifiant immatriculation code"},
    {"vehicles.csv", "kind", "type genre categorie"},
    {"vehicles.csv", "seats", "places nombre_de_places"},
    {"vehicles.csv", "base", "lieu_de_base stationnement garage"},
    {"vehicles.csv", "cost_per_km", "cout_par_km cout_km euros_par_km"},
    {"vehicles.csv", "days", "jours disponibilite"},
    {"vehicles.csv", "yearly_cost", "cout_annuel cout_par_an location_annuelle"},

    {"services.csv", "id", "identifiant code"},
    {"services.csv", "name", "nom intitule libelle"},
    {"services.csv", "audience", "public publics"},
    {"services.csv", "target", "cible population_cible"},
    {"services.csv", "duration_minutes", "duree duree_minutes duree_min"},
    {"services.csv", "setup_minutes", "installation installation_minutes "
     "mise_en_place mise_en_place_minutes"},
    {"services.csv", "teardown_minutes", "rangement rangement_minutes "
     "demontage demontage_minutes"},
    {"services.csv", "skills", "competences qualifications"},
    {"services.csv", "staff_count", "agents nombre_d_agents nb_agents effectif"},
    {"services.csv", "vehicle_kind", "vehicule type_de_vehicule"},
    {"services.csv", "site_tags", "etiquettes_du_lieu etiquettes_lieu"},
    {"services.csv", "site_kinds", "types_de_lieu types_lieu type_de_lieu"},
    {"services.csv", "days", "jours"},
    {"services.csv", "hours", "horaires heures plages_horaires"},
    {"services.csv", "cadences", "frequence frequences rythme rythmes"},
    {"services.csv", "times", "fois nombre_de_fois"},
    {"services.csv", "max_sites", "lieux_max nombre_max_de_lieux"},
    {"services.csv", "school_holidays", "vacances vacances_scolaires"},
    {"services.csv", "public_holidays", "feries jours_feries"},
    {"services.csv", "travel_max_minutes", "trajet_max trajet_max_minutes "
     "temps_de_trajet_max"},
    {"services.csv", "weight", "poids priorite"},
    {"services.csv", "booking", "reservation inscription modalites"},
    {"services.csv", "category", "categorie"},
    {"services.csv", "communes", "communes_autorisees"},
    {"services.csv", "roles", "equipe composition_equipe roles_equipe"},

    {"targets.csv", "service", "prestation"},
    {"targets.csv", "scope", "portee echelle perimetre"},
    {"targets.csv", "where", "lieu ou zone"},
    {"targets.csv", "per", "par periode"},
    {"targets.csv", "min_sessions", "minimum min_seances seances_min "
     "nombre_min_de_seances"},
    {"targets.csv", "label", "libelle intitule objectif"},

    {"travel.csv", "from", "de depart origine"},
    {"travel.csv", "to", "a vers arrivee destination"},
    {"travel.csv", "km", "distance distance_km kilometres"},
    {"travel.csv", "minutes", "duree duree_minutes temps temps_minutes"},

    {"demand.csv", "service", "prestation"},
    {"demand.csv", "commune", "code_insee insee"},
    {"demand.csv", "weight", "poids coefficient coef"},
};

/* Appends the fold of the character at *p to buf; advances *p. */
static void fold_char(const char **p, char *buf, size_t *n, size_t size)
{
    char f[3];
    *p += text_fold_char(*p, f);
    for (const char *c = f; *c; c++) {
        char k = strchr(" \t-_'./():", *c) ? '_' : *c;
        if (k == '_' && (*n == 0 || buf[*n - 1] == '_'))
            continue;                             /* collapse, trim left */
        if (*n + 1 < size)
            buf[(*n)++] = k;
    }
}

void csv_column_fold(const char *header, char *buf, size_t size)
{
    size_t n = 0;
    const char *p = header;
    while (*p)
        fold_char(&p, buf, &n, size);
    while (n > 0 && buf[n - 1] == '_')
        n--;
    buf[n] = '\0';
}

/* "sites.csv" for "/a/b/sites.csv": files are matched by name. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool has_word(const char *list, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, " ");
        if (k == len && !strncmp(p, word, len))
            return true;
        p += k;
        p += *p == ' ';
    }
    return false;
}

static bool for_file(const struct column_alias *a, const char *file)
{
    return !a->file || !strcmp(a->file, base_name(file));
}

const char *csv_column_canonical(const char *file, const char *key)
{
    for (size_t i = 0; i < sizeof ALIASES / sizeof *ALIASES; i++)
        if (for_file(&ALIASES[i], file) && has_word(ALIASES[i].aliases, key))
            return ALIASES[i].column;
    return key;
}

void csv_column_aliases(const char *file, const char *column, char *buf,
                        size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof ALIASES / sizeof *ALIASES; i++)
        if (for_file(&ALIASES[i], file) && !strcmp(ALIASES[i].column, column)) {
            size_t n = 0;
            for (const char *p = ALIASES[i].aliases; *p && n + 2 < size; p++) {
                if (*p == ' ')
                    buf[n++] = ',';
                buf[n++] = *p;
            }
            buf[n] = '\0';
            return;
        }
}
