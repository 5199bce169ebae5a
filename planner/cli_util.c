/* cli_util.c -- printing and exit-code helpers shared by the commands. */
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

void cli_print_diag(const struct diag *d)
{
    char buf[1024];
    diag_format(d, buf, sizeof buf);
    fprintf(stderr, "planner: %s\n", buf);
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "planner %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_exit_for(enum status st)
{
    switch (st) {
    case STATUS_OK: return EXIT_OK_;
    case STATUS_PARSE:
    case STATUS_INVALID:
    case STATUS_NOTFOUND:
    case STATUS_MISSING_DATA: return EXIT_BAD_INPUT;
    default: return EXIT_FAIL;
    }
}

int cli_is_tty(FILE *f)
{
    return isatty(fileno(f));
}

int cli_load_territory(const char *cmd, const char *dir,
                       const char *consequence, struct model **out)
{
    *out = NULL;
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        cli_error(cmd, "%s is not a folder: expected a territory folder of CSV "
                  "files", dir);
        return EXIT_BAD_INPUT;
    }
    struct diag_list problems;
    diag_list_init(&problems);
    enum status st = model_load_dir(dir, out, &problems);
    diag_list_print(&problems, stderr);
    if (st != STATUS_OK)
        fprintf(stderr, "planner %s: %zu problem(s) in %s; %s\n", cmd,
                diag_list_errors(&problems), dir, consequence);
    diag_list_free(&problems);
    return cli_exit_for(st);
}
