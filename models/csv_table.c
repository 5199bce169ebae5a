/* csv_table.c -- being written. */
typedef int csv_table_unused;
