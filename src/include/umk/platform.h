/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The platform: how umk runs guest code (src/sandbox/platform.c).
 *
 * An *address space* (struct plat_as) is one host stub process; the kernel
 * fills it from guest physical memory with plat_as_map().  A *context*
 * (struct plat_ctx) is one host thread of a stub, which runs one guest
 * thread: plat_ctx_run() loads the guest's registers, lets it run natively
 * and returns at its next syscall, fault, or kick.
 *
 * Guest physical memory is one sparse memfd; the kernel allocates its
 * frames ([0, plat_phys_size())) and reads and writes them through
 * plat_phys_base().  Host mappings are a cache of the kernel's page tables:
 * the kernel must flush (plat_as_flush) before it reuses a frame it unmapped.
 * Whatever is still queued is flushed by plat_ctx_run() before guest code
 * of the address space runs again.
 */
#ifndef UMK_PLATFORM_H
#define UMK_PLATFORM_H

#include "umk/types.h"

struct plat_as;
struct plat_ctx;

/* x86-64 registers in the order of Linux's struct user_regs_struct. */
struct plat_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss;
	u64 fs_base, gs_base, ds, es, fs, gs;
};

enum plat_event_kind {
	PLAT_EV_SYSCALL,	/* the guest made a syscall: nr in regs.orig_rax */
	PLAT_EV_SYSCALL_FAST,	/* ... known by nr and args alone: regs untouched */
	PLAT_EV_FAULT,		/* page fault: addr, write/exec in err */
	PLAT_EV_SIGNAL,		/* another synchronous fault: SIGILL, SIGFPE, ... */
	PLAT_EV_KICK,		/* plat_ctx_kick() took the thread back */
	PLAT_EV_DEAD,		/* the host process is gone */
};

#define PLAT_FAULT_WRITE	0x2	/* x86 page-fault error code bits */
#define PLAT_FAULT_USER		0x4
#define PLAT_FAULT_EXEC		0x10

struct plat_event {
	enum plat_event_kind kind;
	int signo;		/* host signal, for FAULT and SIGNAL */
	int code;		/* si_code as the host gave it */
	u32 arch;		/* syscall: AUDIT_ARCH of the entry (x86-64 or i386) */
	u64 addr;		/* fault address */
	u64 err;		/* page-fault error code */
	u64 trapno;
	/* SYSCALL_FAST: the call, without the registers.  The next
	 * plat_ctx_run() returns regs->rax as its result and ignores the
	 * other registers, unless plat_ctx_fetch_regs() was called. */
	u64 nr;
	u64 args[6];
};

/* Resume flags for plat_ctx_run(). */
#define PLAT_RUN_FPRESET	0x1	/* FPU to its reset state (execve) */

/* Set up guest physical memory (bytes) and the zygote; host side only. */
int plat_init(u64 phys_size);
/* A host fd the zygote is to hold a copy of while it lives (call before
 * plat_init): the last close of a file, and what the host does then, is
 * the zygote's exit's, not umk's. */
void plat_zygote_hold(int fd);
/* The link cache every stub reads (struct stub_fast_hdr, STUB_FAST_SIZE
 * bytes, zero at first), umk's view; and the fd the stubs ask whether
 * host events wait (plat_zygote_hold's, or -1: they cannot). */
void *plat_fast_table(void);
int plat_fast_watch_fd(void);
/* The link cache's root that every task of as has, or 0 (stub_ctl). */
void plat_as_set_fast_root(struct plat_as *as, u32 root);
void *plat_phys_base(void);
u64 plat_phys_size(void);
/* Give frames back to the host (punch a hole); they read as zero after. */
void plat_phys_discard(u64 off, u64 len);

/* A fresh, empty address space.  May sleep. */
int plat_as_new(struct plat_as **out);
/* Destroy: no guest mapping survives return.  Every context must be gone. */
void plat_as_destroy(struct plat_as *as);
/* Queue changes of host mappings; plat_as_flush() performs them. */
int plat_as_map(struct plat_as *as, u64 va, u64 len, int prot, u64 phys_off);
/* Map host files (each host_fd readable, not taken over) at va,
 * MAP_PRIVATE, read-only: the host's page cache serves these pages and
 * their faults.  Many at once (one message, one batch: fork maps all its
 * files so); flushed. */
struct plat_file_map {
	u64 va, len;
	int prot;
	int host_fd;
	u64 off;
	int err;		/* out: 0 or -errno for this one */
	u64 id;			/* the open file's number, which no other open
				 * file ever has, or 0: the stub keeps a few
				 * files it was sent for their next maps */
};
int plat_as_map_files(struct plat_as *as, struct plat_file_map *maps, int n);
/* The same, queued: the files are sent now and mapped at the next flush,
 * together with whatever else is queued (exec builds a whole address
 * space in one batch so).  A failure then kills the address space. */
int plat_as_queue_files(struct plat_as *as, const struct plat_file_map *maps, int n);
int plat_as_unmap(struct plat_as *as, u64 va, u64 len);
int plat_as_protect(struct plat_as *as, u64 va, u64 len, int prot);
int plat_as_flush(struct plat_as *as);
/* Host pid of the stub, for diagnostics only. */
int plat_as_host_pid(const struct plat_as *as);

/* A new host thread in as; it waits for its first plat_ctx_run(). */
int plat_ctx_new(struct plat_as *as, struct plat_ctx **out);
/* End the host thread (if alive) and free the context. */
void plat_ctx_destroy(struct plat_ctx *ctx);
/* Run the guest with *regs until the next event; *regs is updated.  Sleeps;
 * the caller must not hold the kernel lock. */
void plat_ctx_run(struct plat_ctx *ctx, struct plat_regs *regs, unsigned flags,
		  struct plat_event *ev);
/* Make a running context return with PLAT_EV_KICK soon; any thread. */
void plat_ctx_kick(struct plat_ctx *ctx);
/* After a SYSCALL_FAST event: the thread's registers as the syscall leaves
 * them (rip past the syscall instruction; rax is the caller's to set),
 * for work that needs them (a signal to deliver, a restart).  From then on
 * the context is as after a SYSCALL event.  Sleeps, like plat_ctx_run;
 * -ESRCH if the process died. */
int plat_ctx_fetch_regs(struct plat_ctx *ctx, struct plat_regs *regs);
/* The guest's FPU state as the host saved it at the last event (an xsave
 * image, as in a Linux signal frame): umk's pointer and its size.  Valid
 * until the next plat_ctx_run; NULL if the stub's frame looks wrong.  It
 * lies in guest-writable memory: read it once, check what matters. */
void *plat_ctx_fpstate(struct plat_ctx *ctx, size_t *len);
/* CPU time used by the host thread of ctx, or by the whole stub (ns). */
s64 plat_ctx_cpu_ns(struct plat_ctx *ctx);
s64 plat_as_cpu_ns(struct plat_as *as);

#endif
