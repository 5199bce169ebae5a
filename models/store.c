/* store.c -- being written. */
typedef int store_unused;
