/* test-vala.vala: libcxvalue through the generated VAPI
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: test-vala --tap [EXAMPLES-DATA-DIR]
 */

/* A tiny order file. Hand calculation, in cents:
 *   A: 10.50 (first) + 10.50 (repeat)  =  2100
 *   B: 99.99 (first) -  5.00 (refund)  =  9499
 *   C:  0.01 (first)                   =     1
 *   total                              = 11600
 *   new 1050 + 9999 + 1 = 11050 (3 events), recurring 1050 (1), refund -500 (1)
 */
const string ORDERS = """customer,date,amount,type
A,2024-01-05,10.50,first
A,2024-02-05,10.50,repeat
B,2024-01-20,99.99,first
B,2024-03-01,-5.00,refund
C,2024-02-29,0.01,first
""";

const string KIND_JSON =
  """{"column": "type", "map": {"first": "new", "repeat": "recurring", "refund": "refund"}}""";

const string ORDERS_MAPPING_JSON = """{
  "currency": "USD",
  "records": [
    { "kind": "revenue", "create_ids": true,
      "fields": { "customer": "customer", "date": "date", "amount": "amount",
                  "kind": """ + KIND_JSON + """ } }
  ]
}""";

string? examples_data_dir = null;

Cxv.ColumnMapping orders_mapping_in_code () throws Error {
  var mapping = new Cxv.ColumnMapping ();
  mapping.currency = "USD";
  uint record = mapping.add_record (Cxv.RecordKind.REVENUE);
  mapping.set_create_ids (record, true);
  foreach (unowned string field in new string[] { "customer", "date", "amount" })
    mapping.set_column (record, field, field);
  mapping.set_field_json (record, "kind", KIND_JSON);
  return mapping;
}

void import_text (Cxv.Dataset dataset, Cxv.ColumnMapping mapping, string text, string name)
  throws Error
{
  var stream = new MemoryInputStream.from_bytes (new Bytes (text.data));
  new Cxv.CsvImporter (dataset, mapping).import_stream (stream, name, text.length);
}

void check_orders (Cxv.Dataset dataset) throws Error {
  int64 by_kind[6] = { 0 };

  assert_cmpuint (dataset.get_n_records (Cxv.RecordKind.CUSTOMER), EQ, 3);
  assert_cmpuint (dataset.get_n_records (Cxv.RecordKind.REVENUE), EQ, 5);
  assert_cmpstr (Cxv.money_format (dataset.get_revenue_total (), dataset.get_decimals ()),
                 EQ, "116.00");

  Cxv.ElementType type;
  var kind_bytes = dataset.dup_column (Cxv.RecordKind.REVENUE, "kind", out type);
  assert (type == Cxv.ElementType.UINT8);
  var amount_bytes = dataset.dup_column (Cxv.RecordKind.REVENUE, "amount", out type);
  assert (type == Cxv.ElementType.INT64);
  unowned uint8[] kinds = kind_bytes.get_data ();
  int64 *amounts = (int64 *) amount_bytes.get_data ();
  assert_cmpuint (kinds.length, EQ, 5);
  for (int i = 0; i < kinds.length; i++)
    by_kind[kinds[i]] += amounts[i];
  assert (by_kind[Cxv.RevenueKind.NEW] == 11050);
  assert (by_kind[Cxv.RevenueKind.RECURRING] == 1050);
  assert (by_kind[Cxv.RevenueKind.REFUND] == -500);
  /* Sealed order: by customer, then date; B's refund is the fourth event. */
  assert (amounts[3] == -500);
}

void test_mapping_in_code () {
  try {
    var dataset = new Cxv.Dataset ("USD");
    import_text (dataset, orders_mapping_in_code (), ORDERS, "orders.csv");
    dataset.seal ();
    check_orders (dataset);
  } catch (Error e) {
    assert_no_error (e);
  }
}

void test_mapping_from_json () {
  try {
    var dataset = new Cxv.Dataset ("USD");
    var mapping = new Cxv.ColumnMapping.from_data (ORDERS_MAPPING_JSON.data);
    import_text (dataset, mapping, ORDERS, "orders.csv");
    dataset.seal ();
    check_orders (dataset);
  } catch (Error e) {
    assert_no_error (e);
  }
}

void test_example_files () {
  if (examples_data_dir == null) {
    Test.skip ("no examples data directory given");
    return;
  }
  /* Totals worked out by hand in examples/check-summary.py. */
  try {
    var dataset = new Cxv.Dataset ("USD");
    foreach (unowned string name in new string[] { "customers", "products", "revenue",
                                                   "initiatives" }) {
      var mapping = new Cxv.ColumnMapping.from_file (
        Path.build_filename (examples_data_dir, @"isp-$name.json"));
      new Cxv.CsvImporter (dataset, mapping).import_file (
        File.new_for_path (Path.build_filename (examples_data_dir, @"$name.csv")));
    }
    dataset.seal ();
    assert_cmpuint (dataset.get_n_records (Cxv.RecordKind.CUSTOMER), EQ, 12);
    assert_cmpuint (dataset.get_n_records (Cxv.RecordKind.REVENUE), EQ, 58);
    assert_cmpstr (Cxv.money_format (dataset.get_revenue_total (), 2), EQ, "3277.51");
  } catch (Error e) {
    assert_no_error (e);
  }
}

void test_bad_row () {
  try {
    var dataset = new Cxv.Dataset ("USD");
    var mapping = orders_mapping_in_code ();
    import_text (dataset, mapping, ORDERS, "orders.csv");

    /* Line 2 is good and names a new customer D; line 3 has a day that
     * does not exist. */
    try {
      import_text (dataset, mapping,
                   "customer,date,amount,type\nD,2024-01-05,1.00,first\nA,2023-02-29,1.00,repeat\n",
                   "bad.csv");
      assert_not_reached ();
    } catch (Cxv.ImportError e) {
      assert (e is Cxv.ImportError.INVALID_VALUE);
      assert ("bad.csv:3" in e.message && "2023-02-29" in e.message);
    }

    /* All or nothing: neither D nor its order arrived. */
    assert_cmpuint (dataset.get_n_records (Cxv.RecordKind.CUSTOMER), EQ, 3);
    assert_cmpuint (dataset.get_n_records (Cxv.RecordKind.REVENUE), EQ, 5);
    assert (dataset.get_revenue_total () == 11600);
    dataset.seal ();
    check_orders (dataset);
  } catch (Error e) {
    assert_no_error (e);
  }
}

void test_dates () {
  /* 2024-02-29: 54 years of 365 days, 13 leap days (1972 … 2020) and the
   * 59 days of 2024 before it. */
  Cxv.Date date = Cxv.Date.from_ymd (2024, 2, 29);
  assert ((int32) date == 54 * 365 + 13 + 59);
  assert_cmpstr (date.to_iso8601 (), EQ, "2024-02-29");
  try {
    Cxv.Date parsed;
    assert (Cxv.Date.parse_iso8601 ("2024-02-29", out parsed));
    assert (parsed == date);
  } catch (Error e) {
    assert_no_error (e);
  }
}

int main (string[] args) {
  Test.init (ref args);
  if (args.length > 1)
    examples_data_dir = args[1];

  Test.add_func ("/cxv/vala/mapping-in-code", test_mapping_in_code);
  Test.add_func ("/cxv/vala/mapping-from-json", test_mapping_from_json);
  Test.add_func ("/cxv/vala/example-files", test_example_files);
  Test.add_func ("/cxv/vala/bad-row", test_bad_row);
  Test.add_func ("/cxv/vala/dates", test_dates);
  return Test.run ();
}
