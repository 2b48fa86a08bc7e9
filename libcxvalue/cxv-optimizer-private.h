/* cxv-optimizer-private.h: a small unconstrained quasi-Newton minimiser
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * CxvOptimizerFunc:
 * @x: the point, @n values
 * @gradient: (nullable): where to store the gradient, @n values; only ever
 *   non-%NULL when the options say the function has an analytic gradient
 * @user_data: closure
 *
 * Returns: f(@x), or +INFINITY / NAN outside the domain (the line search
 * then backs off)
 */
typedef double (*CxvOptimizerFunc) (const double *x,
                                    double       *gradient,
                                    gpointer      user_data);

/* Zero fields take the defaults shown. */
typedef struct {
  guint max_iterations;          /* 500 */
  double gradient_tolerance;     /* 1e-8: stop when max |g_i| <= tol * max (1, |f|) */
  double function_tolerance;     /* 1e-13: stop when |f_prev - f| <= tol * max (1, |f|) */
  double max_step;               /* 2.0: largest move of one coordinate in one iteration */
  gboolean analytic_gradient;    /* FALSE: central differences */
  const double *initial_inverse_hessian;  /* nullable, n × n row-major, warm start */
} CxvOptimizerOptions;

typedef struct {
  double value;                  /* f at the returned point */
  guint iterations;
  guint n_evaluations;           /* calls of the function, gradients included */
  gboolean converged;
} CxvOptimizerResult;

/* BFGS with an Armijo backtracking line search. @x holds the start and
 * receives the minimiser. @inverse_hessian (nullable, n × n) receives the
 * final BFGS approximation, usable as a later warm start. Returns FALSE with
 * @error only when cancelled or when f is not finite at the start; a run
 * that stops without converging returns TRUE with @result->converged FALSE. */
gboolean cxv_optimizer_minimize (guint                      n,
                                 double                    *x,
                                 CxvOptimizerFunc           func,
                                 gpointer                   user_data,
                                 const CxvOptimizerOptions *options,
                                 double                    *inverse_hessian,
                                 CxvOptimizerResult        *result,
                                 GCancellable              *cancellable,
                                 GError                   **error);

/* Central-difference gradient of @func at @x (2n calls). */
void     cxv_optimizer_numerical_gradient (guint             n,
                                           const double     *x,
                                           CxvOptimizerFunc  func,
                                           gpointer          user_data,
                                           double           *gradient);

/* Hessian (n × n, row-major, symmetrised) at @x by central differences: of
 * the analytic gradient when @analytic_gradient (2n calls), else of f
 * (2n² + 1 calls). Returns FALSE when a value is not finite. */
gboolean cxv_optimizer_hessian (guint             n,
                                const double     *x,
                                CxvOptimizerFunc  func,
                                gpointer          user_data,
                                gboolean          analytic_gradient,
                                double           *hessian);

/* Inverse of a symmetric positive definite n × n matrix through Cholesky.
 * Returns FALSE (and leaves @inverse undefined) when @a is not positive
 * definite. @a and @inverse may not alias. */
gboolean cxv_optimizer_invert_spd (guint         n,
                                   const double *a,
                                   double       *inverse);

G_END_DECLS
