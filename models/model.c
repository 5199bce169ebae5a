/* model.c -- being written. */
typedef int model_unused;
