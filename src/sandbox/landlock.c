// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Confinement, step 3 of DESIGN.md §7: Landlock.
 *
 * umk's own walk already keeps every host access beneath a mounted tree
 * (src/hostfs/hostfs.h).  Landlock makes the host kernel keep it there too,
 * whatever umk does: after this step the process (and the stubs it forks
 * later) can reach host files only beneath the root and the bound
 * directories, with the rights each mount was given — a read-only mount
 * gets read rights and nothing else.  umk needs no other host file after
 * boot (its stdio, the trace file and the memfds are already open, and
 * Landlock does not check fds opened before it).
 *
 * What is handled (denied unless a rule allows it) is everything the
 * running kernel's Landlock ABI knows:
 *   ABI 1  the file system rights (read, write, make, remove, execute)
 *   ABI 2  REFER: renames and links between directories
 *   ABI 3  TRUNCATE                  ABI 4  TCP bind and connect
 *   ABI 5  IOCTL_DEV                 ABI 6  abstract unix sockets, signals
 *                                           outside umk's own domain
 * The management console's directory (mconsole.c) gets remove-file, its
 * parent remove-dir: umk takes its socket away at exit.
 * No rule ever grants EXECUTE, device creation, IOCTL_DEV or TCP: umk does
 * none of these on host files (guests' programs are read and mapped, not
 * executed by the host; the stub image is a memfd).  umk boot's port:PORT
 * lines (lines.c) bind and listen before this, and accept is no Landlock
 * right (only bind and connect are): TCP stays denied.
 *
 * Below MIN_ABI — no Landlock, or one that refuses every rename between
 * directories — umk refuses to start, unless --allow-weak-sandbox: then it
 * says what is missing and runs on umk's own checks alone.
 *
 * Landlock restricts the calling thread and its future children, so this
 * runs before umk starts any thread or the zygote (plat_init).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "umk/kernel_entry.h"
#include "sandbox.h"

#define MIN_ABI 2

/* The uapi header of Debian 12 knows ABI 2; later values from the kernel's
 * Documentation/userspace-api/landlock.rst. */
#define LL_FS_TRUNCATE		(1ULL << 14)	/* ABI 3 */
#define LL_FS_IOCTL_DEV		(1ULL << 15)	/* ABI 5 */
#define LL_NET_BIND_TCP		(1ULL << 0)	/* ABI 4 */
#define LL_NET_CONNECT_TCP	(1ULL << 1)	/* ABI 4 */
#define LL_SCOPE_ABSTRACT_UNIX	(1ULL << 0)	/* ABI 6 */
#define LL_SCOPE_SIGNAL		(1ULL << 1)	/* ABI 6 */

/* struct landlock_ruleset_attr as of ABI 6; the kernel takes a longer
 * struct than it knows when the unknown tail is zero. */
struct ll_ruleset_attr {
	__u64 handled_access_fs;
	__u64 handled_access_net;
	__u64 scoped;
};

#define LL_FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define LL_FS_WRITE (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |        \
		     LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_DIR |         \
		     LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |           \
		     LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_SYM |           \
		     LANDLOCK_ACCESS_FS_REFER | LL_FS_TRUNCATE)

/* Every file system right an ABI knows. */
static __u64 fs_rights(int abi)
{
	__u64 all = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;	/* ABI 1 */

	if (abi >= 2)
		all |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		all |= LL_FS_TRUNCATE;
	if (abi >= 5)
		all |= LL_FS_IOCTL_DEV;
	return all;
}

static void add_rule(int ruleset, int dirfd, bool rdonly, __u64 handled, const char *what)
{
	struct landlock_path_beneath_attr rule = {
		.allowed_access = (rdonly ? LL_FS_READ : LL_FS_READ | LL_FS_WRITE) & handled,
		.parent_fd = dirfd,
	};

	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0))
		die(UMK_EXIT_INTERNAL, "confinement: Landlock rule for %s: %s", what,
		    strerror(errno));
	confinement.landlock_rules++;
}

/* Too weak or absent: refuse, or (allow_weak) say what is missing. */
static void weak(bool allow_weak, const char *why)
{
	if (!allow_weak)
		die(UMK_EXIT_SANDBOX, "%s; umk refuses to run without it "
		    "(--allow-weak-sandbox runs on umk's own checks alone)", why);
	fprintf(stderr, "umk: warning: %s: host files are guarded by umk's own checks "
		"alone (--allow-weak-sandbox)\n", why);
	confinement.landlock_missing = why;
}

void confine_landlock(const struct umk_boot *b, bool allow_weak)
{
	struct ll_ruleset_attr attr = { 0 };
	int abi, ruleset;

	abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0) {
		weak(allow_weak, errno == EOPNOTSUPP ? "Landlock is disabled on this host"
						     : "this host kernel has no Landlock");
		return;
	}
	if (abi < MIN_ABI) {
		static char why[80];

		snprintf(why, sizeof(why), "this host's Landlock is ABI %d, umk needs %d",
			 abi, MIN_ABI);
		weak(allow_weak, why);
		return;
	}
	attr.handled_access_fs = fs_rights(abi);
	if (abi >= 4)
		attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
	if (abi >= 6)
		attr.scoped = LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL;
	ruleset = syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (ruleset < 0)
		die(UMK_EXIT_INTERNAL, "confinement: creating the Landlock ruleset: %s",
		    strerror(errno));

	add_rule(ruleset, b->root_fd, b->root_rdonly, attr.handled_access_fs, "the root");
	if (b->overlay_fd >= 0)
		add_rule(ruleset, b->overlay_fd, false, attr.handled_access_fs,
			 "the overlay's upper directory");
	for (int i = 0; i < b->nmounts; i++) {
		const struct umk_mount *m = &b->mounts[i];

		if (m->kind == UMK_MOUNT_BIND)
			add_rule(ruleset, m->host_fd, m->rdonly, attr.handled_access_fs,
				 m->option);
	}
	/* The management console (mconsole.c): its socket and directory are
	 * removed at exit, nothing more */
	if (confinement.mconsole_dirfd >= 0 && confinement.mconsole_basefd >= 0) {
		struct landlock_path_beneath_attr r1 = {
			.allowed_access = LANDLOCK_ACCESS_FS_REMOVE_FILE,
			.parent_fd = confinement.mconsole_dirfd,
		}, r2 = {
			.allowed_access = LANDLOCK_ACCESS_FS_REMOVE_DIR,
			.parent_fd = confinement.mconsole_basefd,
		};

		if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &r1, 0) ||
		    syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &r2, 0))
			die(UMK_EXIT_INTERNAL, "confinement: Landlock rule for the management "
			    "console: %s", strerror(errno));
		confinement.landlock_rules += 2;
	}
	if (syscall(SYS_landlock_restrict_self, ruleset, 0))
		die(UMK_EXIT_INTERNAL, "confinement: enforcing Landlock: %s", strerror(errno));
	close(ruleset);
	confinement.landlock_abi = abi;
	confinement.landlock_fs = attr.handled_access_fs;
	confinement.landlock_net = attr.handled_access_net;
	confinement.landlock_scoped = attr.scoped;
}
