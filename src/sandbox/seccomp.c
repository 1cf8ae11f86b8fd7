// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Confinement, step 5 of DESIGN.md §7: umk's own seccomp filter.
 *
 * Once the zygote runs (it must not inherit this filter: guests' stubs
 * have their own, src/sandbox/stub/stub.c), umk allows itself the host
 * system calls it makes, and nothing else: any other call kills the whole
 * umk process at once (SECCOMP_RET_KILL_PROCESS), so that a bug turned
 * into an exploit cannot execve, ptrace, mount, load BPF, use io_uring or
 * keyrings, open network sockets or make an executable mapping.  The
 * filter covers every thread (TSYNC): those running now (the reaper, the
 * pool) and those started later inherit it.
 *
 * Arguments are checked where they matter:
 *   mmap, mprotect       never PROT_EXEC (umk maps no code after boot:
 *                        modules are loaded before, modules.c), except
 *                        with `umk run -U`, which keeps module loading
 *                        open and so must allow executable mappings
 *   clone                threads only (CLONE_THREAD); clone3 answers
 *                        ENOSYS, so that glibc falls back to clone, whose
 *                        flags a filter can read
 *   socketpair           AF_UNIX only; socket() itself is not allowed
 *   ioctl                the seccomp-notify requests and the terminal
 *                        queries of umk's console, nothing else
 *   prctl                PR_SET_NAME/PR_GET_NAME and the seccomp query
 *   accept4              on the management console's socket and umk
 *                        boot's port:PORT lines' sockets alone
 *                        (mconsole.c, lines.c; made before confinement)
 *   getsockopt           SOL_SOCKET/SO_PEERCRED: who asks the console
 * File calls are allowed by name: which host files they reach is what
 * Landlock (landlock.c) and hostfs's walk (src/hostfs/hostfs.h) decide.
 *
 * Building with -DUMK_SECCOMP_AUDIT makes the default action "log"
 * instead of "kill" (the kernel log then names each call missing here):
 * for finding what a change to umk newly needs, never for a release.
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <termios.h>

#include "umk/kernel_entry.h"
#include "sandbox.h"

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif

/* Allowed with any arguments.  Names the libseccomp of the build host does
 * not know are skipped (their calls are then refused like any other). */
static const char *const allowed[] = {
	/* memory (mmap and mprotect: below) */
	"munmap", "mremap", "madvise", "brk",
	/* threads, signals, waiting */
	"futex", "set_robust_list", "rseq", "rt_sigprocmask", "rt_sigaction",
	"rt_sigreturn", "sigaltstack", "restart_syscall", "sched_yield",
	"sched_getaffinity", "sched_setaffinity", "getcpu", "nanosleep",
	"clock_nanosleep", "exit", "exit_group", "membarrier",
	"poll", "ppoll", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait",
	"eventfd2",
	/* ids, time, the machine */
	"getpid", "gettid", "getppid", "getuid", "getgid", "geteuid", "getegid",
	"clock_gettime", "clock_getres", "gettimeofday", "time", "uname", "sysinfo",
	"getrandom", "prlimit64", "getrusage", "getpriority", "capget",
	/* the stubs: signals (the kick, the end), their exits */
	"kill", "tgkill", "tkill", "pidfd_send_signal", "wait4", "waitid",
	/* talking to the zygote and the stubs */
	"sendmsg", "recvmsg", "sendto", "recvfrom",
	/* files: fds */
	"read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev",
	"preadv2", "pwritev2", "lseek", "close", "dup", "dup2", "dup3", "fcntl",
	"fstat", "newfstatat", "statx", "fstatfs", "getdents64", "ftruncate",
	"fallocate", "fsync", "fdatasync", "memfd_create", "copy_file_range",
	"sendfile", "splice", "sync_file_range", "fadvise64",
	/* files: hostfs, one name relative to a directory fd */
	"openat", "openat2", "readlinkat", "mkdirat", "mknodat", "unlinkat", "renameat2",
	"symlinkat", "linkat", "fchmod", "fchmodat", "fchmodat2", "utimensat",
	"fgetxattr", "fsetxattr", "flistxattr", "fremovexattr",
	"getxattr", "setxattr", "listxattr", "removexattr",
	"lgetxattr", "lsetxattr", "llistxattr", "lremovexattr",
	/* hostfs: noticing host changes */
	"inotify_init1", "inotify_add_watch", "inotify_rm_watch",
};

static const unsigned long ioctls[] = {
	SECCOMP_IOCTL_NOTIF_RECV, SECCOMP_IOCTL_NOTIF_SEND, SECCOMP_IOCTL_NOTIF_ID_VALID,
	SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, FIONREAD,
};

static void rule(scmp_filter_ctx ctx, int nr, const char *name, unsigned n,
		 const struct scmp_arg_cmp *cmp)
{
	int ret = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, n, cmp);

	if (ret)
		die(UMK_EXIT_INTERNAL, "confinement: seccomp rule for %s: %s", name,
		    strerror(-ret));
	confinement.seccomp_rules++;
}

#define RULE(ctx, name, ...)                                                            \
	do {                                                                            \
		const struct scmp_arg_cmp c_[] = { __VA_ARGS__ };                       \
		rule(ctx, SCMP_SYS(name), #name, sizeof(c_) / sizeof(c_[0]), c_);       \
	} while (0)

void confine_seccomp(void)
{
#ifdef UMK_SECCOMP_AUDIT
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_LOG);
#else
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
#endif
	int ret;

	if (!ctx)
		die(UMK_EXIT_INTERNAL, "confinement: seccomp: cannot make a filter");
	for (unsigned i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		int nr = seccomp_syscall_resolve_name(allowed[i]);

		if (nr == __NR_SCMP_ERROR) {
			/* newer than this libseccomp: fchmodat2 (452) is known by number */
			if (!strcmp(allowed[i], "fchmodat2"))
				nr = 452;
			else
				continue;
		}
		rule(ctx, nr, allowed[i], 0, NULL);
	}
	if (confinement.modules_open) {
		/* -U: guest root may load modules, so code may be mapped */
		rule(ctx, SCMP_SYS(mmap), "mmap", 0, NULL);
		rule(ctx, SCMP_SYS(mprotect), "mprotect", 0, NULL);
	} else {
		RULE(ctx, mmap, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
		RULE(ctx, mprotect, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	}
	RULE(ctx, clone, SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD));
	ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (ret)
		die(UMK_EXIT_INTERNAL, "confinement: seccomp rule for clone3: %s", strerror(-ret));
	RULE(ctx, socketpair, SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	for (unsigned i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++)
		RULE(ctx, ioctl, SCMP_A1(SCMP_CMP_EQ, ioctls[i]));
	if (confinement.mconsole_fd >= 0)
		RULE(ctx, accept4, SCMP_A0(SCMP_CMP_EQ, confinement.mconsole_fd));
	{
		int fds[UMK_MAX_LINES], n = lines_listen_fds(fds, UMK_MAX_LINES);

		for (int i = 0; i < n; i++)
			RULE(ctx, accept4, SCMP_A0(SCMP_CMP_EQ, fds[i]));
	}
	RULE(ctx, getsockopt, SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET), SCMP_A2(SCMP_CMP_EQ, SO_PEERCRED));
	RULE(ctx, prctl, SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME));
	RULE(ctx, prctl, SCMP_A0(SCMP_CMP_EQ, PR_GET_NAME));
	RULE(ctx, prctl, SCMP_A0(SCMP_CMP_EQ, PR_GET_SECCOMP));
	RULE(ctx, prctl, SCMP_A0(SCMP_CMP_EQ, PR_GET_NO_NEW_PRIVS));
	RULE(ctx, prctl, SCMP_A0(SCMP_CMP_EQ, PR_CAPBSET_READ));

	/* umk's every host call runs the filter: a binary tree of the
	 * syscall numbers, not a list */
	ret = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (ret)
		die(UMK_EXIT_INTERNAL, "confinement: seccomp: %s", strerror(-ret));
	/* no_new_privs is set (privs.c); every thread, now and later */
	if ((ret = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1)) ||
	    (ret = seccomp_load(ctx)))
		die(UMK_EXIT_INTERNAL, "confinement: loading the seccomp filter: %s",
		    strerror(-ret));
	seccomp_release(ctx);
	confinement.seccomp = true;
}
