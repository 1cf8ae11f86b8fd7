/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host services for the kernel (implemented in src/sandbox/host.c).
 *
 * This header is the only door from the kernel to the host, besides
 * platform.h (guest address spaces and threads) and hostfs's host half.
 * Every function returns a value >= 0 or -errno (Linux values); none
 * touches guest memory.  Host file descriptors appear here as plain ints
 * and never reach a guest.
 */
#ifndef UMK_HOST_H
#define UMK_HOST_H

#include "umk/types.h"
#include "abi/types.h"

/* ---- memory for the kernel's own objects (may return NULL) ---- */
void *host_malloc(size_t n);
void *host_calloc(size_t n, size_t size);
void *host_realloc(void *p, size_t n);
void host_free(void *p);

/* ---- the big kernel lock, threads, sleeping ----
 * Every task thread holds the big kernel lock while it runs kernel code and
 * drops it while its guest runs or while it sleeps. */
void host_kernel_lock(void);
void host_kernel_unlock(void);
/* Start a detached host thread running fn(arg); signals stay blocked in it. */
int host_thread_start(void (*fn)(void *), void *arg);
/* Sleep while *word == val, at most timeout_ns (< 0: no limit).  Returns 0
 * when woken (or the value differed), -ETIMEDOUT.  A private futex: the
 * word must be in umk's own memory. */
int host_futex_wait(u32 *word, u32 val, s64 timeout_ns);
void host_futex_wake(u32 *word, int n);

/* ---- time, randomness, identity ---- */
int host_clock_gettime(int clock, struct linux_timespec *ts);
int host_clock_getres(int clock, struct linux_timespec *ts);
s64 host_monotonic_ns(void);
int host_getrandom(void *buf, size_t len);
u32 host_getuid(void);		/* the invoking user, for the guest's root */
u32 host_getgid(void);
int host_uname(struct linux_utsname *u);
int host_sysinfo(struct linux_sysinfo *si);
int host_ncpus(void);
/* umk's own auxv entry (AT_HWCAP, AT_HWCAP2, AT_MINSIGSTKSZ), or 0. */
u64 host_getauxval(u64 type);

/* ---- host file descriptors: console, memfds, trace output ---- */
long host_read(int fd, void *buf, size_t n);
long host_write(int fd, const void *buf, size_t n);
long host_pread(int fd, void *buf, size_t n, s64 off);
long host_pwrite(int fd, const void *buf, size_t n, s64 off);
struct host_iovec {
	void *base;
	size_t len;
};
long host_preadv(int fd, const struct host_iovec *iov, int cnt, s64 off);
long host_pwritev(int fd, const struct host_iovec *iov, int cnt, s64 off);
long host_readv(int fd, const struct host_iovec *iov, int cnt);
long host_writev(int fd, const struct host_iovec *iov, int cnt);
s64 host_lseek(int fd, s64 off, int whence);
int host_close(int fd);
int host_dup(int fd);
int host_fstat(int fd, struct linux_stat *st);
int host_memfd_create(const char *name);
int host_ftruncate(int fd, s64 len);
int host_punch_hole(int fd, s64 off, s64 len);
int host_fallocate(int fd, int mode, s64 off, s64 len);
int host_sync_file_range(int fd, s64 off, s64 nbytes, unsigned flags);
int host_fadvise(int fd, s64 off, s64 len, int advice);
/* copy_file_range(2) between two host fds at *ioff and *ooff (advanced). */
long host_copy_file_range(int in, s64 *ioff, int out, s64 *ooff, size_t len);
int host_set_nonblock(int fd, bool on);
/* Terminal queries on a host fd; -ENOTTY when it is not a terminal. */
int host_tcgets(int fd, struct linux_termios *t);
int host_tcsets(int fd, int how, const struct linux_termios *t);
int host_tiocgwinsz(int fd, struct linux_winsize *ws);
/* The console becomes a tty of umk's on the host terminal fd: the
 * terminal goes to raw mode (its modes are put back when umk exits, dies
 * of a signal it can catch, or is stopped), and the host's console thread
 * reads it for kernel_console_input.  -ENOTTY when fd is not a terminal
 * in whose foreground umk was started (it is left alone). */
int host_console_raw(int fd);
int host_fionread(int fd, int *n);
/* umk boot's lines (src/kernel/tty/line_tty.c): line id's out fd said
 * EAGAIN, so the lines thread waits until it is writable and calls
 * kernel_line_output(id); id -1: the kernel's lines are set up, the
 * thread may start serving them. */
void host_line_kick(int id);
/* Wait until fd is readable (POLLIN) or writable, or timeout_ns passed
 * (< 0: no limit); -ETIMEDOUT then. */
int host_fd_poll(int fd, bool write, s64 timeout_ns);
/* An eventfd for waking a thread out of host_poll. */
int host_eventfd_create(void);
void host_eventfd_signal(int efd);
/* poll(2) on n host fds (struct pollfd's layout), and on the eventfd
 * wake_fd (>= 0): the number of fds with revents (> 0), 0 when
 * only wake_fd was signalled (it is drained), -ETIMEDOUT.  timeout_ns 0
 * only looks. */
struct host_pollfd {
	int fd;
	short events;
	short revents;
};
int host_poll(struct host_pollfd *fds, int n, int wake_fd, s64 timeout_ns);

/* ---- modules (src/sandbox/modules.c): umk run -U only ----
 * Load the umk module image (len bytes at image, a copy of the file) and
 * check it as a boot module is checked: 0 and *m, or -errno (-ENOEXEC: not
 * a module) with the reason in why.  The module is never unloaded. */
struct umk_module;
int host_module_load(const void *image, size_t len, const struct umk_module **m, char *why,
		     size_t whylen);

/* ---- the kernel log and the end ---- */
void host_log_output(const char *msg, size_t len);	/* umk's stderr */
__attribute__((noreturn)) void host_exit(int status);
__attribute__((noreturn)) void host_panic(const char *msg);

#endif
