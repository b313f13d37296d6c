/* The clock watch: notices the wall clock being set (by NTP, a time zone
 * change, by hand) the moment it happens, through a timerfd armed with
 * TFD_TIMER_CANCEL_ON_SET, so nothing is polled.
 *
 * Signal: "changed" () — the wall clock jumped. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LIMBER_TYPE_CLOCK_WATCH (limber_clock_watch_get_type ())
G_DECLARE_FINAL_TYPE (LimberClockWatch, limber_clock_watch, LIMBER, CLOCK_WATCH, GObject)

LimberClockWatch *limber_clock_watch_new (void);

G_END_DECLS
