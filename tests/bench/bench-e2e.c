/* bench-e2e.c: the libcxvalue side of the end-to-end benchmark
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   bench-e2e CSV-DIR OUT-DIR
 *
 * Imports the CSV files `cxvalue simulate --csv-dir` writes, seals the
 * dataset and runs the ledger, cohorts, indicators, QoRE, quality of
 * revenue and attribution with their default settings, one after the
 * other, except that attribution's bootstrap interval is off, as the
 * pandas reference computes none. Every result table goes to OUT-DIR/ANALYSIS-TABLE.json (the
 * column types travel with it, so the pandas side can compare money to
 * the cent), and one line per stage to OUT-DIR/stages.tsv: the stage, its
 * wall time in seconds and its own peak resident memory in KiB. The
 * driver, bench-pandas.py, runs this program and compares. Last, the six
 * analyses run again all at once on the sealed dataset (stage
 * "parallel"), and their tables must equal the sequential ones.
 */

#include "config.h"

#include <stdlib.h>

#include <cxvalue.h>

#include "bench-common.h"

typedef struct
{
  const char *analysis;
  GObject *(*create) (CxvDataset *dataset);
  gboolean (*run) (gpointer self, GCancellable *cancellable, GError **error);
  void (*run_async) (gpointer self, GCancellable *cancellable, GAsyncReadyCallback callback,
                     gpointer user_data);
  gboolean (*run_finish) (gpointer self, GAsyncResult *result, GError **error);
  struct { const char *name; CxvTable *(*get) (gpointer self); } tables[4];
} Stage;

/* Every analysis has the same shape (new, run, getters); the casts go
 * through GCallback, as GObject's own signal code does, to call them from
 * one table. */
#define STAGE_NEW(fn) ((GObject *(*) (CxvDataset *)) G_CALLBACK (fn))
#define STAGE_RUN(fn) ((gboolean (*) (gpointer, GCancellable *, GError **)) G_CALLBACK (fn))
#define STAGE_GET(fn) ((CxvTable *(*) (gpointer)) G_CALLBACK (fn))
#define STAGE_ASYNC(prefix) \
  ((void (*) (gpointer, GCancellable *, GAsyncReadyCallback, gpointer)) G_CALLBACK (prefix##_async)), \
  ((gboolean (*) (gpointer, GAsyncResult *, GError **)) G_CALLBACK (prefix##_finish))

static const Stage stages[] = {
  { "ledger", STAGE_NEW (cxv_ledger_new), STAGE_RUN (cxv_ledger_run),
    STAGE_ASYNC (cxv_ledger_run),
    { { "periods", STAGE_GET (cxv_ledger_get_periods) },
      { "departures", STAGE_GET (cxv_ledger_get_departures) },
      { "experiences", STAGE_GET (cxv_ledger_get_experiences) },
      { "findings", STAGE_GET (cxv_ledger_get_findings) } } },
  { "cohorts", STAGE_NEW (cxv_cohorts_new), STAGE_RUN (cxv_cohorts_run),
    STAGE_ASYNC (cxv_cohorts_run),
    { { "retention", STAGE_GET (cxv_cohorts_get_retention) },
      { "new_customers", STAGE_GET (cxv_cohorts_get_new_customers) },
      { "segments", STAGE_GET (cxv_cohorts_get_segments) } } },
  { "indicators", STAGE_NEW (cxv_indicators_new), STAGE_RUN (cxv_indicators_run),
    STAGE_ASYNC (cxv_indicators_run),
    { { "scores", STAGE_GET (cxv_indicators_get_scores) },
      { "say_do", STAGE_GET (cxv_indicators_get_say_do) } } },
  { "qore", STAGE_NEW (cxv_qore_new), STAGE_RUN (cxv_qore_run),
    STAGE_ASYNC (cxv_qore_run),
    { { "customers", STAGE_GET (cxv_qore_get_customers) },
      { "tiers", STAGE_GET (cxv_qore_get_tiers) },
      { "products", STAGE_GET (cxv_qore_get_products) } } },
  { "revenue_quality", STAGE_NEW (cxv_revenue_quality_new), STAGE_RUN (cxv_revenue_quality_run),
    STAGE_ASYNC (cxv_revenue_quality_run),
    { { "periods", STAGE_GET (cxv_revenue_quality_get_periods) },
      { "summary", STAGE_GET (cxv_revenue_quality_get_summary) } } },
  { "attribution", STAGE_NEW (cxv_attribution_new), STAGE_RUN (cxv_attribution_run),
    STAGE_ASYNC (cxv_attribution_run),
    { { "summary", STAGE_GET (cxv_attribution_get_summary) },
      { "initiatives", STAGE_GET (cxv_attribution_get_initiatives) },
      { "comparison", STAGE_GET (cxv_attribution_get_comparison) } } },
};

/* In the order an import needs them: ids are declared before use. */
static const char *const stems[] = {
  "initiatives", "products", "customers", "holdings", "revenue", "interactions", "feedback",
  "usage", "referrals",
};

static void record (GString *tsv, const char *stage, gint64 start);

/* An analysis with its default settings, but for the bootstrap: the pandas
 * reference has none, so neither side resamples. */
static GObject *
create_analysis (const Stage *stage, CxvDataset *dataset)
{
  GObject *analysis = stage->create (dataset);

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (analysis), "bootstrap-samples"))
    g_object_set (analysis, "bootstrap-samples", 0u, NULL);
  return analysis;
}

typedef struct
{
  guint    pending;
  GError  *error;
} Parallel;

static void
parallel_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Parallel *p = user_data;
  const Stage *stage = g_object_get_data (source, "bench-stage");
  GError *error = NULL;

  if (!stage->run_finish (source, result, &error))
    {
      if (p->error == NULL)
        p->error = error;
      else
        g_error_free (error);
    }
  p->pending--;
  g_main_context_wakeup (NULL);
}

/* The six analyses at once, each in a worker thread of GTask's pool, on
 * the sealed dataset; their tables must equal the sequential run's. */
static gboolean
run_parallel (CxvDataset *dataset, const char *out_dir, GString *tsv, GError **error)
{
  GObject *analyses[G_N_ELEMENTS (stages)];
  Parallel p = { 0, NULL };
  gint64 start = g_get_monotonic_time ();
  gboolean same = TRUE;

  bench_reset_peak ();
  for (guint s = 0; s < G_N_ELEMENTS (stages); s++)
    {
      analyses[s] = create_analysis (&stages[s], dataset);
      g_object_set_data (analyses[s], "bench-stage", (gpointer) &stages[s]);
      p.pending++;
      stages[s].run_async (analyses[s], NULL, parallel_done, &p);
    }
  while (p.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  record (tsv, "parallel", start);

  for (guint s = 0; s < G_N_ELEMENTS (stages) && p.error == NULL; s++)
    for (guint t = 0; t < G_N_ELEMENTS (stages[s].tables) && stages[s].tables[t].name != NULL; t++)
      {
        g_autofree char *file_name = g_strdup_printf ("%s-%s.json", stages[s].analysis,
                                                      stages[s].tables[t].name);
        g_autofree char *path = g_build_filename (out_dir, file_name, NULL);
        g_autofree char *saved = NULL;
        g_autofree char *now = cxv_table_to_json (stages[s].tables[t].get (analyses[s]), FALSE);

        if (!g_file_get_contents (path, &saved, NULL, error))
          same = FALSE;
        else if (g_strcmp0 (g_strstrip (saved), g_strstrip (now)) != 0)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "%s: the parallel run differs from the sequential one", file_name);
            same = FALSE;
          }
      }
  for (guint s = 0; s < G_N_ELEMENTS (stages); s++)
    g_object_unref (analyses[s]);
  if (p.error != NULL)
    {
      g_propagate_error (error, p.error);
      return FALSE;
    }
  return same;
}

static void
record (GString *tsv, const char *stage, gint64 start)
{
  double seconds = bench_seconds_since (start);
  gsize peak = bench_status_kib ("VmHWM:");

  g_string_append_printf (tsv, "%s\t%.3f\t%" G_GSIZE_FORMAT "\n", stage, seconds, peak);
  printf ("%-16s %8.2f s %10.1f MiB\n", stage, seconds, peak / 1024.0);
  fflush (stdout);
}

static gboolean
save_table (CxvTable *table, const char *out_dir, const char *analysis, const char *name,
            GError **error)
{
  g_autofree char *file_name = g_strdup_printf ("%s-%s.json", analysis, name);
  g_autofree char *path = g_build_filename (out_dir, file_name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;
  return cxv_table_write_json (table, G_OUTPUT_STREAM (stream), FALSE, NULL, error)
         && g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(GString) tsv = g_string_new (NULL);
  g_autofree char *tsv_path = NULL;
  const char *csv_dir, *out_dir;
  gint64 start;

  if (argc != 3)
    {
      g_printerr ("usage: bench-e2e CSV-DIR OUT-DIR\n");
      return 2;
    }
  csv_dir = argv[1];
  out_dir = argv[2];
  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      g_printerr ("%s: cannot create the directory\n", out_dir);
      return 1;
    }

  start = g_get_monotonic_time ();
  bench_reset_peak ();
  dataset = cxv_dataset_new ("USD", &error);
  for (guint i = 0; i < G_N_ELEMENTS (stems); i++)
    {
      g_autofree char *preset = g_strconcat ("cxvalue-", stems[i], NULL);
      g_autofree char *name = g_strconcat (stems[i], ".csv", NULL);
      g_autofree char *path = g_build_filename (csv_dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new_preset (preset, &error);
      g_autoptr(CxvCsvImporter) importer = NULL;

      if (mapping == NULL)
        goto failed;
      importer = cxv_csv_importer_new (dataset, mapping);
      if (!cxv_csv_importer_import_file (importer, file, NULL, &error))
        goto failed;
    }
  record (tsv, "import", start);

  start = g_get_monotonic_time ();
  bench_reset_peak ();
  if (!cxv_dataset_seal (dataset, &error))
    goto failed;
  record (tsv, "seal", start);
  printf ("%-16s %u revenue events, %u customers\n", "records",
          cxv_dataset_get_n_records (dataset, CXV_RECORD_REVENUE),
          cxv_dataset_get_n_records (dataset, CXV_RECORD_CUSTOMER));

  for (guint s = 0; s < G_N_ELEMENTS (stages); s++)
    {
      const Stage *stage = &stages[s];
      g_autoptr(GObject) analysis = NULL;

      start = g_get_monotonic_time ();
      bench_reset_peak ();
      analysis = create_analysis (stage, dataset);
      if (!stage->run (analysis, NULL, &error))
        goto failed;
      record (tsv, stage->analysis, start);
      for (guint t = 0; t < G_N_ELEMENTS (stage->tables) && stage->tables[t].name != NULL; t++)
        if (!save_table (stage->tables[t].get (analysis), out_dir, stage->analysis,
                         stage->tables[t].name, &error))
          goto failed;
    }
  if (!run_parallel (dataset, out_dir, tsv, &error))
    goto failed;
  g_string_append_printf (tsv, "revenue_events\t%u\t0\n",
                          cxv_dataset_get_n_records (dataset, CXV_RECORD_REVENUE));
  tsv_path = g_build_filename (out_dir, "stages.tsv", NULL);
  if (!g_file_set_contents (tsv_path, tsv->str, -1, &error))
    goto failed;
  return 0;

failed:
  g_printerr ("bench-e2e: %s\n", error->message);
  return 1;
}
