/* The error domain both sides share; registered with D-Bus so that a
 * client gets LIMBER_ERROR back from a remote io.github.limber.Limber1.Error.*. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMBER_ERROR (limber_error_quark ())

typedef enum {
  LIMBER_ERROR_FAILED,           /* io.github.limber.Limber1.Error.Failed */
  LIMBER_ERROR_INVALID_ARGUMENT, /* ...Error.InvalidArgument */
  LIMBER_ERROR_UNKNOWN_STRETCH,  /* ...Error.UnknownStretch */
  LIMBER_ERROR_NOTHING_PENDING,  /* ...Error.NothingPending */
  LIMBER_ERROR_STORAGE,          /* ...Error.Storage */
} LimberError;

GQuark limber_error_quark (void);

G_END_DECLS
