#!/usr/bin/python3
# test-linkage.py: CxvLinkage on three public churn files, against statsmodels
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: test-linkage.py DATA-DIR [OVERRIDES-DIR]
#
# OVERRIDES-DIR is the source tree's bindings/python, whose Cxv.py (for
# Table.to_pandas) is put before any installed one.
#
# The second method is pandas, scipy and statsmodels (Logit, OLS) run
# straight on the CSV files, never on anything libcxvalue made; every
# figure must agree to 4 significant digits (agree(), below: the two
# differ by at most half a unit in the 4th significant digit of the
# larger).
#
# - Orange telecom (churn-bigml-80.csv, orange-telecom preset, the window
#   2000-01-01..2000-02-01, signal `contacts` = "Customer service calls"):
#   the churn rate by number of calls against a pandas groupby; the
#   logistic coefficients, standard errors, z, p, 95 % intervals, odds
#   ratios and log-likelihood against statsmodels Logit; the elasticity
#   β x̄ (1 − ȳ) from pandas means; Pearson and Spearman (r, p) against
#   scipy.stats, their Fisher-z intervals recomputed with numpy; the
#   key-driver share against the R² of statsmodels OLS.
# - IBM Telco extended (telco_customers_v11.csv joined to telco_status.csv
#   on the customer id), as a frame built here with Cxv.Table: the
#   satisfaction score (1-5) separates churn quasi-completely (scores 1-2
#   all churn, 4-5 none do), so the library must refuse the logistic model
#   with a separation error while statsmodels fails to converge or gives a
#   huge standard error. Pearson and Spearman are symmetric, so the
#   correlation is read from the run with satisfaction as the outcome and
#   churn as the signal. The non-separating variant: churn on tenure and
#   monthly charges (Logit). The least-squares case: monthly charges on
#   satisfaction and tenure (OLS: estimates, SE, t, p, intervals, R²,
#   log-likelihood, elasticities at the means), and its key drivers: the
#   Shapley shares against the LMG decomposition recomputed from the R² of
#   the statsmodels OLS of each subset, Johnson's relative weights against
#   numpy's eigendecomposition of the correlation matrix, and both summing
#   to the OLS R².
# - Bank churn (Customer-Churn-Records.csv, bank-churn preset, the window
#   2022-12-01..2023-01-01): the frame's complaints, csat and churn against
#   Complain, Satisfaction Score and Exited per customer; complaint against
#   churn (a complaint almost equals an exit: 2,034 of 2,044 complainers
#   left, 4 of 7,956 others did), whose huge coefficient must match
#   statsmodels (or, if the library calls it separation, statsmodels must
#   show trouble too); satisfaction against churn (no association:
#   a coefficient near 0 and a large p) and the exit rate by score; and
#   least squares through the dataset's frame, satisfaction on products,
#   tenure (recomputed from the Tenure years with pandas dates) and
#   complaint, with its Shapley shares and relative weights.
#
# Exits 77 when the data or PyGObject/pandas/scipy/statsmodels is absent.

import math
import os
import sys
import warnings


class Checks:
    def __init__(self):
        self.results = []

    def check(self, name, ok):
        self.results.append((name, bool(ok)))
        return ok

    def agree(self, name, got, want, digits=4):
        """Checks that @got and @want agree to @digits significant digits."""
        ok = agree(got, want, digits)
        self.results.append((f'{name}: {sig(got, digits)} vs {sig(want, digits)}', ok))
        return ok

    def report(self):
        print(f'1..{len(self.results)}')
        for i, (name, ok) in enumerate(self.results, 1):
            print(f'{"ok" if ok else "not ok"} {i} - {name}')
        return 0 if all(ok for _, ok in self.results) else 1


def agree(a, b, digits=4):
    """True when @a and @b differ by at most half a unit in the @digits-th
    significant digit of the larger of the two: 0.38577 and 0.38581 agree
    to 4 digits, 0.3858 and 0.3859 do not. Plain tolerances would let a
    p-value of 1e-23 pass against 1e-20; this does not."""
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
        return False
    if a == b:
        return True
    exponent = math.floor(math.log10(max(abs(a), abs(b))))
    return abs(a - b) <= 0.5 * 10.0 ** (exponent - digits + 1)


def sig(x, digits=4):
    return f'{float(x):.{digits - 1}e}'


def rows(table):
    """A CxvTable as a pandas DataFrame."""
    return table.to_pandas()


def model_row(model, term):
    frame = rows(model)
    return frame[frame['term'] == term].iloc[0]


def compare_fit(checks, label, linkage, fit, terms, y_mean, x_means, logistic):
    """Compares the model table of @linkage with the statsmodels @fit;
    @terms maps the library's term names to the statsmodels ones."""
    ci = fit.conf_int(0.05)
    for term, sm_term in terms.items():
        row = model_row(linkage.get_model(), term)
        what = f'{label}: {term}'
        checks.agree(f'{what} estimate', row['estimate'], fit.params[sm_term])
        checks.agree(f'{what} standard error', row['standard_error'], fit.bse[sm_term])
        checks.agree(f'{what} {"z" if logistic else "t"}', row['statistic'],
                     fit.tvalues[sm_term])
        checks.agree(f'{what} p-value', row['p_value'], fit.pvalues[sm_term])
        checks.agree(f'{what} lower 95 %', row['lower'], ci.loc[sm_term, 0])
        checks.agree(f'{what} upper 95 %', row['upper'], ci.loc[sm_term, 1])
        if logistic:
            checks.agree(f'{what} odds ratio', row['odds_ratio'], math.exp(fit.params[sm_term]))
        if term != '(intercept)':
            # Elasticity at the means: β x̄ (1 − ȳ) for a probability,
            # β x̄ / ȳ for least squares.
            b = fit.params[sm_term]
            want = (b * x_means[term] * (1 - y_mean) if logistic
                    else b * x_means[term] / y_mean)
            checks.agree(f'{what} elasticity at the means', row['elasticity'], want)
    checks.agree(f'{label}: log-likelihood', linkage.get_log_likelihood(), fit.llf)
    if logistic:
        checks.agree(f'{label}: McFadden pseudo R²', linkage.get_r_squared(), fit.prsquared)
    else:
        checks.agree(f'{label}: R²', linkage.get_r_squared(), fit.rsquared)


def compare_correlation(checks, label, correlations, signal, x, y, n):
    import numpy as np
    from scipy import stats

    row = rows(correlations)
    row = row[row['signal'] == signal].iloc[0]
    checks.check(f'{label}: n = {n}', int(row['n']) == n)
    z = stats.norm.ppf(0.975) / math.sqrt(n - 3)
    for method, fn in (('pearson', stats.pearsonr), ('spearman', stats.spearmanr)):
        r, p = fn(x, y)
        checks.agree(f'{label}: {method} r', row[method], r)
        checks.agree(f'{label}: {method} p-value', row[f'{method}_p'], p)
        # The Fisher-z interval: tanh(atanh(r) ± z₀.₉₇₅ / √(n − 3)).
        checks.agree(f'{label}: {method} lower 95 %', row[f'{method}_lower'],
                     np.tanh(np.arctanh(r) - z))
        checks.agree(f'{label}: {method} upper 95 %', row[f'{method}_upper'],
                     np.tanh(np.arctanh(r) + z))


def separation_trouble(sm, y, x):
    """Whether statsmodels also finds @y separated by @x: it raises
    PerfectSeparationError, does not converge, or gives a standard error
    above 100 (its iterations running off to infinity)."""
    from statsmodels.tools.sm_exceptions import PerfectSeparationError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            fit = sm.Logit(y, sm.add_constant(x)).fit(disp=0, maxiter=100)
    except PerfectSeparationError:
        return True, 'PerfectSeparationError'
    converged = fit.mle_retvals.get('converged', True)
    worst = float(fit.bse.max())
    return (not converged or worst > 100), f'converged={converged}, largest SE {worst:.4g}'


def orange(checks, path, Cxv, Gio):
    import pandas as pd
    import statsmodels.api as sm

    dataset = Cxv.Dataset.new('USD')
    importer = Cxv.CsvImporter.new(dataset, Cxv.ColumnMapping.new_preset('orange-telecom'))
    importer.import_file(Gio.File.new_for_path(path), None)
    dataset.seal()
    linkage = Cxv.Linkage.new(dataset)
    linkage.set_start(Cxv.date('2000-01-01'))
    linkage.set_end(Cxv.date('2000-02-01'))
    linkage.set_signals(['contacts'])
    linkage.set_bootstrap_samples(0)
    linkage.run(None)

    d = pd.read_csv(path, sep=';')
    calls = d['Customer service calls'].astype(float)
    churn = (d['Churn'] == 'VRAI').astype(float)
    n = len(d)
    checks.check(f'Orange: {n} customers in the frame, none dropped',
                 linkage.get_n_rows() == n and linkage.get_n_dropped() == 0)
    checks.check('Orange: logistic model for churn',
                 linkage.get_model_kind() == Cxv.LinkageModel.LOGISTIC)

    # The churn rate by number of calls.
    by_calls = churn.groupby(calls).agg(['size', 'mean'])
    levels = rows(linkage.get_levels())
    checks.check(f'Orange: {len(by_calls)} levels of calls',
                 list(levels['high']) == list(by_calls.index))
    for value, (size, rate) in by_calls.iterrows():
        level = levels[levels['high'] == value].iloc[0]
        checks.check(f'Orange: {int(size)} customers with {int(value)} calls',
                     int(level['customers']) == int(size))
        checks.agree(f'Orange: churn rate with {int(value)} calls', level['outcome_mean'], rate)

    fit = sm.Logit(churn, sm.add_constant(calls.rename('calls'))).fit(disp=0)
    compare_fit(checks, 'Orange logit', linkage, fit,
                {'(intercept)': 'const', 'contacts': 'calls'},
                churn.mean(), {'contacts': calls.mean()}, logistic=True)
    compare_correlation(checks, 'Orange calls ~ churn', linkage.get_correlations(), 'contacts',
                        calls, churn, n)

    # One driver: its Shapley share and relative weight are the whole R²
    # of the linear probability model.
    ols = sm.OLS(churn, sm.add_constant(calls)).fit()
    drivers = rows(linkage.get_drivers())
    checks.agree('Orange: Shapley share of calls = linear-probability R²',
                 drivers['shapley'].sum(), ols.rsquared)
    checks.agree('Orange: relative weight of calls = linear-probability R²',
                 drivers['relative_weight'].sum(), ols.rsquared)


def ibm_frame(Cxv, d):
    """The joined IBM file as a Cxv.Table frame."""
    columns = [
        ('customer', Cxv.ColumnType.TEXT, 'CustomerID'),
        ('satisfaction', Cxv.ColumnType.INT, 'Satisfaction Score'),
        ('churn', Cxv.ColumnType.INT, 'Churn Value'),
        ('tenure_months', Cxv.ColumnType.DOUBLE, 'Tenure Months'),
        ('monthly_charges', Cxv.ColumnType.DOUBLE, 'Monthly Charges'),
    ]
    frame = Cxv.Table.new('ibm-telco')
    for name, kind, _ in columns:
        frame.add_column(name, kind)
    setters = {Cxv.ColumnType.TEXT: lambda r, c, v: frame.set_text(r, c, str(v)),
               Cxv.ColumnType.INT: lambda r, c, v: frame.set_int(r, c, int(v)),
               Cxv.ColumnType.DOUBLE: lambda r, c, v: frame.set_double(r, c, float(v))}
    values = [d[source].tolist() for _, _, source in columns]
    for i in range(len(d)):
        row = frame.append_row()
        for c, (_, kind, _) in enumerate(columns):
            setters[kind](row, c, values[c][i])
    return frame


def shapley(sm, y, x):
    """The LMG (Shapley) share of each column of @x from the R² of the
    statsmodels OLS fit on every subset: the mean, over all orders of
    entry, of the R² a predictor adds when it enters."""
    from itertools import combinations

    names = list(x.columns)
    p = len(names)

    def r2(subset):
        if not subset:
            return 0.0
        return sm.OLS(y, sm.add_constant(x[list(subset)])).fit().rsquared

    cache = {}
    for size in range(p + 1):
        for subset in combinations(names, size):
            cache[frozenset(subset)] = r2(subset)
    shares = {}
    for name in names:
        others = [n for n in names if n != name]
        total = 0.0
        for size in range(p):
            weight = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
            for subset in combinations(others, size):
                total += weight * (cache[frozenset(subset) | {name}] - cache[frozenset(subset)])
        shares[name] = total
    return shares, cache[frozenset(names)]


def relative_weights(x, y):
    """Johnson's relative weights with numpy: R_xx = V Λ Vᵀ, its square root
    Λ½ = V √Λ Vᵀ, β = Λ½⁻¹ r_xy, weight_j = Σ_k (Λ½)_jk² β_k²."""
    import numpy as np

    data = np.column_stack([x, y])
    corr = np.corrcoef(data, rowvar=False)
    rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
    values, vectors = np.linalg.eigh(rxx)
    half = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta = np.linalg.solve(half, rxy)
    return (half ** 2) @ (beta ** 2)


def ibm(checks, customers_path, status_path, Cxv, GLib):
    import pandas as pd
    import statsmodels.api as sm

    customers = pd.read_csv(customers_path)
    status = pd.read_csv(status_path)
    d = customers.merge(status[['Customer ID', 'Satisfaction Score', 'Churn Value']],
                        left_on='CustomerID', right_on='Customer ID', validate='one_to_one',
                        suffixes=('', ' (status)'))
    checks.check(f'IBM: the two files agree on churn for all {len(d)} customers',
                 len(d) == len(customers) and (d['Churn Value'] == d['Churn Value (status)']).all())
    frame = ibm_frame(Cxv, d)
    churn = d['Churn Value'].astype(float)
    satisfaction = d['Satisfaction Score'].astype(float).rename('satisfaction')
    tenure = d['Tenure Months'].astype(float).rename('tenure_months')
    charges = d['Monthly Charges'].astype(float).rename('monthly_charges')
    n = len(d)

    # Satisfaction against churn: quasi-complete separation.
    linkage = Cxv.Linkage.new_for_table(frame)
    linkage.set_signals(['satisfaction'])
    linkage.set_bootstrap_samples(0)
    message = None
    try:
        linkage.run(None)
    except GLib.Error as e:
        message = e.message
        checks.check(f'IBM: satisfaction → churn refused: {e.message}',
                     e.matches(Cxv.analysis_error_quark(), Cxv.AnalysisError.FAILED)
                     and 'separation' in e.message.lower() and 'satisfaction' in e.message)
    if message is None:
        checks.check('IBM: satisfaction → churn fitted although it separates churn', False)
    trouble, how = separation_trouble(sm, churn, satisfaction)
    checks.check(f'IBM: statsmodels Logit of churn on satisfaction fails too ({how})', trouble)

    # The correlation, symmetric: satisfaction as the outcome, churn as the
    # signal, a least-squares run that cannot separate.
    linkage = Cxv.Linkage.new_for_table(frame)
    linkage.set_outcome('satisfaction')
    linkage.set_signals(['churn'])
    linkage.set_bootstrap_samples(0)
    linkage.run(None)
    compare_correlation(checks, 'IBM satisfaction ~ churn', linkage.get_correlations(), 'churn',
                        churn, satisfaction, n)

    # The non-separating variant: churn on tenure and monthly charges.
    linkage = Cxv.Linkage.new_for_table(frame)
    linkage.set_signals(['tenure_months', 'monthly_charges'])
    linkage.set_bootstrap_samples(0)
    linkage.run(None)
    x = pd.concat([tenure, charges], axis=1)
    fit = sm.Logit(churn, sm.add_constant(x)).fit(disp=0)
    compare_fit(checks, 'IBM logit churn ~ tenure + charges', linkage, fit,
                {'(intercept)': 'const', 'tenure_months': 'tenure_months',
                 'monthly_charges': 'monthly_charges'},
                churn.mean(), {'tenure_months': tenure.mean(), 'monthly_charges': charges.mean()},
                logistic=True)
    compare_correlation(checks, 'IBM tenure ~ churn', linkage.get_correlations(),
                        'tenure_months', tenure, churn, n)

    # Least squares: monthly charges on satisfaction and tenure, with its
    # key drivers.
    linkage = Cxv.Linkage.new_for_table(frame)
    linkage.set_outcome('monthly_charges')
    linkage.set_signals(['satisfaction', 'tenure_months'])
    linkage.set_bootstrap_samples(200)
    linkage.set_seed(7)
    linkage.run(None)
    checks.check('IBM: least squares for monthly charges',
                 linkage.get_model_kind() == Cxv.LinkageModel.OLS)
    x = pd.concat([satisfaction, tenure], axis=1)
    fit = sm.OLS(charges, sm.add_constant(x)).fit()
    compare_fit(checks, 'IBM OLS charges ~ satisfaction + tenure', linkage, fit,
                {'(intercept)': 'const', 'satisfaction': 'satisfaction',
                 'tenure_months': 'tenure_months'},
                charges.mean(), {'satisfaction': satisfaction.mean(),
                                 'tenure_months': tenure.mean()},
                logistic=False)
    drivers = rows(linkage.get_drivers()).set_index('driver')
    shares, r2 = shapley(sm, charges, x)
    checks.agree('IBM drivers: Shapley shares sum to the OLS R²', drivers['shapley'].sum(), r2)
    checks.agree('IBM drivers: relative weights sum to the OLS R²',
                 drivers['relative_weight'].sum(), r2)
    checks.agree('IBM drivers: Shapley share of satisfaction', drivers.loc['satisfaction',
                                                                            'shapley'],
                 shares['satisfaction'])
    checks.agree('IBM drivers: Shapley share of tenure', drivers.loc['tenure_months', 'shapley'],
                 shares['tenure_months'])
    weights = relative_weights(x.to_numpy(), charges.to_numpy())
    checks.agree('IBM drivers: relative weight of satisfaction',
                 drivers.loc['satisfaction', 'relative_weight'], weights[0])
    checks.agree('IBM drivers: relative weight of tenure',
                 drivers.loc['tenure_months', 'relative_weight'], weights[1])
    checks.check('IBM drivers: ranked by Shapley share, largest first',
                 list(drivers['rank']) == list(range(1, len(drivers) + 1))
                 and list(drivers['shapley']) == sorted(drivers['shapley'], reverse=True))
    inside = ((drivers['shapley_lower'] <= drivers['shapley'])
              & (drivers['shapley'] <= drivers['shapley_upper']))
    checks.check('IBM drivers: each Shapley share lies inside its bootstrap interval',
                 inside.all())


def bank(checks, path, Cxv, Gio, GLib):
    import pandas as pd
    import statsmodels.api as sm

    dataset = Cxv.Dataset.new('EUR')
    importer = Cxv.CsvImporter.new(dataset, Cxv.ColumnMapping.new_preset('bank-churn'))
    importer.import_file(Gio.File.new_for_path(path), None)
    dataset.seal()

    def run(signals):
        linkage = Cxv.Linkage.new(dataset)
        linkage.set_start(Cxv.date('2022-12-01'))
        linkage.set_end(Cxv.date('2023-01-01'))
        linkage.set_signals(signals)
        linkage.set_bootstrap_samples(0)
        return linkage

    d = pd.read_csv(path, encoding='utf-8-sig')
    exited = d['Exited'].astype(float)
    complain = d['Complain'].astype(float).rename('complaints')
    csat = d['Satisfaction Score'].astype(float).rename('csat')
    n = len(d)

    # Complaint against exit: a huge but finite coefficient (4 exits without
    # a complaint and 10 complainers who stayed keep it finite).
    linkage = run(['complaints'])
    try:
        linkage.run(None)
        fitted = True
    except GLib.Error as e:
        fitted = False
        trouble, how = separation_trouble(sm, exited, complain)
        checks.check(f'bank: complaint → exit refused ({e.message}); statsmodels: {how}',
                     'separation' in e.message.lower() and trouble)
    if fitted:
        frame = rows(linkage.get_frame()).set_index('customer')
        csv = d.set_index(d['CustomerId'].astype(str))
        frame = frame.loc[csv.index]
        checks.check(f'bank: the frame has the {n} customers',
                     len(frame) == n and linkage.get_n_rows() == n)
        checks.check('bank: frame complaints = Complain',
                     (frame['complaints'].to_numpy() == csv['Complain'].to_numpy()).all())
        checks.check('bank: frame churn = Exited',
                     (frame['churn'].to_numpy() == csv['Exited'].to_numpy()).all())
        checks.check('bank: frame csat = Satisfaction Score',
                     (frame['csat'].to_numpy() == csv['Satisfaction Score'].to_numpy()).all())
        fit = sm.Logit(exited, sm.add_constant(complain)).fit(disp=0)
        compare_fit(checks, 'bank logit exit ~ complaint', linkage, fit,
                    {'(intercept)': 'const', 'complaints': 'complaints'},
                    exited.mean(), {'complaints': complain.mean()}, logistic=True)
        row = model_row(linkage.get_model(), 'complaints')
        checks.check(f'bank: a complaint multiplies the odds of leaving by '
                     f'{row["odds_ratio"]:.4g} (> 100 000)', row['odds_ratio'] > 1e5)
        compare_correlation(checks, 'bank complaint ~ exit', linkage.get_correlations(),
                            'complaints', complain, exited, n)

    # Satisfaction against exit: no association to speak of.
    linkage = run(['csat'])
    linkage.run(None)
    fit = sm.Logit(exited, sm.add_constant(csat)).fit(disp=0)
    compare_fit(checks, 'bank logit exit ~ csat', linkage, fit,
                {'(intercept)': 'const', 'csat': 'csat'},
                exited.mean(), {'csat': csat.mean()}, logistic=True)
    compare_correlation(checks, 'bank csat ~ exit', linkage.get_correlations(), 'csat', csat,
                        exited, n)
    by_score = exited.groupby(csat).mean()
    levels = rows(linkage.get_levels())
    for value, rate in by_score.items():
        checks.agree(f'bank: exit rate at satisfaction {int(value)}',
                     levels[levels['high'] == value].iloc[0]['outcome_mean'], rate)

    # Least squares through the dataset's frame: satisfaction on the
    # products held, the tenure and the complaint. The frame's tenure is
    # the months (of 365.2425 / 12 days) from the first holding's start,
    # Tenure years before 2022-12-31, to the window's start, 0 when later.
    products = d['NumOfProducts'].astype(float).rename('products')
    start = pd.Timestamp('2022-12-01')
    opened = pd.to_datetime({'year': 2022 - d['Tenure'], 'month': 12, 'day': 31})
    tenure = ((start - opened).dt.days.clip(lower=0) / (365.2425 / 12)).rename('tenure_months')
    linkage = run(['products', 'tenure_months', 'complaints'])
    linkage.set_outcome('csat')
    linkage.set_bootstrap_samples(100)
    linkage.run(None)
    checks.check('bank: least squares for satisfaction',
                 linkage.get_model_kind() == Cxv.LinkageModel.OLS)
    x = pd.concat([products, tenure, complain], axis=1)
    fit = sm.OLS(csat, sm.add_constant(x)).fit()
    compare_fit(checks, 'bank OLS csat ~ products + tenure + complaint', linkage, fit,
                {'(intercept)': 'const', 'products': 'products', 'tenure_months': 'tenure_months',
                 'complaints': 'complaints'},
                csat.mean(), {'products': products.mean(), 'tenure_months': tenure.mean(),
                              'complaints': complain.mean()},
                logistic=False)
    drivers = rows(linkage.get_drivers()).set_index('driver')
    shares, r2 = shapley(sm, csat, x)
    checks.agree('bank drivers: Shapley shares sum to the OLS R²', drivers['shapley'].sum(), r2)
    checks.agree('bank drivers: relative weights sum to the OLS R²',
                 drivers['relative_weight'].sum(), r2)
    weights = relative_weights(x.to_numpy(), csat.to_numpy())
    for j, name in enumerate(x.columns):
        checks.agree(f'bank drivers: Shapley share of {name}', drivers.loc[name, 'shapley'],
                     shares[name])
        checks.agree(f'bank drivers: relative weight of {name}',
                     drivers.loc[name, 'relative_weight'], weights[j])



def main():
    data = sys.argv[1]
    orange_path = os.path.join(data, 'orange_telecom', 'churn-bigml-80.csv')
    ibm_customers = os.path.join(data, 'ibm_telco', 'telco_customers_v11.csv')
    ibm_status = os.path.join(data, 'ibm_telco', 'telco_status.csv')
    bank_path = os.path.join(data, 'bank_churn', 'Customer-Churn-Records.csv')
    for path in (orange_path, ibm_customers, ibm_status, bank_path):
        if not os.path.exists(path):
            print(f'1..0 # SKIP {path} is absent')
            return 77
    try:
        import pandas  # noqa: F401
        import scipy.stats  # noqa: F401
        import statsmodels.api  # noqa: F401
        import gi
        import gi.overrides
        if len(sys.argv) > 2:
            gi.overrides.__path__.insert(0, sys.argv[2])
        gi.require_version('Cxv', '1.0')
        from gi.repository import Cxv, Gio, GLib
    except (ImportError, ValueError) as e:
        print(f'1..0 # SKIP {e}')
        return 77

    checks = Checks()
    # The comparison itself: it must tell 4 digits from 3.
    checks.check('agree(): 0.38577 and 0.38581 agree to 4 digits, 0.3858 and 0.3859 do not, '
                 '1e-23 and 1e-20 do not',
                 agree(0.38577, 0.38581) and not agree(0.3858, 0.3859)
                 and not agree(1e-23, 1e-20) and agree(-2.4631003, -2.46307)
                 and not agree(1.0, -1.0))
    orange(checks, orange_path, Cxv, Gio)
    ibm(checks, ibm_customers, ibm_status, Cxv, GLib)
    bank(checks, bank_path, Cxv, Gio, GLib)
    return checks.report()


if __name__ == '__main__':
    sys.exit(main())
