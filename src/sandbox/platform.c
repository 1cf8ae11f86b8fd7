// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The systrap platform: guest address spaces are stub processes, guest
 * threads are host threads of them (see src/include/umk/platform.h for the
 * interface and src/include/umk/stub_abi.h for the shared layout).
 *
 *   physical memory  one sparse memfd: [0, phys_size) are guest frames the
 *                    kernel allocates; above it, 64 KiB chunks for the stubs'
 *                    own pages (command/result pages, thread slots).
 *   zygote           the stub image, executed once; forks a stub per request
 *                    and returns its pidfd and a socket.
 *   syscall thread   performs a stub's host mmap/munmap/mprotect/clone from
 *                    a batch of commands in its read-only command page.
 *   mailbox          per thread: the handler posts an event, umk answers.
 *   reaper           one thread polls every stub's pidfd; a dead stub wakes
 *                    everyone waiting on it, so nothing in umk hangs.
 *   pool             a thread keeps a few stubs forked ahead for fork/exec.
 *
 * Lock order: an address space's cmd_lock, then plat_lock.  plat_lock guards
 * the chunk allocator and the dead/destroyed flags of address spaces.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "umk/platform.h"
#include "umk/stub_abi.h"
#include "sandbox.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U	/* Linux 6.3 */
#endif

#define CHUNK_SIZE	STUB_SLOT_SIZE
#define STUBMEM_SIZE	(256UL << 20)	/* room for 4096 chunks */
#define NCHUNKS		(STUBMEM_SIZE / CHUNK_SIZE)

/*
 * Where threads run.  A hand-off wakes the other side, and on a VM waking
 * a thread that sleeps on another (idle) vCPU is the slowest part of a
 * trap: tens, even a hundred microseconds.  So each guest thread and the
 * umk thread that serves it are pinned to the same CPU, where a hand-off
 * is a plain context switch, and a stub's syscall thread goes with its
 * address space's first thread.  The CPU is chosen when a context first
 * runs and looked at again now and then (every 64 events, and after the
 * task slept in the kernel for a while): the one where the fewest
 * contexts are running guest code, staying put on a tie.  A stub taken
 * from the pool first moves to the CPU of the umk thread taking it, so
 * that exec's and fork's commands to it do not cross CPUs.
 *
 * Spinning.  When umk may use only one CPU for everything, pinning does
 * not apply and each side waits with a futex at once.  The code below
 * keeps a bounded, adaptive spin for hosts where threads are not pinned
 * (plat_pin = false): umk sets both budgets, halving a side's budget while
 * its spins fail and restoring it on success.
 */
#define SPIN_MAX	1500	/* pause loops: some tens of microseconds */

/*
 * Syscalls as user notifications (stub_abi.h).  Each app thread's filter
 * comes with its own listener, which umk fetches when the thread starts;
 * from then on every event of the thread reaches umk through it: a guest
 * syscall known by number and arguments (answered with its result, the
 * thread never leaves the host kernel), or the handler's STUB_NR_EVENT
 * (the mailbox holds a trap, a fault or a kick, as before).  A wait is one
 * SECCOMP_IOCTL_NOTIF_RECV, an answer one SECCOMP_IOCTL_NOTIF_SEND: on the
 * development VM a trapped syscall went from ~8 to ~5 us.  This needs
 * Linux 6.6 (a receive that wakes when the thread dies, and
 * SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP); older hosts, or UMK_NOTIFY=0 in
 * umk's environment, keep every guest syscall on SIGSYS.
 */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP	1
#endif

/* What the context's thread waits for umk to answer. */
enum pend {
	PEND_FUTEX,		/* an event in the mailbox, posted by futex */
	PEND_EVENT,		/* ... posted as a notification (STUB_NR_EVENT) */
	PEND_SYSCALL,		/* a guest syscall, as a notification */
};

struct plat_ctx {
	struct plat_as *as;
	int slot;
	struct stub_mailbox *mb;	/* umk's view of the slot's mailbox */
	u32 host_tid;
	u64 fs_base;			/* as last loaded into the thread */
	u64 gs_base;
	int cpu;			/* where both threads run, or -1 */
	pid_t pinned;			/* the umk thread pinned to cpu */
	s64 last_ns;			/* when the last event came */
	u32 spin;			/* umk's budget, waiting for the guest */
	u32 hspin;			/* the handler's, waiting for umk */
	u32 events;			/* to try spinning again now and then */
	u64 fp_off;			/* host xsave image, offset in the slot */
	s64 kicked_at;			/* a kick not answered yet (ns), or 0 */
	bool held;			/* umk has the thread's event and has not
					 * answered: it cannot take a kick yet */
	int notify_fd;			/* the thread's listener, or -1 */
	bool stub_answers;		/* the stub keeps a copy to answer */
	enum pend pend;
	u64 notif_id;			/* the notification to answer */
	bool resend;			/* a syscall's answer found it gone */
	u64 resend_nr;			/* ... its number and result, should */
	s64 resend_val;			/* ... the host issue it again */
	struct plat_ctx *next_kicked;	/* the watchdog's list (plat_lock) */
};

struct plat_as {
	pid_t pid;
	int pidfd;
	int sock;
	u64 ctl_chunk;
	struct stub_ctl *ctl;		/* umk's view of the stub's pages */
	struct stub_res *res;
	pthread_mutex_t cmd_lock;	/* the command page and the queue */
	unsigned nq;
	struct stub_cmd q[STUB_MAX_CMDS];
	bool xfer_queued;		/* q holds a file batch no one checks */
	u64 keep_id[STUB_MAX_KEEP];	/* the file on STUB_FD_KEEP + k, or 0 */
	u32 keep_used[STUB_MAX_KEEP];	/* keep_clock at its last map */
	u32 keep_clock;
	unsigned inflight;		/* commands of a batch not yet reported */
	bool inflight_kill;		/* ... whose failure kills the stub */
	u32 seq;
	atomic_int dead;		/* the reaper saw the process go */
	int cpu;			/* the syscall thread's CPU, or -1 */
	int nctx;			/* contexts (threads) made */
	struct plat_ctx *spare;		/* a first thread the pool made ahead */
	bool destroyed;			/* plat_as_destroy was called */
	/* slots: chunk offset of each mapped slot, and who uses it */
	u64 slot_chunk[STUB_MAX_SLOTS];
	struct plat_ctx *slot_ctx[STUB_MAX_SLOTS];
	int nslots;			/* slots [0, nslots) are mapped */
};

static int phys_fd = -1;
static u8 *phys;
static u64 phys_size;
static pthread_mutex_t plat_lock = PTHREAD_MUTEX_INITIALIZER;
static u8 chunk_used[NCHUNKS];	/* 0: never used, or: */
#define CHUNK_USED	1
#define CHUNK_DIRTY	2		/* free, its memory not zero */
static int zygote_sock = -1;
static int zygote_held = -1;	/* plat_zygote_hold */
static u64 fast_off;		/* the link cache's chunks (STUB_FAST) */
static pthread_mutex_t zygote_lock = PTHREAD_MUTEX_INITIALIZER;
static int reaper_epfd = -1;
static bool fsgsbase;
static u32 spin_max;
static bool plat_pin;
static bool use_notify;		/* user notifications (see above) */
static int ncpu;
static int cpu_ids[CPU_SETSIZE];
static atomic_int cpu_active[CPU_SETSIZE];	/* contexts in guest code, by index */

extern const char umk_stub_image[], umk_stub_image_end[];

/* ---- futexes on shared pages (keys by memfd page, not by address) ---- */

static void shared_wait(u32 *word, u32 val)
{
	syscall(SYS_futex, word, FUTEX_WAIT, val, NULL, NULL, 0);
}

static void shared_wake(u32 *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* ---- physical memory ---- */

void *plat_phys_base(void)
{
	return phys;
}

u64 plat_phys_size(void)
{
	return phys_size;
}

void plat_phys_discard(u64 off, u64 len)
{
	fallocate(phys_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len);
}

/* A 64 KiB chunk of stub memory; returns its memfd offset, or 0. */
static u64 chunk_alloc(void)
{
	u64 off = 0;

	/* first fit: the lowest chunks are the ones with host memory (and
	 * mapped in umk's view), so the memset below does not fault */
	bool dirty = false;

	pthread_mutex_lock(&plat_lock);
	for (unsigned i = 0; i < NCHUNKS; i++) {
		if (chunk_used[i] != CHUNK_USED) {
			dirty = chunk_used[i] == CHUNK_DIRTY;
			chunk_used[i] = CHUNK_USED;
			off = phys_size + (u64)i * CHUNK_SIZE;
			break;
		}
	}
	pthread_mutex_unlock(&plat_lock);
	if (dirty)	/* a chunk never used is a hole of the memfd: zero */
		memset(phys + off, 0, CHUNK_SIZE);
	return off;
}

/* Caller holds plat_lock.  The chunk keeps its host memory: stubs come
 * and go all the time, and a fresh page costs more than the memset of
 * chunk_alloc.  (Allocation is first fit, so only as many chunks as ever
 * were in use at once hold memory; it went round all 4096 before, which
 * cost every new stub 32 fresh pages and left 256 MiB held.) */
static void chunk_free_locked(u64 off)
{
	if (off < phys_size)
		return;
	chunk_used[(off - phys_size) / CHUNK_SIZE] = CHUNK_DIRTY;
}

/* ---- the zygote ---- */

void plat_zygote_hold(int fd)
{
	zygote_held = fd;
}

void *plat_fast_table(void)
{
	return fast_off ? phys + fast_off : NULL;
}

int plat_fast_watch_fd(void)
{
	return zygote_held;
}

void plat_as_set_fast_root(struct plat_as *as, u32 root)
{
	__atomic_store_n(&as->ctl->fast_root, root, __ATOMIC_RELEASE);
}

static int zygote_start(void)
{
	int sv[2];
	int img = memfd_create("umk-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);

	if (img < 0 && errno == EINVAL)
		img = memfd_create("umk-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (img < 0)
		return -errno;
	size_t len = umk_stub_image_end - umk_stub_image;

	if (write(img, umk_stub_image, len) != (ssize_t)len ||
	    fcntl(img, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW |
					    F_SEAL_WRITE) < 0) {
		close(img);
		return -EIO;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		close(img);
		return -errno;
	}

	pid_t pid = fork();

	if (pid < 0) {
		int e = -errno;

		close(img), close(sv[0]), close(sv[1]);
		return e;
	}
	if (pid == 0) {
		/* fds 0: socket, 1: physical memory, 2: the image to exec,
		 * 3: the fd to hold, if any (zygote_main moves it to
		 * STUB_FD_WATCH, where every stub keeps it) */
		char pidstr[16];
		char *argv[] = { "umk-zygote", pidstr, NULL }, *envp[] = { NULL };

		snprintf(pidstr, sizeof(pidstr), "%d", (int)getppid());
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		/* Copies above 2 first (new fds, so they cannot be any of
		 * the three, whatever numbers those have: umk holds an fd
		 * per mounted directory), then into 0, 1 and 2. */
		int s = fcntl(sv[1], F_DUPFD, 4), m = fcntl(phys_fd, F_DUPFD, 4),
		    i = fcntl(img, F_DUPFD, 4),
		    h = zygote_held >= 0 ? fcntl(zygote_held, F_DUPFD, 4) : -1;

		if (s < 0 || m < 0 || i < 0 || dup2(s, STUB_FD_SOCK) < 0 ||
		    dup2(m, STUB_FD_MEM) < 0 || dup2(i, 2) < 0 ||
		    (h >= 0 && dup2(h, 3) < 0))
			_exit(126);
		syscall(SYS_close_range, h >= 0 ? 4 : 3, ~0U, 0);
		fcntl(2, F_SETFD, FD_CLOEXEC);
		syscall(SYS_execveat, 2, "", argv, envp, AT_EMPTY_PATH);
		_exit(127);
	}
	close(img);
	close(sv[1]);
	zygote_sock = sv[0];
	return 0;
}

/* Ask the zygote for a new stub process. */
static int zygote_fork(u64 ctl_off, pid_t *pid, int *pidfd, int *sock)
{
	struct stub_fork_req req = { .ctl_off = ctl_off, .res_off = ctl_off + 4096,
				     .fast_off = fast_off };
	struct stub_fork_reply rep;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} cm;
	struct iovec iov = { &rep, sizeof(rep) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cm.buf, .msg_controllen = sizeof(cm.buf) };
	int ret = 0;

	pthread_mutex_lock(&zygote_lock);
	if (send(zygote_sock, &req, sizeof(req), MSG_NOSIGNAL) != sizeof(req)) {
		ret = -EAGAIN;
		goto out;
	}
	ssize_t n = recvmsg(zygote_sock, &msg, MSG_CMSG_CLOEXEC);

	if (n != sizeof(rep)) {
		ret = -EAGAIN;
		goto out;
	}
	if (rep.pid <= 0) {
		ret = rep.pid < 0 ? rep.pid : -EAGAIN;
		goto out;
	}
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(2 * sizeof(int))) {
		ret = -EAGAIN;
		goto out;
	}
	int fds[2];

	memcpy(fds, CMSG_DATA(c), sizeof(fds));
	*pid = rep.pid;
	*pidfd = fds[0];
	*sock = fds[1];
out:
	pthread_mutex_unlock(&zygote_lock);
	return ret;
}

/* ---- the reaper ---- */

static void as_free_locked(struct plat_as *as)
{
	for (int i = 0; i < as->nslots; i++)
		chunk_free_locked(as->slot_chunk[i]);
	chunk_free_locked(as->ctl_chunk);
	close(as->pidfd);
	close(as->sock);
	pthread_mutex_destroy(&as->cmd_lock);
	free(as);
}

/* The stub is gone: wake every waiter; free it if nobody holds it. */
static void as_died(struct plat_as *as)
{
	pthread_mutex_lock(&plat_lock);
	epoll_ctl(reaper_epfd, EPOLL_CTL_DEL, as->pidfd, NULL);
	atomic_store(&as->dead, 1);
	for (int i = 0; i < as->nslots; i++) {
		struct stub_mailbox *mb = (void *)(phys + as->slot_chunk[i]);

		__atomic_store_n(&mb->state, STUB_MB_DEAD, __ATOMIC_RELEASE);
		shared_wake(&mb->state);
		mb->tid = 0;
	}
	if (as->destroyed)
		as_free_locked(as);
	pthread_mutex_unlock(&plat_lock);
}

/*
 * The kick's deadline.  A guest may block the kick signal in its host mask
 * (a forged frame through the stub's rt_sigreturn) and spin: umk could not
 * take that thread back.  A kick that no event answers within
 * KICK_DEADLINE_MS kills the stub process (the guest dies; umk goes on).
 */
#define KICK_DEADLINE_MS 250

static struct plat_ctx *kicked;		/* plat_lock */

static s64 now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (s64)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Drop ctx from the kicked list (answered or gone).  plat_lock held. */
static void unkick_locked(struct plat_ctx *ctx)
{
	for (struct plat_ctx **pp = &kicked; *pp; pp = &(*pp)->next_kicked) {
		if (*pp == ctx) {
			*pp = ctx->next_kicked;
			break;
		}
	}
	ctx->kicked_at = 0;
	ctx->next_kicked = NULL;
}

static void kick_watchdog(void)
{
	s64 now = now_ns();

	pthread_mutex_lock(&plat_lock);
	for (struct plat_ctx *c = kicked, *next; c; c = next) {
		next = c->next_kicked;
		/* a thread umk has not answered yet (its task may be frozen,
		 * or wait for the kernel lock) is not late: its deadline
		 * runs from the answer (release_held) */
		if (__atomic_load_n(&c->held, __ATOMIC_ACQUIRE) ||
		    now - c->kicked_at < (s64)KICK_DEADLINE_MS * 1000000)
			continue;
		fprintf(stderr, "umk: a guest thread ignored its kick for %d ms: killed\n",
			KICK_DEADLINE_MS);
		syscall(SYS_pidfd_send_signal, c->as->pidfd, SIGKILL, NULL, 0);
		unkick_locked(c);
	}
	pthread_mutex_unlock(&plat_lock);
}

static pid_t reaper_tid;

static void nudge(int sig)
{
	/* only to end the reaper's epoll_wait */
}

static void *reaper_main(void *arg)
{
	struct epoll_event ev[16];
	sigset_t urg;

	reaper_tid = gettid();
	sigemptyset(&urg);
	sigaddset(&urg, SIGURG);
	pthread_sigmask(SIG_UNBLOCK, &urg, NULL);

	for (;;) {
		int n = epoll_wait(reaper_epfd, ev, 16, kicked ? KICK_DEADLINE_MS / 4 : -1);

		for (int i = 0; i < n; i++)
			as_died(ev[i].data.ptr);
		if (kicked)
			kick_watchdog();
	}
	return NULL;
}

static void *pool_main(void *arg);

/* ---- CPUs ---- */

static void pin(pid_t tid, int idx)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu_ids[idx], &set);
	sched_setaffinity(tid, sizeof(set), &set);
}

/* The index in cpu_ids of the CPU the caller runs on. */
static int cpu_here(void)
{
	int c = sched_getcpu();

	for (int i = 0; i < ncpu; i++)
		if (cpu_ids[i] == c)
			return i;
	return 0;
}

/* Move an address space's syscall thread to CPU idx. */
static void as_pin(struct plat_as *as, int idx)
{
	if (plat_pin && as->cpu != idx) {
		pin(as->pid, idx);
		as->cpu = idx;
	}
}

/* ---- set-up ---- */

static bool kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return false;
	return ma > major || (ma == major && mi >= minor);
}

int plat_init(u64 size)
{
	pthread_t t;
	int ret;

	phys_size = size;
	fsgsbase = getauxval(AT_HWCAP2) & 2;	/* HWCAP2_FSGSBASE */
	/* UMK_FSGSBASE=0: the handler's arch_prctl fallback, for tests */
	if (getenv("UMK_FSGSBASE") && !strcmp(getenv("UMK_FSGSBASE"), "0"))
		fsgsbase = false;
	use_notify = kernel_at_least(6, 6);
	if (getenv("UMK_NOTIFY") && !strcmp(getenv("UMK_NOTIFY"), "0"))
		use_notify = false;
	cpu_set_t set;

	if (!sched_getaffinity(0, sizeof(set), &set))
		for (int c = 0; c < CPU_SETSIZE; c++)
			if (CPU_ISSET(c, &set))
				cpu_ids[ncpu++] = c;
	plat_pin = ncpu > 1;
	host_kernel_lock_spinning(ncpu > 1);

	spin_max = ncpu > 1 && !plat_pin ? SPIN_MAX : 0;
	phys_fd = memfd_create("umk-phys", MFD_CLOEXEC);
	if (phys_fd < 0)
		return -errno;
	if (ftruncate(phys_fd, size + STUBMEM_SIZE) < 0)
		return -errno;
	phys = mmap(NULL, size + STUBMEM_SIZE, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_NORESERVE, phys_fd, 0);
	if (phys == MAP_FAILED)
		return -errno;
	/* the link cache: the first chunks, so contiguous */
	fast_off = chunk_alloc();
	for (u64 i = CHUNK_SIZE; i < STUB_FAST_SIZE; i += CHUNK_SIZE)
		if (chunk_alloc() != fast_off + i)
			return -ENOMEM;
	ret = zygote_start();
	if (ret)
		return ret;
	reaper_epfd = epoll_create1(EPOLL_CLOEXEC);
	if (reaper_epfd < 0)
		return -errno;
	struct sigaction sa = { .sa_handler = nudge };

	sigaction(SIGURG, &sa, NULL);	/* no SA_RESTART: epoll_wait returns */
	ret = pthread_create(&t, NULL, reaper_main, NULL);
	if (ret)
		return -ret;
	pthread_detach(t);
	ret = pthread_create(&t, NULL, pool_main, NULL);
	if (ret)
		return -ret;
	pthread_detach(t);
	return 0;
}

/* ---- address spaces ---- */

/*
 * The pool: a few stubs forked ahead by a background thread, so that fork
 * and exec take a ready one instead of waiting for the zygote.
 */
#define POOL_SIZE 4

static struct plat_as *pool[POOL_SIZE];
static int npool;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_cond = PTHREAD_COND_INITIALIZER;

static int as_create(struct plat_as **out);

static void *pool_main(void *arg)
{
	prctl(PR_SET_NAME, "umk-pool");
	for (;;) {
		struct plat_as *as;

		pthread_mutex_lock(&pool_lock);
		while (npool == POOL_SIZE)
			pthread_cond_wait(&pool_cond, &pool_lock);
		pthread_mutex_unlock(&pool_lock);
		if (as_create(&as)) {
			sleep(1);	/* the zygote is in trouble: try later */
			continue;
		}
		/* its first thread too: exec and fork need one at once */
		if (plat_ctx_new(as, &as->spare))
			as->spare = NULL;
		pthread_mutex_lock(&pool_lock);
		pool[npool++] = as;
		pthread_mutex_unlock(&pool_lock);
	}
	return NULL;
}

int plat_as_new(struct plat_as **out)
{
	pthread_mutex_lock(&pool_lock);
	while (npool) {
		struct plat_as *as = pool[--npool];

		pthread_cond_signal(&pool_cond);
		if (atomic_load(&as->dead)) {
			plat_as_destroy(as);
			continue;
		}
		pthread_mutex_unlock(&pool_lock);
		/* Come to the caller's CPU: exec and fork talk to it next. */
		if (plat_pin) {
			int here = cpu_here();

			as_pin(as, here);
			if (as->spare)
				pin(as->spare->host_tid, here);
		}
		*out = as;
		return 0;
	}
	pthread_cond_signal(&pool_cond);
	pthread_mutex_unlock(&pool_lock);
	int ret = as_create(out);

	if (!ret)
		as_pin(*out, cpu_here());
	return ret;
}

static int as_create(struct plat_as **out)
{
	struct plat_as *as = calloc(1, sizeof(*as));
	int ret;

	if (!as)
		return -ENOMEM;
	as->ctl_chunk = chunk_alloc();
	if (!as->ctl_chunk) {
		free(as);
		return -ENOMEM;
	}
	as->cpu = -1;
	as->ctl = (void *)(phys + as->ctl_chunk);
	as->res = (void *)(phys + as->ctl_chunk + 4096);
	as->ctl->fsgsbase = fsgsbase;
	as->ctl->notify = use_notify;
	pthread_mutex_init(&as->cmd_lock, NULL);
	ret = zygote_fork(as->ctl_chunk, &as->pid, &as->pidfd, &as->sock);
	if (ret) {
		pthread_mutex_lock(&plat_lock);
		chunk_free_locked(as->ctl_chunk);
		pthread_mutex_unlock(&plat_lock);
		free(as);
		return ret;
	}
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = as };

	if (epoll_ctl(reaper_epfd, EPOLL_CTL_ADD, as->pidfd, &ev) < 0) {
		ret = -errno;
		syscall(SYS_pidfd_send_signal, as->pidfd, SIGKILL, NULL, 0);
		pthread_mutex_lock(&plat_lock);
		as->destroyed = true;
		as_free_locked(as);
		pthread_mutex_unlock(&plat_lock);
		return ret;
	}
	*out = as;
	return 0;
}

void plat_as_destroy(struct plat_as *as)
{
	if (as->spare) {
		plat_ctx_destroy(as->spare);
		as->spare = NULL;
	}
	pthread_mutex_lock(&plat_lock);
	as->destroyed = true;
	if (atomic_load(&as->dead)) {
		as_free_locked(as);
	} else {
		/* the reaper frees it when the process is gone */
		syscall(SYS_pidfd_send_signal, as->pidfd, SIGKILL, NULL, 0);
	}
	pthread_mutex_unlock(&plat_lock);
}

int plat_as_host_pid(const struct plat_as *as)
{
	return as->pid;
}

/*
 * Run the queued commands and wait for the syscall thread's report.  The
 * report is a message on the stub's socket whose length is 1 + the number of
 * commands that succeeded; a guest thread can neither send nor forge it.  An
 * unmapping that failed leaves the guest with frames umk thinks are free, so
 * that kills the stub.  Caller holds as->cmd_lock.
 */
/* Batch numbers are never 0 (a mailbox's wait_seq 0 means "no batch"). */
static u32 next_seq(const struct plat_as *as)
{
	return as->seq + 1 ? as->seq + 1 : 1;
}

/* Hand the queued commands to the syscall thread (as->nq > 0); flags are
 * STUB_CTL_*: an asynchronous batch (STUB_CTL_DIE_ON_FAIL) wakes the futex
 * word wake (a VA in the stub, or 0) after its report, an answer
 * (STUB_CTL_ANSWER) goes out last. */
static void publish_locked(struct plat_as *as, unsigned flags, u64 wake)
{
	unsigned n = as->nq;
	bool kill = as->xfer_queued;	/* a failed file batch: kill too */

	for (unsigned i = 0; i < n; i++)
		kill |= as->q[i].nr == SYS_munmap || as->q[i].nr == SYS_mprotect;
	as->nq = 0;
	as->xfer_queued = false;
	memcpy(as->ctl->cmd, as->q, n * sizeof(as->q[0]));
	as->ctl->ncmds = n;
	as->ctl->flags = flags;
	as->ctl->wake = wake;
	as->seq = next_seq(as);
	__atomic_store_n(&as->ctl->seq, as->seq, __ATOMIC_RELEASE);
	shared_wake(&as->ctl->seq);
	as->inflight = n;
	as->inflight_kill = kill;
}

/* Wait for the report of the batch in flight, if any. */
static int reap_locked(struct plat_as *as)
{
	unsigned n = as->inflight;
	char buf[STUB_MAX_CMDS + 8];
	ssize_t len;

	if (!n)
		return 0;
	as->inflight = 0;
	do
		len = recv(as->sock, buf, sizeof(buf), 0);
	while (len < 0 && errno == EINTR);
	if (len <= 0)
		return -ESRCH;	/* the stub died; the reaper wakes the rest */
	unsigned ndone = len - 1;

	if (ndone >= n)
		return 0;
	if (as->inflight_kill) {
		syscall(SYS_pidfd_send_signal, as->pidfd, SIGKILL, NULL, 0);
		return -ESRCH;
	}
	s64 err = as->res->ret[ndone];

	return err < 0 && err > -4096 ? (int)err : -ENOMEM;
}

static int flush_locked(struct plat_as *as)
{
	int ret = reap_locked(as);	/* the command page must be free */

	if (ret || !as->nq)
		return ret;
	if (atomic_load(&as->dead)) {
		as->nq = 0;
		as->xfer_queued = false;
		return -ESRCH;
	}
	publish_locked(as, 0, 0);
	return reap_locked(as);
}

/* Append one command, merging a mapping with the one before it. */
static int queue_locked(struct plat_as *as, u64 nr, u64 a0, u64 a1, u64 a2,
			u64 a3, u64 a4, u64 a5)
{
	if (as->nq) {
		struct stub_cmd *p = &as->q[as->nq - 1];

		if (nr == SYS_mmap && p->nr == SYS_mmap && p->args[2] == a2 &&
		    p->args[3] == a3 && p->args[4] == a4 &&
		    p->args[0] + p->args[1] == a0 &&
		    p->args[5] + p->args[1] == a5) {
			p->args[1] += a1;
			return 0;
		}
	}
	if (as->nq == STUB_MAX_CMDS) {
		int ret = flush_locked(as);

		if (ret)
			return ret;
	}
	as->q[as->nq++] = (struct stub_cmd){ nr, { a0, a1, a2, a3, a4, a5 } };
	return 0;
}

static bool guest_range(u64 va, u64 len)
{
	return !(va & 4095) && !(len & 4095) && len && va < STUB_BASE &&
	       len <= STUB_BASE - va;
}

int plat_as_map(struct plat_as *as, u64 va, u64 len, int prot, u64 off)
{
	int ret;

	if (!guest_range(va, len) || off + len > phys_size || (off & 4095))
		return -EINVAL;
	pthread_mutex_lock(&as->cmd_lock);
	/* MAP_POPULATE: the kernel maps these frames because the guest is
	 * about to touch them; a host page fault each would cost more than
	 * filling the host's page table at once (6% of a build here). */
	ret = queue_locked(as, SYS_mmap, va, len, prot & 7, MAP_SHARED | MAP_FIXED | MAP_POPULATE,
			   STUB_FD_MEM, off);
	pthread_mutex_unlock(&as->cmd_lock);
	return ret;
}

/* A struct msghdr in the result page, for the syscall thread's recvmsg
 * or sendmsg of nfds files: one byte of data and room for the fds.
 * Returns its address in the stub. */
static u64 res_msghdr(struct plat_as *as, int nfds)
{
	struct stub_recv *r = &as->res->recv;
	u64 rva = STUB_RES + offsetof(struct stub_res, recv);

	memset(r, 0, sizeof(*r));
	r->msg_iov = rva + offsetof(struct stub_recv, iov_base);
	r->msg_iovlen = 1;
	r->msg_control = rva + offsetof(struct stub_recv, control);
	r->msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
	r->iov_base = rva + offsetof(struct stub_recv, byte);
	r->iov_len = 1;
	return rva;
}

/*
 * Map host files in the stub: umk sends the fds in one message on the
 * stub's socket; the syscall thread receives them (they land on
 * STUB_FD_XFER and up, the lowest free fds), maps each MAP_PRIVATE and
 * closes them.  Read-only mappings only: written pages would be the host's
 * anonymous memory, invisible to umk.  What was queued before runs first;
 * so does each batch's close before the next batch's recvmsg, so every
 * batch finds its files from STUB_FD_XFER on.  Flushed when now is true
 * (a failure is then mended here), else left queued.  Caller holds
 * as->cmd_lock.
 *
 * A file with an id is kept too (dup3 onto STUB_FD_KEEP + k, the least
 * recently mapped one making room), and its next maps need nothing sent:
 * a program's loader maps each library three times, a process maps the
 * same libraries as its parent, and a send costs umk a sendmsg and the
 * stub a recvmsg.  Ids are never reused, so a kept file is never the
 * wrong one; a slot given in this batch is not taken again by it (its
 * dup3s all run before its maps).
 */
static int keep_find(struct plat_as *as, u64 id)
{
	for (int k = 0; id && k < STUB_MAX_KEEP; k++)
		if (as->keep_id[k] == id)
			return k;
	return -1;
}

static int keep_slot(struct plat_as *as, u32 batch)
{
	int best = -1;

	for (int k = 0; k < STUB_MAX_KEEP; k++) {
		if (!as->keep_id[k])
			return k;
		if (as->keep_used[k] != batch &&
		    (best < 0 || (s32)(as->keep_used[k] - as->keep_used[best]) < 0))
			best = k;
	}
	return best;
}

static int map_files_locked(struct plat_as *as, const struct plat_file_map *maps, int n,
			    bool now)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * STUB_MAX_XFER)];
	} cm;
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.buf };
	int from[STUB_MAX_XFER], keep[STUB_MAX_XFER];
	int sent[STUB_MAX_XFER];	/* the map each sent fd is for */
	u32 batch = ++as->keep_clock;
	int nsent = 0, k;
	u64 rva;
	int ret;

	/* Which files the stub has, which it is sent, and where they go. */
	for (int i = 0; i < n; i++) {
		k = keep_find(as, maps[i].id);
		if (k >= 0) {
			as->keep_used[k] = batch;
			from[i] = STUB_FD_KEEP + k;
			continue;
		}
		keep[nsent] = maps[i].id ? keep_slot(as, batch) : -1;
		if (keep[nsent] >= 0) {
			as->keep_id[keep[nsent]] = maps[i].id;
			as->keep_used[keep[nsent]] = batch;
			from[i] = STUB_FD_KEEP + keep[nsent];
		} else {
			from[i] = STUB_FD_XFER + nsent;
		}
		sent[nsent++] = i;
	}
	if (nsent) {
		/* r is read by the recvmsg command: no batch in flight may
		 * still read it, and the queue must have room for the whole
		 * batch, or an earlier flush would overwrite it. */
		ret = as->nq + 1 + 2 * nsent + n > STUB_MAX_CMDS ? flush_locked(as) :
		      reap_locked(as);
		if (ret)
			goto forget;
		rva = res_msghdr(as, nsent);
		memset(&cm, 0, sizeof(cm));
		cm.h.cmsg_level = SOL_SOCKET;
		cm.h.cmsg_type = SCM_RIGHTS;
		cm.h.cmsg_len = CMSG_LEN(sizeof(int) * nsent);
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * nsent);
		for (int j = 0; j < nsent; j++)
			memcpy(CMSG_DATA(&cm.h) + j * sizeof(int), &maps[sent[j]].host_fd,
			       sizeof(int));
		if (sendmsg(as->sock, &msg, MSG_NOSIGNAL) != 1) {
			ret = -errno;
			goto forget;
		}
		ret = queue_locked(as, SYS_recvmsg, STUB_FD_SOCK, rva, MSG_CMSG_CLOEXEC, 0, 0, 0);
		for (int j = 0; j < nsent && !ret; j++)
			if (keep[j] >= 0)
				ret = queue_locked(as, SYS_dup3, STUB_FD_XFER + j,
						   STUB_FD_KEEP + keep[j], O_CLOEXEC, 0, 0, 0);
	} else {
		ret = as->nq + n > STUB_MAX_CMDS ? flush_locked(as) : 0;
	}
	for (int i = 0; i < n && !ret; i++)
		ret = queue_locked(as, SYS_mmap, maps[i].va, maps[i].len,
				   maps[i].prot & (PROT_READ | PROT_EXEC),
				   MAP_PRIVATE | MAP_FIXED, from[i], maps[i].off);
	for (int j = 0; j < nsent && !ret; j++)
		ret = queue_locked(as, SYS_close, STUB_FD_XFER + j, 0, 0, 0, 0, 0);
	if (!ret && !now) {
		as->xfer_queued = true;
		return 0;
	}
	if (!ret)
		ret = flush_locked(as);
	if (ret && nsent) {
		/* never leave files on STUB_FD_XFER.. for the next batch */
		for (int j = 0; j < nsent; j++)
			queue_locked(as, SYS_close, STUB_FD_XFER + j, 0, 0, 0, 0, 0);
		flush_locked(as);
	}
	if (!ret)
		return 0;
forget:
	/* what this batch kept may not be there: forget it */
	for (k = 0; k < STUB_MAX_KEEP; k++)
		if (as->keep_used[k] == batch)
			as->keep_id[k] = 0;
	return ret;
}

static bool file_map_ok(const struct plat_file_map *m)
{
	return guest_range(m->va, m->len) && !(m->off & 4095) && !(m->prot & PROT_WRITE);
}

static int map_files(struct plat_as *as, struct plat_file_map *maps, int n, bool now)
{
	int ret = 0;

	pthread_mutex_lock(&as->cmd_lock);
	for (int done = 0; done < n;) {
		int k = 0;

		/* a batch: as many good ones as fit */
		while (done + k < n && k < STUB_MAX_XFER && k < STUB_MAX_CMDS / 4 &&
		       file_map_ok(&maps[done + k]))
			k++;
		if (!k) {
			maps[done++].err = -EINVAL;
			ret = -EINVAL;
			continue;
		}
		int err = map_files_locked(as, maps + done, k, now);

		for (int i = 0; i < k; i++)
			maps[done + i].err = err;
		if (err)
			ret = err;
		done += k;
	}
	pthread_mutex_unlock(&as->cmd_lock);
	return ret;
}

int plat_as_map_files(struct plat_as *as, struct plat_file_map *maps, int n)
{
	return map_files(as, maps, n, true);
}

int plat_as_queue_files(struct plat_as *as, const struct plat_file_map *maps, int n)
{
	struct plat_file_map copy[STUB_MAX_XFER];
	int ret = 0;

	for (int done = 0; done < n && !ret; done += STUB_MAX_XFER) {
		int k = n - done < STUB_MAX_XFER ? n - done : STUB_MAX_XFER;

		memcpy(copy, maps + done, k * sizeof(*copy));
		ret = map_files(as, copy, k, false);
	}
	return ret;
}

int plat_as_unmap(struct plat_as *as, u64 va, u64 len)
{
	int ret;

	if (!guest_range(va, len))
		return -EINVAL;
	pthread_mutex_lock(&as->cmd_lock);
	ret = queue_locked(as, SYS_munmap, va, len, 0, 0, 0, 0);
	pthread_mutex_unlock(&as->cmd_lock);
	return ret;
}

int plat_as_protect(struct plat_as *as, u64 va, u64 len, int prot)
{
	int ret;

	if (!guest_range(va, len))
		return -EINVAL;
	pthread_mutex_lock(&as->cmd_lock);
	ret = queue_locked(as, SYS_mprotect, va, len, prot & 7, 0, 0, 0);
	pthread_mutex_unlock(&as->cmd_lock);
	return ret;
}

int plat_as_flush(struct plat_as *as)
{
	int ret;

	pthread_mutex_lock(&as->cmd_lock);
	ret = flush_locked(as);
	pthread_mutex_unlock(&as->cmd_lock);
	return ret;
}

/* ---- contexts ---- */

/*
 * Put ctx, its umk thread (the caller) and, while it is the address
 * space's only thread, the syscall thread on the CPU where the fewest
 * contexts run guest code (ctx itself is not counted: it is not running).
 */
static void ctx_place(struct plat_ctx *ctx, pid_t self)
{
	int cur = ctx->cpu >= 0 ? ctx->cpu : ctx->as->cpu >= 0 ? ctx->as->cpu : cpu_here();
	int best = cur;

	for (int i = 0; i < ncpu; i++)
		if (atomic_load(&cpu_active[i]) < atomic_load(&cpu_active[best]))
			best = i;
	if (ctx->pinned != self || best != ctx->cpu) {
		pin(0, best);
		ctx->pinned = self;
	}
	if (best != ctx->cpu) {
		pin(ctx->host_tid, best);
		ctx->cpu = best;
	}
	if (ctx->as->nctx == 1)
		as_pin(ctx->as, best);
}

static struct stub_mailbox *slot_mb(struct plat_as *as, int slot)
{
	return (void *)(phys + as->slot_chunk[slot] + STUB_MB_OFF);
}

/* Wait until the thread posts an event by futex; false if the process died. */
static bool wait_event(struct plat_ctx *ctx)
{
	struct stub_mailbox *mb = ctx->mb;
	u32 spin;

	if (ctx->events % 64 == 0 && !ctx->spin)
		ctx->spin = spin_max / 8;	/* try again */
	spin = ctx->spin;
	while (spin && __atomic_load_n(&mb->state, __ATOMIC_ACQUIRE) != STUB_MB_KERNEL) {
		__builtin_ia32_pause();
		spin--;
	}
	if (ctx->spin)
		ctx->spin = spin ? spin_max : ctx->spin / 2;
	for (;;) {
		u32 s = __atomic_load_n(&mb->state, __ATOMIC_ACQUIRE);

		if (atomic_load(&ctx->as->dead))
			return false;
		if (s == STUB_MB_KERNEL)
			return true;
		shared_wait(&mb->state, s);
	}
}

static void kill_stub(struct plat_as *as)
{
	syscall(SYS_pidfd_send_signal, as->pidfd, SIGKILL, NULL, 0);
}

/* Answer the notification the thread waits on: a syscall's result (an
 * error as -errno), or 0 for the handler's event.  -ENOENT: it is gone
 * (the thread died, or the host withdrew it to issue it again). */
static struct seccomp_notif_resp notif_resp(const struct plat_ctx *ctx, s64 val)
{
	struct seccomp_notif_resp resp = { .id = ctx->notif_id };

	if (val < 0 && val >= -4095)
		resp.error = (s32)val;
	else
		resp.val = val;
	return resp;
}

static int notif_send(struct plat_ctx *ctx, s64 val)
{
	struct seccomp_notif_resp resp = notif_resp(ctx, val);

	while (ioctl(ctx->notify_fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

/*
 * A new thread's listener: the thread left its fd in the mailbox; the
 * syscall thread sends it to umk on the socket, keeps a copy on
 * STUB_FD_LISTEN + slot (for answers after a batch, answer_by_stub) and
 * closes the fd the thread got.  Closing both copies ends the thread's
 * waits with ENOSYS.  The number is guest-writable: what arrives is checked
 * to be a listener, and every notification to come from this very thread.
 * Caller holds cmd_lock; nothing is queued.
 */
static int fetch_listener_locked(struct plat_as *as, struct plat_ctx *ctx)
{
	int sfd = ctx->mb->notify_fd;
	struct cmsghdr *h = (struct cmsghdr *)as->res->recv.control;
	u64 rva;
	int ret, fd = -1;

	if (sfd <= STUB_FD_SOCK || sfd > 65535)
		return -EPROTO;
	ret = reap_locked(as);
	if (ret)
		return ret;
	rva = res_msghdr(as, 1);
	h->cmsg_len = CMSG_LEN(sizeof(int));
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(h), &sfd, sizeof(int));
	ret = queue_locked(as, SYS_sendmsg, STUB_FD_SOCK, rva, 0, 0, 0, 0);
	if (!ret)
		ret = queue_locked(as, SYS_dup3, sfd, STUB_FD_LISTEN + ctx->slot, O_CLOEXEC,
				   0, 0, 0);
	if (!ret)
		ret = queue_locked(as, SYS_close, sfd, 0, 0, 0, 0, 0);
	if (ret)
		return ret;
	publish_locked(as, 0, 0);

	/* The file comes before the batch's report. */
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cm.buf, .msg_controllen = sizeof(cm.buf) };
	ssize_t n;

	do
		n = recvmsg(as->sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n == 1 && msg.msg_controllen >= CMSG_LEN(sizeof(int)) &&
	    cm.h.cmsg_level == SOL_SOCKET && cm.h.cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(&cm.h), sizeof(int));
	if (fd < 0) {
		/* that was the report: the sendmsg failed */
		as->inflight = 0;
		return -EPROTO;
	}
	/* Without the copy (the dup3 failed: a file limit), umk answers
	 * alone; the fd the thread got must still go. */
	ret = reap_locked(as);
	if (ret) {
		ret = queue_locked(as, SYS_close, sfd, 0, 0, 0, 0, 0);
		if (!ret)
			ret = flush_locked(as);
	} else {
		ctx->stub_answers = true;
	}
	/* A listener answers "no such notification" for an unknown id. */
	u64 id = 0;

	if (!ret && (ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0 || errno != ENOENT))
		ret = -EPROTO;
	if (ret) {
		close(fd);
		return ret;
	}
	u64 sync = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;

	ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS, sync);	/* a hint: best effort */
	ctx->notify_fd = fd;
	__atomic_store_n(&ctx->mb->notify_on, 1, __ATOMIC_RELEASE);
	return 0;
}

/* Flags a guest may change in RFLAGS (the rest come from the host). */
#define USER_EFLAGS 0x254dd5UL	/* CF PF AF ZF SF TF DF OF NT RF AC ID */

static void regs_to_stub(const struct plat_regs *r, struct stub_regs *s)
{
	s->r8 = r->r8, s->r9 = r->r9, s->r10 = r->r10, s->r11 = r->r11;
	s->r12 = r->r12, s->r13 = r->r13, s->r14 = r->r14, s->r15 = r->r15;
	s->rdi = r->rdi, s->rsi = r->rsi, s->rbp = r->rbp, s->rbx = r->rbx;
	s->rdx = r->rdx, s->rax = r->rax, s->rcx = r->rcx, s->rsp = r->rsp;
	s->rip = r->rip;
	s->eflags = (r->eflags & USER_EFLAGS) | 0x202;
}

static void regs_from_stub(const struct stub_regs *s, struct plat_regs *r)
{
	r->r8 = s->r8, r->r9 = s->r9, r->r10 = s->r10, r->r11 = s->r11;
	r->r12 = s->r12, r->r13 = s->r13, r->r14 = s->r14, r->r15 = s->r15;
	r->rdi = s->rdi, r->rsi = s->rsi, r->rbp = s->rbp, r->rbx = s->rbx;
	r->rdx = s->rdx, r->rax = s->rax, r->rcx = s->rcx, r->rsp = s->rsp;
	r->rip = s->rip, r->eflags = s->eflags;
	r->cs = s->cs, r->ss = s->ss;
}

/* The mailbox's event as a plat_event, and its registers in *regs; false
 * for a signal the handler never posts (the guest wrote the mailbox). */
static bool event_from_mailbox(struct plat_ctx *ctx, struct plat_regs *regs,
			       struct plat_event *ev)
{
	struct stub_mailbox m;

	/* The mailbox is guest-writable: read it once, then use the copy. */
	memcpy(&m, ctx->mb, sizeof(m));
	regs_from_stub(&m.regs, regs);
	regs->fs_base = ctx->fs_base = m.fs_base;
	regs->gs_base = ctx->gs_base = m.gs_base;
	regs->orig_rax = (u64)-1;
	ctx->fp_off = m.fp_off;
	ev->signo = m.signo;
	ev->code = m.code;
	switch (m.signo) {
	case SIGSYS:
		ev->kind = PLAT_EV_SYSCALL;
		ev->arch = m.arch;
		regs->orig_rax = (u64)(s64)m.nr;
		break;
	case SIGSEGV:
	case SIGBUS:
		ev->kind = PLAT_EV_FAULT;
		ev->addr = m.addr;
		ev->err = m.regs.err;
		ev->trapno = m.regs.trapno;
		break;
	case STUB_SIGKICK:
		ev->kind = PLAT_EV_KICK;
		break;
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		ev->kind = PLAT_EV_SIGNAL;
		ev->addr = m.addr;
		ev->trapno = m.regs.trapno;
		break;
	default:
		/* any other number is a forgery: the kernel would index its
		 * signal tables with it (a guest thread writing its mailbox
		 * crashed umk so) */
		return false;
	}
	return true;
}

/*
 * The thread's next event, through its listener.  A syscall from guest
 * code is a SYSCALL_FAST event; STUB_NR_EVENT from the stub's text says
 * the mailbox holds one.  False when the thread or its process is gone.
 */
static bool wait_notify(struct plat_ctx *ctx, struct plat_regs *regs, struct plat_event *ev)
{
	struct seccomp_notif req;
	int gone = 0;

	for (;;) {
		if (atomic_load(&ctx->as->dead))
			return false;
		memset(&req, 0, sizeof(req));
		if (ioctl(ctx->notify_fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR)
				continue;
			/* ENOENT: withdrawn, or no thread uses the filter
			 * any more (its tid word is cleared when it ends) */
			if (errno == ENOENT && __atomic_load_n(&ctx->mb->tid, __ATOMIC_ACQUIRE) &&
			    ++gone < 1000)
				continue;
			return false;
		}
		if (req.pid != ctx->host_tid || req.data.arch != AUDIT_ARCH_X86_64) {
			kill_stub(ctx->as);	/* not this thread's: a forged fd */
			return false;
		}
		ctx->notif_id = req.id;
		u64 ip = req.data.instruction_pointer;

		if (ip >= STUB_TEXT && ip < STUB_TEXT_END) {
			if (req.data.nr != STUB_NR_EVENT) {
				kill_stub(ctx->as);
				return false;
			}
			if (__atomic_load_n(&ctx->mb->state, __ATOMIC_ACQUIRE) != STUB_MB_KERNEL) {
				/* issued again after its answer: answer again */
				notif_send(ctx, 0);
				continue;
			}
			ctx->pend = PEND_EVENT;
			if (!event_from_mailbox(ctx, regs, ev)) {
				kill_stub(ctx->as);
				return false;
			}
			return true;
		}
		if (ctx->resend) {
			ctx->resend = false;
			if (req.data.nr == ctx->resend_nr) {
				/* the host issued the answered syscall again */
				notif_send(ctx, ctx->resend_val);
				continue;
			}
		}
		ctx->pend = PEND_SYSCALL;
		ev->kind = PLAT_EV_SYSCALL_FAST;
		ev->signo = SIGSYS;
		ev->arch = req.data.arch;
		ev->addr = ip;
		ev->nr = (u64)(s64)req.data.nr;
		memcpy(ev->args, req.data.args, sizeof(ev->args));
		return true;
	}
}

int plat_ctx_new(struct plat_as *as, struct plat_ctx **out)
{
	struct plat_ctx *ctx;
	int slot = -1, ret;

	if (as->spare) {
		*out = as->spare;
		as->spare = NULL;
		return 0;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->notify_fd = -1;
	ctx->pend = PEND_FUTEX;
	pthread_mutex_lock(&as->cmd_lock);
	/* A free mapped slot whose host thread is gone, or a new one. */
	for (int i = 0; i < as->nslots; i++) {
		if (!as->slot_ctx[i] &&
		    !__atomic_load_n(&slot_mb(as, i)->tid, __ATOMIC_ACQUIRE)) {
			slot = i;
			break;
		}
	}
	if (slot < 0) {
		if (as->nslots == STUB_MAX_SLOTS) {
			ret = -EAGAIN;
			goto err;
		}
		u64 chunk = chunk_alloc();

		if (!chunk) {
			ret = -ENOMEM;
			goto err;
		}
		slot = as->nslots;
		u64 va = STUB_SLOTS + slot * STUB_SLOT_SIZE;

		/* The slot's pages are outside the guest range: queue directly. */
		as->slot_chunk[slot] = chunk;
		as->nslots++;
		ret = queue_locked(as, SYS_mmap, va + STUB_MB_OFF, 4096,
				   PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
				   STUB_FD_MEM, chunk + STUB_MB_OFF);
		if (!ret)
			ret = queue_locked(as, SYS_mmap, va + STUB_STACK_OFF,
					   STUB_STACK_SIZE, PROT_READ | PROT_WRITE,
					   MAP_SHARED | MAP_FIXED, STUB_FD_MEM,
					   chunk + STUB_STACK_OFF);
		if (ret)
			goto err;
	}
	struct stub_mailbox *mb = slot_mb(as, slot);
	u64 va = STUB_SLOTS + slot * STUB_SLOT_SIZE;

	memset(mb, 0, sizeof(*mb));
	mb->notify_fd = -1;
	ret = queue_locked(as, SYS_clone, STUB_CLONE_FLAGS, 0, 0,
			   va + STUB_MB_OFF + offsetof(struct stub_mailbox, tid), 0, 0);
	if (ret)
		goto err;
	struct stub_cmd *c = &as->q[as->nq - 1];

	c->aux[0] = va + STUB_STACK_OFF;	/* stack_t: ss_sp, ss_flags, ss_size */
	c->aux[1] = 0;
	c->aux[2] = STUB_STACK_SIZE;
	unsigned idx = as->nq - 1;

	ret = flush_locked(as);
	if (ret)
		goto err;
	ctx->as = as;
	ctx->slot = slot;
	ctx->mb = mb;
	ctx->host_tid = (u32)as->res->ret[idx];
	/* The result page is guest-writable: another thread of the process
	 * may have put any number there.  umk pins this tid's CPU and reads
	 * its clock, so it must be a thread of this stub (tgkill with signal
	 * 0 checks that) and not the syscall thread. */
	if ((s32)ctx->host_tid <= 0 || (pid_t)ctx->host_tid == as->pid ||
	    syscall(SYS_tgkill, as->pid, ctx->host_tid, 0) < 0) {
		kill_stub(as);
		ret = -ESRCH;
		goto err;
	}
	__atomic_store_n(&mb->tid, ctx->host_tid, __ATOMIC_RELEASE);
	ctx->cpu = -1;		/* placed when it first runs */
	as->nctx++;
	as->slot_ctx[slot] = ctx;
	/* Hold cmd_lock until the thread has read its clone command.  Its
	 * first event comes by futex; then umk takes its listener. */
	if (!wait_event(ctx) || (use_notify && fetch_listener_locked(as, ctx))) {
		as->slot_ctx[slot] = NULL;
		as->nctx--;
		kill_stub(as);	/* a thread umk cannot drive */
		ret = -ESRCH;
		goto err;
	}
	ctx->fs_base = mb->fs_base;
	ctx->gs_base = mb->gs_base;
	ctx->spin = ctx->hspin = spin_max;
	pthread_mutex_unlock(&as->cmd_lock);
	*out = ctx;
	return 0;
err:
	pthread_mutex_unlock(&as->cmd_lock);
	if (ctx->notify_fd >= 0)
		close(ctx->notify_fd);
	free(ctx);
	return ret;
}

void plat_ctx_destroy(struct plat_ctx *ctx)
{
	struct plat_as *as = ctx->as;
	struct stub_mailbox *mb = ctx->mb;

	pthread_mutex_lock(&as->cmd_lock);
	if (!atomic_load(&as->dead)) {
		/* The handler ends the thread when it sees EXIT, also on its
		 * way in (a syscall's answer below, then the kick). */
		mb->cmd = STUB_CMD_EXIT;
		__atomic_store_n(&mb->state, STUB_MB_GUEST, __ATOMIC_RELEASE);
		switch (ctx->pend) {
		case PEND_FUTEX:
			shared_wake(&mb->state);
			break;
		case PEND_SYSCALL:
			syscall(SYS_tgkill, as->pid, ctx->host_tid, STUB_SIGKICK);
			notif_send(ctx, 0);
			break;
		case PEND_EVENT:
			notif_send(ctx, 0);
			break;
		}
		/* the stub's copy goes with the next batch */
		if (ctx->stub_answers)
			queue_locked(as, SYS_close, STUB_FD_LISTEN + ctx->slot, 0, 0, 0, 0, 0);
	}
	as->slot_ctx[ctx->slot] = NULL;
	pthread_mutex_unlock(&as->cmd_lock);
	if (ctx->notify_fd >= 0)
		close(ctx->notify_fd);	/* with the stub's copy: waits get ENOSYS */
	pthread_mutex_lock(&plat_lock);
	unkick_locked(ctx);
	pthread_mutex_unlock(&plat_lock);
	free(ctx);
}
/*
 * What the kernel queued must be in place before guest code runs.  Rather
 * than wait for the syscall thread and then wake the guest thread (two
 * more context switches), umk lets the syscall thread wake the guest
 * thread once the batch is done and reported (ctl->wake), and reads the
 * report before the next batch.  The thread resumes only once the batch is
 * done (mailbox wait_seq), also if it sees the mailbox's answer before it
 * sleeps.  A failed batch ends the stub (STUB_CTL_DIE_ON_FAIL).  True when
 * the batch is on its way and wakes the thread (the mailbox is answered).
 */
static bool resume_after_batch(struct plat_ctx *ctx)
{
	struct plat_as *as = ctx->as;
	u64 word = STUB_SLOTS + ctx->slot * STUB_SLOT_SIZE + STUB_MB_OFF +
		   offsetof(struct stub_mailbox, state);
	bool async = false;
	int ret = 0;

	if (!as->nq)
		return false;
	pthread_mutex_lock(&as->cmd_lock);
	if (as->nq) {
		ret = reap_locked(as);
		if (!ret && !atomic_load(&as->dead)) {
			ctx->mb->wait_seq = next_seq(as);
			__atomic_store_n(&ctx->mb->state, STUB_MB_GUEST, __ATOMIC_RELEASE);
			publish_locked(as, STUB_CTL_DIE_ON_FAIL, word);
			async = true;
		}
	}
	pthread_mutex_unlock(&as->cmd_lock);
	if (ret)
		syscall(SYS_pidfd_send_signal, as->pidfd, SIGKILL, NULL, 0);
	return async;
}

/*
 * A syscall's answer sent by the syscall thread, after the batch queued
 * for the thread and its report (STUB_CTL_ANSWER); umk goes straight back
 * to waiting for the thread's next event.  Waiting for the report and then
 * answering would cost umk a sleep and a wake-up more, and the CPU two
 * context switches (a build flushes in ~10 000 syscalls).  For a thread on
 * the syscall thread's CPU only: elsewhere the wake-up would cross CPUs.
 * A failed batch ends the process (STUB_CTL_DIE_ON_FAIL), as umk would end
 * it; so does a failed answer, which only a thread being killed gives (its
 * listener waits killably once umk has the notification).  False when umk
 * must answer itself.
 */
static bool answer_by_stub(struct plat_ctx *ctx, s64 val)
{
	struct plat_as *as = ctx->as;
	struct seccomp_notif_resp resp = notif_resp(ctx, val);
	bool sent = false;
	int ret;

	if (!ctx->stub_answers || (plat_pin && ctx->cpu != as->cpu))
		return false;
	pthread_mutex_lock(&as->cmd_lock);
	ret = reap_locked(as);
	if (ret) {
		kill_stub(as);
		sent = true;	/* the thread ends with its process */
	} else if (as->nq && !atomic_load(&as->dead)) {
		/* the syscall thread reads it after the report */
		typeof(as->ctl->answer[0]) *a = &as->ctl->answer[next_seq(as) & 1];

		_Static_assert(sizeof(resp) == sizeof(a->resp), "the answer's size");
		a->fd = STUB_FD_LISTEN + ctx->slot;
		memcpy(a->resp, &resp, sizeof(resp));
		publish_locked(as, STUB_CTL_DIE_ON_FAIL | STUB_CTL_ANSWER, 0);
		sent = true;
	}
	pthread_mutex_unlock(&as->cmd_lock);
	return sent;
}

/* Answer the thread's pending event or syscall and let it run. */
static void answer(struct plat_ctx *ctx, const struct plat_regs *regs, unsigned flags)
{
	struct stub_mailbox *mb = ctx->mb;

	if (ctx->pend == PEND_SYSCALL) {
		/* Only rax counts.  The thread runs guest code as soon as it
		 * has the answer, so what is queued goes first, in full. */
		if (ctx->as->nq && answer_by_stub(ctx, (s64)regs->rax))
			return;
		if (ctx->as->nq) {
			pthread_mutex_lock(&ctx->as->cmd_lock);
			if (flush_locked(ctx->as))
				kill_stub(ctx->as);
			pthread_mutex_unlock(&ctx->as->cmd_lock);
		}
		if (notif_send(ctx, (s64)regs->rax) == -ENOENT) {
			ctx->resend = true;
			ctx->resend_nr = regs->orig_rax;
			ctx->resend_val = (s64)regs->rax;
		}
		return;
	}
	regs_to_stub(regs, &mb->regs);
	mb->flags = 0;
	if (flags & PLAT_RUN_FPRESET)
		mb->flags |= STUB_RESUME_FPRESET;
	if (regs->fs_base != ctx->fs_base) {
		mb->fs_base = regs->fs_base;
		mb->flags |= STUB_RESUME_SETFS;
	}
	if (regs->gs_base != ctx->gs_base) {
		mb->gs_base = regs->gs_base;
		mb->flags |= STUB_RESUME_SETGS;
	}
	mb->cmd = STUB_CMD_RESUME;
	/* adapt the handler's budget to how its last wait went */
	if (!mb->slept)
		ctx->hspin = spin_max;
	else if (ctx->events % 64 == 0)
		ctx->hspin = spin_max / 8;	/* try again */
	else
		ctx->hspin /= 2;
	mb->spin = ctx->hspin;
	if (ctx->pend == PEND_EVENT && ctx->as->nq) {
		/* the handler reads the mailbox once its wait is answered,
		 * by the syscall thread after the batch (a fault's window) */
		mb->wait_seq = 0;
		__atomic_store_n(&mb->state, STUB_MB_GUEST, __ATOMIC_RELEASE);
		if (answer_by_stub(ctx, 0))
			return;
	}
	if (!resume_after_batch(ctx)) {
		mb->wait_seq = 0;
		__atomic_store_n(&mb->state, STUB_MB_GUEST, __ATOMIC_RELEASE);
		if (ctx->pend == PEND_FUTEX)
			shared_wake(&mb->state);
	}
	if (ctx->pend == PEND_EVENT)
		notif_send(ctx, 0);
}

/* umk answers the thread now: a kick's deadline starts over. */
static void release_held(struct plat_ctx *ctx)
{
	if (__atomic_load_n(&ctx->kicked_at, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&plat_lock);
		if (ctx->kicked_at)
			ctx->kicked_at = now_ns();
		__atomic_store_n(&ctx->held, false, __ATOMIC_RELEASE);
		pthread_mutex_unlock(&plat_lock);
	} else {
		__atomic_store_n(&ctx->held, false, __ATOMIC_RELEASE);
	}
}

/* The thread's next event; false if it or its process is gone. */
static bool next_event(struct plat_ctx *ctx, struct plat_regs *regs, struct plat_event *ev)
{
	bool alive;

	if (__atomic_load_n(&ctx->mb->notify_on, __ATOMIC_ACQUIRE) && ctx->notify_fd >= 0) {
		alive = wait_notify(ctx, regs, ev);
	} else {
		alive = wait_event(ctx);
		if (alive) {
			ctx->pend = PEND_FUTEX;
			if (!event_from_mailbox(ctx, regs, ev)) {
				kill_stub(ctx->as);
				alive = false;
			}
		}
	}
	__atomic_store_n(&ctx->held, true, __ATOMIC_RELEASE);
	if (ctx->kicked_at && (!alive || ev->kind != PLAT_EV_SYSCALL_FAST)) {
		pthread_mutex_lock(&plat_lock);
		unkick_locked(ctx);
		pthread_mutex_unlock(&plat_lock);
	}
	return alive;
}

void plat_ctx_run(struct plat_ctx *ctx, struct plat_regs *regs, unsigned flags,
		  struct plat_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (plat_pin) {
		static __thread pid_t self;
		s64 now = now_ns();

		if (!self)
			self = gettid();
		if (ctx->cpu < 0 || ctx->pinned != self || ctx->events % 64 == 0 ||
		    now - ctx->last_ns > 1000000)
			ctx_place(ctx, self);
		atomic_fetch_add(&cpu_active[ctx->cpu], 1);
	}
	ctx->events++;
	if (atomic_load(&ctx->as->dead)) {
		if (plat_pin)
			atomic_fetch_sub(&cpu_active[ctx->cpu], 1);
		ev->kind = PLAT_EV_DEAD;
		return;
	}
	release_held(ctx);
	answer(ctx, regs, flags);

	bool alive = next_event(ctx, regs, ev);

	if (plat_pin) {
		atomic_fetch_sub(&cpu_active[ctx->cpu], 1);
		ctx->last_ns = now_ns();
	}
	if (!alive)
		ev->kind = PLAT_EV_DEAD;
}

int plat_ctx_fetch_regs(struct plat_ctx *ctx, struct plat_regs *regs)
{
	struct plat_event ev;
	struct plat_regs r = *regs;

	if (ctx->pend != PEND_SYSCALL)
		return 0;
	/* A kick that waits for the answer: on its way back to guest code
	 * the thread enters the handler first, which posts its registers. */
	plat_ctx_kick(ctx);
	r.rax = 0;
	release_held(ctx);
	answer(ctx, &r, 0);
	memset(&ev, 0, sizeof(ev));
	if (!next_event(ctx, regs, &ev))
		return -ESRCH;
	if (ev.kind != PLAT_EV_KICK) {
		kill_stub(ctx->as);	/* not what the host does: a forgery */
		return -ESRCH;
	}
	return 0;
}

#define FP_XSTATE_MAGIC1 0x46505853U

void *plat_ctx_fpstate(struct plat_ctx *ctx, size_t *len)
{
	u64 off = ctx->fp_off;
	u8 *p;
	u32 magic, size;

	if (off < STUB_STACK_OFF || off > STUB_SLOT_SIZE - 512 || (off & 63))
		return NULL;
	p = phys + ctx->as->slot_chunk[ctx->slot] + off;
	memcpy(&magic, p + 464, 4);	/* struct _fpx_sw_bytes */
	memcpy(&size, p + 468, 4);	/* extended_size */
	if (magic == FP_XSTATE_MAGIC1 && size >= 512 + 64 + 4 &&
	    size <= STUB_SLOT_SIZE - off)
		*len = size;
	else
		*len = 512;		/* a plain fxsave image */
	return p;
}

void plat_ctx_kick(struct plat_ctx *ctx)
{
	if (atomic_load(&ctx->as->dead))
		return;
	pthread_mutex_lock(&plat_lock);
	if (!ctx->kicked_at) {
		ctx->kicked_at = now_ns();
		ctx->next_kicked = kicked;
		kicked = ctx;
	}
	pthread_mutex_unlock(&plat_lock);
	syscall(SYS_tgkill, ctx->as->pid, ctx->host_tid, STUB_SIGKICK);
	/* the reaper must start watching: wake it from epoll_wait */
	syscall(SYS_tgkill, getpid(), reaper_tid, SIGURG);
}

/* The host's CPU-time clocks of another thread or process (clockid_t
 * encoding of the kernel's posix-cpu-timers: ~id << 3, SCHED = 2, a
 * per-thread clock has bit 2 set). */
static s64 cpu_clock_ns(pid_t id, bool thread)
{
	struct timespec ts;
	clockid_t clk = (clockid_t)((~(unsigned)id << 3) | 2 | (thread ? 4 : 0));

	if (clock_gettime(clk, &ts) < 0)
		return 0;
	return (s64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

s64 plat_ctx_cpu_ns(struct plat_ctx *ctx)
{
	return atomic_load(&ctx->as->dead) ? 0 : cpu_clock_ns(ctx->host_tid, true);
}

s64 plat_as_cpu_ns(struct plat_as *as)
{
	return atomic_load(&as->dead) ? 0 : cpu_clock_ns(as->pid, false);
}
