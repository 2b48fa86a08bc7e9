/* summary.vala: import the sample internet service provider and summarise it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: cxv-summary-vala DATA-DIR
 *
 * The Vala twin of examples/c/summary.c, printing the same summary. It
 * reads the revenue column-wise: each column comes out of the sealed
 * dataset as GLib.Bytes of the element type the dataset reports.
 */

const string[] FILES = {
  "customers", "products", "holdings", "revenue",
  "interactions", "feedback", "referrals", "initiatives"
};

const string[] RECORD_LABELS = {
  "customers", "products", "holdings", "revenue events", "interactions",
  "feedback", "usage", "referrals", "initiatives"
};

const string[] REVENUE_LABELS = {
  "new", "recurring", "expansion", "contraction", "one-off", "refund"
};

Cxv.Dataset load (string data_dir) throws Error {
  var dataset = new Cxv.Dataset ("USD");
  foreach (unowned string name in FILES) {
    var mapping = new Cxv.ColumnMapping.from_file (
      Path.build_filename (data_dir, @"isp-$name.json"));
    var importer = new Cxv.CsvImporter (dataset, mapping);
    importer.import_file (File.new_for_path (Path.build_filename (data_dir, @"$name.csv")));
  }
  dataset.seal ();
  return dataset;
}

/* One revenue column's bytes, checked to hold elements of @expected. */
Bytes revenue_column (Cxv.Dataset dataset, string name, Cxv.ElementType expected) throws Error {
  Cxv.ElementType type;
  var bytes = dataset.dup_column (Cxv.RecordKind.REVENUE, name, out type);

  if (type != expected)
    throw new IOError.INVALID_DATA ("revenue column %s holds %s", name, type.to_string ());
  return bytes;
}

void summarise (Cxv.Dataset dataset, string data_dir) throws Error {
  unowned string currency = dataset.get_currency ();
  int decimals = dataset.get_decimals ();
  var counts = new uint[REVENUE_LABELS.length];
  var amounts = new int64[REVENUE_LABELS.length];
  Cxv.Date first = int32.MAX, last = int32.MIN;
  uint n_revenue = dataset.get_n_records (Cxv.RecordKind.REVENUE);

  print ("Sample data: %s (%s)\n\nRecords\n", data_dir, currency);
  for (int kind = 0; kind < RECORD_LABELS.length; kind++)
    print ("  %-16s %6u\n", RECORD_LABELS[kind],
           dataset.get_n_records ((Cxv.RecordKind) kind));

  var kind_column = revenue_column (dataset, "kind", Cxv.ElementType.UINT8);
  var amount_column = revenue_column (dataset, "amount", Cxv.ElementType.INT64);
  var date_column = revenue_column (dataset, "date", Cxv.ElementType.INT32);
  unowned uint8[] kinds = kind_column.get_data ();
  int64 *amount = (int64 *) amount_column.get_data ();
  int32 *date = (int32 *) date_column.get_data ();

  for (uint i = 0; i < n_revenue; i++) {
    counts[kinds[i]]++;
    amounts[kinds[i]] += amount[i];
    first = int32.min (first, date[i]);
    last = int32.max (last, date[i]);
  }

  if (n_revenue > 0)
    print ("\n%-18s %s to %s\n", "Revenue dates",
           first.to_iso8601 (), last.to_iso8601 ());
  print ("%-18s %s %s\n\n", "Total revenue",
         Cxv.money_format (dataset.get_revenue_total (), decimals), currency);

  print ("%-18s %6s %11s\n", "Revenue by kind", "events", "amount");
  for (int kind = 0; kind < REVENUE_LABELS.length; kind++)
    print ("  %-16s %6u %11s\n", REVENUE_LABELS[kind], counts[kind],
           Cxv.money_format (amounts[kind], decimals));
}

int main (string[] args) {
  if (args.length != 2) {
    printerr ("Usage: %s DATA-DIR\n", args[0]);
    return 1;
  }
  try {
    summarise (load (args[1]), args[1]);
  } catch (Error error) {
    printerr ("cxv-summary-vala: %s\n", error.message);
    return 1;
  }
  return 0;
}
