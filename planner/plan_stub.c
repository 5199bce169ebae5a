/* plan_stub.c -- placeholder until the planner library lands. */
typedef int plan_stub_unused;
