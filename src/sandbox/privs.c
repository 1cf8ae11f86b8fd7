// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Confinement, step 2 of DESIGN.md §7: umk gives up every privilege.
 *
 * umk needs no capability for anything it does (its guests' root is a
 * fiction of umk's own), so it keeps none: the bounding set is emptied
 * while CAP_SETPCAP still allows it, the securebits are locked so that
 * uid 0 cannot win capabilities back, and then the ambient, inheritable,
 * permitted and effective sets are cleared.  no_new_privs is set last:
 * no execve (which umk's seccomp filter forbids anyway) could gain
 * privileges, and Landlock requires it of an unprivileged process.
 *
 * Fail closed: each step is checked, and umk does not go on with a
 * privilege left.  Run as an ordinary user, the process has no
 * capabilities to drop and every step is a no-op that succeeds.
 */
#include <errno.h>
#include <string.h>
#include <linux/securebits.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "sandbox.h"

struct confinement confinement = {
	.mconsole_fd = -1, .mconsole_dirfd = -1, .mconsole_basefd = -1,
};

void confine_drop_privileges(void)
{
	cap_t caps = cap_get_proc(), none = cap_init();
	cap_flag_value_t setpcap = CAP_CLEAR;

	if (!caps || !none)
		die(UMK_EXIT_INTERNAL, "confinement: reading capabilities: %s", strerror(errno));
	cap_get_flag(caps, CAP_SETPCAP, CAP_EFFECTIVE, &setpcap);

	/* 1. The bounding set and the securebits need CAP_SETPCAP: first. */
	if (setpcap == CAP_SET) {
		for (cap_value_t c = 0; c <= CAP_LAST_CAP; c++)
			if (cap_drop_bound(c) && errno != EINVAL)
				die(UMK_EXIT_INTERNAL, "confinement: dropping capability %d "
				    "from the bounding set: %s", c, strerror(errno));
		if (cap_set_secbits(SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
				    SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
				    SECBIT_KEEP_CAPS_LOCKED))
			die(UMK_EXIT_INTERNAL, "confinement: locking the securebits: %s",
			    strerror(errno));
		confinement.bounding_dropped = true;
	}

	/* 2. Ambient, then inheritable, permitted and effective. */
	if (cap_reset_ambient() && errno != EINVAL)
		die(UMK_EXIT_INTERNAL, "confinement: clearing ambient capabilities: %s",
		    strerror(errno));
	if (cap_set_proc(none))
		die(UMK_EXIT_INTERNAL, "confinement: dropping capabilities: %s", strerror(errno));
	cap_free(caps);

	/* 3. Check: nothing is left. */
	caps = cap_get_proc();
	if (!caps || cap_compare(caps, none))
		die(UMK_EXIT_INTERNAL, "confinement: capabilities remain after dropping them");
	cap_free(caps);
	cap_free(none);

	/* 4. no_new_privs, checked too. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		die(UMK_EXIT_INTERNAL, "confinement: setting no_new_privs: %s", strerror(errno));
	confinement.privileges_dropped = true;
}
