/* main.c -- the `planner` command-line program.
 *
 * Dispatches `planner COMMAND [options]` to cmd_<command>() (one file per
 * command, see cli.h).  Process-wide switches of the libraries we use are
 * set here and nowhere else (shared/STYLE.md: no global mutable state in
 * the libraries). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef PLANNER_VERSION
#define PLANNER_VERSION "0.1.0"
#endif

/* The command table, in the order `planner --help` shows it. */
static const struct cli_command commands[] = {
    {"plan", "the whole job: check, plan, verify, write sessions, feeds, summary", cmd_plan},
    {"solve", "plan a horizon for a scenario of a project file (GLPK MIP)", cmd_solve},
    {"init", "create a project file from a territory folder", cmd_init},
    {"import", "re-import a territory folder (updates what changed)", cmd_import},
    {"check", "validate the territory and print a short summary", cmd_check},
    {"scenario", "list or copy scenarios of the project file", cmd_scenario},
    {"verify", "check a stored or hand-edited plan against every hard rule", cmd_verify},
    {"export", "write a stored plan as CSV or JSON", cmd_export},
    {"feeds", "publish a stored plan as iCalendar feeds", cmd_feeds},
    {"holidays", "import or list school holidays (Ministry iCalendar files)", cmd_holidays},
    {"busy", "import leave or room bookings from an iCalendar file", cmd_busy},
    {"compare", "compare scenarios side by side, in French (text, JSON, HTML, PDF)", cmd_compare},
    {"report", "the report for élus and a poster per commune (HTML, PDF)", cmd_report},
};

static void print_help(FILE *out)
{
    fprintf(out,
            "usage: planner COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "Plans itinerant public services (haltes-jeux, permanences, France\n"
            "Services, minibus runs) over the communes of a territory, and\n"
            "publishes them as iCalendar feeds.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "Run 'planner COMMAND --help' for the options of a command.\n"
            "Exit status: 0 done, 1 failure (I/O, database, solver),\n"
            "2 input refused (usage or data errors), 3 plan made with unmet\n"
            "requirements or violations.  See docs/cli.md.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return EXIT_BAD_INPUT;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            /* planner help COMMAND == planner COMMAND --help */
            for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
                if (!strcmp(argv[2], commands[i].name)) {
                    char *args[] = {argv[2], (char *)"--help", NULL};
                    return commands[i].run(2, args);
                }
        }
        print_help(stdout);
        return EXIT_OK_;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        printf("planner %s\n", PLANNER_VERSION);
        return EXIT_OK_;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(name, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "planner: unknown command \"%s\"; run 'planner --help'\n",
            name);
    return EXIT_BAD_INPUT;
}
