#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The core cases again, as an unprivileged user: every command, native and
# umk, runs under `setpriv --reuid=65534 --regid=65534 --clear-groups`.
# Skipped (with the reason) when not root, or when uid 65534 cannot reach
# the checkout.
E2E_AS_NOBODY=1 exec /bin/sh "$(dirname "$0")/core.sh" "$@"
