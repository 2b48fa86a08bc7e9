#!/usr/bin/python3
# qore_tiers.py: relationship tiers of the simulated sample, and why
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: qore_tiers.py [CUSTOMERS]
#
# Simulates the built-in internet service provider, puts every customer in
# its QoRE tier (Evaluate, Engage, Trust, or unqualified), prints the tiers
# with their churn and product mix, the most common gaps and the actions
# that address them, and explains one unqualified customer in plain words.

import collections
import sys

import gi

gi.require_version('Cxv', '1.0')
from gi.repository import Cxv  # noqa: E402


def main():
    n_customers = int(sys.argv[1]) if len(sys.argv) > 1 else 5000

    simulator = Cxv.Simulator.new()
    simulator.set_n_customers(n_customers)
    dataset = simulator.run(None)

    qore = Cxv.Qore.new(dataset)
    qore.run(None)
    evaluated_on = Cxv.date_to_iso8601(qore.get_evaluated_on())

    tiers = qore.get_tiers().to_pandas()
    customers = qore.get_customers().to_pandas()
    print(f'Relationship tiers on {evaluated_on}')
    print(tiers[['tier', 'name', 'customers', 'share', 'churn_rate',
                 'products_per_customer', 'single_product_share']].to_string(index=False))

    # Each gap reads "signal: action"; count the actions across customers.
    actions = collections.Counter()
    for gaps in customers['gaps'].dropna():
        for gap in filter(None, (g.strip() for g in gaps.split(';'))):
            actions[gap.split(':', 1)[-1].strip()] += 1
    print('\nMost common actions')
    for action, count in actions.most_common(5):
        print(f'  {count:6d}  {action}')

    unqualified = customers[customers['tier'] == 0]
    if len(unqualified):
        print('\n' + qore.explain_customer(unqualified.iloc[0]['customer']))

    # Every customer evaluated is in exactly one tier.
    if int(tiers['customers'].sum()) != len(customers):
        print('tiers do not add up to the customers evaluated', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
