#include "limber-error.h"

#include <gio/gio.h>

static const GDBusErrorEntry limber_error_entries[] = {
  { LIMBER_ERROR_FAILED,           "io.github.limber.Limber1.Error.Failed" },
  { LIMBER_ERROR_INVALID_ARGUMENT, "io.github.limber.Limber1.Error.InvalidArgument" },
  { LIMBER_ERROR_UNKNOWN_STRETCH,  "io.github.limber.Limber1.Error.UnknownStretch" },
  { LIMBER_ERROR_NOTHING_PENDING,  "io.github.limber.Limber1.Error.NothingPending" },
  { LIMBER_ERROR_STORAGE,          "io.github.limber.Limber1.Error.Storage" },
};

GQuark
limber_error_quark (void)
{
  /* g_dbus_error_register_error_domain() makes the mapping work in both
   * directions: the daemon's GErrors go out under these names and the CLI's
   * proxy turns them back into LIMBER_ERROR codes. */
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("limber-error-quark",
                                      &quark,
                                      limber_error_entries,
                                      G_N_ELEMENTS (limber_error_entries));
  return (GQuark) quark;
}
