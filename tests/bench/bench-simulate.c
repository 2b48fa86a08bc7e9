/* bench-simulate.c: simulator throughput and memory per record
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Simulates a dataset (1,000,000 customers over 24 months unless told
 * otherwise) with CxvSimulator, sealing included, and prints the seconds
 * (wall, and the CPU time in user space and in the kernel: the kernel's
 * share is mostly first-touch page faults of the growing columns), the
 * records of each kind, events per second, and the resident bytes per
 * event the dataset added.
 *
 *   bench-simulate [--customers N] [--months M] [--seed S]
 */

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <cxvalue.h>

#include "bench-common.h"

static double
cpu_seconds (gboolean user)
{
  struct rusage usage;
  const struct timeval *tv = user ? &usage.ru_utime : &usage.ru_stime;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return tv->tv_sec + tv->tv_usec / 1e6;
}

int
main (int argc, char *argv[])
{
  static const char *const names[CXV_N_RECORD_KINDS] = {
    "customers", "products", "holdings", "revenue", "interactions", "feedback", "usage",
    "referrals", "initiatives",
  };
  gint64 customers = 1000000, months = 24, seed = 42;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT64, &customers, "Customers to simulate", "N" },
    { "months", 0, 0, G_OPTION_ARG_INT64, &months, "Months in the window", "M" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- simulator benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvSimulator) sim = NULL;
  g_autoptr(CxvDataset) ds = NULL;
  guint64 n_records = 0, n_events = 0;
  gsize rss_before, rss_after, hwm;
  double seconds, user, sys;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      customers < 0 || customers > 100000000 || months < 1 || months > 1200 || seed < 0)
    {
      g_printerr ("%s\n", error ? error->message
                                : "--customers must be 0 to 100000000, --months 1 to 1200, "
                                  "--seed not negative");
      return 2;
    }

  sim = g_object_new (CXV_TYPE_SIMULATOR, "n-customers", (guint) customers,
                      "n-months", (guint) months, "seed", (guint64) seed, NULL);

  rss_before = bench_status_kib ("VmRSS:");
  user = cpu_seconds (TRUE);
  sys = cpu_seconds (FALSE);
  start = g_get_monotonic_time ();
  ds = cxv_simulator_run (sim, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  user = cpu_seconds (TRUE) - user;
  sys = cpu_seconds (FALSE) - sys;
  if (ds == NULL)
    {
      g_printerr ("simulation failed: %s\n", error->message);
      return 1;
    }
  rss_after = bench_status_kib ("VmRSS:");
  hwm = bench_status_kib ("VmHWM:");

  g_print ("simulated   %" G_GINT64_FORMAT " customers x %" G_GINT64_FORMAT " months, "
           "seed %" G_GINT64_FORMAT ", in %.2f s (sealing included; CPU %.2f s user, "
           "%.2f s system)\n", customers, months, seed, seconds, user, sys);
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      guint n = cxv_dataset_get_n_records (ds, k);

      g_print ("  %-13s %12u  (%2" G_GSIZE_FORMAT " bytes each)\n", names[k], n,
               cxv_dataset_get_record_size (k));
      n_records += n;
      if (k != CXV_RECORD_CUSTOMER && k != CXV_RECORD_PRODUCT && k != CXV_RECORD_INITIATIVE)
        n_events += n;
    }
  g_print ("events      %" G_GUINT64_FORMAT " (all records %" G_GUINT64_FORMAT ")\n",
           n_events, n_records);
  g_print ("speed       %.1f M events/s\n", seconds > 0 ? n_events / seconds / 1e6 : 0.0);
  if (rss_after > 0 && n_events > 0)
    g_print ("resident    %.1f MB for the dataset, %.1f bytes per event "
             "(peak %.1f MB for the process)\n",
             (double) (rss_after - MIN (rss_before, rss_after)) * 1024 / 1e6,
             (double) (rss_after - MIN (rss_before, rss_after)) * 1024 / n_events,
             hwm * 1024 / 1e6);
  return 0;
}
