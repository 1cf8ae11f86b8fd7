/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's entry points for the host side (src/sandbox/main.c), which
 * cannot include kernel.h: the Linux ABI names there would clash with
 * glibc's.
 */
#ifndef UMK_KERNEL_ENTRY_H
#define UMK_KERNEL_ENTRY_H

#include "umk/types.h"

/* A mount the command line asks for, made at boot in this order after the
 * standard ones (root, /tmp, /dev, /proc). */
enum umk_mount_kind {
	UMK_MOUNT_BIND,		/* the host directory host_fd at guest_path */
	UMK_MOUNT_TMPFS,	/* an empty tmpfs at guest_path */
};

struct umk_mount {
	enum umk_mount_kind kind;
	int host_fd;		/* BIND: O_PATH directory fd, the kernel's */
	const char *source;	/* BIND: the host path, for /proc/mounts */
	const char *guest_path;	/* absolute, normalised */
	bool rdonly;
	bool optional;		/* a default: skipped quietly if it cannot be */
	const char *option;	/* how the user asked: "--bind SRC:DST" */
};

/* kernel_main's answer when a mount of the command line failed (it said
 * why on stderr). */
#define UMK_BOOT_BAD_MOUNT (-100000)
/* ... when a module's init failed at boot (it said why on stderr). */
#define UMK_BOOT_BAD_MODULE (-100001)

struct umk_module;

/*
 * umk boot's extra lines (UML's conN= and sslN=; src/sandbox/lines.c
 * opens them, src/kernel/tty/line_tty.c serves them): minor 1..8 is
 * /dev/ttyN (conN), 64..71 /dev/ttyS0..7 (sslN).  in and out are host
 * fds, non-blocking (-1: none yet, a port that waits for a client, or
 * null: its output is dropped).  device says what the line is on the
 * host, for the kernel log ("/dev/pts/7", "port 9000", ...).
 */
#define UMK_MAX_LINES	16
struct umk_line {
	int minor;
	int in, out;
	bool null;
	const char *device;
};

/* What the host side hands to the kernel.  Host fds are opened before the
 * kernel starts and belong to it from then on. */
struct umk_boot {
	int root_fd;		/* O_PATH directory fd of the hostfs root */
	bool root_rdonly;
	u64 mem_size;		/* bytes of guest memory */
	int trace_fd;		/* --trace output, or -1 */
	int verbose;		/* 0, 1 (-v), 2 (-vv) */
	int console_fd[3];	/* umk's own stdin, stdout, stderr */
	const struct umk_mount *mounts;
	int nmounts;
	const char *cwd;	/* guest working directory to try, or NULL */
	int argc;
	char *const *argv;	/* the command and its arguments */
	char *const *envp;
	bool fake_owners;	/* --fake-owners: metadata mode on hostfs */
	bool overlay;		/* --overlay: a copy-on-write layer over the root */
	int overlay_fd;		/* its upper directory (O_PATH), or -1: in memory */
	/* Modules loaded by the host side (src/sandbox/modules.c), started in
	 * this order at boot; their paths, for messages. */
	const struct umk_module *const *modules;
	const char *const *module_paths;
	int nmodules;
	bool modules_open;	/* -U: guest root may load modules after boot */
	/* umk boot: argv is init's; pid 1 is unkillable as Linux's init
	 * (signals with the default action from guests are dropped), and
	 * reboot may ask for a restart (kernel_restart_requested()). */
	bool boot;
	/* umk boot: how many restarts came before this boot (each boot is
	 * a new umk process, src/sandbox/supervise.c) */
	int restarts;
	/* umk boot: the lines besides the console (conN=, sslN=) */
	const struct umk_line *lines;
	int nlines;
	/* /proc/cmdline: umk's words after run or boot (options, then
	 * UML-style words or the command), as UML's is its arguments */
	const char *cmdline;
};

/* Boot the kernel and run argv[0] as init (found in PATH when it has no
 * '/').  Returns init's wait status (as waitpid gives it) when it ends, or
 * -errno if it could not be started (-ENOENT: not found; -EACCES,
 * -ENOEXEC, ...: not executable). */
int kernel_main(const struct umk_boot *b);

/*
 * The management console's kernel half (src/kernel/mconsole.c), called by
 * the host's mconsole thread once the kernel runs; takes the big kernel
 * lock itself.  cmd is one of halt, reboot, cad, stop, go, sysrq, proc,
 * log; arg its argument (sysrq's key, proc's file, log's text) or NULL.
 * The answer (text, NUL-terminated, cut at len) goes to buf.  Returns its
 * length, or -errno: -ENOSYS for a command the kernel does not know,
 * -EINVAL for a bad argument (buf says why), -ENOENT & co. from proc.
 */
long kernel_mconsole(const char *cmd, const char *arg, char *buf, size_t len);
/* After kernel_main: the guest (reboot(2) RESTART) or the management
 * console (reboot, in boot mode) asked for a restart, not a halt. */
bool kernel_restart_requested(void);
/* sysrq t on fd (and in the kernel log): SIGQUIT's dump. */
void kernel_sysrq_dump(int fd);
/*
 * The console when it is a tty of umk's (src/kernel/tty/console_tty.c),
 * called by the host's console thread; each takes the big kernel lock
 * itself.  kernel_console_input types n bytes read from the host terminal
 * and returns how many it took (fewer while the console's read queue is
 * full, 0 before the console is a tty: the rest is offered again later).
 * kernel_console_winch: the host terminal's size changed (SIGWINCH).
 * kernel_console_hangup: the host terminal is gone (its read ended).
 */
size_t kernel_console_input(const void *buf, size_t n);
void kernel_console_winch(void);
void kernel_console_hangup(void);

/*
 * The lines of struct umk_line (src/kernel/tty/line_tty.c), called by the
 * host's lines thread (src/sandbox/lines.c) with id, the line's index in
 * b->lines; each takes the big kernel lock itself.  kernel_line_input
 * types n bytes read from the line's host fd and returns how many it took
 * (fewer while the read queue is full: the rest is offered again later);
 * kernel_line_output: the out fd can take more (after host_line_kick);
 * kernel_line_connect: a client connected to a port line, fd is its
 * socket (in and out); kernel_line_hangup: the line's host side ended
 * (its read gave end of file or an error): the tty hangs up, and the
 * kernel forgets the fds (the host closes a port's client afterwards);
 * gone: for good (else a port line, which a later client reconnects).
 */
size_t kernel_line_input(int id, const void *buf, size_t n);
void kernel_line_output(int id);
void kernel_line_connect(int id, int fd);
void kernel_line_hangup(int id, bool gone);
/* The window size of a pty line's host pty (rows, cols) as the lines
 * thread last saw it: a change sets the tty's and sends SIGWINCH to its
 * foreground group, as TIOCSWINSZ. */
void kernel_line_winsize(int id, unsigned rows, unsigned cols);

/* The syscall table, one line per syscall, written to fd. */
void kernel_print_syscalls(int fd);

#endif
