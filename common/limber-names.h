/* Names shared by limberd and limberctl; see DESIGN.md "Names (fixed)". */
#pragma once

#define LIMBER_BUS_NAME      "io.github.limber.Limber1"
#define LIMBER_OBJECT_PATH   "/io/github/limber/Limber1"
#define LIMBER_INTERFACE     "io.github.limber.Limber1"
#define LIMBER_APP_ID        "io.github.limber.Limber"
#define LIMBER_DESKTOP_ENTRY LIMBER_APP_ID

/* Upper bounds a caller may ask for, in seconds. */
#define LIMBER_MAX_SNOOZE_SECONDS (24 * 60 * 60)
#define LIMBER_MAX_PAUSE_SECONDS  (7 * 24 * 60 * 60)
#define LIMBER_MAX_HISTORY_DAYS   3660
#define LIMBER_MAX_LOG_EVENTS     100000
