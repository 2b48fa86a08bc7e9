/* summary.c: import the sample internet service provider and summarise it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: cxv-summary [DATA-DIR]
 *
 * Reads every CSV file of the sample through its JSON column mapping
 * (customers.csv with isp-customers.json, and so on), seals the dataset
 * and prints how many records of each kind it holds, the revenue total
 * and its split by kind, and the first and last revenue dates.
 */

#include <stdlib.h>

#include <cxvalue.h>

#ifndef EXAMPLES_DATA_DIR
# define EXAMPLES_DATA_DIR "."
#endif

/* Imported in this order; references are checked only when sealing, so
 * the order does not matter to the library. */
static const char *const files[] = {
  "customers", "products", "holdings", "revenue",
  "interactions", "feedback", "referrals", "initiatives",
};

static const char *const record_labels[CXV_N_RECORD_KINDS] = {
  "customers", "products", "holdings", "revenue events", "interactions",
  "feedback", "usage", "referrals", "initiatives",
};

static const char *const revenue_labels[] = {
  "new", "recurring", "expansion", "contraction", "one-off", "refund",
};

static gboolean
import_file (CxvDataset  *dataset,
             const char  *data_dir,
             const char  *name,
             GError     **error)
{
  g_autofree char *csv_name = g_strconcat (name, ".csv", NULL);
  g_autofree char *mapping_name = g_strconcat ("isp-", name, ".json", NULL);
  g_autofree char *csv_path = g_build_filename (data_dir, csv_name, NULL);
  g_autofree char *mapping_path = g_build_filename (data_dir, mapping_name, NULL);
  g_autoptr(CxvColumnMapping) mapping = NULL;
  g_autoptr(CxvCsvImporter) importer = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);

  mapping = cxv_column_mapping_new_from_file (mapping_path, error);
  if (mapping == NULL)
    return FALSE;
  importer = cxv_csv_importer_new (dataset, mapping);
  return cxv_csv_importer_import_file (importer, file, NULL, error);
}

static void
print_summary (CxvDataset *dataset,
               const char *data_dir)
{
  gint64 kind_amount[G_N_ELEMENTS (revenue_labels)] = { 0 };
  guint kind_count[G_N_ELEMENTS (revenue_labels)] = { 0 };
  guint n_revenue = cxv_dataset_get_n_records (dataset, CXV_RECORD_REVENUE);
  int decimals = cxv_dataset_get_decimals (dataset);
  CxvDate first = CXV_DATE_NONE, last = CXV_DATE_NONE;
  g_autofree char *total = NULL;

  g_print ("Sample data: %s (%s)\n\nRecords\n", data_dir, cxv_dataset_get_currency (dataset));
  for (guint kind = 0; kind < CXV_N_RECORD_KINDS; kind++)
    g_print ("  %-16s %6u\n", record_labels[kind], cxv_dataset_get_n_records (dataset, kind));

  for (guint i = 0; i < n_revenue; i++)
    {
      CxvRevenueEvent event;

      cxv_dataset_get_revenue_event (dataset, i, &event);
      kind_count[event.kind]++;
      kind_amount[event.kind] += event.amount;
      if (first == CXV_DATE_NONE || event.date < first)
        first = event.date;
      if (last == CXV_DATE_NONE || event.date > last)
        last = event.date;
    }

  if (n_revenue > 0)
    {
      g_autofree char *first_text = cxv_date_to_iso8601 (first);
      g_autofree char *last_text = cxv_date_to_iso8601 (last);

      g_print ("\n%-18s %s to %s\n", "Revenue dates", first_text, last_text);
    }
  total = cxv_money_format (cxv_dataset_get_revenue_total (dataset), decimals);
  g_print ("%-18s %s %s\n\n", "Total revenue", total, cxv_dataset_get_currency (dataset));

  g_print ("%-18s %6s %11s\n", "Revenue by kind", "events", "amount");
  for (guint kind = 0; kind < G_N_ELEMENTS (revenue_labels); kind++)
    {
      g_autofree char *amount = cxv_money_format (kind_amount[kind], decimals);

      g_print ("  %-16s %6u %11s\n", revenue_labels[kind], kind_count[kind], amount);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *data_dir = argc > 1 ? argv[1] : EXAMPLES_DATA_DIR;
  g_autoptr(CxvDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  if (argc > 2)
    {
      g_printerr ("Usage: %s [DATA-DIR]\n", argv[0]);
      return EXIT_FAILURE;
    }

  dataset = cxv_dataset_new ("USD", &error);
  if (dataset == NULL)
    goto failed;
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (!import_file (dataset, data_dir, files[i], &error))
      goto failed;
  if (!cxv_dataset_seal (dataset, &error))
    goto failed;

  print_summary (dataset, data_dir);
  return EXIT_SUCCESS;

failed:
  g_printerr ("cxv-summary: %s\n", error->message);
  return EXIT_FAILURE;
}
