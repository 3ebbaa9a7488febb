/* bench-common.h: the benchmark catalog, shared by the catalog and window benchmarks
 *
 * Copyright 2026 The TuneMantra Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tm-catalog.h"

G_BEGIN_DECLS

#define BENCH_RELEASES      10000
#define BENCH_TRACKS_EACH   12
#define BENCH_PLATFORMS     10

typedef struct
{
  double seconds;       /* of the wall clock, from start to exit */
  double cpu;           /* user and system */
  gint64 max_rss_kb;    /* its own peak */
  double machine_cpu;   /* busy time of all the machine's processors meanwhile: its
                         * own, and the servers' and proxies' working for it */
} BenchUsage;

void       bench_launcher_start (void);
BenchUsage bench_run_measured   (const char * const *argv,
                                 const char         *catalog,
                                 const char         *state);

void   bench_build_catalog (const char *path);
double bench_median        (double     *samples,
                            guint       n);
gint64 bench_status_kb     (const char *key);

G_END_DECLS
