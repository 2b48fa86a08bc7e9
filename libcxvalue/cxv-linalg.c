/* cxv-linalg.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-linalg-private.h"

gboolean
cxv_linalg_cholesky (double *a,
                     guint   n,
                     double  tolerance,
                     guint  *failed_column)
{
  for (guint j = 0; j < n; j++)
    {
      double *row_j = a + (gsize) j * n;
      double diagonal = row_j[j];
      double pivot = diagonal;

      for (guint k = 0; k < j; k++)
        pivot -= row_j[k] * row_j[k];

      /* !(pivot > 0) also catches NaN. */
      if (!(pivot > 0) || pivot <= tolerance * diagonal)
        {
          if (failed_column != NULL)
            *failed_column = j;
          return FALSE;
        }
      row_j[j] = sqrt (pivot);

      for (guint i = j + 1; i < n; i++)
        {
          double *row_i = a + (gsize) i * n;
          double sum = row_i[j];

          for (guint k = 0; k < j; k++)
            sum -= row_i[k] * row_j[k];
          row_i[j] = sum / row_j[j];
        }
      for (guint k = j + 1; k < n; k++)
        row_j[k] = 0;
    }
  return TRUE;
}

void
cxv_linalg_cholesky_solve (const double *l,
                           guint         n,
                           double       *b)
{
  /* L y = b */
  for (guint i = 0; i < n; i++)
    {
      double sum = b[i];

      for (guint k = 0; k < i; k++)
        sum -= l[(gsize) i * n + k] * b[k];
      b[i] = sum / l[(gsize) i * n + i];
    }
  /* Lᵀ x = y */
  for (guint i = n; i-- > 0;)
    {
      double sum = b[i];

      for (guint k = i + 1; k < n; k++)
        sum -= l[(gsize) k * n + i] * b[k];
      b[i] = sum / l[(gsize) i * n + i];
    }
}

void
cxv_linalg_cholesky_inverse (const double *l,
                             guint         n,
                             double       *inverse)
{
  g_autofree double *linv = g_new0 (double, (gsize) n * n);

  /* L⁻¹ is lower triangular; then A⁻¹ = L⁻ᵀ L⁻¹, whose lower triangle is
   * mirrored so the result is exactly symmetric. */
  for (guint j = 0; j < n; j++)
    {
      linv[(gsize) j * n + j] = 1 / l[(gsize) j * n + j];
      for (guint i = j + 1; i < n; i++)
        {
          double sum = 0;

          for (guint k = j; k < i; k++)
            sum -= l[(gsize) i * n + k] * linv[(gsize) k * n + j];
          linv[(gsize) i * n + j] = sum / l[(gsize) i * n + i];
        }
    }
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j <= i; j++)
      {
        double sum = 0;

        for (guint k = i; k < n; k++)
          sum += linv[(gsize) k * n + i] * linv[(gsize) k * n + j];
        inverse[(gsize) i * n + j] = sum;
        inverse[(gsize) j * n + i] = sum;
      }
}

gboolean
cxv_linalg_spd_inverse (double *a,
                        guint   n,
                        double  tolerance,
                        guint  *failed_column)
{
  g_autofree double *l = g_memdup2 (a, (gsize) n * n * sizeof (double));

  if (!cxv_linalg_cholesky (l, n, tolerance, failed_column))
    return FALSE;
  cxv_linalg_cholesky_inverse (l, n, a);
  return TRUE;
}

gboolean
cxv_linalg_symmetric_eigen (const double *a,
                            guint         n,
                            double       *eigenvalues,
                            double       *eigenvectors)
{
  g_autofree double *m = g_new (double, (gsize) n * n);
  g_autofree double *v = g_new0 (double, (gsize) n * n);
  g_autofree guint *order = g_new (guint, n);
  gboolean converged = FALSE;

  for (guint i = 0; i < n; i++)
    {
      for (guint j = 0; j <= i; j++)
        m[(gsize) i * n + j] = m[(gsize) j * n + i] = a[(gsize) i * n + j];
      v[(gsize) i * n + i] = 1;
    }

  for (guint sweep = 0; sweep < 100 && !converged; sweep++)
    {
      double off = 0, total = 0;

      for (guint i = 0; i < n; i++)
        for (guint j = 0; j < n; j++)
          {
            double x = m[(gsize) i * n + j] * m[(gsize) i * n + j];

            total += x;
            if (i != j)
              off += x;
          }
      /* Off-diagonal mass at rounding level of the whole (each rotation
       * leaves ~ε‖A‖ behind, so asking for less never ends): done. The
       * comparison with 0 covers the zero matrix. */
      if (off <= 1e-28 * total || off == 0)
        {
          converged = TRUE;
          break;
        }

      for (guint p = 0; p + 1 < n; p++)
        for (guint q = p + 1; q < n; q++)
          {
            double apq = m[(gsize) p * n + q];
            double app = m[(gsize) p * n + p], aqq = m[(gsize) q * n + q];
            double theta, t, c, s;

            if (apq == 0)
              continue;
            /* Rutishauser's rotation: t = tan φ chosen as the smaller root
             * so that |φ| ≤ π/4, which keeps the iteration stable. */
            theta = (aqq - app) / (2 * apq);
            t = (theta >= 0 ? 1 : -1) / (fabs (theta) + sqrt (theta * theta + 1));
            c = 1 / sqrt (t * t + 1);
            s = t * c;

            for (guint k = 0; k < n; k++)
              {
                double mkp = m[(gsize) k * n + p], mkq = m[(gsize) k * n + q];

                m[(gsize) k * n + p] = c * mkp - s * mkq;
                m[(gsize) k * n + q] = s * mkp + c * mkq;
              }
            for (guint k = 0; k < n; k++)
              {
                double mpk = m[(gsize) p * n + k], mqk = m[(gsize) q * n + k];

                m[(gsize) p * n + k] = c * mpk - s * mqk;
                m[(gsize) q * n + k] = s * mpk + c * mqk;
              }
            for (guint k = 0; k < n; k++)
              {
                double vkp = v[(gsize) k * n + p], vkq = v[(gsize) k * n + q];

                v[(gsize) k * n + p] = c * vkp - s * vkq;
                v[(gsize) k * n + q] = s * vkp + c * vkq;
              }
          }
    }

  /* Insertion sort by decreasing eigenvalue: n is tiny. */
  for (guint i = 0; i < n; i++)
    {
      guint j = i;

      while (j > 0 && m[(gsize) order[j - 1] * n + order[j - 1]] < m[(gsize) i * n + i])
        {
          order[j] = order[j - 1];
          j--;
        }
      order[j] = i;
    }
  for (guint k = 0; k < n; k++)
    {
      eigenvalues[k] = m[(gsize) order[k] * n + order[k]];
      if (eigenvectors != NULL)
        for (guint i = 0; i < n; i++)
          eigenvectors[(gsize) i * n + k] = v[(gsize) i * n + order[k]];
    }
  return converged;
}
