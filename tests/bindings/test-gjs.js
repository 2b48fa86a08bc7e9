// test-gjs.js: libcxvalue through GJS
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Run as `gjs -m test-gjs.js` against the uninstalled typelib
// (GI_TYPELIB_PATH, LD_LIBRARY_PATH). Prints TAP.

import Cxv from 'gi://Cxv?version=1.0';
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import System from 'system';

const srcRoot = GLib.canonicalize_filename('../..',
    GLib.path_get_dirname(GLib.filename_from_uri(import.meta.url)[0]));
const dataDir = GLib.build_filenamev([srcRoot, 'examples', 'data']);

// A tiny order file. Hand calculation, in cents:
//   A: 10.50 (first) + 10.50 (repeat)  =  2100
//   B: 99.99 (first) -  5.00 (refund)  =  9499
//   C:  0.01 (first)                   =     1
//   total                              = 11600
//   new 1050 + 9999 + 1 = 11050 (3 events), recurring 1050 (1), refund -500 (1)
const ORDERS = `customer,date,amount,type
A,2024-01-05,10.50,first
A,2024-02-05,10.50,repeat
B,2024-01-20,99.99,first
B,2024-03-01,-5.00,refund
C,2024-02-29,0.01,first
`;

const KIND_JSON =
    '{"column": "type", "map": {"first": "new", "repeat": "recurring", "refund": "refund"}}';

const ORDERS_MAPPING_JSON = `{
  "currency": "USD",
  "records": [
    { "kind": "revenue", "create_ids": true,
      "fields": { "customer": "customer", "date": "date", "amount": "amount",
                  "kind": ${KIND_JSON} } }
  ]
}`;

let testNumber = 0;
let failures = 0;

function check(ok, name) {
    testNumber++;
    if (!ok)
        failures++;
    print(`${ok ? 'ok' : 'not ok'} ${testNumber} - ${name}`);
}

function checkEqual(actual, expected, name) {
    const same = JSON.stringify(actual) === JSON.stringify(expected);
    check(same, name);
    if (!same)
        print(`# expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function ordersMappingInCode() {
    const mapping = Cxv.ColumnMapping.new();
    mapping.set_currency('USD');
    const record = mapping.add_record(Cxv.RecordKind.REVENUE);
    mapping.set_create_ids(record, true);
    for (const field of ['customer', 'date', 'amount'])
        mapping.set_column(record, field, field);
    mapping.set_field_json(record, 'kind', KIND_JSON);
    return mapping;
}

function importText(dataset, mapping, text, name) {
    const data = new TextEncoder().encode(text);
    const stream = Gio.MemoryInputStream.new_from_bytes(new GLib.Bytes(data));
    const importer = Cxv.CsvImporter.new(dataset, mapping);
    return importer.import_stream(stream, name, data.length, null);
}

function revenueColumn(dataset, name, ArrayType) {
    const [bytes] = dataset.dup_column(Cxv.RecordKind.REVENUE, name);
    const data = bytes.toArray();
    return Array.from(new ArrayType(data.buffer, data.byteOffset,
        data.byteLength / ArrayType.BYTES_PER_ELEMENT));
}

function checkOrders(dataset, how) {
    checkEqual(dataset.get_n_records(Cxv.RecordKind.CUSTOMER), 3, `${how}: 3 customers`);
    checkEqual(dataset.get_n_records(Cxv.RecordKind.REVENUE), 5, `${how}: 5 revenue events`);
    checkEqual(dataset.get_revenue_total(), 11600, `${how}: total 11600 cents`);
    checkEqual(Cxv.money_format(dataset.get_revenue_total(), dataset.get_decimals()), '116.00',
        `${how}: total formats as 116.00`);

    // Sealed order: by customer (A, B, C as first seen), then by date.
    const amounts = revenueColumn(dataset, 'amount', BigInt64Array).map(Number);
    checkEqual(amounts, [1050, 1050, 9999, -500, 1], `${how}: amounts in sealed order`);
    const kinds = revenueColumn(dataset, 'kind', Uint8Array);
    const byKind = {};
    kinds.forEach((kind, i) => {
        byKind[kind] = (byKind[kind] ?? 0) + amounts[i];
    });
    checkEqual(byKind, {
        [Cxv.RevenueKind.NEW]: 11050,
        [Cxv.RevenueKind.RECURRING]: 1050,
        [Cxv.RevenueKind.REFUND]: -500,
    }, `${how}: amounts by kind`);
    const dates = revenueColumn(dataset, 'date', Int32Array).map(d => Cxv.date_to_iso8601(d));
    checkEqual(dates, ['2024-01-05', '2024-02-05', '2024-01-20', '2024-03-01', '2024-02-29'],
        `${how}: dates`);
}

function testMappingInCode() {
    const dataset = Cxv.Dataset.new('USD');
    check(importText(dataset, ordersMappingInCode(), ORDERS, 'orders.csv'),
        'mapping built in code imports');
    dataset.seal();
    checkOrders(dataset, 'mapping in code');
}

function testMappingFromJson() {
    const dataset = Cxv.Dataset.new('USD');
    const mapping = Cxv.ColumnMapping.new_from_data(new TextEncoder().encode(ORDERS_MAPPING_JSON));
    check(importText(dataset, mapping, ORDERS, 'orders.csv'), 'mapping from JSON imports');
    dataset.seal();
    checkOrders(dataset, 'mapping from JSON');
}

function testExampleFiles() {
    // Totals worked out by hand in examples/check-summary.py.
    const dataset = Cxv.Dataset.new('USD');
    for (const name of ['customers', 'products', 'revenue', 'initiatives']) {
        const mapping = Cxv.ColumnMapping.new_from_file(
            GLib.build_filenamev([dataDir, `isp-${name}.json`]));
        Cxv.CsvImporter.new(dataset, mapping).import_file(
            Gio.File.new_for_path(GLib.build_filenamev([dataDir, `${name}.csv`])), null);
    }
    dataset.seal();
    checkEqual(dataset.get_n_records(Cxv.RecordKind.CUSTOMER), 12, 'example data: 12 customers');
    checkEqual(dataset.get_n_records(Cxv.RecordKind.REVENUE), 58, 'example data: 58 bill lines');
    checkEqual(dataset.get_revenue_total(), 327751, 'example data: 3277.51 USD');
}

function testBadRow() {
    const dataset = Cxv.Dataset.new('USD');
    const mapping = ordersMappingInCode();
    importText(dataset, mapping, ORDERS, 'orders.csv');
    // Line 2 is good and names a new customer D; line 3 is no amount.
    const bad = 'customer,date,amount,type\nD,2024-01-05,1.00,first\nA,2024-02-05,lots,repeat\n';
    let error = null;
    try {
        importText(dataset, mapping, bad, 'bad.csv');
    } catch (e) {
        error = e;
    }
    check(error instanceof GLib.Error, 'a bad row throws a GLib.Error');
    check(error?.matches(Cxv.ImportError, Cxv.ImportError.INVALID_VALUE),
        'in the import error domain, as an invalid value');
    check(error?.message.includes('bad.csv:3') && error?.message.includes('lots'),
        'the message names the file, line and value');
    checkEqual(dataset.get_n_records(Cxv.RecordKind.CUSTOMER), 3, 'no customer was added');
    checkEqual(dataset.get_revenue_total(), 11600, 'the total is unchanged');
}

function testTable() {
    const table = Cxv.Table.new('t');
    table.set_currency('USD');
    const id = table.add_column('id', Cxv.ColumnType.TEXT);
    const revenue = table.add_column('revenue', Cxv.ColumnType.MONEY);
    const since = table.add_column('since', Cxv.ColumnType.DATE);
    const row = table.append_row();
    table.set_text(row, id, 'A');
    table.set_money(row, revenue, 2100);
    table.set_date(row, since, Cxv.date_from_ymd(2024, 2, 29));
    table.set_null(table.append_row(), revenue);
    checkEqual(table.get_n_items(), 2, 'a table is a list model of its rows');
    checkEqual(table.format_cell(0, revenue), '21.00', 'money formats with the currency');
    checkEqual(table.format_cell(0, since), '2024-02-29', 'dates format as ISO 8601');
    check(table.is_null(1, revenue), 'null cells stay null');
}

// Lifetime value: a summary from arrays, published BG/NBD parameters
// (Fader, Hardie & Lee 2005) and P(alive) by hand.
function testClv() {
    // GJS takes the shared length from the last array, so pass the monetary
    // values too rather than null.
    const summary = Cxv.ClvSummary.new_for_data(Cxv.TimeUnit.WEEK, [0, 2], [0, 30.43],
        [38, 38.86], [0, 25]);
    checkEqual(summary.get_n_customers(), 2, 'a summary from JS arrays');
    checkEqual(summary.get_n_repeat_buyers(), 1, 'one of them bought again');

    const model = Cxv.ClvBgnbd.new();
    check(model.set_params([0.243, 4.414, 0.793, 2.426]), 'published parameters set');
    checkEqual(model.get_param('b'), 2.426, 'read back by name');
    // 1 / (1 + 0.793 / 3.426 * (43.274 / 34.844)^2.243) = 0.72658
    check(Math.abs(model.p_alive(2, 30.43, 38.86) - 0.72658) < 5e-6, 'P(alive) by hand');
    checkEqual(model.p_alive(0, 0, 38), 1, 'no repeat purchase: alive for certain');

    let error = null;
    try {
        Cxv.ClvSummary.new_for_data(Cxv.TimeUnit.WEEK, [1], [5], [4], [10]);
    } catch (e) {
        error = e;
    }
    check(error?.matches(Cxv.AnalysisError, Cxv.AnalysisError.INVALID_ARGUMENT),
        'a recency after the end is an invalid argument');

    error = null;
    try {
        Cxv.ClvBgnbd.new().fit(Cxv.ClvSummary.new_for_data(Cxv.TimeUnit.WEEK, [0], [0], [9],
            [0]), null);
    } catch (e) {
        error = e;
    }
    check(error?.matches(Cxv.AnalysisError, Cxv.AnalysisError.EMPTY),
        'no repeat buyer: nothing to fit');
}

for (const test of [testMappingInCode, testMappingFromJson, testExampleFiles, testBadRow,
    testTable, testClv]) {
    try {
        test();
    } catch (e) {
        check(false, `${test.name} throws nothing`);
        print(`# ${e}`);
    }
}
print(`1..${testNumber}`);
System.exit(failures > 0 ? 1 : 0);
