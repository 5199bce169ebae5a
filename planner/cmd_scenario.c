#include "cli.h"
int cmd_scenario(int argc, char **argv) { (void)argc; (void)argv; return 1; }
