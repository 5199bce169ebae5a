/* cal_stub.c -- placeholder until the calendars library lands. */
typedef int cal_stub_unused;
