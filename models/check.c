/* check.c -- being written. */
typedef int check_unused;
