/* cxv-linalg-private.h: small dense linear algebra for the analyses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Why our own and not LAPACK: the models have at most ~20 predictors and
 * read their n rows (up to a million) once per pass into a p×p
 * cross-product matrix. All the linear algebra then happens on that p×p
 * matrix, which costs microseconds; LAPACK would buy no speed and add a
 * dependency (and BLAS threading) to a library that has none.
 *
 * Matrices are dense, row-major, double: element (i, j) of an n×n matrix
 * is a[i * n + j]. */

/* A pivot is rejected when it falls to this fraction of its diagonal
 * element. For a cross-product matrix the ratio is 1 − R² of that column
 * regressed on the earlier ones, so 1e-10 means a variance inflation factor
 * of 10¹⁰: far past the point where any coefficient means anything, yet
 * well above the ~1e-15 that an exact combination leaves after rounding. */
#define CXV_LINALG_PIVOT_TOLERANCE 1e-10

/* Factors the symmetric positive definite @a as L Lᵀ in place: only the
 * lower triangle is read, L overwrites it and the strict upper triangle is
 * zeroed. Fails, leaving @a clobbered, at the first column j whose pivot is
 * at most @tolerance × a[j][j] (so column j is numerically a combination of
 * columns 0…j−1, or @a is not positive definite); @failed_column
 * (nullable) receives j. */
gboolean cxv_linalg_cholesky         (double      *a,
                                      guint        n,
                                      double       tolerance,
                                      guint       *failed_column);
/* Solves L Lᵀ x = b in place, @l from cxv_linalg_cholesky(). */
void     cxv_linalg_cholesky_solve   (const double *l,
                                      guint         n,
                                      double       *b);
/* (L Lᵀ)⁻¹ into @inverse (n×n, full and exactly symmetric). */
void     cxv_linalg_cholesky_inverse (const double *l,
                                      guint         n,
                                      double       *inverse);
/* Inverts the symmetric positive definite @a in place; fails as
 * cxv_linalg_cholesky() does, leaving @a clobbered. */
gboolean cxv_linalg_spd_inverse      (double      *a,
                                      guint        n,
                                      double       tolerance,
                                      guint       *failed_column);
/* Eigen-decomposition of the symmetric @a (only the lower triangle is
 * read) by cyclic Jacobi rotations: accurate to a few ulps of the largest
 * eigenvalue and quick for n ≤ 30, which is all we need. Eigenvalues are
 * sorted in decreasing order; column k of @eigenvectors (n×n, row-major,
 * nullable) is the unit eigenvector of eigenvalues[k]. Returns FALSE if the
 * sweeps did not converge (not seen in practice for finite input). */
gboolean cxv_linalg_symmetric_eigen  (const double *a,
                                      guint         n,
                                      double       *eigenvalues,
                                      double       *eigenvectors);

G_END_DECLS
