/* fields.c -- being written. */
typedef int fields_unused;
