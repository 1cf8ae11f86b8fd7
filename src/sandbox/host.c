// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host services for the kernel: the implementation of src/include/umk/host.h.
 * Each wrapper turns libc's -1/errno into -errno at once, so the kernel
 * sees Linux error codes only.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "umk/host.h"
#include "umk/kernel_entry.h"
#include "sandbox.h"

/* libc's -1/errno as -errno (the argument is evaluated once). */
static inline long ret_errno(long r)
{
	return r < 0 ? -errno : r;
}
#define RET(x) ret_errno(x)

/* ---- memory ---- */

void *host_malloc(size_t n)
{
	return malloc(n);
}

void *host_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

void *host_realloc(void *p, size_t n)
{
	return realloc(p, n);
}

void host_free(void *p)
{
	free(p);
}

/* ---- the big kernel lock, threads, sleeping ---- */

/*
 * The big kernel lock: 0 free, 1 held, 2 held and maybe waited for.  A
 * thread that finds it held spins first, then sleeps on the word.  Most
 * holds are a few microseconds, and the waiter is usually a task thread
 * pinned to the other CPU whose guest waits for it anyway: sleeping there
 * costs a futex wake-up of a sleeping vCPU (tens of microseconds on a VM)
 * and leaves that CPU idle.  glibc's adaptive mutex gave up after 100
 * rounds; spinning ~2000 cut the time threads waited for the lock in a
 * make -j2 build from 270 to 170 ms and its idle CPU by a third.  A
 * holder on the waiter's own CPU cannot run while the waiter spins, so
 * then it sleeps at once (the holder's CPU is a hint, read racily).
 */
#define KERNEL_LOCK_SPINS 2000

static u32 kernel_lock;
static int kernel_lock_spins;	/* 0 on one CPU: the holder cannot run */
static volatile int kernel_lock_holder_cpu = -1;

void host_kernel_lock_spinning(bool on)
{
	kernel_lock_spins = on ? KERNEL_LOCK_SPINS : 0;
}

static bool kernel_lock_try(void)
{
	u32 free = 0;

	return __atomic_compare_exchange_n(&kernel_lock, &free, 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void host_kernel_lock(void)
{
	int spins = kernel_lock_spins;

	if (kernel_lock_try())
		goto out;	/* the usual case: free */
	/* spinning is for a holder running on another CPU (glibc reads the
	 * CPU from rseq: no syscall) */
	if (kernel_lock_holder_cpu == sched_getcpu())
		spins = 0;
	for (int i = 0; i < spins; i++) {
		__builtin_ia32_pause();
		if (!__atomic_load_n(&kernel_lock, __ATOMIC_RELAXED) && kernel_lock_try())
			goto out;
	}
	while (__atomic_exchange_n(&kernel_lock, 2, __ATOMIC_ACQUIRE))
		host_futex_wait(&kernel_lock, 2, -1);
out:
	kernel_lock_holder_cpu = sched_getcpu();
}

void host_kernel_unlock(void)
{
	if (__atomic_exchange_n(&kernel_lock, 0, __ATOMIC_RELEASE) == 2)
		host_futex_wake(&kernel_lock, 1);
}

/*
 * umk's threads (one per guest task, and the timer thread) come from a
 * pool: a thread whose work ended waits for the next instead of exiting,
 * so that a guest's fork, vfork or exec does not pay for a host clone and
 * exit, nor fault in again the stack glibc gives back to the host when a
 * thread exits.  At most POOL_IDLE_MAX wait; past that, a thread exits.
 * Each piece of work starts with every signal blocked, as a new thread
 * does (the mask is reset before the thread waits).
 */
#define POOL_IDLE_MAX	32

struct pool_thread {
	void (*fn)(void *);
	void *arg;
	u32 go;				/* futex word: new work is there */
	struct pool_thread *next;	/* on the idle list */
};

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pool_thread *pool_idle;
static int pool_nidle;

static void *pool_thread_main(void *p)
{
	struct pool_thread *me = p;
	sigset_t all;

	sigfillset(&all);
	for (;;) {
		me->fn(me->arg);
		pthread_sigmask(SIG_SETMASK, &all, NULL);
		pthread_mutex_lock(&pool_lock);
		if (pool_nidle >= POOL_IDLE_MAX) {
			pthread_mutex_unlock(&pool_lock);
			free(me);
			return NULL;
		}
		__atomic_store_n(&me->go, 0, __ATOMIC_RELAXED);
		me->next = pool_idle;
		pool_idle = me;
		pool_nidle++;
		pthread_mutex_unlock(&pool_lock);
		while (!__atomic_load_n(&me->go, __ATOMIC_ACQUIRE))
			host_futex_wait(&me->go, 0, -1);
	}
}

int host_thread_start(void (*fn)(void *), void *arg)
{
	struct pool_thread *pt;
	pthread_attr_t attr;
	pthread_t t;
	sigset_t all, old;
	int ret;

	pthread_mutex_lock(&pool_lock);
	pt = pool_idle;
	if (pt) {
		pool_idle = pt->next;
		pool_nidle--;
	}
	pthread_mutex_unlock(&pool_lock);
	if (pt) {
		pt->fn = fn;
		pt->arg = arg;
		__atomic_store_n(&pt->go, 1, __ATOMIC_RELEASE);
		host_futex_wake(&pt->go, 1);
		return 0;
	}
	pt = calloc(1, sizeof(*pt));
	if (!pt)
		return -ENOMEM;
	pt->fn = fn;
	pt->arg = arg;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 << 10);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&t, &attr, pool_thread_main, pt);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (ret) {
		free(pt);
		return -ret;
	}
	return 0;
}

int host_futex_wait(u32 *word, u32 val, s64 timeout_ns)
{
	struct timespec ts, *tp = NULL;

	if (timeout_ns >= 0) {
		ts.tv_sec = timeout_ns / 1000000000;
		ts.tv_nsec = timeout_ns % 1000000000;
		tp = &ts;
	}
	if (syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, tp, NULL, 0) < 0 &&
	    errno == ETIMEDOUT)
		return -ETIMEDOUT;
	return 0;
}

void host_futex_wake(u32 *word, int n)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

/* ---- time, randomness, identity ---- */

int host_clock_gettime(int clock, struct linux_timespec *ts)
{
	struct timespec t;

	if (clock_gettime(clock, &t) < 0)
		return -errno;
	ts->tv_sec = t.tv_sec;
	ts->tv_nsec = t.tv_nsec;
	return 0;
}

int host_clock_getres(int clock, struct linux_timespec *ts)
{
	struct timespec t;

	if (clock_getres(clock, &t) < 0)
		return -errno;
	ts->tv_sec = t.tv_sec;
	ts->tv_nsec = t.tv_nsec;
	return 0;
}

s64 host_monotonic_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (s64)t.tv_sec * 1000000000 + t.tv_nsec;
}

int host_getrandom(void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = getrandom((char *)buf + done, len - done, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		done += n;
	}
	return 0;
}

u32 host_getuid(void)
{
	return getuid();
}

u32 host_getgid(void)
{
	return getgid();
}

int host_uname(struct linux_utsname *u)
{
	struct utsname h;

	if (uname(&h) < 0)
		return -errno;
	memset(u, 0, sizeof(*u));
	memcpy(u->nodename, h.nodename, sizeof(u->nodename) - 1);
	memcpy(u->domainname, h.domainname, sizeof(u->domainname) - 1);
	memcpy(u->machine, h.machine, sizeof(u->machine) - 1);
	return 0;
}

int host_sysinfo(struct linux_sysinfo *si)
{
	struct sysinfo h;

	if (sysinfo(&h) < 0)
		return -errno;
	memset(si, 0, sizeof(*si));
	si->uptime = h.uptime;
	for (int i = 0; i < 3; i++)
		si->loads[i] = h.loads[i];
	si->procs = h.procs;
	si->mem_unit = 1;
	return 0;
}

int host_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

u64 host_getauxval(u64 type)
{
	return getauxval(type);
}

/* ---- host file descriptors ---- */

long host_read(int fd, void *buf, size_t n)
{
	return RET(read(fd, buf, n));
}

long host_write(int fd, const void *buf, size_t n)
{
	return RET(write(fd, buf, n));
}

long host_pread(int fd, void *buf, size_t n, s64 off)
{
	return RET(pread(fd, buf, n, off));
}

long host_pwrite(int fd, const void *buf, size_t n, s64 off)
{
	return RET(pwrite(fd, buf, n, off));
}

long host_preadv(int fd, const struct host_iovec *iov, int cnt, s64 off)
{
	return RET(preadv(fd, (const struct iovec *)iov, cnt, off));
}

long host_pwritev(int fd, const struct host_iovec *iov, int cnt, s64 off)
{
	return RET(pwritev(fd, (const struct iovec *)iov, cnt, off));
}

long host_readv(int fd, const struct host_iovec *iov, int cnt)
{
	return RET(readv(fd, (const struct iovec *)iov, cnt));
}

long host_writev(int fd, const struct host_iovec *iov, int cnt)
{
	return RET(writev(fd, (const struct iovec *)iov, cnt));
}

s64 host_lseek(int fd, s64 off, int whence)
{
	return RET(lseek(fd, off, whence));
}

int host_close(int fd)
{
	return RET(close(fd));
}

int host_dup(int fd)
{
	return RET(fcntl(fd, F_DUPFD_CLOEXEC, 3));
}

void host_stat_to_linux(const struct stat *s, struct linux_stat *l)
{
	memset(l, 0, sizeof(*l));
	l->st_dev = s->st_dev;
	l->st_ino = s->st_ino;
	l->st_nlink = s->st_nlink;
	l->st_mode = s->st_mode;
	l->st_uid = s->st_uid;
	l->st_gid = s->st_gid;
	l->st_rdev = s->st_rdev;
	l->st_size = s->st_size;
	l->st_blksize = s->st_blksize;
	l->st_blocks = s->st_blocks;
	l->st_atim.tv_sec = s->st_atim.tv_sec;
	l->st_atim.tv_nsec = s->st_atim.tv_nsec;
	l->st_mtim.tv_sec = s->st_mtim.tv_sec;
	l->st_mtim.tv_nsec = s->st_mtim.tv_nsec;
	l->st_ctim.tv_sec = s->st_ctim.tv_sec;
	l->st_ctim.tv_nsec = s->st_ctim.tv_nsec;
}

int host_fstat(int fd, struct linux_stat *st)
{
	struct stat s;

	if (fstat(fd, &s) < 0)
		return -errno;
	host_stat_to_linux(&s, st);
	return 0;
}

int host_memfd_create(const char *name)
{
	return RET(memfd_create(name, MFD_CLOEXEC));
}

int host_ftruncate(int fd, s64 len)
{
	return RET(ftruncate(fd, len));
}

int host_punch_hole(int fd, s64 off, s64 len)
{
	return RET(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len));
}

int host_fallocate(int fd, int mode, s64 off, s64 len)
{
	int r;

	do
		r = fallocate(fd, mode, off, len);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

int host_sync_file_range(int fd, s64 off, s64 nbytes, unsigned flags)
{
	return RET(sync_file_range(fd, off, nbytes, flags));
}

int host_fadvise(int fd, s64 off, s64 len, int advice)
{
	return -posix_fadvise(fd, off, len, advice);
}

long host_copy_file_range(int in, s64 *ioff, int out, s64 *ooff, size_t len)
{
	off64_t i = *ioff, o = *ooff;
	ssize_t n;

	do
		n = copy_file_range(in, &i, out, &o, len, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	*ioff = i;
	*ooff = o;
	return n;
}

int host_set_nonblock(int fd, bool on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -errno;
	fl = on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
	return RET(fcntl(fd, F_SETFL, fl));
}

int host_tcgets(int fd, struct linux_termios *t)
{
	return RET(ioctl(fd, TCGETS, t));
}

int host_tcsets(int fd, int how, const struct linux_termios *t)
{
	if (how != TCSETS && how != TCSETSW && how != TCSETSF)
		return -EINVAL;
	return RET(ioctl(fd, how, t));
}

int host_tiocgwinsz(int fd, struct linux_winsize *ws)
{
	return RET(ioctl(fd, TIOCGWINSZ, ws));
}

int host_fionread(int fd, int *n)
{
	return RET(ioctl(fd, FIONREAD, n));
}

int host_fd_poll(int fd, bool write, s64 timeout_ns)
{
	struct pollfd p = { .fd = fd, .events = write ? POLLOUT : POLLIN };
	int ms = timeout_ns < 0 ? -1 : (int)(timeout_ns / 1000000);
	int n = poll(&p, 1, ms);

	if (n < 0)
		return -errno;
	return n ? 0 : -ETIMEDOUT;
}

int host_eventfd_create(void)
{
	return RET(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
}

void host_eventfd_signal(int efd)
{
	u64 one = 1;

	if (write(efd, &one, sizeof(one)) < 0) {
		/* the counter is full: it is signalled anyway */
	}
}

int host_poll(struct host_pollfd *fds, int n, int wake_fd, s64 timeout_ns)
{
	struct pollfd p[65];
	struct timespec ts, *tsp = NULL;
	int i, np = 0, ready = 0, r;

	_Static_assert(sizeof(struct host_pollfd) == sizeof(struct pollfd),
		       "struct host_pollfd is struct pollfd");
	if (n < 0 || n > 64)
		return -EINVAL;
	memcpy(p, fds, n * sizeof(*p));
	np = n;
	if (wake_fd >= 0)
		p[np++] = (struct pollfd){ .fd = wake_fd, .events = POLLIN };
	if (timeout_ns >= 0) {
		ts.tv_sec = timeout_ns / 1000000000;
		ts.tv_nsec = timeout_ns % 1000000000;
		tsp = &ts;
	}
	r = ppoll(p, np, tsp, NULL);
	if (r < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n; i++) {
		fds[i].revents = p[i].revents;
		if (p[i].revents)
			ready++;
	}
	if (wake_fd >= 0 && p[n].revents) {
		u64 v;

		if (read(wake_fd, &v, sizeof(v)) < 0) {
			/* already drained */
		}
	}
	if (!r)
		return -ETIMEDOUT;
	return ready;
}

/* ---- the end ---- */

static struct termios saved_tty[3];
static bool tty_saved[3];

/*
 * The console's host terminal.  When the console is a tty of umk's
 * (host_console_raw, from src/kernel/tty/console_tty.c) the terminal is
 * in raw mode: ^C, ^Z and ^\ are bytes for umk's line discipline, no
 * longer signals.  The console thread reads the terminal and types what
 * it reads with kernel_console_input; a byte the console cannot take yet
 * (its read queue is full) is offered again every 20 ms.  The terminal's
 * SIGWINCH (its size changed) wakes the thread, which tells the kernel
 * (kernel_console_winch).  The modes are put back at exit, on a fatal
 * signal, and while umk is stopped (SIGTSTP from kill(2): put back, then
 * stopped; SIGCONT: raw again).  Without a terminal, or when umk did not
 * start in its terminal's foreground (a background job would be stopped
 * by SIGTTOU), the console is a pass-through and none of this runs.
 */
static int console_fd = -1;		/* the console's host terminal */
static bool console_may_raw;		/* ... umk runs in its foreground */
static struct termios console_saved, console_raw_modes;
static volatile int console_raw_on;
static int console_sig_fd = -1;		/* eventfd: wakes the console thread */
static int console_winch;		/* SIGWINCHes not yet told */

/*
 * A catchable fatal signal (a hangup, kill's SIGTERM or SIGINT) must not
 * leave the user's terminal in the modes umk or a guest set (raw, vi's):
 * the modes are put back (tcsetattr is async-signal-safe), then the
 * signal kills umk as it would have.  SIGQUIT is the management console's
 * (a dump, mconsole.c).
 */
static void on_fatal_signal(int sig)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };

	restore_host_state();
	sigaction(sig, &sa, NULL);
	raise(sig);
}

static void console_set_raw(void)
{
	if (console_raw_on)
		tcsetattr(console_fd, TCSANOW, &console_raw_modes);
}

/* SIGTSTP (from kill(2): the terminal's ^Z is umk's own byte when the
 * console is raw): the user's modes while umk is stopped. */
static void on_stop_signal(int sig)
{
	int e = errno;

	(void)sig;
	restore_host_state();
	raise(SIGSTOP);
	errno = e;
}

static void on_cont_signal(int sig)
{
	int e = errno;

	(void)sig;
	console_set_raw();
	errno = e;
}

static void on_winch_signal(int sig)
{
	unsigned long long one = 1;
	int e = errno;

	(void)sig;
	__atomic_add_fetch(&console_winch, 1, __ATOMIC_RELAXED);
	(void)!write(console_sig_fd, &one, sizeof(one));
	errno = e;
}

static void *console_thread(void *arg)
{
	static unsigned char buf[4096];
	size_t off = 0, pending = 0;
	bool reading = true;
	unsigned long long v;
	sigset_t all;

	(void)arg;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, NULL);
	for (;;) {
		struct pollfd p[2] = {
			{ .fd = console_sig_fd, .events = POLLIN },
			{ .fd = console_fd, .events = POLLIN },
		};
		bool want = reading && !pending && console_raw_on;
		int n = poll(p, want ? 2 : 1, pending ? 20 : -1);

		if (n < 0 && errno != EINTR)
			return NULL;
		if (n > 0 && (p[0].revents & POLLIN) &&
		    read(console_sig_fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
			return NULL;
		while (__atomic_load_n(&console_winch, __ATOMIC_RELAXED)) {
			__atomic_sub_fetch(&console_winch, 1, __ATOMIC_RELAXED);
			kernel_console_winch();
		}
		if (want && n > 0 && p[1].revents) {
			ssize_t r = read(console_fd, buf, sizeof(buf));

			if (r > 0) {
				off = 0;
				pending = r;
			} else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
				reading = false;	/* the terminal is gone */
				kernel_console_hangup();
			}
		}
		if (pending) {
			size_t k = kernel_console_input(buf + off, pending);

			off += k;
			pending -= k;
		}
	}
	return NULL;
}

void console_signals_start(void)
{
	pthread_t t;

	if (console_sig_fd < 0 || !console_may_raw)
		return;		/* the console will be a pass-through */
	if (pthread_create(&t, NULL, console_thread, NULL)) {
		console_may_raw = false;
		return;
	}
	pthread_detach(t);
}

int host_console_raw(int fd)
{
	struct sigaction sa = { .sa_flags = SA_RESTART };
	unsigned long long one = 1;
	struct termios raw;

	if (fd != console_fd || !console_may_raw || console_raw_on)
		return -ENOTTY;
	raw = console_saved;
	raw.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
			 ICRNL | IXON | IXOFF);
	raw.c_oflag &= ~OPOST;
	raw.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	raw.c_cflag &= ~(CSIZE | PARENB);
	raw.c_cflag |= CS8;
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	console_raw_modes = raw;
	if (tcsetattr(fd, TCSANOW, &raw))
		return -errno;
	console_raw_on = 1;
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_cont_signal;
	sigaction(SIGCONT, &sa, NULL);
	sa.sa_handler = on_winch_signal;
	sigaction(SIGWINCH, &sa, NULL);
	/* the console thread starts reading the terminal */
	(void)!write(console_sig_fd, &one, sizeof(one));
	return 0;
}

void save_host_state(int console)
{
	static const int fatal[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa = { .sa_handler = on_fatal_signal }, old;
	bool any = false;

	for (int fd = 0; fd < 3; fd++) {
		tty_saved[fd] = tcgetattr(fd, &saved_tty[fd]) == 0;
		any |= tty_saved[fd];
	}
	if (console >= 0 && tcgetattr(console, &console_saved) == 0) {
		console_fd = console;
		console_may_raw = tcgetpgrp(console) == getpgrp();
		any = true;
	}
	if (!any)
		return;		/* no terminal: nothing to put back */
	console_sig_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
		/* an ignored signal (nohup) stays ignored */
		if (!sigaction(fatal[i], NULL, &old) && old.sa_handler == SIG_IGN)
			continue;
		sigaction(fatal[i], &sa, NULL);
	}
	/* ignored (a background job of a shell without job control): stays */
	if (!sigaction(SIGTSTP, NULL, &old) && old.sa_handler != SIG_IGN) {
		sa.sa_handler = on_stop_signal;
		sigaction(SIGTSTP, &sa, NULL);
	}
}

void restore_host_state(void)
{
	for (int fd = 0; fd < 3; fd++)
		if (tty_saved[fd])
			tcsetattr(fd, TCSANOW, &saved_tty[fd]);
	if (console_raw_on)
		tcsetattr(console_fd, TCSANOW, &console_saved);
}

/* ---- the kernel log and the end ---- */

static void write_all(int fd, const char *msg, size_t len)
{
	while (len) {
		ssize_t n = write(fd, msg, len);

		if (n <= 0)
			return;
		msg += n;
		len -= n;
	}
}

/* On a raw console terminal (no host OPOST) a line ends with "\r\n". */
void host_log_output(const char *msg, size_t len)
{
	const char *nl;

	while (console_raw_on && tty_saved[2] &&
	       (nl = memchr(msg, '\n', len))) {
		write_all(2, msg, nl - msg);
		write_all(2, "\r\n", 2);
		len -= nl + 1 - msg;
		msg = nl + 1;
	}
	write_all(2, msg, len);
}

/* Set by umk boot's lines thread (lines.c) when it runs. */
void (*host_line_kick_hook)(int id);

void host_line_kick(int id)
{
	if (host_line_kick_hook)
		host_line_kick_hook(id);
}

/* Set by the management console (mconsole.c): its socket goes at the end. */
void (*host_exit_hook)(void);

void host_exit(int status)
{
	restore_host_state();
	if (host_exit_hook)
		host_exit_hook();
	_exit(status);
}

void host_panic(const char *msg)
{
	fprintf(stderr, "umk: kernel panic: %s\n", msg);
	restore_host_state();
	if (host_exit_hook)
		host_exit_hook();
	_exit(UMK_EXIT_INTERNAL);
}
