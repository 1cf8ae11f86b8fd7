/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The contract between umk's platform layer (src/sandbox/platform.c) and the
 * stub (src/sandbox/stub/), the freestanding code that lives at a fixed
 * address at the top of every guest process.
 *
 * Every guest address space is one host process, a "stub".  Guests own
 * [0, STUB_BASE); the stub region above it holds:
 *
 *   STUB_TEXT .. STUB_TEXT_END   stub code.  Only syscalls made from here pass
 *                                the stub's seccomp filters; all others trap.
 *   STUB_TRAP                    one page of code *outside* that range: a new
 *                                thread jumps here to raise its first SIGSYS.
 *   .. STUB_IMAGE_END            the rest of the stub image (rodata, data, bss)
 *   STUB_CTL                     command page: read-only in the stub, written
 *                                by umk.  The syscall thread executes it.
 *   STUB_RES                     result page: written by the syscall thread.
 *   STUB_FAST                    the link cache (struct stub_fast_hdr): read-only
 *                                in the stub, written by umk.
 *   STUB_SLOTS + n*SLOT_SIZE     one slot per host thread: a mailbox page, a
 *                                guard page and the alternate signal stack.
 *
 * All shared pages are ranges of umk's physical-memory memfd, mapped
 * MAP_SHARED in both processes, so the futex words in them have shared keys.
 * Everything a stub writes is untrusted: umk copies it once and checks it.
 *
 * Guest code can write every writable page of its process: the slots
 * (mailboxes, alternate stacks) and the result page, not the command page.
 * What that gives it, all within its own process (platform brief §6.10):
 *   mailbox    forged events (umk reads a copy: as if the guest had made
 *              that syscall or fault itself); regs, flags and fs/gs for
 *              its own resume (the host's rt_sigreturn checks them);
 *              uc_off/fp_off (bounds-checked, plat_ctx_fpstate); tid and
 *              notify_fd (umk checks the listener it receives and every
 *              notification's tid); wait_seq or state (its own thread
 *              waits, or ends)
 *   result page  ret[] (umk trusts only the socket's count, and checks a
 *              new thread's tid with tgkill); the recvmsg/sendmsg msghdr
 *              (the received file lands elsewhere in the stub, or the
 *              batch fails and the stub dies)
 * and the stub's syscall instruction gives only the app filter's list
 * (stub.c).  No field is a umk pointer; none reaches a host path.
 *
 * This header is included by the stub (freestanding) and by umk's host side;
 * it uses only fixed-size integer types.
 */
#ifndef UMK_STUB_ABI_H
#define UMK_STUB_ABI_H

#ifdef __ASSEMBLER__
#define STUB_UL(x) x
#else
#include <stdint.h>
#define STUB_UL(x) x##UL
#endif

#define STUB_BASE	STUB_UL(0x7fe000000000)	/* == the guests' TASK_SIZE */
#define STUB_TEXT	STUB_BASE
#define STUB_TEXT_END	(STUB_BASE + STUB_UL(0x10000))
#define STUB_TRAP	STUB_TEXT_END
#define STUB_IMAGE_END	(STUB_BASE + STUB_UL(0x100000))
#define STUB_CTL	(STUB_BASE + STUB_UL(0x100000))
#define STUB_RES	(STUB_BASE + STUB_UL(0x101000))
#define STUB_FAST	(STUB_BASE + STUB_UL(0x110000))
#define STUB_FAST_SIZE	STUB_UL(0x40000)		/* four chunks of umk's */
#define STUB_SLOTS	(STUB_BASE + STUB_UL(0x200000))
#define STUB_SLOT_SIZE	STUB_UL(0x10000)		/* 64 KiB per host thread */
#define STUB_MAX_SLOTS	1024
#define STUB_END	(STUB_SLOTS + STUB_MAX_SLOTS * STUB_SLOT_SIZE)

/* Inside a slot: [mailbox page][guard page][alternate signal stack ...] */
#define STUB_MB_OFF	STUB_UL(0x0)
#define STUB_STACK_OFF	STUB_UL(0x2000)
#define STUB_STACK_SIZE	(STUB_SLOT_SIZE - STUB_STACK_OFF)

/* Host file descriptors inside a stub process. */
#define STUB_FD_SOCK	0	/* SOCK_SEQPACKET to umk, for SCM_RIGHTS */
#define STUB_FD_MEM	1	/* umk's physical memory */
#define STUB_FD_XFER	2	/* a received file: the lowest free fd */
#define STUB_FD_LISTEN	34	/* + slot: a copy of the thread's listener,
				   for the syscall thread's answers (after
				   the received files, STUB_MAX_XFER) */
#define STUB_FD_KEEP	(STUB_FD_LISTEN + STUB_MAX_SLOTS)
				/* + k: a received file kept for more maps
				   of it (STUB_MAX_KEEP of them) */
#define STUB_MAX_KEEP	32
#define STUB_FD_WATCH	(STUB_FD_KEEP + STUB_MAX_KEEP)
				/* hostfs's host inotify fd: the handler asks
				   it whether host events wait (FIONREAD) */

/* The syscall a new thread makes from STUB_TRAP: not a real syscall number. */
#define STUB_NR_HELLO	0x7ffe

/* Flags the syscall thread uses to clone app threads (also checked by the
 * stub's base filter: no other clone is allowed): VM|FS|FILES|SIGHAND|
 * THREAD|SYSVSEM|CHILD_CLEARTID.  The host clears the mailbox's tid word
 * when the thread is gone, so umk knows when a slot may be reused. */
#define STUB_CLONE_FLAGS STUB_UL(0x00250f00)

/* Commands per batch in the command page. */
#define STUB_MAX_CMDS	50

/* The signal umk sends (tgkill) to take a thread back from guest code. */
#define STUB_SIGKICK	16	/* SIGSTKFLT: unused by the host for anything else */

/*
 * Guest syscalls reach umk in one of two ways.  Most go as seccomp user
 * notifications (SECCOMP_RET_USER_NOTIF on the thread's own listener, which
 * umk holds, and the syscall thread a copy of for STUB_CTL_ANSWER): the thread sleeps in the host kernel, umk reads the number
 * and arguments, answers with the result, and no signal is delivered.  The
 * ones below need or change the thread's registers (or must never return
 * to guest code), so they trap (SIGSYS) into the handler as before.  The
 * kernel runs any syscall that reaches it without registers on the slow
 * road anyway, so this list is only about speed.  (When the host cannot do
 * it, umk sets ctl->notify 0 and every guest syscall traps.)
 */
#define STUB_TRAP_SYSCALLS(X)						\
	X(15)	/* rt_sigreturn */	X(56)	/* clone */		\
	X(57)	/* fork */		X(58)	/* vfork */		\
	X(59)	/* execve */		X(60)	/* exit */		\
	X(131)	/* sigaltstack */	X(158)	/* arch_prctl */	\
	X(219)	/* restart_syscall */	X(231)	/* exit_group */	\
	X(322)	/* execveat */		X(435)	/* clone3 */
#define STUB_NTRAP_SYSCALLS 12

/* The syscalls the handler may answer alone from the link cache
 * (STUB_FAST): they trap too, and go on to umk when the cache cannot say. */
#define STUB_FAST_SYSCALLS(X)						\
	X(89)	/* readlink */		X(267)	/* readlinkat */
#define STUB_NFAST_SYSCALLS 2

/* The handler's own notification: "an event is in the mailbox" (getppid
 * from the stub's text; the app filter turns it into a notification). */
#define STUB_NR_EVENT	110

/* The batch is asynchronous: no one waits for its report; after it the
 * syscall thread wakes whoever waits on res->done_seq and the thread that
 * resumes (ctl->wake, if any), which waits for the batch (mailbox
 * wait_seq); if a command fails, it ends the process instead (the reaper
 * then tells everyone). */
#define STUB_CTL_DIE_ON_FAIL	1
/* After the report, the syscall thread answers a guest syscall:
 * ctl->answer[seq & 1], an ioctl SECCOMP_IOCTL_NOTIF_SEND on the thread's
 * listener (its copy on STUB_FD_LISTEN + slot), so that the thread runs on
 * once the batch is done without a round trip through umk.  Two of them,
 * used in turns: umk publishes the next batch once it has the report, but
 * the one after only once it has that batch's report, which the syscall
 * thread sends after this answer.  A failed answer ends the process. */
#define STUB_CTL_ANSWER		2
#define STUB_NOTIF_SEND		STUB_UL(0xc0182101)	/* SECCOMP_IOCTL_NOTIF_SEND */

#ifndef __ASSEMBLER__
/* ---- per-thread mailbox (slot page 0) ---- */

enum stub_mb_state {
	STUB_MB_GUEST = 0,	/* the thread runs guest code or its handler */
	STUB_MB_KERNEL = 1,	/* an event is posted: umk owns the mailbox */
	STUB_MB_DEAD = 2,	/* set by umk when the host process died */
};

enum stub_mb_cmd {
	STUB_CMD_RESUME = 0,	/* load regs and return into guest code */
	STUB_CMD_EXIT = 1,	/* end this host thread */
};

#define STUB_RESUME_FPRESET	0x1	/* put the FPU in its reset state */
#define STUB_RESUME_SETFS	0x2	/* load fs_base */
#define STUB_RESUME_SETGS	0x4	/* load gs_base */

/* General registers, in the kernel's struct sigcontext order (x86-64). */
struct stub_regs {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
};

struct stub_mailbox {
	uint32_t state;		/* futex word, enum stub_mb_state */
	uint32_t cmd;		/* enum stub_mb_cmd, with STUB_MB_GUEST */
	uint32_t flags;		/* STUB_RESUME_* */
	uint32_t spin;		/* pause loops the handler may spin for umk */
	uint32_t slept;		/* the handler had to sleep for its answer */
	uint32_t signo;		/* the host signal that trapped */
	int32_t code;		/* si_code */
	int32_t nr;		/* SIGSYS: the syscall number */
	uint32_t arch;		/* SIGSYS: its AUDIT_ARCH */
	uint32_t tid;		/* host tid; cleared by the host at thread exit */
	uint32_t wait_seq;	/* resume only once res->done_seq reached it (0: no) */
	int32_t notify_fd;	/* the thread's seccomp listener, in the stub */
	uint32_t notify_on;	/* umk holds it: events go as notifications */
	uint32_t pad;
	uint64_t addr;		/* fault address, or the syscall's address */
	uint64_t fs_base;
	uint64_t gs_base;
	uint64_t uc_off;	/* host ucontext, as an offset into the slot */
	uint64_t fp_off;	/* host xsave area, as an offset into the slot */
	struct stub_regs regs;
};

/* ---- the syscall thread's command and result pages ---- */

/* One host syscall for the syscall thread: nr and six arguments.  For clone,
 * aux[] holds the new thread's stack_t for sigaltstack. */
struct stub_cmd {
	uint64_t nr;
	uint64_t args[6];
	uint64_t aux[3];
};

struct stub_ctl {
	uint32_t seq;		/* futex word: bumped by umk for each batch */
	uint32_t ncmds;
	uint32_t fsgsbase;	/* the CPU has rd/wrfsbase */
	uint32_t flags;		/* STUB_CTL_* for this batch */
	uint32_t notify;	/* new threads take a listener (user notifications) */
	uint32_t fast_root;	/* the link cache's root of every task of this
				   process, or 0: ask umk */
	uint64_t wake;		/* a futex word to wake after the report, or 0 */
	struct stub_cmd cmd[STUB_MAX_CMDS];
	struct {
		uint64_t fd;	/* the listener's copy in the stub */
		uint64_t resp[3];	/* struct seccomp_notif_resp */
	} answer[2];		/* STUB_CTL_ANSWER */
};

/* Where the syscall thread's recvmsg puts a file umk sends (a struct
 * msghdr, its iovec and buffers, set up by umk in the result page).  The
 * file always lands on STUB_FD_XFER, the lowest free fd. */
struct stub_recv {
	uint64_t msg_name;
	uint32_t msg_namelen, pad0;
	uint64_t msg_iov;
	uint64_t msg_iovlen;
	uint64_t msg_control;
	uint64_t msg_controllen;
	uint32_t msg_flags, pad1;
	uint64_t iov_base;
	uint64_t iov_len;
	uint8_t byte[8];
	uint8_t control[16 + 4 * 32];	/* cmsghdr and up to 32 fds */
};

/* Files one plat_as_map_files batch may carry (they land on fds 2..33). */
#define STUB_MAX_XFER	32

struct stub_res {
	uint32_t done_seq;	/* seq of the last finished batch */
	uint32_t ndone;		/* commands that succeeded */
	int64_t ret[STUB_MAX_CMDS];
	struct stub_recv recv;
};

/* ---- the link cache (STUB_FAST) ----
 *
 * What readlink(2) of a path said, for the handler to answer again without
 * a round trip to umk: -EINVAL (the path names something that is not a
 * symlink) or -ENOENT (its last name is missing).  A compiler's realpath()
 * asks that of the same few hundred paths tens of thousands of times.
 * umk fills it (vfs/linkcache.c) and bumps gen when anything an entry
 * rests on may have changed; drain_seq is odd while umk reads the host's
 * inotify events, which may bump it.  An entry is for one root (the
 * process's ctl->fast_root) and one absolute path with no ".", ".." or
 * "//" in it, of at most STUB_FAST_PATH bytes, which it holds as two
 * 64-bit hashes of different kinds (stub_fast_hash), not as text: every
 * guest process can read the table, and the names other users' processes
 * looked up are not its business.  An entry's seq is odd while umk writes
 * it; a reader checks seq, gen and drain_seq again after it has read the
 * entry.  Slot 0 is the header (slot 1 is unused); a path goes in one of
 * the two slots stub_fast_slot(its first hash, 0 or 1).
 */
#define STUB_FAST_ENTRY	32
#define STUB_FAST_SLOTS	(STUB_FAST_SIZE / STUB_FAST_ENTRY)
#define STUB_FAST_PATH	255

struct stub_fast_hdr {
	uint32_t gen;		/* never 0 */
	uint32_t drain_seq;
};

struct stub_fast_entry {
	uint32_t seq;		/* odd while umk writes the entry */
	uint32_t gen;		/* the header's gen when written (0: none) */
	uint32_t root;
	int16_t result;		/* -EINVAL or -ENOENT */
	uint16_t len;
	uint64_t hash[2];
};

/* The two hashes of (root, s[0..len)): FNV-1a and a multiply-xorshift,
 * unrelated enough that no two paths a program uses share both. */
static inline void stub_fast_hash(uint32_t root, const char *s, uint32_t len, uint64_t h[2])
{
	uint64_t a = 0xcbf29ce484222325ULL ^ root, b = 0x9e3779b97f4a7c15ULL + root + len;

	for (uint32_t i = 0; i < len; i++) {
		a = (a ^ (uint8_t)s[i]) * 0x100000001b3ULL;
		b = (b + (uint8_t)s[i]) * 0xbf58476d1ce4e5b9ULL;
		b ^= b >> 29;
	}
	h[0] = a ^ (a >> 32);
	h[1] = b;
}

static inline uint32_t stub_fast_slot(uint64_t hash, uint32_t way)
{
	return 2 + 2 * (uint32_t)(hash % ((STUB_FAST_SLOTS - 2) / 2)) + way;
}

/* ---- the zygote's request and reply (over its SOCK_SEQPACKET) ---- */

struct stub_fork_req {
	uint64_t ctl_off;	/* memfd offsets of the command and result pages */
	uint64_t res_off;
	uint64_t fast_off;	/* and of the link cache */
};

struct stub_fork_reply {
	int32_t pid;		/* host pid of the new stub, or -errno */
	int32_t pad;
};

#endif /* !__ASSEMBLER__ */
#endif
