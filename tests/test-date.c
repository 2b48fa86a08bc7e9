/* test-date.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <cxvalue.h>

#include "cxv-date-private.h"

static void
test_known_days (void)
{
  g_test_summary ("Known dates land on the day counts worked out by hand");

  /* 1970-01-01 is day 0; 2000-01-01 is 30 years with 7 leap days later:
   * 30 * 365 + 7 = 10957; 2000-03-01 adds 31 + 29 = 11017. */
  g_assert_cmpint (cxv_date_from_ymd (1970, 1, 1), ==, 0);
  g_assert_cmpint (cxv_date_from_ymd (2000, 1, 1), ==, 10957);
  g_assert_cmpint (cxv_date_from_ymd (2000, 3, 1), ==, 11017);
  g_assert_cmpint (cxv_date_from_ymd (1969, 12, 31), ==, -1);
  /* 0001-01-01 has proleptic ordinal 1 and 1970-01-01 ordinal 719163. */
  g_assert_cmpint (cxv_date_from_ymd (1, 1, 1), ==, CXV_DATE_MIN);
  g_assert_cmpint (cxv_date_from_ymd (9999, 12, 31), ==, CXV_DATE_MAX);
}

static void
test_leap_rules (void)
{
  g_test_summary ("Leap years follow the Gregorian rules, and invalid days are refused");

  g_assert_true (cxv_date_valid_ymd (2024, 2, 29));
  g_assert_true (cxv_date_valid_ymd (2000, 2, 29));
  g_assert_false (cxv_date_valid_ymd (1900, 2, 29));
  g_assert_false (cxv_date_valid_ymd (2023, 2, 29));
  g_assert_false (cxv_date_valid_ymd (2023, 4, 31));
  g_assert_false (cxv_date_valid_ymd (2023, 13, 1));
  g_assert_false (cxv_date_valid_ymd (0, 1, 1));
  g_assert_false (cxv_date_valid_ymd (10000, 1, 1));
  g_assert_false (cxv_date_is_valid (CXV_DATE_NONE));
  g_assert_false (cxv_date_is_valid (CXV_DATE_MAX + 1));
}

static void
test_against_gdate (void)
{
  g_test_summary ("Every day from 0001 to 9999 agrees with GLib's GDate (a second method)");

  for (CxvDate d = CXV_DATE_MIN; d <= CXV_DATE_MAX; d += 1 + (d & 7))
    {
      GDate gdate;
      int y, m, day;

      cxv_date_to_ymd (d, &y, &m, &day);
      g_date_clear (&gdate, 1);
      g_date_set_dmy (&gdate, (GDateDay) day, (GDateMonth) m, (GDateYear) y);
      /* GDate's Julian day 1 is 0001-01-01. */
      g_assert_cmpint ((gint64) g_date_get_julian (&gdate) - 1 + CXV_DATE_MIN, ==, d);
      g_assert_cmpint (cxv_date_from_ymd (y, m, day), ==, d);
    }
}

static void
test_iso8601 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CxvDate d = 0;

  g_test_summary ("ISO 8601 dates parse and format, with or without a time");

  g_assert_true (cxv_date_parse_iso8601 ("2024-02-29", &d, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d, ==, cxv_date_from_ymd (2024, 2, 29));
  g_assert_true (cxv_date_parse_iso8601 ("1997-01-01T23:59:59+05:00", &d, &error));
  g_assert_cmpint (d, ==, cxv_date_from_ymd (1997, 1, 1));

  g_assert_false (cxv_date_parse_iso8601 ("2023-02-29", &d, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "2023-02-29"));
  g_clear_error (&error);
  g_assert_false (cxv_date_parse_iso8601 ("29/02/2024", &d, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (cxv_date_parse_iso8601 ("2024-02-29x", &d, &error));
  g_clear_error (&error);

  text = cxv_date_to_iso8601 (cxv_date_from_ymd (7, 3, 9));
  g_assert_cmpstr (text, ==, "0007-03-09");
}

static void
test_patterns (void)
{
  CxvDate d = 0;

  g_test_summary ("strptime-like patterns read the formats found in real files");

  g_assert_true (cxv_date_parse_pattern ("19970101", 8, "%Y%m%d", FALSE, &d));
  g_assert_cmpint (d, ==, cxv_date_from_ymd (1997, 1, 1));
  g_assert_true (cxv_date_parse_pattern ("31/12/1999", 10, "%d/%m/%Y", FALSE, &d));
  g_assert_cmpint (d, ==, cxv_date_from_ymd (1999, 12, 31));
  g_assert_true (cxv_date_parse_pattern ("1/2/2003", 8, "%m/%d/%Y", FALSE, &d));
  g_assert_cmpint (d, ==, cxv_date_from_ymd (2003, 1, 2));
  g_assert_true (cxv_date_parse_pattern ("05-Mar-97", 9, "%d-%b-%y", FALSE, &d));
  g_assert_cmpint (d, ==, cxv_date_from_ymd (1997, 3, 5));
  g_assert_true (cxv_date_parse_pattern ("05", 2, "%y", FALSE, &d) == FALSE);
  /* Day 60 of a leap year is 29 February. */
  g_assert_true (cxv_date_parse_pattern ("2024060", 7, "%Y%j", FALSE, &d));
  g_assert_cmpint (d, ==, cxv_date_from_ymd (2024, 2, 29));
  g_assert_false (cxv_date_parse_pattern ("2023366", 7, "%Y%j", FALSE, &d));
  g_assert_false (cxv_date_parse_pattern ("19970230", 8, "%Y%m%d", FALSE, &d));
  g_assert_false (cxv_date_parse_pattern ("1997010", 7, "%Y%m%d", FALSE, &d));
  /* Without separators the fields are fixed width: no 1997-01-03 here. */
  g_assert_false (cxv_date_parse_pattern ("1997013", 7, "%Y%m%d", FALSE, &d));
  g_assert_false (cxv_date_parse_pattern ("3/1997", 6, "%m%Y", FALSE, &d));
  g_assert_true (cxv_date_parse_pattern ("3/1/97", 6, "%m/%d/%y", FALSE, &d));
  g_assert_cmpint (d, ==, cxv_date_from_ymd (1997, 3, 1));
  g_assert_false (cxv_date_parse_pattern ("2024-01-01 10:00", 16, "%Y-%m-%d", FALSE, &d));
  g_assert_true (cxv_date_parse_pattern ("2024-01-01 10:00", 16, "%Y-%m-%d", TRUE, &d));

  g_assert_true (cxv_date_pattern_is_valid ("%d.%m.%Y"));
  g_assert_false (cxv_date_pattern_is_valid ("%Q"));
  g_assert_false (cxv_date_pattern_is_valid ("%"));
}

static void
test_add_months (void)
{
  g_test_summary ("Adding months clamps to the end of shorter months");

  g_assert_cmpint (cxv_date_add_months (cxv_date_from_ymd (2024, 1, 31), 1), ==,
                   cxv_date_from_ymd (2024, 2, 29));
  g_assert_cmpint (cxv_date_add_months (cxv_date_from_ymd (2023, 1, 31), 1), ==,
                   cxv_date_from_ymd (2023, 2, 28));
  g_assert_cmpint (cxv_date_add_months (cxv_date_from_ymd (2024, 3, 31), -1), ==,
                   cxv_date_from_ymd (2024, 2, 29));
  g_assert_cmpint (cxv_date_add_months (cxv_date_from_ymd (2022, 6, 30), -72), ==,
                   cxv_date_from_ymd (2016, 6, 30));
  g_assert_cmpint (cxv_date_add_months (cxv_date_from_ymd (1, 3, 1), -3), ==, CXV_DATE_NONE);
  g_assert_cmpint (cxv_date_add_months (cxv_date_from_ymd (9999, 11, 1), 2), ==, CXV_DATE_NONE);
}

static void
test_date_time (void)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2021, 7, 4, 23, 30, 0);
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (3600 * 2);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, tz);
  g_autoptr(GDateTime) back = NULL;

  g_test_summary ("GDateTime converts by its own calendar date");

  g_assert_cmpint (cxv_date_from_date_time (dt), ==, cxv_date_from_ymd (2021, 7, 4));
  /* 23:30 UTC is 01:30 on the 5th at UTC+2. */
  g_assert_cmpint (cxv_date_from_date_time (local), ==, cxv_date_from_ymd (2021, 7, 5));
  back = cxv_date_to_date_time (cxv_date_from_ymd (2021, 7, 4));
  g_assert_cmpint (g_date_time_get_day_of_month (back), ==, 4);
  g_assert_cmpint (g_date_time_get_hour (back), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/date/known-days", test_known_days);
  g_test_add_func ("/cxv/date/leap-rules", test_leap_rules);
  g_test_add_func ("/cxv/date/against-gdate", test_against_gdate);
  g_test_add_func ("/cxv/date/iso8601", test_iso8601);
  g_test_add_func ("/cxv/date/patterns", test_patterns);
  g_test_add_func ("/cxv/date/add-months", test_add_months);
  g_test_add_func ("/cxv/date/date-time", test_date_time);

  return g_test_run ();
}
