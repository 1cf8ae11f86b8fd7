// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the syscall dispatcher (syscall_enter) with arguments
 * from the input, for one process of a kernel booted as kernel_main boots
 * it: a read-only hostfs root (an empty host directory of its own), the
 * boot mounts (tmpfs /tmp, procfs, devfs), and a real stub for the
 * process's address space and a thread in it.  That thread never runs
 * guest code (it waits for the answer to its first event), so what the
 * calls do to guest memory goes through umk's page tables and the stub's
 * syscall thread only.
 *
 * Input: a count, that many records, and the rest, copied into a scratch
 * mapping at SCRATCH (paths, structs, buffers for the calls to point at).
 * A record is a syscall number (mod 512), two bits per argument saying
 * how to read its 32-bit value (a small signed number; a pointer into the
 * scratch; an fd-sized number; the value in both halves of 64 bits), and
 * six values.
 *
 * Left out, as they would end or replace the task, start host threads or
 * signal it from timers: exit, exit_group, execve, execveat, the clones,
 * the signal senders, alarm, setitimer, timer_create, reboot.  A caught
 * signal is kept pending, so that every interruptible sleep returns at
 * once; what a call changes of the process (fds, mask, handlers, limits,
 * ids, the scratch mapping) is put back before the next input.  State
 * that stays (files in /tmp, the cwd) makes a crash input depend a
 * little on the inputs before it: replay with the corpus if one does not
 * crash alone.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel.h"
#include "mm.h"
#include "signal.h"
#include "syscall.h"
#include "timer.h"
#include "task.h"
#include "vfs/vfs.h"

/* The host's open(2), without <fcntl.h>, whose O_* umk's abi/ defines
 * too (with the same values). */
int open(const char *path, int flags, ...);

#define SCRATCH		0x10000000UL
#define SCRATCH_LEN	0x10000UL
#define MAX_RECORDS	16

struct record {
	uint16_t nr;
	uint16_t kinds;		/* 2 bits per argument */
	uint32_t v[6];
} __attribute__((packed));

static struct task *t;
static struct process *p;
static struct linux_rlimit rlim0[RLIM_NLIMITS];
static struct cred cred0;

static bool left_out(unsigned nr)
{
	switch (nr) {
	case 56: case 57: case 58: case 435:	/* clone, fork, vfork, clone3 */
	case 59: case 322:			/* execve, execveat */
	case 60: case 231:			/* exit, exit_group */
	case 62: case 200: case 234:		/* kill, tkill, tgkill */
	case 129: case 297: case 424:		/* rt_(tg)sigqueueinfo, pidfd_send_signal */
	case 37: case 38: case 222:		/* alarm, setitimer, timer_create */
	case 169:				/* reboot */
		return true;
	}
	return false;
}

static u64 arg(unsigned kind, uint32_t v)
{
	switch (kind) {
	case 0:
		return (u64)(s64)(int32_t)v;
	case 1:
		return SCRATCH + v % SCRATCH_LEN;
	case 2:
		return v % 32;
	default:
		return (u64)v << 32 | v;
	}
}

/* A fresh scratch mapping holding data. */
static void scratch_reset(const uint8_t *data, size_t len)
{
	mm_mmap(p->mm, SCRATCH, SCRATCH_LEN, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
	if (len > SCRATCH_LEN)
		len = SCRATCH_LEN;
	if (len)
		mm_copy_to(p->mm, UPTR(SCRATCH), data, len);
}

/* The process as the last input found it, put back. */
static void process_reset(void)
{
	struct fdtable *old = p->files;

	p->files = fdtable_alloc();
	if (!p->files)
		abort();
	fdtable_put(old);
	memcpy(p->rlim, rlim0, sizeof(rlim0));
	p->cred = cred0;
	t->sigmask = 0;
	memset(&t->altstack, 0, sizeof(t->altstack));
	for (int sig = 1; sig <= NSIG; sig++)
		memset(&p->sighand->action[sig - 1], 0, sizeof(p->sighand->action[0]));
}

/* SIGUSR2 caught (a handler in the scratch), unblocked and pending. */
static void keep_signal_pending(void)
{
	p->sighand->action[SIGUSR2 - 1].handler = SCRATCH;
	t->sigmask &= ~sigmask(SIGUSR2);
	if (!(signal_pending_set(t) & sigmask(SIGUSR2)))
		send_signal(p, t, SIGUSR2, NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char dir[] = "/tmp/umk-syscall-fuzz-XXXXXX";
	static char *const none[] = { NULL };
	static struct umk_boot b;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (!mkdtemp(dir) || null < 0)
		abort();
	b.root_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	b.root_rdonly = true;
	b.mem_size = 64 << 20;
	b.trace_fd = -1;
	b.console_fd[0] = b.console_fd[1] = b.console_fd[2] = null;
	b.overlay_fd = -1;
	b.argv = b.envp = none;
	if (b.root_fd < 0 || plat_init(b.mem_size))
		abort();
	boot_params = &b;
	host_kernel_lock();	/* held from here on, as by a task */
	p = process_alloc_init();
	t = p ? task_alloc(p, p->pid) : NULL;
	if (phys_init() || ktimers_init() || vfs_init(&b) || !t)
		abort();
	current = t;
	p->fs = fs_alloc_root();
	p->files = fdtable_alloc();
	if (!p->fs || !p->files || vfs_boot_mounts(t, &b) || mm_new(&p->mm) ||
	    plat_ctx_new(p->mm->as, &t->ctx))
		abort();
	memcpy(rlim0, p->rlim, sizeof(rlim0));
	cred0 = p->cred;
	rmdir(dir);	/* the root fd keeps it */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	unsigned n = data[0] % (MAX_RECORDS + 1);
	size_t rest = 1 + n * sizeof(struct record);

	if (size < rest)
		return 0;
	process_reset();
	scratch_reset(data + rest, size - rest);
	for (unsigned i = 0; i < n; i++) {
		struct record r;

		memcpy(&r, data + 1 + i * sizeof(r), sizeof(r));
		r.nr %= 512;
		if (left_out(r.nr))
			continue;
		memset(&t->regs, 0, sizeof(t->regs));
		t->regs.orig_rax = r.nr;
		t->regs.rdi = arg(r.kinds & 3, r.v[0]);
		t->regs.rsi = arg(r.kinds >> 2 & 3, r.v[1]);
		t->regs.rdx = arg(r.kinds >> 4 & 3, r.v[2]);
		t->regs.r10 = arg(r.kinds >> 6 & 3, r.v[3]);
		t->regs.r8 = arg(r.kinds >> 8 & 3, r.v[4]);
		t->regs.r9 = arg(r.kinds >> 10 & 3, r.v[5]);
		t->regs.rsp = SCRATCH + SCRATCH_LEN - 4096;
		t->regs.rip = SCRATCH;
		keep_signal_pending();
		syscall_enter(t);
		if (t->exiting || p->exiting)
			abort();	/* a call left out above ended it */
	}
	return 0;
}
