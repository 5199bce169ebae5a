/* store_schema.c -- being written. */
typedef int store_schema_unused;
