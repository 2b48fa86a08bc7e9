/* bench-analyses.c: every analysis on a million simulated customers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Simulates the sample business (1,000,000 customers over 24 months unless
 * told otherwise), then runs each analysis once and prints its time and
 * its own peak resident memory above the dataset.
 *
 *   bench-analyses [--customers N] [--months M]
 */

#include <cxvalue.h>

#include "bench-common.h"

typedef gboolean (*RunFunc) (gpointer analysis, GCancellable *cancellable, GError **error);

static void
measure (const char *name, gpointer analysis, RunFunc run, gsize dataset_kib)
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  double seconds;

  bench_reset_peak ();
  start = g_get_monotonic_time ();
  if (!run (analysis, NULL, &error))
    g_error ("%s failed: %s", name, error->message);
  seconds = bench_seconds_since (start);
  g_print ("%-11s %7.3f s   peak %6.0f MB above the dataset\n", name, seconds,
           ((double) bench_status_kib ("VmHWM:") - (double) dataset_kib) / 1024.0);
}

int
main (int argc, char *argv[])
{
  guint customers = 1000000, months = 24;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, "Customers to simulate", "N" },
    { "months", 0, 0, G_OPTION_ARG_INT, &months, "Months to simulate", "M" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- analyses benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvSimulator) simulator = cxv_simulator_new ();
  g_autoptr(CxvDataset) ds = NULL;
  g_autoptr(CxvLedger) ledger = NULL;
  g_autoptr(CxvCohorts) cohorts = NULL;
  g_autoptr(CxvIndicators) indicators = NULL;
  g_autoptr(CxvQore) qore = NULL;
  g_autoptr(CxvRevenueQuality) quality = NULL;
  gsize events = 0, dataset_kib;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  cxv_simulator_set_n_customers (simulator, customers);
  cxv_simulator_set_n_months (simulator, months);
  start = g_get_monotonic_time ();
  ds = cxv_simulator_run (simulator, NULL, &error);
  if (ds == NULL)
    g_error ("simulation failed: %s", error->message);
  for (guint k = CXV_RECORD_HOLDING; k < CXV_RECORD_INITIATIVE; k++)
    events += cxv_dataset_get_n_records (ds, k);
  dataset_kib = bench_status_kib ("VmRSS:");
  g_print ("simulated   %u customers, %u months, %" G_GSIZE_FORMAT " events in %.2f s "
           "(%.0f MB resident)\n", customers, months, events, bench_seconds_since (start),
           dataset_kib / 1024.0);

  ledger = cxv_ledger_new (ds);
  cohorts = cxv_cohorts_new (ds);
  indicators = cxv_indicators_new (ds);
  qore = cxv_qore_new (ds);
  quality = cxv_revenue_quality_new (ds);
  measure ("ledger", ledger, (RunFunc) (void (*) (void)) cxv_ledger_run, dataset_kib);
  measure ("cohorts", cohorts, (RunFunc) (void (*) (void)) cxv_cohorts_run, dataset_kib);
  measure ("indicators", indicators, (RunFunc) (void (*) (void)) cxv_indicators_run, dataset_kib);
  measure ("qore", qore, (RunFunc) (void (*) (void)) cxv_qore_run, dataset_kib);
  measure ("rev-quality", quality, (RunFunc) (void (*) (void)) cxv_revenue_quality_run,
           dataset_kib);
  return 0;
}
