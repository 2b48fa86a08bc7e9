/* cxvalue-linkage.c: `cxvalue linkage`, soft signals linked to hard outcomes
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

static gboolean
parse_date_option (const char *option, const char *text, CxvDate *date, int *status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return TRUE;
  if (!cxv_date_parse_iso8601 (text, date, &error))
    {
      *status = usage_error ("%s: %s", option, error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char   *signal;
  double  target;
} WhatIf;

static gboolean
parse_what_if (const char *text, WhatIf *out, int *status)
{
  const char *eq = strrchr (text, '=');
  char *end = NULL;

  if (eq == NULL || eq == text || eq[1] == '\0')
    {
      *status = usage_error ("--what-if: “%s” is not SIGNAL=TARGET", text);
      return FALSE;
    }
  errno = 0;
  out->target = g_ascii_strtod (eq + 1, &end);
  if (errno != 0 || end == NULL || *end != '\0' || !isfinite (out->target))
    {
      *status = usage_error ("--what-if: “%s” is not a number in “%s”", eq + 1, text);
      return FALSE;
    }
  out->signal = g_strndup (text, (gsize) (eq - text));
  return TRUE;
}

int
cmd_linkage (int    argc,
             char **argv)
{
  g_autofree char *mapping = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *signals = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *grain_text = NULL;
  g_autofree char *period_text = NULL;
  g_auto(GStrv) what_if_texts = NULL;
  g_auto(GStrv) files = NULL;
  gint horizon_days = 0, bootstrap = 200, seed = 1;
  gboolean json = FALSE, levels = FALSE;
  const GOptionEntry entries[] = {
    { "mapping", 'm', 0, G_OPTION_ARG_STRING, &mapping,
      "Read CSV files with MAPPING (JSON file or preset)", "MAPPING" },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome,
      "The outcome: churn (default), revenue, revenue_next, revenue_change, arpu, "
      "cost_to_serve, contact_cost or margin", "OUTCOME" },
    { "signals", 0, 0, G_OPTION_ARG_STRING, &signals,
      "Comma-separated signals (default: the complaint, contact and score signals the "
      "data has)", "A,B,…" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text,
      "First day of the window (default: the first record)", "YYYY-MM-DD" },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end_text,
      "Day after the window (default: the day after the last record)", "YYYY-MM-DD" },
    { "grain", 0, 0, G_OPTION_ARG_STRING, &grain_text,
      "A row per customer (default), customer-period or segment-period", "GRAIN" },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period_text,
      "Periods of the per-period grains: month (default), quarter or year", "PERIOD" },
    { "horizon-days", 0, 0, G_OPTION_ARG_INT, &horizon_days,
      "Measure churn this many days after the window (default 0)", "DAYS" },
    { "bootstrap", 0, 0, G_OPTION_ARG_INT, &bootstrap,
      "Resamples for the key drivers' intervals (default 200, 0 for none)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the resampling (default 1)", "N" },
    { "what-if", 0, 0, G_OPTION_ARG_STRING_ARRAY, &what_if_texts,
      "What if SIGNAL were TARGET for those on the worse side (repeatable)",
      "SIGNAL=TARGET" },
    { "levels", 0, 0, G_OPTION_ARG_NONE, &levels,
      "Also show the outcome by level of each signal", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(CxvLinkage) linkage = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) what_ifs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) asked = g_array_new (FALSE, TRUE, sizeof (WhatIf));
  CxvDate start = CXV_DATE_NONE, end = CXV_DATE_NONE;
  int grain = CXV_LINKAGE_GRAIN_CUSTOMER;
  int period = CXV_PERIOD_MONTH;
  int status;

  context = new_context ("[--mapping MAPPING] FILE… [OPTION…]",
                         "Link soft CX signals to a hard outcome: correlations, a regression "
                         "(logistic\nfor churn), key drivers with bootstrap intervals, and "
                         "what-if estimates of\nthe money left on the table.",
                         "FILE is a dataset file, or CSV files read through --mapping. The "
                         "frame has one\nrow per customer with a holding or a record in the "
                         "window; see the CxvLinkage\ndocumentation for every signal and "
                         "outcome.\n\n"
                         "Examples:\n"
                         "  cxvalue linkage sample.cxv --outcome churn "
                         "--signals complaints_unresolved,nps \\\n"
                         "      --start 2024-01-01 --end 2025-01-01 --horizon-days 90 "
                         "--what-if complaints_unresolved=0\n"
                         "  cxvalue linkage --mapping orange-telecom churn-bigml-80.csv "
                         "--signals contacts --levels",
                         entries, NULL);
  if ((status = parse_options (context, &argc, &argv)) >= 0)
    return status;

  if (grain_text != NULL && !parse_nick (CXV_TYPE_LINKAGE_GRAIN, grain_text, &grain))
    return usage_error ("--grain: “%s” is not customer, customer-period or segment-period",
                        grain_text);
  if (period_text != NULL && !parse_nick (CXV_TYPE_PERIOD, period_text, &period))
    return usage_error ("--period: “%s” is not month, quarter or year", period_text);
  if (horizon_days < 0 || horizon_days > 36525)
    return usage_error ("--horizon-days: %d is not between 0 and 36525", horizon_days);
  if (bootstrap < 0 || bootstrap > 100000)
    return usage_error ("--bootstrap: %d is not between 0 and 100000", bootstrap);
  if (seed < 0)
    return usage_error ("--seed: %d is negative", seed);
  if (!parse_date_option ("--start", start_text, &start, &status)
      || !parse_date_option ("--end", end_text, &end, &status))
    return status;
  if (start != CXV_DATE_NONE && end != CXV_DATE_NONE && end <= start)
    return usage_error ("--end %s must come after --start %s", end_text, start_text);
  if (signals != NULL && *g_strstrip (signals) == '\0')
    return usage_error ("--signals: name at least one signal");
  for (guint i = 0; what_if_texts != NULL && what_if_texts[i] != NULL; i++)
    {
      WhatIf w = { 0 };

      if (!parse_what_if (what_if_texts[i], &w, &status))
        {
          for (guint k = 0; k < asked->len; k++)
            g_free (g_array_index (asked, WhatIf, k).signal);
          return status;
        }
      g_array_append_val (asked, w);
    }

  dataset = read_input (mapping, files, &status);
  if (dataset == NULL)
    goto out;

  linkage = cxv_linkage_new (dataset);
  cxv_linkage_set_grain (linkage, (CxvLinkageGrain) grain);
  cxv_linkage_set_period (linkage, (CxvPeriod) period);
  cxv_linkage_set_start (linkage, start);
  cxv_linkage_set_end (linkage, end);
  cxv_linkage_set_horizon_days (linkage, (guint) horizon_days);
  cxv_linkage_set_bootstrap_samples (linkage, (guint) bootstrap);
  cxv_linkage_set_seed (linkage, (guint) seed);
  if (outcome != NULL)
    cxv_linkage_set_outcome (linkage, outcome);
  if (signals != NULL)
    {
      g_auto(GStrv) names = g_strsplit (signals, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        g_strstrip (names[i]);
      cxv_linkage_set_signals (linkage, (const char * const *) names);
    }
  if (!cxv_linkage_run (linkage, NULL, &error))
    {
      status = fail ("%s", error->message);
      goto out;
    }
  for (guint k = 0; k < asked->len; k++)
    {
      const WhatIf *w = &g_array_index (asked, WhatIf, k);
      CxvTable *t = cxv_linkage_what_if (linkage, w->signal, w->target, &error);

      if (t == NULL)
        {
          status = fail ("--what-if %s=%g: %s", w->signal, w->target, error->message);
          goto out;
        }
      g_ptr_array_add (what_ifs, t);
    }

  if (json)
    {
      JsonWriter w = { out, 0, FALSE };

      json_open (&w, NULL, '{');
      json_text (&w, "outcome", cxv_linkage_get_outcome (linkage));
      json_text (&w, "model", cxv_linkage_get_model_kind (linkage) == CXV_LINKAGE_MODEL_LOGISTIC
                              ? "logistic" : "ols");
      json_int (&w, "rows", (gint64) cxv_linkage_get_n_rows (linkage));
      json_int (&w, "dropped", (gint64) cxv_linkage_get_n_dropped (linkage));
      json_double (&w, "r_squared", cxv_linkage_get_r_squared (linkage));
      json_double (&w, "log_likelihood", cxv_linkage_get_log_likelihood (linkage));
      json_int (&w, "iterations", cxv_linkage_get_iterations (linkage));
      json_table (&w, "correlations", cxv_linkage_get_correlations (linkage));
      json_table (&w, "coefficients", cxv_linkage_get_model (linkage));
      json_table (&w, "drivers", cxv_linkage_get_drivers (linkage));
      json_table (&w, "levels", cxv_linkage_get_levels (linkage));
      json_open (&w, "what_if", '[');
      for (guint k = 0; k < what_ifs->len; k++)
        json_table (&w, NULL, g_ptr_array_index (what_ifs, k));
      json_close (&w, ']');
      json_close (&w, '}');
      g_string_append_c (out, '\n');
    }
  else
    {
      gboolean logistic = cxv_linkage_get_model_kind (linkage) == CXV_LINKAGE_MODEL_LOGISTIC;
      g_autofree char *r2 = format_double (cxv_linkage_get_r_squared (linkage), 4);

      static const char *const row_names[] = {
        "customers", "customer-periods", "segment-periods",
      };

      g_string_append_printf (out, "Linkage of %s to its signals: %" G_GSIZE_FORMAT
                              " %s (%" G_GSIZE_FORMAT " left out for a missing value)\n",
                              cxv_linkage_get_outcome (linkage),
                              cxv_linkage_get_n_rows (linkage), row_names[grain],
                              cxv_linkage_get_n_dropped (linkage));
      g_string_append_printf (out, "Model: %s, %s %s\n\n",
                              logistic ? "logistic regression" : "least squares",
                              logistic ? "McFadden R²" : "R²", r2);
      g_string_append (out, "Correlations with the outcome\n");
      render_table (out, cxv_linkage_get_correlations (linkage));
      g_string_append (out, "\nCoefficients\n");
      render_table (out, cxv_linkage_get_model (linkage));
      g_string_append (out, "\nKey drivers (shares of the linear model's R²)\n");
      render_table (out, cxv_linkage_get_drivers (linkage));
      if (levels)
        {
          g_string_append (out, "\nOutcome by level\n");
          render_table (out, cxv_linkage_get_levels (linkage));
        }
      for (guint k = 0; k < what_ifs->len; k++)
        {
          CxvTable *t = g_ptr_array_index (what_ifs, k);
          guint c_assumptions = 0;

          cxv_table_lookup_column (t, "assumptions", &c_assumptions);
          g_string_append_printf (out, "\nWhat if %s were %s\n", cxv_table_get_text (t, 0, 0),
                                  what_if_texts[k] + strlen (cxv_table_get_text (t, 0, 0)) + 1);
          {
            g_autoptr(CxvTable) shown = cxv_table_new ("what-if");

            /* Every column but the long assumptions, which follow as text. */
            for (guint c = 0; c < c_assumptions; c++)
              cxv_table_add_column (shown, cxv_table_get_column_name (t, c),
                                    cxv_table_get_column_type (t, c));
            cxv_table_append_row (shown);
            for (guint c = 0; c < c_assumptions; c++)
              {
                if (cxv_table_is_null (t, 0, c))
                  cxv_table_set_null (shown, 0, c);
                else if (cxv_table_get_column_type (t, c) == CXV_COLUMN_TEXT)
                  cxv_table_set_text (shown, 0, c, cxv_table_get_text (t, 0, c));
                else if (cxv_table_get_column_type (t, c) == CXV_COLUMN_INT)
                  cxv_table_set_int (shown, 0, c, cxv_table_get_int (t, 0, c));
                else
                  cxv_table_set_double (shown, 0, c, cxv_table_get_double (t, 0, c));
              }
            render_table (out, shown);
          }
          g_string_append_printf (out, "Assumptions: %s\n",
                                  cxv_table_get_text (t, 0, c_assumptions));
        }
    }
  fputs (out->str, stdout);
  status = EXIT_OK;

out:
  for (guint k = 0; k < asked->len; k++)
    g_free (g_array_index (asked, WhatIf, k).signal);
  return status;
}
