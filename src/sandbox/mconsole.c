// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The management console's host half (UML's mconsole): a unix socket at
 * $XDG_RUNTIME_DIR/umk/UMID/mconsole (~/.umk/UMID/mconsole without
 * XDG_RUNTIME_DIR), which `umk-console UMID COMMAND` talks to, and
 * `umk list`, which finds the live ones.
 *
 * Start-up (mconsole_setup, before umk confines itself, because socket()
 * is not in umk's seccomp allowlist and Landlock would refuse making a
 * socket file): the directories are made mode 0700 (an existing one must
 * be a directory of this user, not a link), a socket already there that
 * answers is a live umk and the UMID is refused, one that does not is
 * stale and replaced; then bind, listen, mode 0600.  Landlock then gets
 * two narrow rules (landlock.c): remove-file beneath UMID/ and remove-dir
 * beneath the base directory, so that umk can take its socket and its
 * directory away at exit; seccomp allows accept4 on this socket alone and
 * getsockopt(SO_PEERCRED).
 *
 * The server thread (mconsole_start) serves one connection at a time: a
 * request is one line, "COMMAND [ARG]" (ARG: the rest of the line); the
 * answer is "ok\n" or "error\n" and text, then the connection is closed.
 * Only the user who runs umk may ask (SO_PEERCRED; the directory's mode
 * says so too).  version, help, config and info are answered here; the
 * others by the kernel (kernel_mconsole, src/kernel/mconsole.c).
 *
 * SIGQUIT to umk (the vkernel's ddb key) wakes this thread, which writes
 * the sysrq-t task dump on stderr; umk goes on.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "umk/kernel_entry.h"
#include "sandbox.h"

static int listen_fd = -1;
static int quit_fd = -1;		/* eventfd: SIGQUIT came */
static char base_dir[PATH_MAX];		/* .../umk or ~/.umk */
static char umid_dir[PATH_MAX + 80];
static char sock_path[PATH_MAX + 100];
static char umid_name[65];
static int umid_dirfd = -1, base_dirfd = -1;	/* O_PATH, for Landlock */
static const struct umk_boot *boot;
static const char *root_path;
static bool cleaned;
/* Held while a request is served: the end waits (a while) for the answer
 * to halt to be written. */
static pthread_mutex_t serving = PTHREAD_MUTEX_INITIALIZER;

static const char help_text[] =
	"umk-console UMID COMMAND [ARG]; commands:\n"
	"  version       umk's version and the guest's kernel release\n"
	"  help          this text\n"
	"  info          umk's pid and command (what umk list shows)\n"
	"  config        the boot configuration: root, mounts, memory, options,\n"
	"                umk boot's lines\n"
	"  halt          kill every process; umk ends with status 0\n"
	"  reboot        the same, then umk boot boots again (umk run cannot\n"
	"                restart its command: it ends)\n"
	"  cad           ctrl-alt-del: SIGINT to init (umk boot, unless init\n"
	"                disabled C-A-D: restart at once)\n"
	"  stop, go      freeze and thaw every guest task\n"
	"  sysrq KEY     t tasks, w blocked tasks, m memory, s sync,\n"
	"                e SIGTERM / i SIGKILL to every process but init\n"
	"  proc FILE     a file of the guest's /proc (as init reads it)\n"
	"  log TEXT      append TEXT to the kernel log (dmesg)\n";

/* The base directory: $XDG_RUNTIME_DIR/umk or $HOME/.umk, or NULL (and
 * why) when neither is set. */
const char *mconsole_base(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		snprintf(buf, len, "%s/umk", xdg);
	else if (home && *home == '/')
		snprintf(buf, len, "%s/.umk", home);
	else
		return NULL;
	return buf;
}

bool mconsole_umid_ok(const char *umid)
{
	size_t n = strlen(umid);

	if (!n || n > 64 || !strcmp(umid, ".") || !strcmp(umid, ".."))
		return false;
	for (const char *s = umid; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* A directory of this user, mode 0700: made, or checked. */
static int own_dir(const char *path, char *why, size_t n)
{
	struct stat st;

	if (mkdir(path, 0700) && errno != EEXIST) {
		snprintf(why, n, "cannot make %s: %s", path, strerror(errno));
		return -1;
	}
	if (lstat(path, &st)) {
		snprintf(why, n, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != getuid()) {
		snprintf(why, n, "%s is not a directory of this user", path);
		return -1;
	}
	if ((st.st_mode & 077) && chmod(path, 0700)) {
		snprintf(why, n, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Connect to the socket at path: the fd, or -1 with errno. */
int mconsole_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

void mconsole_cleanup(void)
{
	bool locked = false;

	if (cleaned || listen_fd < 0)
		return;
	cleaned = true;
	for (int i = 0; i < 100 && !(locked = !pthread_mutex_trylock(&serving)); i++) {
		struct timespec ts = { 0, 10000000 };

		nanosleep(&ts, NULL);
	}
	/* (Landlock allows exactly these two: landlock.c) */
	if (umid_dirfd >= 0 && base_dirfd >= 0) {
		int d = openat(base_dirfd, umid_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (d >= 0) {
			unlinkat(d, "mconsole", 0);
			close(d);
		}
		unlinkat(base_dirfd, umid_name, AT_REMOVEDIR);
	}
	if (locked)
		pthread_mutex_unlock(&serving);
}

/*
 * Make the socket for umid (NULL: "umk-PID", PID the supervisor's under
 * umk boot, so that a restart keeps it).  Returns 0; -1 when it
 * cannot be, with the reason in why (the caller decides whether that is
 * fatal); -2 when umid is in use by a live umk.
 */
int mconsole_setup(const char *umid, char *why, size_t n)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static char gen[32];
	int fd;

	if (!umid) {
		/* umk boot: the supervisor's pid, the same for every boot */
		snprintf(gen, sizeof(gen), "umk-%d",
			 supervisor_pid ? supervisor_pid : (int)getpid());
		umid = gen;
	}
	snprintf(umid_name, sizeof(umid_name), "%s", umid);
	if (!mconsole_base(base_dir, sizeof(base_dir))) {
		snprintf(why, n, "neither XDG_RUNTIME_DIR nor HOME is set");
		return -1;
	}
	if (own_dir(base_dir, why, n))
		return -1;
	snprintf(umid_dir, sizeof(umid_dir), "%s/%s", base_dir, umid);
	if (own_dir(umid_dir, why, n))
		return -1;
	snprintf(sock_path, sizeof(sock_path), "%s/mconsole", umid_dir);
	if (strlen(sock_path) >= sizeof(sa.sun_path)) {
		snprintf(why, n, "%s: too long for a unix socket", sock_path);
		return -1;
	}
	fd = mconsole_connect(sock_path);
	if (fd >= 0) {
		close(fd);
		snprintf(why, n, "umid %s is in use by a running umk (%s)", umid, sock_path);
		return -2;
	}
	if (unlink(sock_path) && errno != ENOENT) {	/* stale */
		snprintf(why, n, "%s: %s", sock_path, strerror(errno));
		return -1;
	}
	strcpy(sa.sun_path, sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(sock_path, 0600) || listen(fd, 8)) {
		snprintf(why, n, "%s: %s", sock_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	listen_fd = fd;
	base_dirfd = open(base_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	umid_dirfd = open(umid_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	confinement.mconsole_path = sock_path;
	confinement.mconsole_fd = listen_fd;
	confinement.mconsole_dirfd = umid_dirfd;
	confinement.mconsole_basefd = base_dirfd;
	atexit(mconsole_cleanup);
	host_exit_hook = mconsole_cleanup;
	return 0;
}

const char *mconsole_umid(void)
{
	return listen_fd >= 0 ? umid_name : NULL;
}

/* ---- the server ---- */

struct reply {
	char *buf;
	size_t len, cap;
};

static void put(struct reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct reply *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(r->buf + r->len, r->cap - r->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->len = r->len + n < r->cap ? r->len + n : r->cap - 1;
}

/* The pid of this instance: umk boot's supervisor (it stays across
 * restarts, and ends the instance when it gets SIGTERM), else umk's. */
static int instance_pid(void)
{
	return supervisor_pid ? supervisor_pid : (int)getpid();
}

static void show_config(struct reply *r)
{
	const struct umk_boot *b = boot;

	put(r, "umid: %s\n", umid_name);
	put(r, "pid: %d\n", instance_pid());
	if (supervisor_pid)
		put(r, "boot: %d (pid %d; restarts: %d)\n", supervise_restarts + 1,
		    (int)getpid(), supervise_restarts);
	put(r, "root: %s (%s)\n", root_path, b->root_rdonly ? "read-only" : "read-write");
	if (b->overlay)
		put(r, "overlay: %s\n", confinement.overlay_upper ? confinement.overlay_upper
								 : "(memory)");
	put(r, "mem: %llu MiB\n", (unsigned long long)(b->mem_size >> 20));
	for (int i = 0; i < b->nmounts; i++) {
		const struct umk_mount *m = &b->mounts[i];

		if (m->kind == UMK_MOUNT_BIND)
			put(r, "mount: %s on %s (%s%s)\n", m->source, m->guest_path,
			    m->rdonly ? "read-only" : "read-write",
			    m->optional ? ", default" : "");
		else
			put(r, "mount: tmpfs on %s%s\n", m->guest_path,
			    m->optional ? " (default)" : "");
	}
	put(r, "options:%s%s%s%s%s\n", b->fake_owners ? " --fake-owners" : "",
	    b->verbose ? " -v" : "", b->trace_fd >= 0 ? " --trace" : "",
	    b->modules_open ? " -U" : "", b->nmodules ? " (modules)" : "");
	for (int i = 0; i < b->nmodules; i++)
		put(r, "module: %s\n", b->module_paths[i]);
	for (int i = 0; i < b->nlines; i++) {
		const struct umk_line *l = &b->lines[i];
		bool ssl = l->minor >= 64;

		put(r, "line: %s%d (/dev/tty%s%d): %s\n", ssl ? "ssl" : "con",
		    ssl ? l->minor - 64 : l->minor, ssl ? "S" : "", ssl ? l->minor - 64 : l->minor,
		    l->device);
	}
	put(r, "command:");
	for (int i = 0; i < b->argc; i++)
		put(r, " %s", b->argv[i]);
	put(r, "\n");
}

static void show_info(struct reply *r)
{
	put(r, "%s\t%d\t", umid_name, instance_pid());
	for (int i = 0; i < boot->argc; i++)
		put(r, "%s%s", i ? " " : "", boot->argv[i]);
	put(r, "\n");
}

static void serve(int fd)
{
	static char req[4096];
	static char text[256 << 10];
	struct reply r = { .buf = text, .cap = sizeof(text) };
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	size_t got = 0;
	char *cmd, *arg, *nl;
	long ret = 0;

	text[0] = 0;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) || cred.uid != getuid()) {
		static const char no[] = "error\nnot the user who runs this umk\n";

		(void)!write(fd, no, sizeof(no) - 1);
		return;
	}
	/* one line, within 2 s */
	while (got < sizeof(req) - 1 && !memchr(req, '\n', got)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, 2000) <= 0)
			return;
		n = read(fd, req + got, sizeof(req) - 1 - got);
		if (n <= 0)
			break;
		got += n;
	}
	req[got] = 0;
	nl = strchr(req, '\n');
	if (nl)
		*nl = 0;
	cmd = req + strspn(req, " \t");
	arg = cmd + strcspn(cmd, " \t");
	if (*arg) {
		*arg++ = 0;
		arg += strspn(arg, " \t");
	}
	if (!*arg)
		arg = NULL;

	if (!strcmp(cmd, "version")) {
		put(&r, "umk %s (guest kernel release 6.1.0-umk)\n", UMK_VERSION);
	} else if (!strcmp(cmd, "help")) {
		put(&r, "%s", help_text);
	} else if (!strcmp(cmd, "config")) {
		show_config(&r);
	} else if (!strcmp(cmd, "info")) {
		show_info(&r);
	} else if (!*cmd) {
		put(&r, "no command (try help)\n");
		ret = -EINVAL;
	} else {
		ret = kernel_mconsole(cmd, arg, text, sizeof(text));
		if (ret >= 0) {
			r.len = ret;
		} else if (ret == -ENOSYS) {
			r.len = 0;
			put(&r, "unknown command '%s' (try help)\n", cmd);
		} else {
			r.len = strlen(text);
			if (!r.len)
				put(&r, "%s: %s\n", cmd, ret == -EINVAL && !arg
					? "an argument is needed (try help)" : strerror(-ret));
		}
	}
	const char *status = ret < 0 ? "error\n" : "ok\n";

	if (write(fd, status, strlen(status)) < 0)
		return;
	for (size_t off = 0; off < r.len;) {
		ssize_t n = write(fd, r.buf + off, r.len - off);

		if (n <= 0)
			break;
		off += n;
	}
}

static void *server(void *arg)
{
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, NULL);
	for (;;) {
		struct pollfd p[2] = { { .fd = listen_fd, .events = POLLIN },
				       { .fd = quit_fd, .events = POLLIN } };
		int n = poll(p, quit_fd >= 0 ? 2 : 1, -1);

		if (n < 0)
			continue;
		if (p[1].revents & POLLIN) {
			unsigned long long v;

			(void)!read(quit_fd, &v, sizeof(v));
			kernel_sysrq_dump(2);
		}
		if (p[0].revents & POLLIN) {
			int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

			if (fd >= 0) {
				pthread_mutex_lock(&serving);
				serve(fd);
				close(fd);
				pthread_mutex_unlock(&serving);
			}
		}
	}
	return NULL;
}

static void on_sigquit(int sig)
{
	unsigned long long one = 1;
	int e = errno;

	(void)!write(quit_fd, &one, sizeof(one));
	errno = e;
}

/* Start the server thread (after confinement; b and root stay valid). */
void mconsole_start(const struct umk_boot *b, const char *root)
{
	struct sigaction sa = { .sa_handler = on_sigquit, .sa_flags = SA_RESTART };
	pthread_t t;

	boot = b;
	root_path = root;
	quit_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (quit_fd >= 0)
		sigaction(SIGQUIT, &sa, NULL);
	if (listen_fd < 0 && quit_fd < 0)
		return;
	if (pthread_create(&t, NULL, server, NULL))
		return;
	pthread_detach(t);
}

/* ---- umk list ---- */

int cmd_list(int argc, char **argv)
{
	char base[PATH_MAX], path[PATH_MAX + 300];
	struct dirent *de;
	DIR *d;

	if (argc > 1)
		die(UMK_EXIT_USAGE, "list: no arguments expected");
	if (!mconsole_base(base, sizeof(base)))
		die(UMK_EXIT_USAGE, "list: neither XDG_RUNTIME_DIR nor HOME is set");
	d = opendir(base);
	if (!d)
		return 0;	/* none ever ran */
	while ((de = readdir(d))) {
		char buf[4096];
		ssize_t n, got = 0;
		int fd;

		if (de->d_name[0] == '.' || !mconsole_umid_ok(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s/mconsole", base, de->d_name);
		fd = mconsole_connect(path);
		if (fd < 0) {
			if (errno == ECONNREFUSED || errno == ENOENT) {
				/* stale: a umk that was killed */
				unlink(path);
				snprintf(path, sizeof(path), "%s/%s", base, de->d_name);
				rmdir(path);
			}
			continue;
		}
		if (write(fd, "info\n", 5) == 5)
			while (got < (ssize_t)sizeof(buf) - 1 &&
			       (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
				got += n;
		close(fd);
		buf[got] = 0;
		if (!strncmp(buf, "ok\n", 3))
			fputs(buf + 3, stdout);
	}
	closedir(d);
	return 0;
}
