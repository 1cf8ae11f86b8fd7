/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host-side internals of umk (src/sandbox): not visible to the kernel. */
#ifndef UMK_SANDBOX_H
#define UMK_SANDBOX_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include "abi/types.h"

/* umk's own exit codes (documented in `umk --help` and umk(1)); any other
 * status is the guest's. */
#define UMK_EXIT_INTERNAL	120	/* umk failed on the host */
#define UMK_EXIT_NOROOT		121	/* the root directory does not exist */
#define UMK_EXIT_NOTDIR		122	/* the root is not a directory */
#define UMK_EXIT_SANDBOX	123	/* the host cannot confine umk */
#define UMK_EXIT_USAGE		125	/* bad command line */
#define UMK_EXIT_NOEXEC		126	/* the command cannot be executed */
#define UMK_EXIT_NOTFOUND	127	/* the command was not found */

/* "umk: " and the message on stderr, then exit with status (main.c).
 * While die_context is set ("FILE:LINE" of umk.conf), it comes first. */
__attribute__((noreturn, format(printf, 2, 3))) void die(int status, const char *fmt, ...);
extern const char *die_context;

/* "512M", "2G", "1048576": bytes, or 0 if not a size (main.c).  Guest
 * memory must lie between MIN_MEM and MAX_MEM. */
unsigned long long parse_size(const char *s);
#define MIN_MEM (16ULL << 20)
#define MAX_MEM (1ULL << 40)

/* umk.conf(5) (config.c): the system's file, then the user's, applied
 * before the command line.  Mounts and modules go straight to their
 * lists (mounts_add_*, modules_add_from); the rest to struct umk_config,
 * which the caller fills with the defaults first. */
struct umk_config {
	unsigned long long mem_size;
	bool fake_owners;
	bool allow_weak;
};
void config_read(struct umk_config *c);

/* The command line's mounts (mounts.c), in the order given. */
struct umk_mount;
void mounts_add_bind(const char *arg, bool rdonly);
void mounts_add_tmpfs(const char *arg);
void mounts_add_defaults(const char *home, const char *cwd);
const struct umk_mount *mounts_list(int *n);

/*
 * umk's confinement of itself (DESIGN.md §7), one step per file:
 * privs.c, landlock.c, seccomp.c; policy.c prints what was enforced.  Each step
 * dies (fail closed) rather than go on unconfined.
 */
struct umk_boot;
struct confinement {
	const char *root_path;		/* the hostfs root, as given */
	bool privileges_dropped;	/* no capabilities, no_new_privs */
	bool bounding_dropped;		/* the bounding set emptied too */
	int landlock_abi;		/* 0: none */
	int landlock_rules;
	unsigned long long landlock_fs, landlock_net, landlock_scoped;
	const char *landlock_missing;	/* why it is weak (--allow-weak-sandbox) */
	bool seccomp;			/* umk's own filter is loaded */
	int seccomp_rules;
	const char *overlay_upper;	/* --overlay=UPPERDIR, as given */
	int modules;			/* loaded at boot (modules.c) */
	bool modules_open;		/* -U: loading stays open after boot */
	const char *mconsole_path;	/* the management console's socket */
	int mconsole_fd;		/* ... listening (accept4's fd) */
	int mconsole_dirfd, mconsole_basefd;	/* UMID/ and its parent */
};
extern struct confinement confinement;
void confine_drop_privileges(void);
void confine_landlock(const struct umk_boot *b, bool allow_weak);
void confine_seccomp(void);
void confine_print_policy(FILE *f, const struct umk_boot *b);
/* The overlay's host side (overlay_diff.c): --overlay=UPPERDIR checked and
 * opened (O_PATH; -1 for dir NULL: in memory), `umk diff`, `umk merge`. */
int overlay_upper_open(const char *dir, const char *root);
int cmd_diff(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* Modules (modules.c): --module PATH, in order; then load them all (and
 * those of /etc/umk/modules.conf) into b, or die with status 125. */
void modules_add(const char *path);
/* The same for `module = PATH` of umk.conf at where ("FILE:LINE"). */
void modules_add_from(const char *path, const char *where);
void modules_load(struct umk_boot *b);
/* dlopen the module at path (with a '/': never a search of the library
 * path) and check its struct umk_module (module_load.c): 0 and *out, or
 * -ENOEXEC with the reason in why. */
struct umk_module;
int module_load(const char *path, const struct umk_module **out, char *why, size_t n);

/* The management console (mconsole.c): its socket is made by
 * mconsole_setup before confinement (umid NULL: "umk-PID"; 0, or -1 with
 * why: cannot, -2: the UMID is in use), served by a thread from
 * mconsole_start (which also turns SIGQUIT into a task dump), removed
 * at exit (mconsole_cleanup, also atexit).  `umk list` is cmd_list. */
int mconsole_setup(const char *umid, char *why, size_t n);
const char *mconsole_umid(void);
bool mconsole_umid_ok(const char *umid);
void mconsole_start(const struct umk_boot *b, const char *root);
void mconsole_cleanup(void);
int cmd_list(int argc, char **argv);

/* umk boot's supervisor (supervise.c): supervise_boot, first thing in
 * main(), returns in each boot's umk process (the supervisor itself never
 * returns); there supervisor_pid is the supervisor's pid (0 under umk
 * run) and supervise_restarts the number of restarts before this boot.
 * supervise_report_restart tells the supervisor that umk is about to exit
 * with status 0 for a restart (false: no supervisor to tell). */
extern int supervisor_pid;
extern int supervise_restarts;
void supervise_boot(void);
bool supervise_report_restart(void);

/* umk boot's own command line (boot.c): -e, the words init=, con=, con0=
 * (false: not one of them), and init's argv and envp. */
void boot_env_option(const char *arg);
bool boot_word(const char *word, struct umk_boot *b);
void boot_setup(struct umk_boot *b, bool single);
/* Whether a thread waiting for the kernel lock spins first (host.c):
 * only where there is another CPU for the holder to run on. */
void host_kernel_lock_spinning(bool on);

/*
 * umk boot's lines besides the console (lines.c): lines_word takes the
 * words conN=, con=, sslN=, ssl= (false: not one of them; a bad one
 * dies with 125); lines_setup opens them all (host ptys, listening TCP
 * sockets on 127.0.0.1) before umk confines itself and gives them to b;
 * lines_start starts the thread that serves them.  lines_listen_fds: the
 * listening sockets (seccomp.c allows accept4 on them alone);
 * lines_print_policy: what --print-policy says about them.
 */
bool lines_word(const char *word);
void lines_setup(struct umk_boot *b);
void lines_start(void);
int lines_listen_fds(int *fds, int max);
void lines_print_policy(FILE *f);
/* host_line_kick calls this when set (host.c). */
extern void (*host_line_kick_hook)(int id);

/* Called by host_exit and host_panic when set (host.c). */
extern void (*host_exit_hook)(void);

void host_stat_to_linux(const struct stat *s, struct linux_stat *l);
/* Remember the terminal modes of umk's stdio and of the console's host
 * fd (save_host_state, before confinement: whether umk runs in the
 * terminal's foreground is asked then), and put them back before umk
 * exits (restore_host_state). */
void save_host_state(int console_fd);
void restore_host_state(void);
/* After confinement: the console thread, which reads the terminal once
 * the kernel makes the console a tty (host_console_raw, host.c). */
void console_signals_start(void);

#endif
