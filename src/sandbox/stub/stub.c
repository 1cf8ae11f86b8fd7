// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The stub: freestanding code at the top of every guest process.
 *
 * One binary plays two parts.  Executed by umk at start-up it is the
 * *zygote*: it drops everything the host gave it (stack, vDSO, auxv), then
 * forks a new stub process for each request umk sends on its socket.  Each
 * forked stub maps its command and result pages, installs its signal
 * handlers and its base seccomp filter, and becomes the *syscall thread*
 * (stub_syscall_loop in stub_entry.S), which clones *app threads* on umk's
 * command.  App threads run guest code; every guest syscall, fault or kick
 * lands in stub_handler(), which hands the registers to umk through the
 * thread's mailbox and waits for umk's answer.
 *
 * Built with -ffreestanding -nostdlib -fno-stack-protector: no libc, no TLS
 * (the handler runs with the guest's FS base), raw syscalls only.
 */
#include <stddef.h>
#include <stdint.h>
#include <asm/unistd.h>
#include <linux/filter.h>
#include <linux/ioctl.h>
#include <linux/seccomp.h>
#include <linux/audit.h>
#include "umk/stub_abi.h"

/* One static image: every symbol is local to it (no GOT). */
#pragma GCC visibility push(hidden)

#define SIGCHLD		17
#define SIGSYS		31
#define SIGSEGV		11
#define SIGBUS		7
#define SIGILL		4
#define SIGFPE		8
#define SIGTRAP		5
#define SIGKILL		9
#define SA_SIGINFO	0x4
#define SA_RESTART	0x10000000
#define SA_ONSTACK	0x08000000
#define SA_RESTORER	0x04000000
#define SA_NOCLDWAIT	0x2
#define SIG_IGN		((void *)1)
#define SIG_SETMASK	2
#define FUTEX_WAIT	0
#define FUTEX_WAKE	1
#define FIONREAD	0x541b
#define PROT_READ	1
#define PROT_WRITE	2
#define MAP_SHARED	1
#define MAP_FIXED	0x10
#define PR_SET_PDEATHSIG 1
#define PR_SET_DUMPABLE	4
#define PR_SET_NAME	15
#define PR_SET_NO_NEW_PRIVS 38
#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004
#define CLONE_PIDFD	0x1000
#define AF_UNIX		1
#define SOCK_SEQPACKET	5
#define SOCK_CLOEXEC	02000000
#define SOL_SOCKET	1
#define SCM_RIGHTS	1
#define EINTR		4
#define ENOSYS		38

/* ---- raw syscalls ---- */

static inline long sc6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#define sc0(n) sc6(n, 0, 0, 0, 0, 0, 0)
#define sc1(n, a) sc6(n, (long)(a), 0, 0, 0, 0, 0)
#define sc2(n, a, b) sc6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define sc3(n, a, b, c) sc6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sc4(n, a, b, c, d) sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define sc5(n, a, b, c, d, e) \
	sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

static __attribute__((noreturn)) void die(int code)
{
	for (;;)
		sc1(__NR_exit_group, code);
}

/* ---- kernel ABI structures the stub needs (x86-64) ---- */

struct k_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

struct k_siginfo {
	int32_t si_signo;
	int32_t si_errno;
	int32_t si_code;
	int32_t pad;
	union {
		uint64_t addr;		/* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
		struct {
			uint64_t call_addr;	/* SIGSYS */
			int32_t syscall;
			uint32_t arch;
		} sys;
	};
};

struct k_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct {
		uint64_t ss_sp;
		int32_t ss_flags;
		int32_t pad;
		uint64_t ss_size;
	} uc_stack;
	struct stub_regs regs;	/* struct sigcontext, up to cr2 */
	uint64_t fpstate;	/* pointer to the xsave area */
	uint64_t reserved1[8];
	uint64_t uc_sigmask;
};

struct k_iovec {
	void *base;
	size_t len;
};

struct k_msghdr {
	void *name;
	int namelen;
	struct k_iovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	unsigned flags;
};

struct k_cmsg_fds {
	size_t len;
	int level;
	int type;
	int fds[2];
};

/* ---- seccomp filters ----
 *
 * Both filters first tell syscalls made from outside the stub's text
 * (guest code) from those made by the stub itself; both bounds of the
 * instruction pointer are checked, since the host's vsyscall emulation
 * reports rip in 0xffffffffff600000.  Guest syscalls go to umk: as a user
 * notification, or by SIGSYS for those that need the registers
 * (STUB_TRAP_SYSCALLS) and for other ABIs (GUEST_BLOCK).  For syscalls from
 * the stub's text each filter allows a short list and kills the process
 * for anything else.
 *
 * cBPF jumps are relative: each filter is a prologue (PRO_LEN), its own
 * rules (a length the filter states) and the guest block (GUEST_LEN), and
 * the prologue jumps to the guest block at PRO_LEN + rules.
 */
#define LD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f) BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define RET(k) BPF_STMT(BPF_RET | BPF_K, (k))
#define OFF_NR offsetof(struct seccomp_data, nr)
#define OFF_ARCH offsetof(struct seccomp_data, arch)
#define OFF_IP_LO offsetof(struct seccomp_data, instruction_pointer)
#define OFF_IP_HI (OFF_IP_LO + 4)
#define OFF_ARG_LO(n) (offsetof(struct seccomp_data, args) + 8 * (n))
#define OFF_ARG_HI(n) (OFF_ARG_LO(n) + 4)

#define TEXT_HI ((uint32_t)(STUB_TEXT >> 32))
#define TEXT_LO ((uint32_t)STUB_TEXT)
#define TEXT_END_LO ((uint32_t)STUB_TEXT_END)

/* Prologue: guest code to the guest block at index g; from the stub's
 * text, kill foreign arches, then load the number for the rules. */
#define PRO_LEN 9
#define FILTER_PROLOGUE(g)                                \
	LD(OFF_IP_HI),                                    \
	JEQ(TEXT_HI, 0, (g) - 2),                         \
	LD(OFF_IP_LO),                                    \
	JGE(TEXT_LO, 0, (g) - 4),                         \
	JGE(TEXT_END_LO, (g) - 5, 0),                     \
	LD(OFF_ARCH),                                     \
	JEQ(AUDIT_ARCH_X86_64, 1, 0),                     \
	RET(SECCOMP_RET_KILL_PROCESS),                    \
	LD(OFF_NR)

/* Guest syscalls: other ABIs, the register users, those the link cache
 * may answer and a new thread's first call (STUB_NR_HELLO, from the trap
 * page) trap, the rest get the action rest. */
#define TRAP_IF(nr) JEQ(nr, 0, 1), RET(SECCOMP_RET_TRAP),
#define GUEST_LEN (4 + 2 * (STUB_NTRAP_SYSCALLS + STUB_NFAST_SYSCALLS + 1) + 1)
#define GUEST_BLOCK(rest)                                 \
	LD(OFF_ARCH),                                     \
	JEQ(AUDIT_ARCH_X86_64, 1, 0),                     \
	RET(SECCOMP_RET_TRAP),                            \
	LD(OFF_NR),                                       \
	TRAP_IF(STUB_NR_HELLO)                            \
	STUB_TRAP_SYSCALLS(TRAP_IF)                       \
	STUB_FAST_SYSCALLS(TRAP_IF)                       \
	RET(rest)

/*
 * The process-wide filter.  The zygote installs it before it forks the
 * first stub, so every stub inherits it ready-made: installing a filter
 * costs the host a BPF compilation (over 100 microseconds on the
 * development VM), which a stub should not pay on the way to its first
 * instruction.  So it allows, from the stub's text, what the zygote and a
 * new stub need as well as what the syscall thread needs; guest threads
 * get the app filter on top, which allows far less.  Its guest block
 * answers USER_NOTIF, which an app filter's TRAP overrides and an app
 * filter's own USER_NOTIF (with the listener) matches; a thread with no
 * listener would get ENOSYS, never an allowed syscall.
 */
#define ZYGOTE_CLONE_FLAGS (CLONE_PIDFD | SIGCHLD)
#define NBASE 22
#define BASE_RULES (8 + 7 + 6 + NBASE + 2)
static const struct sock_filter base_filter[] = {
	FILTER_PROLOGUE(PRO_LEN + BASE_RULES),
	/* clone: app threads with exactly STUB_CLONE_FLAGS, or the
	 * zygote's fork */
	JEQ(__NR_clone, 0, 7),
	LD(OFF_ARG_HI(0)),
	JEQ(0, 0, 4),
	LD(OFF_ARG_LO(0)),
	JEQ(STUB_CLONE_FLAGS, 1, 0),
	JEQ(ZYGOTE_CLONE_FLAGS, 0, 1),
	RET(SECCOMP_RET_ALLOW),
	RET(SECCOMP_RET_KILL_PROCESS),
	/* write: only the syscall thread's report on its socket */
	JEQ(__NR_write, 0, 6),
	LD(OFF_ARG_HI(0)),
	JEQ(0, 0, 3),
	LD(OFF_ARG_LO(0)),
	JEQ(STUB_FD_SOCK, 0, 1),
	RET(SECCOMP_RET_ALLOW),
	RET(SECCOMP_RET_KILL_PROCESS),
	/* ioctl: only the syscall thread's answer to a guest syscall on a
	 * listener it keeps, and FIONREAD (the app filter allows that on
	 * STUB_FD_WATCH alone) */
	JEQ(__NR_ioctl, 0, 5),
	LD(OFF_ARG_LO(1)),
	JEQ((uint32_t)STUB_NOTIF_SEND, 1, 0),
	JEQ(FIONREAD, 0, 1),
	RET(SECCOMP_RET_ALLOW),
	RET(SECCOMP_RET_KILL_PROCESS),
	/* the rest by number (A still holds it): NBASE entries, each
	 * jumping over the ones after it and the KILL to the ALLOW */
	JEQ(__NR_futex, NBASE - 0, 0),
	JEQ(__NR_mmap, NBASE - 1, 0),
	JEQ(__NR_munmap, NBASE - 2, 0),
	JEQ(__NR_mprotect, NBASE - 3, 0),
	JEQ(__NR_madvise, NBASE - 4, 0),
	JEQ(__NR_recvmsg, NBASE - 5, 0),
	JEQ(__NR_close, NBASE - 6, 0),
	JEQ(__NR_rt_sigreturn, NBASE - 7, 0),
	JEQ(__NR_rt_sigprocmask, NBASE - 8, 0),
	JEQ(__NR_sigaltstack, NBASE - 9, 0),
	JEQ(__NR_seccomp, NBASE - 10, 0),
	JEQ(__NR_exit, NBASE - 11, 0),
	JEQ(__NR_exit_group, NBASE - 12, 0),
	/* the zygote's and a new stub's; sendmsg also hands umk a thread's
	 * listener; getppid is also the handler's STUB_NR_EVENT */
	JEQ(__NR_sendmsg, NBASE - 13, 0),
	JEQ(__NR_socketpair, NBASE - 14, 0),
	JEQ(__NR_dup3, NBASE - 15, 0),
	JEQ(__NR_close_range, NBASE - 16, 0),
	JEQ(__NR_prctl, NBASE - 17, 0),
	JEQ(__NR_getppid, NBASE - 18, 0),
	JEQ(__NR_getpid, NBASE - 19, 0),
	JEQ(__NR_rt_sigaction, NBASE - 20, 0),
	/* the handler's FS/GS fallback without fsgsbase (the app filter
	 * narrows it to those codes) */
	JEQ(__NR_arch_prctl, NBASE - 21, 0),
	RET(SECCOMP_RET_KILL_PROCESS),
	RET(SECCOMP_RET_ALLOW),
	GUEST_BLOCK(SECCOMP_RET_USER_NOTIF),
};
_Static_assert(sizeof(base_filter) / sizeof(base_filter[0]) == PRO_LEN + BASE_RULES + GUEST_LEN,
	       "BASE_RULES and NBASE must count the rules");
_Static_assert(__NR_getppid == STUB_NR_EVENT, "the base filter allows STUB_NR_EVENT");
_Static_assert(SECCOMP_IOCTL_NOTIF_SEND == STUB_NOTIF_SEND, "stub_entry.S answers with it");
_Static_assert(STUB_FD_LISTEN >= STUB_FD_XFER + STUB_MAX_XFER, "listeners above received files");

/*
 * Stacked on top for every thread that runs guest code: a guest that jumps
 * to a syscall instruction in the stub (its address is fixed, stub.lds)
 * gets only these, with registers of its choosing (platform brief §6.10):
 *   rt_sigreturn   sets its own registers, host signal mask and altstack
 *                  (a mask that blocks the kick: platform.c's deadline)
 *   exit           ends its own thread
 *   arch_prctl     FS/GS base only (the handler's fallback without
 *                  fsgsbase); other codes would map the host's vDSO
 *                  (ARCH_MAP_VDSO_*), change cpuid or shadow stacks
 *   futex          WAIT and WAKE only, on words in the stub region: at
 *                  worst spurious wake-ups, which every waiter re-checks.
 *                  A requeue could move the syscall thread (or umk's task
 *                  thread) off the word umk wakes it on and hang umk, and
 *                  wake-op or PI operations write words umk reads
 *   ioctl          FIONREAD on STUB_FD_WATCH: whether host events wait
 *   STUB_NR_EVENT  an event: umk reads the mailbox, which the guest can
 *                  write anyway, and checks it as hostile input
 * Anything else kills the process (the base filter below it allows only
 * its own list anyway: the two filters' intersection is what counts).  The mailbox and the slot stacks are
 * writable by guest code; the command page is not, and no fd-taking call
 * is allowed here, so the memory file and received files stay unusable.
 * Two variants: with user notifications (the thread's events and most
 * guest syscalls go to its listener) or without (everything traps;
 * ctl->notify chooses).
 */
#define APP_RULES 30
#define APP_FILTER(event, guest)                                  \
	FILTER_PROLOGUE(PRO_LEN + APP_RULES),                     \
	JEQ(__NR_rt_sigreturn, 0, 1), RET(SECCOMP_RET_ALLOW),     \
	JEQ(__NR_exit, 0, 1), RET(SECCOMP_RET_ALLOW),             \
	JEQ(STUB_NR_EVENT, 0, 1), RET(event),                     \
	/* arch_prctl: ARCH_SET_GS..ARCH_GET_GS */               \
	JEQ(__NR_arch_prctl, 0, 5),                               \
	LD(OFF_ARG_LO(0)),                                        \
	JGE(ARCH_SET_GS, 0, 2),                                   \
	JGE(ARCH_GET_GS + 1, 1, 0),                               \
	RET(SECCOMP_RET_ALLOW),                                   \
	RET(SECCOMP_RET_KILL_PROCESS),                            \
	/* futex: WAIT or WAKE (the op is an int: low half) on a  \
	 * word in the stub region */                             \
	JEQ(__NR_futex, 0, 7),                                    \
	LD(OFF_ARG_HI(0)),                                        \
	JEQ((uint32_t)(STUB_BASE >> 32), 0, 4),                   \
	LD(OFF_ARG_LO(1)),                                        \
	JEQ(FUTEX_WAIT, 1, 0),                                    \
	JEQ(FUTEX_WAKE, 0, 1),                                    \
	RET(SECCOMP_RET_ALLOW),                                   \
	RET(SECCOMP_RET_KILL_PROCESS),                            \
	/* ioctl: FIONREAD on STUB_FD_WATCH */                   \
	JEQ(__NR_ioctl, 0, 8),                                    \
	LD(OFF_ARG_HI(0)),                                        \
	JEQ(0, 0, 5),                                             \
	LD(OFF_ARG_LO(0)),                                        \
	JEQ(STUB_FD_WATCH, 0, 3),                                 \
	LD(OFF_ARG_LO(1)),                                        \
	JEQ(FIONREAD, 0, 1),                                      \
	RET(SECCOMP_RET_ALLOW),                                   \
	RET(SECCOMP_RET_KILL_PROCESS),                            \
	RET(SECCOMP_RET_KILL_PROCESS),                            \
	GUEST_BLOCK(guest)

static const struct sock_filter app_filter[] = {
	APP_FILTER(SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_TRAP),
};
static const struct sock_filter app_notify_filter[] = {
	APP_FILTER(SECCOMP_RET_USER_NOTIF, SECCOMP_RET_USER_NOTIF),
};
_Static_assert(sizeof(app_filter) / sizeof(app_filter[0]) == PRO_LEN + APP_RULES + GUEST_LEN,
	       "APP_RULES must count the rules");

/* The offsets stub_entry.S uses (CTL_*, CMD_*, RES_*, MB_*). */
_Static_assert(offsetof(struct stub_ctl, seq) == 0 && offsetof(struct stub_ctl, ncmds) == 4 &&
	       offsetof(struct stub_ctl, flags) == 12 && offsetof(struct stub_ctl, notify) == 16 &&
	       offsetof(struct stub_ctl, wake) == 24 && offsetof(struct stub_ctl, cmd) == 32 &&
	       offsetof(struct stub_ctl, answer) == 4032 && sizeof(struct stub_ctl) <= 4096,
	       "CTL_* in stub_entry.S");
_Static_assert(sizeof(struct stub_cmd) == 80 && offsetof(struct stub_cmd, aux) == 56,
	       "CMD_* in stub_entry.S");
_Static_assert(offsetof(struct stub_res, done_seq) == 0 && offsetof(struct stub_res, ndone) == 4 &&
	       offsetof(struct stub_res, ret) == 8, "RES_* in stub_entry.S");
_Static_assert(offsetof(struct stub_mailbox, notify_fd) - offsetof(struct stub_mailbox, tid) == 8,
	       "MB_TID_TO_FD in stub_entry.S");

static const struct sock_fprog base_fprog = {
	.len = sizeof(base_filter) / sizeof(base_filter[0]),
	.filter = (struct sock_filter *)base_filter,
};

/* Read by stub_thread_start in stub_entry.S. */
const struct sock_fprog stub_app_fprog = {
	.len = sizeof(app_filter) / sizeof(app_filter[0]),
	.filter = (struct sock_filter *)app_filter,
};
const struct sock_fprog stub_app_notify_fprog = {
	.len = sizeof(app_notify_filter) / sizeof(app_notify_filter[0]),
	.filter = (struct sock_filter *)app_notify_filter,
};

extern void stub_restorer(void);
extern long stub_guest_copy(char *dst, const char *src, long max);
extern const char stub_guest_copy_load[], stub_guest_copy_fault[];
extern void stub_syscall_loop(void) __attribute__((noreturn));

/* ---- the handler ---- */

static inline uint64_t rdfsbase(void)
{
	uint64_t v;

	__asm__ volatile("rdfsbase %0" : "=r"(v));
	return v;
}

static inline void wrfsbase(uint64_t v)
{
	__asm__ volatile("wrfsbase %0" : : "r"(v) : "memory");
}

static inline uint64_t rdgsbase(void)
{
	uint64_t v;

	__asm__ volatile("rdgsbase %0" : "=r"(v));
	return v;
}

static inline void wrgsbase(uint64_t v)
{
	__asm__ volatile("wrgsbase %0" : : "r"(v) : "memory");
}

/* Put an xsave image in the FPU's reset state: x87 and SSE control words
 * at their defaults, every component marked "init" in the xsave header. */
static void fpu_reset(uint64_t fp, uint64_t slot)
{
	if (fp < slot + STUB_STACK_OFF || fp + 576 > slot + STUB_SLOT_SIZE)
		return;
	uint16_t *fcw = (uint16_t *)fp;
	uint32_t *mxcsr = (uint32_t *)(fp + 24);
	uint64_t *xstate_bv = (uint64_t *)(fp + 512);

	fcw[0] = 0x37f;		/* FCW */
	fcw[1] = 0;		/* FSW */
	((uint8_t *)fp)[4] = 0;	/* abridged FTW: all empty */
	*mxcsr = 0x1f80;
	*xstate_bv = 0;
}

/* ---- the link cache (stub_abi.h) ---- */

/*
 * readlink(path, buf, size) or readlinkat(dirfd, path, buf, size) from the
 * link cache: its -errno, or 0 when the cache cannot say (umk answers).
 * The path is absolute, so dirfd does not matter; neither does buf, which
 * Linux never touches for these two answers.
 */
static long fast_readlink(int nr, const struct k_ucontext *uc)
{
	const volatile struct stub_ctl *ctl = (const void *)STUB_CTL;
	const volatile struct stub_fast_hdr *h = (const void *)STUB_FAST;
	uint32_t root = ctl->fast_root;
	uint64_t p = nr == __NR_readlink ? uc->regs.rdi : uc->regs.rsi;
	uint64_t size = nr == __NR_readlink ? uc->regs.rdx : uc->regs.r10;
	char path[STUB_FAST_PATH + 1];
	int waiting = 1;

	if (!root || (int)size <= 0)
		return 0;
	uint32_t seq = __atomic_load_n(&h->drain_seq, __ATOMIC_ACQUIRE);
	uint32_t gen = __atomic_load_n(&h->gen, __ATOMIC_ACQUIRE);

	if (seq & 1 || p >= STUB_BASE - sizeof(path))
		return 0;
	/* a path umk could not read gets umk's answer: EFAULT */
	long len = stub_guest_copy(path, (const char *)p, sizeof(path));

	if (len <= 0 || path[0] != '/')
		return 0;
	/* events the host queued must be read by umk first */
	if (sc3(__NR_ioctl, STUB_FD_WATCH, FIONREAD, &waiting) != 0 || waiting)
		return 0;

	uint64_t hash[2];

	stub_fast_hash(root, path, (uint32_t)len, hash);
	for (uint32_t way = 0; way < 2; way++) {
		const volatile struct stub_fast_entry *e =
			(const void *)(STUB_FAST + stub_fast_slot(hash[0], way) * STUB_FAST_ENTRY);
		uint32_t eseq = __atomic_load_n(&e->seq, __ATOMIC_ACQUIRE);

		if (eseq & 1 || e->gen != gen || e->root != root || e->len != len ||
		    e->hash[0] != hash[0] || e->hash[1] != hash[1])
			continue;
		long ret = e->result;

		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (e->seq != eseq || h->gen != gen || h->drain_seq != seq)
			return 0;
		return ret;
	}
	return 0;
}

/*
 * Every host signal of an app thread arrives here, on the thread's slot
 * stack: a guest syscall (SIGSYS), a fault, or umk's kick.  Post it in the
 * mailbox, wait for umk, load what umk wrote back, return via stub_restorer.
 */
static void stub_handler(int sig, struct k_siginfo *si,
					struct k_ucontext *uc)
{
	uint64_t sp = (uint64_t)uc;

	if (sp < STUB_SLOTS || sp >= STUB_END)
		__builtin_trap();
	uint64_t slot = sp & ~(STUB_SLOT_SIZE - 1);

	if (sp < slot + STUB_STACK_OFF)
		__builtin_trap();

	const struct stub_ctl *ctl = (const struct stub_ctl *)STUB_CTL;
	struct stub_mailbox *mb = (struct stub_mailbox *)(slot + STUB_MB_OFF);

	/* stub_guest_copy's load faulted (in fast_readlink, below: the
	 * SIGSYS handler lets these two in): it returns -2 */
	if ((sig == SIGSEGV || sig == SIGBUS) &&
	    uc->regs.rip == (uint64_t)stub_guest_copy_load) {
		uc->regs.rip = (uint64_t)stub_guest_copy_fault;
		return;
	}
	/* any other fault inside the SIGSYS handler (SIGSYS blocked: a
	 * handler was running): the process ends, as it did when these were
	 * blocked there */
	if ((sig == SIGSEGV || sig == SIGBUS) && (uc->uc_sigmask & (1ULL << (SIGSYS - 1))))
		die(19);
	if (mb->cmd == STUB_CMD_EXIT)	/* umk is done with this thread */
		for (;;)
			sc1(__NR_exit, 0);
	if (sig == SIGSYS && si->sys.arch == AUDIT_ARCH_X86_64 &&
	    (si->sys.syscall == __NR_readlink || si->sys.syscall == __NR_readlinkat)) {
		long ret = fast_readlink(si->sys.syscall, uc);

		if (ret) {	/* as sysret leaves them */
			uc->regs.rax = ret;
			uc->regs.rcx = uc->regs.rip;
			uc->regs.r11 = uc->regs.eflags;
			return;
		}
	}
	mb->signo = sig;
	mb->code = si->si_code;
	if (sig == SIGSYS) {
		mb->addr = si->sys.call_addr;
		mb->nr = si->sys.syscall;
		mb->arch = si->sys.arch;
	} else {
		mb->addr = si->addr;
		mb->nr = 0;
		mb->arch = 0;
	}
	mb->regs = uc->regs;
	if (ctl->fsgsbase) {
		mb->fs_base = rdfsbase();
		mb->gs_base = rdgsbase();
	} else {
		sc2(__NR_arch_prctl, ARCH_GET_FS, &mb->fs_base);
		sc2(__NR_arch_prctl, ARCH_GET_GS, &mb->gs_base);
	}
	mb->uc_off = sp - slot;
	mb->fp_off = uc->fpstate - slot;

	__atomic_store_n(&mb->state, STUB_MB_KERNEL, __ATOMIC_RELEASE);
	if (mb->notify_on) {
		/* umk reads this thread's listener: the event is a user
		 * notification, answered when umk has written the mailbox;
		 * ENOSYS: the listener is closed, umk is done with us */
		if (sc0(STUB_NR_EVENT) == -ENOSYS)
			for (;;)
				sc1(__NR_exit, 0);
	} else {
		sc3(__NR_futex, &mb->state, FUTEX_WAKE, 1);
		/* umk usually answers within microseconds: spin a little (as
		 * umk allows) before sleeping on the futex. */
		uint32_t spin = mb->spin;

		mb->slept = 0;
		while (spin-- && __atomic_load_n(&mb->state, __ATOMIC_ACQUIRE) == STUB_MB_KERNEL)
			__builtin_ia32_pause();
		while (__atomic_load_n(&mb->state, __ATOMIC_ACQUIRE) == STUB_MB_KERNEL) {
			mb->slept = 1;
			sc4(__NR_futex, &mb->state, FUTEX_WAIT, STUB_MB_KERNEL, 0);
		}
	}

	if (mb->state != STUB_MB_GUEST || mb->cmd == STUB_CMD_EXIT)
		for (;;)
			sc1(__NR_exit, 0);

	/* An asynchronous resume: the batch of host mappings this thread
	 * needs must be done first (it wakes us; we may also have seen the
	 * answer before sleeping above, and then wait here). */
	uint32_t want = mb->wait_seq;
	struct stub_res *res = (struct stub_res *)STUB_RES;

	while (want) {
		uint32_t done = __atomic_load_n(&res->done_seq, __ATOMIC_ACQUIRE);

		if ((int32_t)(done - want) >= 0)
			break;
		sc4(__NR_futex, &res->done_seq, FUTEX_WAIT, done, 0);
	}

	/* Only the general registers come back; cs, ss and the rest stay
	 * as the host wrote them. */
	uc->regs.r8 = mb->regs.r8;
	uc->regs.r9 = mb->regs.r9;
	uc->regs.r10 = mb->regs.r10;
	uc->regs.r11 = mb->regs.r11;
	uc->regs.r12 = mb->regs.r12;
	uc->regs.r13 = mb->regs.r13;
	uc->regs.r14 = mb->regs.r14;
	uc->regs.r15 = mb->regs.r15;
	uc->regs.rdi = mb->regs.rdi;
	uc->regs.rsi = mb->regs.rsi;
	uc->regs.rbp = mb->regs.rbp;
	uc->regs.rbx = mb->regs.rbx;
	uc->regs.rdx = mb->regs.rdx;
	uc->regs.rax = mb->regs.rax;
	uc->regs.rcx = mb->regs.rcx;
	uc->regs.rsp = mb->regs.rsp;
	uc->regs.rip = mb->regs.rip;
	uc->regs.eflags = mb->regs.eflags;
	uc->uc_sigmask = 0;
	if (mb->flags & STUB_RESUME_SETFS) {
		if (ctl->fsgsbase)
			wrfsbase(mb->fs_base);
		else
			sc2(__NR_arch_prctl, ARCH_SET_FS, mb->fs_base);
	}
	if (mb->flags & STUB_RESUME_SETGS) {
		if (ctl->fsgsbase)
			wrgsbase(mb->gs_base);
		else
			sc2(__NR_arch_prctl, ARCH_SET_GS, mb->gs_base);
	}
	if (mb->flags & STUB_RESUME_FPRESET)
		fpu_reset(uc->fpstate, slot);
}

/* ---- a new stub process ---- */

static long zygote_pid;		/* set before any fork; read by the child */

/* SA_RESTART: a kick that finds the thread waiting for umk to take a
 * user notification withdraws it, and the host restarts the syscall once
 * the handler has run (the guest never sees EINTR for it). */
static void set_handler(int sig, void *fn)
{
	struct k_sigaction sa = {
		.handler = fn,
		.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_RESTART,
		.restorer = (void *)stub_restorer,
		.mask = ~0ULL,
	};

	/* the SIGSYS handler reads guest memory (stub_guest_copy), whose
	 * faults must reach the handler, not end the process */
	if (sig == SIGSYS)
		sa.mask &= ~(1ULL << (SIGSEGV - 1) | 1ULL << (SIGBUS - 1));

	if (sc4(__NR_rt_sigaction, sig, &sa, 0, 8) < 0)
		die(11);
}

static __attribute__((noreturn)) void child_main(const struct stub_fork_req *req,
						 int sock)
{
	static const int sigs[] = { SIGSYS, SIGSEGV, SIGBUS, SIGILL,
				    SIGFPE, SIGTRAP, STUB_SIGKICK };
	struct k_sigaction dfl = { 0 };
	uint64_t all = ~0ULL;

	if (sc3(__NR_dup3, sock, STUB_FD_SOCK, 0) < 0)
		die(12);
	sc3(__NR_close_range, STUB_FD_MEM + 1, STUB_FD_WATCH - 1, 0);
	sc3(__NR_close_range, STUB_FD_WATCH + 1, ~0U, 0);
	/* Grow the fd table now, while no thread shares it: growing a shared
	 * one waits for an RCU grace period (milliseconds), which the dup3 of
	 * a listener's copy (STUB_FD_LISTEN + slot) or of a kept file
	 * (STUB_FD_KEEP + k) would pay.  Best effort: umk answers alone where
	 * a copy cannot be made, a failed keep fails its batch. */
	if (sc3(__NR_dup3, STUB_FD_SOCK, STUB_FD_KEEP + STUB_MAX_KEEP - 1, 0) >= 0)
		sc1(__NR_close, STUB_FD_KEEP + STUB_MAX_KEEP - 1);
	sc2(__NR_prctl, PR_SET_PDEATHSIG, SIGKILL);
	/* the zygote may have died before that took hold */
	if (sc0(__NR_getppid) != zygote_pid)
		die(16);
	sc2(__NR_prctl, PR_SET_NAME, "umk-stub");
	sc4(__NR_rt_sigaction, SIGCHLD, &dfl, 0, 8);
	if (sc6(__NR_mmap, STUB_CTL, 4096, PROT_READ, MAP_SHARED | MAP_FIXED,
		STUB_FD_MEM, req->ctl_off) != (long)STUB_CTL)
		die(13);
	if (sc6(__NR_mmap, STUB_RES, 4096, PROT_READ | PROT_WRITE,
		MAP_SHARED | MAP_FIXED, STUB_FD_MEM,
		req->res_off) != (long)STUB_RES)
		die(14);
	if (sc6(__NR_mmap, STUB_FAST, STUB_FAST_SIZE, PROT_READ, MAP_SHARED | MAP_FIXED,
		STUB_FD_MEM, req->fast_off) != (long)STUB_FAST)
		die(18);
	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		set_handler(sigs[i], (void *)stub_handler);
	/* The syscall thread takes no signals; app threads unblock them.
	 * The base filter came with the fork. */
	sc4(__NR_rt_sigprocmask, SIG_SETMASK, &all, 0, 8);
	stub_syscall_loop();
}

/* umk's pid, from argv[1]: a decimal number. */
static long parse_pid(const char *s)
{
	long v = 0;

	if (!s)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	return *s ? -1 : v;
}

/*
 * The zygote: unmap what the host gave us, then fork stubs on request.
 * sp: the host's initial stack (argc, argv...); argv[1] is umk's pid.
 */
__attribute__((used, noreturn)) void zygote_main(const long *sp)
{
	struct k_sigaction nocld = { .handler = SIG_IGN, .flags = SA_NOCLDWAIT };
	long umk_pid = sp[0] >= 2 ? parse_pid((const char *)sp[2]) : -1;

	/* Die with umk, and make sure umk did not die before that. */
	sc2(__NR_prctl, PR_SET_PDEATHSIG, SIGKILL);
	if (umk_pid <= 0 || sc0(__NR_getppid) != umk_pid)
		die(17);
	zygote_pid = sc0(__NR_getpid);
	/* Everything outside the image: the host's stack, vDSO and vvar. */
	sc2(__NR_munmap, 0, STUB_BASE);
	sc2(__NR_munmap, STUB_IMAGE_END, 0x7ffffffff000UL - STUB_IMAGE_END);
	sc2(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1);
	sc2(__NR_prctl, PR_SET_DUMPABLE, 0);
	sc2(__NR_prctl, PR_SET_NAME, "umk-zygote");
	sc0(__NR_setsid);
	/* fd 3, if umk gave us one: hostfs's inotify fd, which every stub
	 * keeps on STUB_FD_WATCH */
	if (sc3(__NR_dup3, 3, STUB_FD_WATCH, 0) >= 0)
		sc1(__NR_close, 3);
	/* Stubs are reaped by the host; umk watches them through pidfds. */
	sc4(__NR_rt_sigaction, SIGCHLD, &nocld, 0, 8);
	if (sc3(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &base_fprog) != 0)
		die(15);

	for (;;) {
		struct stub_fork_req req;
		struct k_iovec iov = { &req, sizeof(req) };
		struct k_msghdr msg = { .iov = &iov, .iovlen = 1 };
		long n = sc3(__NR_recvmsg, STUB_FD_SOCK, &msg, 0);

		if (n == -EINTR)
			continue;
		if (n != sizeof(req))
			die(0);	/* umk closed the socket: we are done */

		int sv[2];
		int pidfd = -1;
		struct stub_fork_reply rep = { 0 };

		if (sc4(__NR_socketpair, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC,
			0, sv) < 0) {
			rep.pid = -24;	/* EMFILE, most likely */
			sv[0] = sv[1] = -1;
		} else {
			long pid = sc5(__NR_clone, ZYGOTE_CLONE_FLAGS, 0,
				       &pidfd, 0, 0);

			if (pid == 0)
				child_main(&req, sv[1]);
			rep.pid = (int32_t)pid;
			sc1(__NR_close, sv[1]);
		}

		struct k_cmsg_fds cm = {
			.len = sizeof(cm), .level = SOL_SOCKET, .type = SCM_RIGHTS,
			.fds = { pidfd, sv[0] },
		};
		struct k_iovec riov = { &rep, sizeof(rep) };
		struct k_msghdr rmsg = { .iov = &riov, .iovlen = 1 };

		if (rep.pid > 0) {
			rmsg.control = &cm;
			rmsg.controllen = sizeof(cm);
		}
		sc3(__NR_sendmsg, STUB_FD_SOCK, &rmsg, 0);
		if (pidfd >= 0)
			sc1(__NR_close, pidfd);
		if (sv[0] >= 0)
			sc1(__NR_close, sv[0]);
	}
}
