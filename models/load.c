/* load.c -- being written. */
typedef int load_unused;
