/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for tests/guest programs.  A guest test is one small program that
 * checks one behaviour: it exits 0 when the behaviour holds and otherwise
 * prints why (file:line: what) on stderr and exits 1.  tests/run-tests runs
 * it natively first (it must pass on Linux) and then under umk.
 *
 * Directives read by tests/run-tests, as whole lines in the test's source:
 *   // expect-status: N   the exit status both runs must give (default 0;
 *                         128+N for death by signal N, as a shell reports it)
 *   // umk-only: REASON   do not run natively (the expectation holds only
 *                         under umk, e.g. the read-only root); keep these few
 *   // umk-args: ARGS     options for `umk run` (split at spaces), e.g. --mem=64M
 */
#ifndef UMK_TESTS_GUEST_H
#define UMK_TESTS_GUEST_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FAIL(...)                                                            \
	do {                                                                 \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);              \
		fprintf(stderr, __VA_ARGS__);                                \
		fputc('\n', stderr);                                         \
		exit(1);                                                     \
	} while (0)

/* CHECK(cond, fmt, ...): fail with the message unless cond holds. */
#define CHECK(cond, ...)                                                     \
	do {                                                                 \
		if (!(cond))                                                 \
			FAIL(__VA_ARGS__);                                   \
	} while (0)

/* CHECK_OK(expr): expr must not return -1; on failure, print errno. */
#define CHECK_OK(expr)                                                       \
	({                                                                   \
		long check_ok_r_ = (long)(expr);                             \
		if (check_ok_r_ == -1)                                       \
			FAIL("%s failed: %s", #expr, strerror(errno));       \
		check_ok_r_;                                                 \
	})

/* CHECK_ERR(expr, E): expr must return -1 with errno E. */
#define CHECK_ERR(expr, E)                                                   \
	do {                                                                 \
		errno = 0;                                                   \
		long check_err_r_ = (long)(expr);                            \
		int check_err_e_ = errno;                                    \
		if (check_err_r_ != -1 || check_err_e_ != (E))               \
			FAIL("%s returned %ld (errno %s), want -1 (errno %s)", \
			     #expr, check_err_r_,                            \
			     check_err_r_ == -1 ? strerrorname_np(check_err_e_) \
						: "none",                    \
			     strerrorname_np(E));                            \
	} while (0)

/*
 * A wild pointer the compiler cannot see through (so it does not warn that
 * a call reads or writes "a region of size 0").
 */
static inline void *wild(unsigned long addr)
{
	void *volatile p = (void *)addr;

	return p;
}

/*
 * A fresh directory under /tmp, removed at exit when empty.  Natively it
 * keeps the test off the host's files; under umk /tmp is umk's private tmpfs.
 */
static char guest_tmp_path[64];

static inline void guest_tmp_remove(void)
{
	rmdir(guest_tmp_path);
}

static inline const char *guest_tmpdir(void)
{
	if (!guest_tmp_path[0]) {
		strcpy(guest_tmp_path, "/tmp/umk-guest-XXXXXX");
		CHECK(mkdtemp(guest_tmp_path), "mkdtemp in /tmp: %s",
		      strerror(errno));
		atexit(guest_tmp_remove);
	}
	return guest_tmp_path;
}

/* "DIR/NAME" in a static buffer per call site's choice (buf of PATH_MAX). */
static inline char *guest_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", guest_tmpdir(), name);
	return buf;
}

/* Wait for pid up to ms milliseconds: 1 with *status when it ended, 0 if
 * it still runs. */
static inline int guest_wait_for(pid_t pid, int ms, int *status)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	for (int i = 0; i < ms / 10; i++) {
		pid_t r = waitpid(pid, status, WNOHANG);

		CHECK(r >= 0, "waitpid: %s", strerror(errno));
		if (r == pid)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

/* Run fn in a child process, which must exit 0. */
static inline void guest_in_child(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		fn();
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed (status %#x)", st);
}

/* "dir/name" in one of four rotating static buffers (so that one call
 * may use up to four at once, as rename(at(a), at(b)) does). */
static inline const char *guest_at(const char *dir, const char *name)
{
	static char bufs[4][4096];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, sizeof(bufs[0]), "%s/%s", dir, name);
	return b;
}

/* Write text to path, if it can be opened (/proc/self/uid_map and the
 * like). */
static inline void guest_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);

	if (fd >= 0) {
		CHECK(write(fd, text, strlen(text)) == (long)strlen(text),
		      "%s: %s", path, strerror(errno));
		close(fd);
	}
}

/*
 * A test that needs root's power over a namespace (mounts, host names)
 * takes a private one natively: unshare(flags) as root (returns 1), or
 * else unshare(CLONE_NEWUSER | flags) and be root inside with only the
 * caller's ids mapped (0: no setuid to another id).  Under umk unshare is
 * ENOSYS and the test acts on umk's own (-1).
 */
static inline int guest_private_ns(int flags)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (unshare(flags) == 0)
		return 1;
	if (errno == ENOSYS)
		return -1;
	CHECK(unshare(CLONE_NEWUSER | flags) == 0, "unshare: %s", strerror(errno));
	guest_write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", uid);
	guest_write_file("/proc/self/uid_map", map);
	snprintf(map, sizeof(map), "0 %u 1", gid);
	guest_write_file("/proc/self/gid_map", map);
	return 0;
}

/* Run fn in a child with these ids (root only) and check that it ended
 * well. */
static inline void guest_as(uid_t uid, gid_t gid, int ngroups, const gid_t *groups,
			    void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		CHECK(setgroups(ngroups, groups) == 0, "setgroups: %s", strerror(errno));
		CHECK(setgid(gid) == 0, "setgid: %s", strerror(errno));
		CHECK(setuid(uid) == 0, "setuid: %s", strerror(errno));
		CHECK(geteuid() == uid && getegid() == gid, "ids did not change");
		fn();
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child as uid %d gid %d failed (status %#x)", (int)uid, (int)gid, st);
}

static char guest_cwd_path[64];

static inline void guest_cwd_remove(void)
{
	rmdir(guest_cwd_path);
}

/* A new, empty directory build/tests/NAME-XXXXXX below the working
 * directory (a host directory under umk, unlike guest_tmpdir's), removed
 * at exit if it is empty again. */
static inline const char *guest_cwd_dir(const char *name)
{
	snprintf(guest_cwd_path, sizeof(guest_cwd_path), "build/tests/%s-XXXXXX", name);
	CHECK(mkdtemp(guest_cwd_path), "mkdtemp %s in the working directory: %s",
	      guest_cwd_path, strerror(errno));
	atexit(guest_cwd_remove);
	return guest_cwd_path;
}

#endif
