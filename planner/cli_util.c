/* cli_util.c -- printing and exit-code helpers shared by the commands. */
#include <stdarg.h>
#include <stdio.h>
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
