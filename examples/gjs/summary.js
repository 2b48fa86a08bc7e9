#!/usr/bin/env -S gjs -m
// summary.js: import the sample internet service provider and summarise it
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Usage: gjs -m summary.js [DATA-DIR]
//
// The GJS twin of examples/c/summary.c, printing the same summary. Columns
// come out of the dataset as GLib.Bytes and are read through typed arrays.

import Cxv from 'gi://Cxv?version=1.0';
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import System from 'system';

const FILES = ['customers', 'products', 'holdings', 'revenue',
    'interactions', 'feedback', 'referrals', 'initiatives'];

const RECORD_LABELS = ['customers', 'products', 'holdings', 'revenue events', 'interactions',
    'feedback', 'usage', 'referrals', 'initiatives'];

const REVENUE_LABELS = ['new', 'recurring', 'expansion', 'contraction', 'one-off', 'refund'];

function load(dataDir) {
    const dataset = Cxv.Dataset.new('USD');
    for (const name of FILES) {
        const mapping = Cxv.ColumnMapping.new_from_file(
            GLib.build_filenamev([dataDir, `isp-${name}.json`]));
        const importer = Cxv.CsvImporter.new(dataset, mapping);
        importer.import_file(
            Gio.File.new_for_path(GLib.build_filenamev([dataDir, `${name}.csv`])), null);
    }
    dataset.seal();
    return dataset;
}

// A dataset column as a typed array over a copy of its bytes.
function column(dataset, name, ArrayType) {
    const [bytes] = dataset.dup_column(Cxv.RecordKind.REVENUE, name);
    const data = bytes.toArray();
    const length = data.byteLength / ArrayType.BYTES_PER_ELEMENT;
    return new ArrayType(data.buffer, data.byteOffset, length);
}

function summarise(dataset, dataDir) {
    const currency = dataset.get_currency();
    const decimals = dataset.get_decimals();

    print(`Sample data: ${dataDir} (${currency})\n\nRecords`);
    RECORD_LABELS.forEach((label, kind) =>
        print(`  ${label.padEnd(16)} ${String(dataset.get_n_records(kind)).padStart(6)}`));

    const kinds = column(dataset, 'kind', Uint8Array);
    const amounts = column(dataset, 'amount', BigInt64Array);
    const dates = column(dataset, 'date', Int32Array);
    if (dates.length > 0) {
        const first = Cxv.date_to_iso8601(dates.reduce((a, b) => Math.min(a, b)));
        const last = Cxv.date_to_iso8601(dates.reduce((a, b) => Math.max(a, b)));
        print(`\n${'Revenue dates'.padEnd(18)} ${first} to ${last}`);
    }
    // Money stays in 64-bit integers (BigInt here) until it is formatted.
    const total = Cxv.money_format(dataset.get_revenue_total(), decimals);
    print(`${'Total revenue'.padEnd(18)} ${total} ${currency}\n`);

    print(`${'Revenue by kind'.padEnd(18)} ${'events'.padStart(6)} ${'amount'.padStart(11)}`);
    REVENUE_LABELS.forEach((label, kind) => {
        let count = 0;
        let sum = 0n;
        for (let i = 0; i < kinds.length; i++) {
            if (kinds[i] === kind) {
                count++;
                sum += amounts[i];
            }
        }
        // GJS passes a gint64 as a Number: exact up to 2^53 minor units.
        const amount = Cxv.money_format(Number(sum), decimals);
        print(`  ${label.padEnd(16)} ${String(count).padStart(6)} ${amount.padStart(11)}`);
    });
}

const args = System.programArgs;
if (args.length > 1) {
    printerr('Usage: gjs -m summary.js [DATA-DIR]');
    System.exit(1);
}
const here = GLib.path_get_dirname(GLib.filename_from_uri(import.meta.url)[0]);
const dataDir = args.length > 0 ? args[0] : GLib.canonicalize_filename('../data', here);
try {
    summarise(load(dataDir), dataDir);
} catch (error) {
    printerr(`summary.js: ${error.message}`);
    System.exit(1);
}
