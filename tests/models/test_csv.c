/* test_csv.c -- the CSV reader (csv_table.c, csv_encoding.c,
 * csv_columns.c) on files as spreadsheets and accidents make them:
 * Windows-1252, undecodable and mixed bytes, a FIFO or a folder in place
 * of a file, NUL bytes, CR-only line ends, too many rows, French headers.
 * Each case checks the one message it gives, with its place. */
#include "test_support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models_int.h"
#include "variant.h"

/* Reads bytes written as file name; the problems are left in l. */
static enum status read_bytes(const char *name, const void *bytes, size_t len,
                              struct csv_table **t, struct diag_list *l)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    assert_int_equal(variant_write_bytes(dir, name, bytes, len), 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    diag_list_init(l);
    enum status st = csv_table_read(path, name, t, l);
    assert_true(st == STATUS_OK ? *t != NULL : *t == NULL);
    test_remove_tree(dir);
    return st;
}

static enum status read_text(const char *name, const char *text,
                             struct csv_table **t, struct diag_list *l)
{
    return read_bytes(name, text, strlen(text), t, l);
}

/* Reading bytes as file name fails with st and exactly one problem;
 * returns its column. */
static int refused(const char *name, const void *bytes, size_t len,
                   enum status st, const char *problem)
{
    struct csv_table *t;
    struct diag_list l;
    assert_int_equal(read_bytes(name, bytes, len, &t, &l), st);
    const char *const expect[] = {problem, NULL};
    assert_true(variant_expect(&l, expect));
    int column = l.items[0].column;
    diag_list_free(&l);
    return column;
}

static void windows_1252_is_read_with_one_notice(void **state)
{
    (void)state;
    struct csv_table *t;
    struct diag_list l;
    /* "Cézac", "Sainte-Croix-de-l'Œuvre": é and Œ in Windows-1252. */
    enum status st = read_text("communes.csv",
        "insee;nom\r\n46069;C\xe9zac\r\n46001;Sainte-Croix-de-l'\x8cuvre\r\n", &t, &l);
    assert_int_equal(st, STATUS_OK);
    static const char *const expect[] = {
        "warning: communes.csv: file is Windows-1252 (French Excel's \"CSV "
        "(séparateur : point-virgule)\"), not UTF-8: read as Windows-1252; save it "
        "as \"CSV UTF-8\" to make this notice go away",
        NULL,
    };
    assert_true(variant_expect(&l, expect));
    assert_int_equal(t->n_rows, 2);
    assert_string_equal(t->rows[0].cells[1], "Cézac");
    assert_string_equal(t->rows[1].cells[1], "Sainte-Croix-de-l'Œuvre");
    assert_int_equal(t->rows[1].line, 3);
    csv_table_free(t);
    diag_list_free(&l);
}

/* One cause, one message: 19 bad lines used to give 19 messages. */
static void undecodable_bytes_give_one_message(void **state)
{
    (void)state;
    char text[4096];
    size_t n = (size_t)sprintf(text, "insee,name\n");
    for (int i = 0; i < 19; i++)
        n += (size_t)sprintf(text + n, "460%02d,Caz\x81ls\n", i);
    assert_int_equal(refused("communes.csv", text, n, STATUS_PARSE,
        "communes.csv:2: invalid UTF-8 (byte 0x81 at character 10), and the file is "
        "not Windows-1252 French text either; 18 more lines have such bytes: save "
        "the file as \"CSV UTF-8\""), 10);
    struct csv_table *t;
    struct diag_list l;
    enum status st;

    /* Plain ASCII with one stray high byte: no French letter, so not
     * taken for Windows-1252. */
    st = read_text("communes.csv", "insee,name\n46069,Cazals\xa4\n", &t, &l);
    assert_int_equal(st, STATUS_PARSE);
    assert_int_equal(diag_list_errors(&l), 1);
    diag_list_free(&l);
}

/* UTF-8 on one line and Windows-1252 on another: no decoding is right
 * for both, so the file is refused, naming both lines. */
static void mixed_encodings_are_refused(void **state)
{
    (void)state;
    static const char text[] = "insee,name\n46069,Cézac\n46070,C\xe9zac\n";
    refused("communes.csv", text, sizeof text - 1, STATUS_PARSE,
        "communes.csv:3: invalid UTF-8 (byte 0xe9 at character 8) in a file that is "
        "UTF-8 elsewhere (line 2): parts were pasted from two sources: save the file "
        "as \"CSV UTF-8\"");
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "csv_table_read blocked on a FIFO\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(1);
}

/* A FIFO (or anything but a regular file) is refused at once: opening
 * one for reading used to block for ever, waiting for a writer. */
static void a_fifo_is_refused_without_blocking(void **state)
{
    (void)state;
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s", test_make_tmpdir());
    snprintf(path, sizeof path, "%s/demand.csv", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    signal(SIGALRM, on_alarm);
    alarm(10);
    struct csv_table *t = NULL;
    struct diag_list l;
    diag_list_init(&l);
    enum status st = csv_table_read(path, "demand.csv", &t, &l);
    alarm(0);
    assert_int_equal(st, STATUS_IO);
    assert_null(t);
    static const char *const expect[] = {
        "demand.csv: is a FIFO (named pipe), not a file: expected a CSV file", NULL,
    };
    assert_true(variant_expect(&l, expect));
    diag_list_free(&l);

    /* A folder with a file's name. */
    remove(path);
    assert_int_equal(mkdir(path, 0700), 0);
    diag_list_init(&l);
    st = csv_table_read(path, "demand.csv", &t, &l);
    assert_int_equal(st, STATUS_IO);
    static const char *const expect2[] = {
        "demand.csv: is a folder, not a file: expected a CSV file", NULL,
    };
    assert_true(variant_expect(&l, expect2));
    diag_list_free(&l);
    test_remove_tree(dir);
}

/* "Na\0me" used to be stored as "Na", silently. */
static void a_nul_byte_is_refused_with_its_place(void **state)
{
    (void)state;
    static const char bytes[] = "id,name\nA,Anne\nB,Na\0me\n";
    assert_int_equal(refused("staff.csv", bytes, sizeof bytes - 1, STATUS_PARSE,
        "staff.csv:3: column \"name\": a NUL byte (0x00) is in this cell: is it a "
        "text file? Save it as \"CSV UTF-8\""), 2);
}

/* Old Mac exports end lines with CR alone: every message said line 1. */
static void cr_only_line_ends_count_lines(void **state)
{
    (void)state;
    struct csv_table *t;
    struct diag_list l;
    enum status st = read_text("sites.csv",
        "id;name\rS1;\"Salle\rdes f\xc3\xaates\"\rS2;Mairie\r\rS3;Ecole\r", &t, &l);
    assert_int_equal(st, STATUS_OK);
    assert_int_equal(l.count, 0);
    assert_int_equal(t->separator, ';');
    assert_int_equal(t->n_rows, 3);
    assert_int_equal(t->rows[0].line, 2);
    assert_string_equal(t->rows[0].cells[1], "Salle\rdes fêtes");
    assert_int_equal(t->rows[1].line, 4);
    assert_int_equal(t->rows[2].line, 6);
    csv_table_free(t);
    diag_list_free(&l);

    /* And a bad byte on a CR-only line is placed on its line. */
    st = read_text("sites.csv", "id\rS1\rS\x81\r", &t, &l);
    assert_int_equal(st, STATUS_PARSE);
    assert_int_equal(l.items[0].line, 3);
    diag_list_free(&l);
}

/* The reader stops at its row limit with one message. */
static void rows_beyond_the_limit_are_refused(void **state)
{
    (void)state;
    size_t cap = 2u << 20;
    char *text = malloc(cap);
    size_t n = (size_t)sprintf(text, "a\n");
    for (int i = 0; i < 200001; i++)
        n += (size_t)sprintf(text + n, "%d\n", i % 10);
    refused("travel.csv", text, n, STATUS_INVALID,
        "travel.csv:200002: more than 200000 rows: a territory file is far smaller "
        "(see docs/input-format.md, size limits)");
    free(text);
}

static void french_headers_name_canonical_columns(void **state)
{
    (void)state;
    char key[64];
    csv_column_fold("  Heures d\xe2\x80\x99ouverture ", key, sizeof key);
    assert_string_equal(key, "heures_d_ouverture");
    csv_column_fold("CAPACITÉ", key, sizeof key);
    assert_string_equal(key, "capacite");
    csv_column_fold("Durée (minutes)", key, sizeof key);
    assert_string_equal(key, "duree_minutes");
    /* One word, two files, two columns. */
    assert_string_equal(csv_column_canonical("communes.csv", "commune"), "name");
    assert_string_equal(csv_column_canonical("sites.csv", "commune"), "commune");
    assert_string_equal(csv_column_canonical("staff.csv", "heures"), "weekly_hours");
    assert_string_equal(csv_column_canonical("services.csv", "heures"), "hours");
    assert_string_equal(csv_column_canonical("sites.csv", "commentaire"), "comment");
    assert_string_equal(csv_column_canonical("sites.csv", "xyz"), "xyz");

    struct csv_table *t;
    struct diag_list l;
    enum status st = read_text("sites.csv",
        "Identifiant;NOM;Capacité;Horaires d'ouverture;Type\nS1;Mairie;30;;mairie\n",
        &t, &l);
    assert_int_equal(st, STATUS_OK);
    assert_int_equal(csv_table_column(t, "id"), 0);
    assert_int_equal(csv_table_column(t, "name"), 1);
    assert_int_equal(csv_table_column(t, "capacity"), 2);
    assert_int_equal(csv_table_column(t, "opening"), 3);
    assert_int_equal(csv_table_column(t, "kind"), 4);
    assert_int_equal(csv_table_column(t, "tags"), -1);
    assert_string_equal(t->header[2], "Capacité");   /* kept as written */
    csv_table_free(t);
    diag_list_free(&l);
}

/* docs/input-format.md lists the program's table of French column
 * names exactly: every row of its table is csv_columns.c's, and every
 * column of every file that has French names has its row. */
static void the_documented_french_names_are_the_programs(void **state)
{
    (void)state;
    FILE *f = fopen(test_source_path("docs/input-format.md"), "r");
    assert_non_null(f);
    char line[2048];
    size_t rows = 0;
    bool in_table = false;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "| file | column | also accepted |", 33)) {
            in_table = true;
            continue;
        }
        if (!in_table || !strncmp(line, "|---", 4))
            continue;
        if (line[0] != '|')
            break;
        char file[64], column[64], listed[1024];
        assert_int_equal(sscanf(line, "| %63[^|] | `%63[^`]` | %1023[^\n]", file,
                                column, listed), 3);
        file[strcspn(file, " ")] = '\0';
        /* "`nom`, `libelle` |" -> "nom, libelle" */
        char want[1024];
        size_t n = 0;
        for (const char *p = listed; *p && *p != '|'; p++)
            if (*p != '`')
                want[n++] = *p;
        while (n && want[n - 1] == ' ')
            n--;
        want[n] = '\0';
        char have[1024];
        csv_column_aliases(strcmp(file, "every") ? file : "any.csv", column, have,
                           sizeof have);
        if (strcmp(have, want))
            print_error("%s %s: documented \"%s\", program \"%s\"\n", file, column,
                        want, have);
        assert_string_equal(have, want);
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 88);
}

/* Issue 17: French aliases for every column.  Each column the loader
 * knows, in every territory file, has at least one French name, and
 * that name read as a header means the column. */
static void every_column_has_a_french_name(void **state)
{
    (void)state;
    static const char *const files[] = {"settings.csv", "communes.csv", "sites.csv",
                                        "staff.csv", "vehicles.csv", "services.csv",
                                        "targets.csv", "travel.csv", "demand.csv"};
    size_t columns = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const char *const *col = load_known_columns(files[i]);
        assert_non_null(col);
        for (; *col; col++, columns++) {
            char have[1024], first[64];
            csv_column_aliases(files[i], *col, have, sizeof have);
            if (!have[0])
                print_error("%s: column %s has no French name\n", files[i], *col);
            assert_true(have[0] != '\0');
            snprintf(first, sizeof first, "%.*s", (int)strcspn(have, ","), have);
            assert_string_equal(csv_column_canonical(files[i], first), *col);
        }
    }
    assert_int_equal(columns, 96);
    assert_null(load_known_columns("plan.csv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(windows_1252_is_read_with_one_notice),
        cmocka_unit_test(undecodable_bytes_give_one_message),
        cmocka_unit_test(mixed_encodings_are_refused),
        cmocka_unit_test(a_fifo_is_refused_without_blocking),
        cmocka_unit_test(a_nul_byte_is_refused_with_its_place),
        cmocka_unit_test(cr_only_line_ends_count_lines),
        cmocka_unit_test(rows_beyond_the_limit_are_refused),
        cmocka_unit_test(french_headers_name_canonical_columns),
        cmocka_unit_test(the_documented_french_names_are_the_programs),
        cmocka_unit_test(every_column_has_a_french_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
