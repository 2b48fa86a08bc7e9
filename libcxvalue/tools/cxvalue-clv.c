/* cxvalue-clv.c: `cxvalue clv`, lifetime-value models from the command line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxvalue-cli.h"

/* The input of an analysis: one dataset file, or CSV files read through a
 * mapping into a new dataset, sealed. */
CxvDataset *
read_input (const char  *mapping_name,
            char       **files,
            int         *status)
{
  g_autoptr(CxvColumnMapping) mapping = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  const char *currency;

  if (files == NULL || files[0] == NULL)
    {
      *status = usage_error ("give a dataset file, or CSV files with --mapping");
      return NULL;
    }
  if (mapping_name == NULL)
    {
      if (files[1] != NULL)
        {
          *status = usage_error ("give one dataset file, or CSV files with --mapping");
          return NULL;
        }
      return open_dataset (files[0], status);
    }

  mapping = load_mapping (mapping_name, &error);
  if (mapping == NULL || !cxv_column_mapping_validate (mapping, &error))
    {
      *status = fail_with_file (mapping_name, error);
      return NULL;
    }
  currency = cxv_column_mapping_get_currency (mapping);
  dataset = cxv_dataset_new (currency != NULL ? currency : "USD", &error);
  if (dataset == NULL)
    {
      *status = fail ("%s", error->message);
      return NULL;
    }
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(CxvCsvImporter) importer = cxv_csv_importer_new (dataset, mapping);
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);

      if (!g_file_test (files[i], G_FILE_TEST_IS_REGULAR))
        {
          *status = fail ("%s: no such file", files[i]);
          return NULL;
        }
      if (!cxv_csv_importer_import_file (importer, file, NULL, &error))
        {
          *status = fail_with_file (files[i], error);
          return NULL;
        }
    }
  if (!cxv_dataset_seal (dataset, &error))
    {
      *status = fail ("%s", error->message);
      return NULL;
    }
  return g_steal_pointer (&dataset);
}

typedef enum
{
  MODEL_SBG,
  MODEL_BGNBD,
  MODEL_PARETO_NBD,
  MODEL_GAMMA_GAMMA,
} ModelName;

static const char *const model_names[] = { "sbg", "bgnbd", "pareto-nbd", "gamma-gamma" };

static gboolean
parse_model (const char *text, ModelName *model)
{
  for (guint i = 0; i < G_N_ELEMENTS (model_names); i++)
    if (g_strcmp0 (text, model_names[i]) == 0)
      {
        *model = (ModelName) i;
        return TRUE;
      }
  return FALSE;
}

static CxvClvModel *
new_model (ModelName name)
{
  switch (name)
    {
    case MODEL_SBG:
      return CXV_CLV_MODEL (cxv_clv_sbg_new ());
    case MODEL_BGNBD:
      return CXV_CLV_MODEL (cxv_clv_bgnbd_new ());
    case MODEL_PARETO_NBD:
      return CXV_CLV_MODEL (cxv_clv_pareto_nbd_new ());
    case MODEL_GAMMA_GAMMA:
    default:
      return CXV_CLV_MODEL (cxv_clv_gamma_gamma_new ());
    }
}

/* "1000,869,743": whole numbers, at least two. */
static GArray *
parse_survival (const char *text, char **problem)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      guint64 value;
      char *end = NULL;

      errno = 0;
      value = g_ascii_strtoull (part, &end, 10);
      if (*part == '\0' || *part == '-' || *part == '+' || end == NULL || *end != '\0'
          || errno != 0 || value > G_MAXUINT)
        {
          *problem = g_strdup_printf ("--survival: “%s” (value %u) is not a whole number of "
                                      "customers", part, i + 1);
          return NULL;
        }
      guint v = (guint) value;
      g_array_append_val (values, v);
    }
  return g_steal_pointer (&values);
}

/* One value per parameter, by name: the estimates or their standard
 * errors. */
static void
write_per_param_json (JsonWriter  *w,
                      const char  *key,
                      CxvClvModel *model,
                      double     (*value) (CxvClvModel *model, const char *name))
{
  json_open (w, key, '{');
  for (guint i = 0; i < cxv_clv_model_get_n_params (model); i++)
    {
      const char *name = cxv_clv_model_get_param_name (model, i);

      json_double (w, name, value (model, name));
    }
  json_close (w, '}');
}

static void
write_fit_text (GString *out, CxvClvModel *model, gsize n_customers, CxvClvSummary *summary)
{
  static const char *const titles[] = {
    "sBG (shifted beta-geometric)", "BG/NBD", "Pareto/NBD", "Gamma-Gamma spend",
  };
  ModelName name = MODEL_SBG;

  parse_model (cxv_clv_model_get_name (model), &name);
  g_string_append_printf (out, "%s model, fitted by maximum likelihood\n\n", titles[name]);
  if (summary != NULL)
    {
      static const char *const units[] = { "days", "weeks", "months", "years" };

      g_string_append_printf (out, "Customers: %" G_GSIZE_FORMAT " (%" G_GSIZE_FORMAT
                              " repeat buyers); time in %s\n",
                              cxv_clv_summary_get_n_customers (summary),
                              cxv_clv_summary_get_n_repeat_buyers (summary),
                              units[cxv_clv_summary_get_time_unit (summary)]);
    }
  g_string_append_printf (out, "Fitted on: %" G_GSIZE_FORMAT "\n", n_customers);
  g_string_append_printf (out, "Log-likelihood: %.4f after %u iterations (converged)\n",
                          cxv_clv_model_get_log_likelihood (model),
                          cxv_clv_model_get_iterations (model));
  if (!cxv_clv_model_get_identified (model))
    g_string_append (out, "Not identified: an estimate ran off towards a boundary (no standard "
                          "error), so only\nsome combinations of the parameters mean "
                          "something.\n");
  g_string_append_c (out, '\n');
  render_table (out, cxv_clv_model_get_params_table (model));
}

static int
clv_fit (int argc, char **argv)
{
  g_autofree char *model_text = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *calibration_end = NULL;
  g_autofree char *time_unit_text = NULL;
  g_autofree char *survival = NULL;
  g_auto(GStrv) files = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_STRING, &model_text,
      "sbg, bgnbd, pareto-nbd or gamma-gamma", "MODEL" },
    { "mapping", 'm', 0, G_OPTION_ARG_STRING, &mapping,
      "Read CSV files with MAPPING (JSON file or preset)", "MAPPING" },
    { "calibration-end", 0, 0, G_OPTION_ARG_STRING, &calibration_end,
      "Last day of calibration (default: the last purchase)", "YYYY-MM-DD" },
    { "time-unit", 0, 0, G_OPTION_ARG_STRING, &time_unit_text,
      "day, week (default), month or year", "UNIT" },
    { "survival", 0, 0, G_OPTION_ARG_STRING, &survival,
      "sbg: customers active at the start of each period", "N0,N1,…" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvClvModel) model = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(CxvClvSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int unit_value = CXV_TIME_UNIT_WEEK;
  ModelName name;
  int status;

  context = new_context ("--model MODEL [--mapping MAPPING] FILE… | --model sbg --survival LIST",
                         "Fit a lifetime-value model by maximum likelihood and print its "
                         "parameters,\nstandard errors and log-likelihood.",
                         "bgnbd and pareto-nbd model purchases, gamma-gamma the spend of repeat\n"
                         "buyers; they read a dataset file, or CSV files through --mapping. sbg\n"
                         "models contract renewals from a survival series.\n\n"
                         "Examples:\n"
                         "  cxvalue clv fit --model bgnbd --mapping cdnow CDNOW_sample.txt \\\n"
                         "      --calibration-end 1997-09-30 --time-unit week --json\n"
                         "  cxvalue clv fit --model sbg --survival 1000,869,743,653,593,551,"
                         "517,491",
                         entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;

  if (model_text == NULL)
    return usage_error ("say which model to fit with --model");
  if (!parse_model (model_text, &name))
    return usage_error ("--model: “%s” is not sbg, bgnbd, pareto-nbd or gamma-gamma",
                        model_text);
  if (time_unit_text != NULL && !parse_nick (CXV_TYPE_TIME_UNIT, time_unit_text, &unit_value))
    return usage_error ("--time-unit: “%s” is not day, week, month or year", time_unit_text);
  model = new_model (name);

  if (name == MODEL_SBG)
    {
      g_autoptr(GArray) series = NULL;
      g_autofree char *problem = NULL;

      if (survival == NULL)
        return usage_error ("the sbg model needs --survival N0,N1,…");
      if (files != NULL || mapping != NULL || calibration_end != NULL || time_unit_text != NULL)
        return usage_error ("the sbg model reads --survival only, not files, dates or time units");
      series = parse_survival (survival, &problem);
      if (series == NULL)
        return usage_error ("%s", problem);
      if (series->len < 2)
        return usage_error ("--survival: give the cohort's size and at least one more period");
      if (!cxv_clv_sbg_fit_survival (CXV_CLV_SBG (model), (const guint *) series->data,
                                     series->len, &error))
        return fail ("--survival: %s", error->message);
    }
  else
    {
      if (survival != NULL)
        return usage_error ("--survival is for the sbg model only");
      dataset = read_input (mapping, files, &status);
      if (dataset == NULL)
        return status;
      summary = cxv_clv_summary_new (dataset);
      cxv_clv_summary_set_time_unit (summary, (CxvTimeUnit) unit_value);
      if (calibration_end != NULL)
        {
          CxvDate date;

          if (!cxv_date_parse_iso8601 (calibration_end, &date, &error))
            return usage_error ("--calibration-end: %s", error->message);
          cxv_clv_summary_set_calibration_end (summary, date);
        }
      if (!cxv_clv_summary_run (summary, NULL, &error)
          || !cxv_clv_model_fit (model, summary, NULL, &error))
        return fail ("%s", error->message);
    }

  if (json)
    {
      JsonWriter w = { out, 0, FALSE };

      json_open (&w, NULL, '{');
      json_text (&w, "model", cxv_clv_model_get_name (model));
      if (summary != NULL)
        json_int (&w, "customers", (gint64) cxv_clv_summary_get_n_customers (summary));
      write_per_param_json (&w, "params", model, cxv_clv_model_get_param);
      json_double (&w, "log_likelihood", cxv_clv_model_get_log_likelihood (model));
      json_raw (&w, "converged", cxv_clv_model_get_converged (model) ? "true" : "false");
      json_raw (&w, "identified", cxv_clv_model_get_identified (model) ? "true" : "false");
      /* After the keys the machine interface promises, the extras. */
      write_per_param_json (&w, "standard_errors", model, cxv_clv_model_get_standard_error);
      json_int (&w, "iterations", cxv_clv_model_get_iterations (model));
      json_int (&w, "fitted_on", (gint64) cxv_clv_model_get_n_customers (model));
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else
    write_fit_text (out, model, cxv_clv_model_get_n_customers (model), summary);
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* Mean predicted and actual holdout purchases per calibration frequency,
 * the check of the papers' figures: 0, 1, … 6 and 7+. */
static CxvTable *
holdout_comparison (CxvTable *predictions)
{
  enum { N_BUCKETS = 8 };
  double predicted[N_BUCKETS] = { 0 }, actual[N_BUCKETS] = { 0 };
  guint64 count[N_BUCKETS] = { 0 };
  guint c_x = 0, c_e = 0, c_h = 0;
  CxvTable *t;

  if (!cxv_table_lookup_column (predictions, "frequency", &c_x)
      || !cxv_table_lookup_column (predictions, "expected_purchases", &c_e)
      || !cxv_table_lookup_column (predictions, "holdout_frequency", &c_h))
    return NULL;
  for (guint r = 0; r < cxv_table_get_n_rows (predictions); r++)
    {
      gint64 x = cxv_table_get_int (predictions, r, c_x);
      guint b = (guint) MIN (x, N_BUCKETS - 1);

      predicted[b] += cxv_table_get_double (predictions, r, c_e);
      actual[b] += (double) cxv_table_get_int (predictions, r, c_h);
      count[b]++;
    }
  t = cxv_table_new ("clv-holdout");
  cxv_table_add_column (t, "frequency", CXV_COLUMN_TEXT);
  cxv_table_add_column (t, "customers", CXV_COLUMN_INT);
  cxv_table_add_column (t, "predicted", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "actual", CXV_COLUMN_DOUBLE);
  for (guint b = 0; b < N_BUCKETS; b++)
    {
      guint row;
      char label[16];

      if (count[b] == 0)
        continue;
      row = cxv_table_append_row (t);
      g_snprintf (label, sizeof label, b == N_BUCKETS - 1 ? "%u+" : "%u", b);
      cxv_table_set_text (t, row, 0, label);
      cxv_table_set_int (t, row, 1, (gint64) count[b]);
      cxv_table_set_double (t, row, 2, predicted[b] / (double) count[b]);
      cxv_table_set_double (t, row, 3, actual[b] / (double) count[b]);
    }
  return t;
}

static int
clv_value (int argc, char **argv)
{
  g_autofree char *model_text = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *calibration_end = NULL;
  g_autofree char *holdout_end = NULL;
  g_autofree char *time_unit_text = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) files = NULL;
  double horizon = 52, discount = 0.1, margin = 1.0;
  gint top = 10;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_STRING, &model_text,
      "bgnbd (default) or pareto-nbd, for purchases", "MODEL" },
    { "mapping", 'm', 0, G_OPTION_ARG_STRING, &mapping,
      "Read CSV files with MAPPING (JSON file or preset)", "MAPPING" },
    { "calibration-end", 0, 0, G_OPTION_ARG_STRING, &calibration_end,
      "Last day of calibration (default: the last purchase)", "YYYY-MM-DD" },
    { "holdout-end", 0, 0, G_OPTION_ARG_STRING, &holdout_end,
      "Compare predictions with purchases up to this day", "YYYY-MM-DD" },
    { "time-unit", 0, 0, G_OPTION_ARG_STRING, &time_unit_text,
      "day, week (default), month or year", "UNIT" },
    { "horizon", 0, 0, G_OPTION_ARG_DOUBLE, &horizon,
      "Value this many time units ahead (default 52)", "N" },
    { "discount", 0, 0, G_OPTION_ARG_DOUBLE, &discount,
      "Yearly discount rate (default 0.1)", "RATE" },
    { "margin", 0, 0, G_OPTION_ARG_DOUBLE, &margin,
      "Share of spend that is margin (default 1)", "SHARE" },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, "Show the N most valuable customers (default 10)",
      "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write every customer's value to FILE.csv", "FILE.csv" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvClvModel) transactions = NULL;
  g_autoptr(CxvClvGammaGamma) spend = cxv_clv_gamma_gamma_new ();
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(CxvClvSummary) summary = NULL;
  g_autoptr(CxvTable) values = NULL;
  g_autoptr(CxvTable) predictions = NULL;
  g_autoptr(CxvTable) holdout = NULL;
  g_autoptr(CxvTable) top_table = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree guint *order = NULL;
  int unit_value = CXV_TIME_UNIT_WEEK;
  ModelName name = MODEL_BGNBD;
  double total = 0.0;
  guint n_rows, c_value;
  int status;

  context = new_context ("[--model MODEL] [--mapping MAPPING] FILE…",
                         "Value every customer: purchases from a BG/NBD or Pareto/NBD model, "
                         "spend\nfrom a Gamma-Gamma model, margin and discounting.",
                         "With --holdout-end, the purchases predicted for the holdout (from the "
                         "\ncalibration end to the holdout end) are compared with the actual "
                         "ones per\ncalibration frequency.\n\n"
                         "Example:\n"
                         "  cxvalue clv value --mapping cdnow CDNOW_sample.txt \\\n"
                         "      --calibration-end 1997-09-30 --holdout-end 1998-06-30 --margin 0.3",
                         entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;

  if (model_text != NULL && (!parse_model (model_text, &name)
                             || (name != MODEL_BGNBD && name != MODEL_PARETO_NBD)))
    return usage_error ("--model: “%s” is not bgnbd or pareto-nbd", model_text);
  if (time_unit_text != NULL && !parse_nick (CXV_TYPE_TIME_UNIT, time_unit_text, &unit_value))
    return usage_error ("--time-unit: “%s” is not day, week, month or year", time_unit_text);
  if (!isfinite (horizon) || horizon < 0 || horizon > 1e4)
    return usage_error ("--horizon: %g is not between 0 and 10000 time units", horizon);
  if (!isfinite (discount) || discount <= -1 || discount > 10)
    return usage_error ("--discount: %g is not a yearly rate above -1 and at most 10", discount);
  if (!isfinite (margin) || margin < 0 || margin > 1)
    return usage_error ("--margin: %g is not a share from 0 to 1", margin);
  if (top < 0)
    return usage_error ("--top: %d is negative", top);

  dataset = read_input (mapping, files, &status);
  if (dataset == NULL)
    return status;
  summary = cxv_clv_summary_new (dataset);
  cxv_clv_summary_set_time_unit (summary, (CxvTimeUnit) unit_value);
  if (calibration_end != NULL)
    {
      CxvDate date;

      if (!cxv_date_parse_iso8601 (calibration_end, &date, &error))
        return usage_error ("--calibration-end: %s", error->message);
      cxv_clv_summary_set_calibration_end (summary, date);
    }
  if (holdout_end != NULL)
    {
      CxvDate date;

      if (!cxv_date_parse_iso8601 (holdout_end, &date, &error))
        return usage_error ("--holdout-end: %s", error->message);
      if (calibration_end == NULL || date <= cxv_clv_summary_get_calibration_end (summary))
        return usage_error ("--holdout-end %s needs a --calibration-end before it", holdout_end);
      cxv_clv_summary_set_holdout_end (summary, date);
    }
  transactions = new_model (name);
  if (!cxv_clv_summary_run (summary, NULL, &error)
      || !cxv_clv_model_fit (transactions, summary, NULL, &error)
      || !cxv_clv_model_fit (CXV_CLV_MODEL (spend), summary, NULL, &error))
    return fail ("%s", error->message);
  values = cxv_clv_gamma_gamma_lifetime_value (spend, transactions, summary, horizon, discount,
                                               margin, &error);
  if (values == NULL)
    return fail ("%s", error->message);
  if (holdout_end != NULL)
    {
      /* The predictions cover the holdout itself, whatever --horizon says. */
      double holdout_units = (cxv_clv_summary_get_holdout_end (summary)
                              - cxv_clv_summary_get_calibration_end (summary))
                             / cxv_clv_summary_get_days_per_unit (summary);

      predictions = name == MODEL_BGNBD
                    ? cxv_clv_bgnbd_predict (CXV_CLV_BGNBD (transactions), summary,
                                             holdout_units, &error)
                    : cxv_clv_pareto_nbd_predict (CXV_CLV_PARETO_NBD (transactions), summary,
                                                  holdout_units, &error);
      if (predictions == NULL)
        return fail ("%s", error->message);
      holdout = holdout_comparison (predictions);
    }

  if (output != NULL && !cxv_table_save_csv (values, output, &error))
    return fail_with_file (output, error);

  /* The most valuable customers first. */
  n_rows = cxv_table_get_n_rows (values);
  cxv_table_lookup_column (values, "lifetime_value", &c_value);
  order = g_new (guint, MAX (n_rows, 1));
  for (guint r = 0; r < n_rows; r++)
    {
      order[r] = r;
      total += cxv_table_get_double (values, r, c_value);
    }
  {
    /* Insertion of the top N is enough: N is small. */
    guint n_top = MIN ((guint) top, n_rows);

    for (guint i = 0; i < n_top; i++)
      for (guint j = i + 1; j < n_rows; j++)
        if (cxv_table_get_double (values, order[j], c_value)
            > cxv_table_get_double (values, order[i], c_value))
          {
            guint tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
          }
    top_table = cxv_table_new ("clv-top");
    for (guint c = 0; c < cxv_table_get_n_columns (values); c++)
      cxv_table_add_column (top_table, cxv_table_get_column_name (values, c),
                            cxv_table_get_column_type (values, c));
    for (guint i = 0; i < n_top; i++)
      {
        guint row = cxv_table_append_row (top_table);

        cxv_table_set_text (top_table, row, 0, cxv_table_get_text (values, order[i], 0));
        for (guint c = 1; c < cxv_table_get_n_columns (values); c++)
          cxv_table_set_double (top_table, row, c, cxv_table_get_double (values, order[i], c));
      }
  }

  if (json)
    {
      JsonWriter w = { out, 0, FALSE };
      g_autofree char *top_json = cxv_table_to_json (top_table, FALSE);

      json_open (&w, NULL, '{');
      json_text (&w, "model", cxv_clv_model_get_name (transactions));
      json_int (&w, "customers", (gint64) cxv_clv_summary_get_n_customers (summary));
      json_double (&w, "horizon", horizon);
      json_double (&w, "discount", discount);
      json_double (&w, "margin", margin);
      json_double (&w, "total_value", total);
      json_double (&w, "mean_value", n_rows > 0 ? total / n_rows : 0.0);
      json_raw (&w, "top", top_json);
      if (holdout != NULL)
        {
          g_autofree char *holdout_json = cxv_table_to_json (holdout, FALSE);

          json_raw (&w, "holdout", holdout_json);
        }
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else
    {
      g_autofree char *total_text = format_double (total, 2);
      g_autofree char *mean_text = format_double (n_rows > 0 ? total / n_rows : 0.0, 2);

      g_string_append_printf (out, "Lifetime value of %u customers over %g time units "
                              "(%s purchases, Gamma-Gamma spend,\nmargin %g, yearly discount "
                              "%g)\n\n", n_rows, horizon, cxv_clv_model_get_name (transactions),
                              margin, discount);
      g_string_append_printf (out, "Total: %s %s   Mean: %s\n\n", total_text,
                              cxv_dataset_get_currency (dataset), mean_text);
      g_string_append_printf (out, "Most valuable customers\n");
      render_table (out, top_table);
      if (holdout != NULL)
        {
          g_string_append (out, "\nHoldout: mean purchases per customer, predicted vs actual, "
                                "by calibration frequency\n");
          render_table (out, holdout);
        }
    }
  fputs (out->str, stdout);
  return EXIT_OK;
}

int
cmd_clv (int argc, char **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      FILE *stream = argc < 2 ? stderr : stdout;

      fputs ("Usage:\n"
             "  cxvalue clv fit --model MODEL …     fit sbg, bgnbd, pareto-nbd or gamma-gamma\n"
             "  cxvalue clv value …                 value every customer (purchases × spend)\n"
             "\n"
             "See “cxvalue clv fit --help” and “cxvalue clv value --help”.\n", stream);
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
  if (g_str_equal (argv[1], "fit"))
    {
      g_set_prgname ("cxvalue clv fit");
      return clv_fit (argc - 1, argv + 1);
    }
  if (g_str_equal (argv[1], "value"))
    {
      g_set_prgname ("cxvalue clv value");
      return clv_value (argc - 1, argv + 1);
    }
  return usage_error ("“%s” is not a clv command: use fit or value", argv[1]);
}
