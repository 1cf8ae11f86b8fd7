// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signal frames: running a guest handler, and rt_sigreturn.
 *
 * The frame is Linux's x86-64 rt_sigframe, built by umk on the guest's
 * stack (or its alternate stack):
 *
 *	[xsave image, 64-byte aligned]   the guest's FPU state
 *	[siginfo]
 *	[ucontext: flags, link, stack, sigcontext (registers, fpstate
 *	 pointer), sigmask]
 *	[pretcode = sa_restorer]         <- rsp at the handler's entry
 *
 * The FPU state comes from the host's own signal frame in the stub
 * (plat_ctx_fpstate), so it is the guest's, untouched.  rt_sigreturn reads
 * the frame back: general registers (cs, ss and privileged flags are not
 * the guest's to choose), the mask, the alternate stack, and the xsave
 * image, which is checked against what the host CPU and kernel allow
 * before it goes into the host frame.  A frame that cannot be written or
 * read kills the guest with SIGSEGV, as on Linux.
 */
#include "kernel.h"
#include "mm.h"
#include "signal.h"
#include "syscall.h"
#include "task.h"

#define UC_FP_XSTATE		0x1
#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4
#define USER_CS			0x33
#define USER_DS			0x2b
#define SS_AUTODISARM		((int)0x80000000)
#define FXSAVE_SIZE		512
#define XSAVE_HDR		512	/* offset of the xsave header */
#define SW_BYTES		464	/* offset of struct _fpx_sw_bytes */
#define EFLAGS_TF		0x100
#define EFLAGS_DF		0x400
#define EFLAGS_RF		0x10000

static bool on_altstack(const struct task *t, u64 sp)
{
	return t->altstack.ss_size && sp > t->altstack.ss_sp &&
	       sp - t->altstack.ss_sp <= t->altstack.ss_size;
}

static void regs_to_sigcontext(const struct task *t, struct linux_sigcontext *sc)
{
	const struct plat_regs *r = &t->regs;

	memset(sc, 0, sizeof(*sc));
	sc->r8 = r->r8, sc->r9 = r->r9, sc->r10 = r->r10, sc->r11 = r->r11;
	sc->r12 = r->r12, sc->r13 = r->r13, sc->r14 = r->r14, sc->r15 = r->r15;
	sc->rdi = r->rdi, sc->rsi = r->rsi, sc->rbp = r->rbp, sc->rbx = r->rbx;
	sc->rdx = r->rdx, sc->rax = r->rax, sc->rcx = r->rcx, sc->rsp = r->rsp;
	sc->rip = r->rip, sc->eflags = r->eflags;
	sc->cs = USER_CS;
	sc->ss = USER_DS;
}

bool sigframe_setup(struct task *t, int sig, const struct linux_siginfo *info,
		    const struct linux_sigaction *sa)
{
	struct linux_rt_sigframe f;
	size_t fplen = 0;
	void *fp = t->ctx ? plat_ctx_fpstate(t->ctx, &fplen) : NULL;
	u64 sp = t->regs.rsp, fpaddr = 0;
	bool was_on = on_altstack(t, sp);

	if (!(sa->flags & SA_RESTORER))
		return false;	/* x86-64 has no default return path */
	if ((sa->flags & SA_ONSTACK) && t->altstack.ss_size && !was_on)
		sp = t->altstack.ss_sp + t->altstack.ss_size;
	else
		sp -= 128;	/* the red zone */
	if (fp) {
		sp = ALIGN_DOWN(sp - fplen, 64);
		fpaddr = sp;
	}
	sp = ALIGN_DOWN(sp - sizeof(f), 16) - 8;

	memset(&f, 0, sizeof(f));
	f.pretcode = sa->restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (fp ? UC_FP_XSTATE : 0);
	f.uc.uc_stack = t->altstack;
	if (!t->altstack.ss_size)
		f.uc.uc_stack.ss_flags = SS_DISABLE;
	else if (was_on)
		f.uc.uc_stack.ss_flags |= SS_ONSTACK;
	regs_to_sigcontext(t, &f.uc.uc_mcontext);
	f.uc.uc_mcontext.err = t->fault_err;
	f.uc.uc_mcontext.trapno = t->fault_trapno;
	f.uc.uc_mcontext.cr2 = t->fault_addr;
	f.uc.uc_mcontext.fpstate = fpaddr;
	f.uc.uc_sigmask = t->restore_sigmask ? t->saved_sigmask : t->sigmask;
	f.uc.uc_mcontext.oldmask = f.uc.uc_sigmask;
	f.info = *info;

	if (mm_copy_to(t->proc->mm, UPTR(sp), &f, sizeof(f)))
		return false;
	if (fp) {
		/* Read the host frame once into a buffer, then copy out. */
		u8 *buf = kmalloc(fplen);

		if (!buf)
			return false;
		memcpy(buf, fp, fplen);
		int err = mm_copy_to(t->proc->mm, UPTR(fpaddr), buf, fplen);

		kfree(buf);
		if (err)
			return false;
	}

	t->regs.rip = sa->handler;
	t->regs.rsp = sp;
	t->regs.rdi = sig;
	t->regs.rsi = sp + __builtin_offsetof(struct linux_rt_sigframe, info);
	t->regs.rdx = sp + __builtin_offsetof(struct linux_rt_sigframe, uc);
	t->regs.rax = 0;
	t->regs.eflags &= ~(u64)(EFLAGS_TF | EFLAGS_DF | EFLAGS_RF);
	t->run_flags |= PLAT_RUN_FPRESET;	/* handlers start with a clean FPU */
	t->sigmask |= sa->mask;
	if (!(sa->flags & SA_NODEFER))
		t->sigmask |= sigmask(sig);
	t->sigmask &= ~SIG_KERNEL_ONLY;
	t->restore_sigmask = false;
	if ((t->altstack.ss_flags & SS_AUTODISARM) && !was_on && (sa->flags & SA_ONSTACK))
		t->altstack = (struct linux_stack){ 0 };
	return true;
}

/*
 * Put the guest's xsave image (from its frame, at fpaddr) into the host
 * frame, keeping the host's own software bytes.  The image must not ask
 * the host for more than it gave: features, format, MXCSR bits.
 */
static bool restore_fpstate(struct task *t, u64 fpaddr)
{
	size_t len;
	u8 *host = plat_ctx_fpstate(t->ctx, &len);
	u8 *img;
	bool ok = false;

	if (!host)
		return false;
	img = kmalloc(len);
	if (!img)
		return false;
	if (mm_copy_from(t->proc->mm, img, UPTR(fpaddr), len))
		goto out;

	u32 mxcsr, mask;

	memcpy(&mxcsr, img + 24, 4);
	memcpy(&mask, host + 28, 4);	/* the host's MXCSR_MASK */
	if (!mask)
		mask = 0xffbf;
	if (mxcsr & ~mask)
		goto out;
	if (len > FXSAVE_SIZE) {
		u64 xfeatures, bv, comp;

		memcpy(&xfeatures, host + SW_BYTES + 8, 8);
		memcpy(&bv, img + XSAVE_HDR, 8);
		memcpy(&comp, img + XSAVE_HDR + 8, 8);
		if ((bv & ~xfeatures) || comp)
			goto out;
		for (int i = 16; i < 64; i++)
			if (img[XSAVE_HDR + i])
				goto out;
	}
	/* legacy area but the software bytes, then the xsave part (the
	 * trailing magic stays the host's) */
	memcpy(host, img, SW_BYTES);
	if (len > FXSAVE_SIZE)
		memcpy(host + FXSAVE_SIZE, img + FXSAVE_SIZE, len - FXSAVE_SIZE - 4);
	ok = true;
out:
	kfree(img);
	return ok;
}

long sys_rt_sigreturn(struct task *t, const struct sysargs *a)
{
	u64 frame = t->regs.rsp - 8;	/* the handler's ret popped pretcode */
	struct linux_rt_sigframe f;
	struct linux_sigcontext *sc = &f.uc.uc_mcontext;
	struct plat_regs *r = &t->regs;

	if (mm_copy_from(t->proc->mm, &f, UPTR(frame), sizeof(f)))
		goto bad;
	if (sc->rip >= TASK_SIZE)
		goto bad;
	r->r8 = sc->r8, r->r9 = sc->r9, r->r10 = sc->r10, r->r11 = sc->r11;
	r->r12 = sc->r12, r->r13 = sc->r13, r->r14 = sc->r14, r->r15 = sc->r15;
	r->rdi = sc->rdi, r->rsi = sc->rsi, r->rbp = sc->rbp, r->rbx = sc->rbx;
	r->rdx = sc->rdx, r->rax = sc->rax, r->rcx = sc->rcx, r->rsp = sc->rsp;
	r->rip = sc->rip;
	r->eflags = sc->eflags;	/* the platform keeps only the user bits */
	r->orig_rax = (u64)-1;	/* nothing to restart */
	t->sigmask = f.uc.uc_sigmask & ~SIG_KERNEL_ONLY;
	t->restore_sigmask = false;
	if (sc->fpstate) {
		if (!restore_fpstate(t, sc->fpstate))
			goto bad;
	} else {
		t->run_flags |= PLAT_RUN_FPRESET;
	}
	/* the alternate stack, as sigaltstack(2) would set it (errors ignored) */
	if (!on_altstack(t, r->rsp)) {
		struct linux_stack ss = f.uc.uc_stack;
		int mode = ss.ss_flags & ~SS_AUTODISARM;

		if (mode == SS_DISABLE)
			t->altstack = (struct linux_stack){ 0 };
		else if ((mode == 0 || mode == SS_ONSTACK) && ss.ss_size >= MINSIGSTKSZ)
			t->altstack = (struct linux_stack){ ss.ss_sp, ss.ss_flags & SS_AUTODISARM,
							    0, ss.ss_size };
	}
	t->regs_replaced = true;
	t->in_syscall = false;
	return 0;
bad:
	pr_debug("pid %d: bad signal frame at %#llx", task_pid(t), (unsigned long long)frame);
	force_signal(t, SIGSEGV, SI_KERNEL, 0);
	t->regs_replaced = true;
	t->in_syscall = false;
	return 0;
}
