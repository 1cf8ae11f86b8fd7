// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Core dumps: a process killed by a signal whose default action is "core"
 * leaves an ELF core file named "core" in its working directory, as Linux
 * does with core_pattern "core" (its default), when RLIMIT_CORE allows it
 * and the process is dumpable.  The wait status then has WCOREDUMP set, so
 * shells print "(core dumped)" only when there is a core.
 *
 * The file is what gdb reads: an ELF header of type ET_CORE, a PT_NOTE
 * segment (NT_PRSTATUS with the registers of the thread that took the
 * signal, NT_PRPSINFO, NT_AUXV, NT_FPREGSET), then a PT_LOAD segment per
 * VMA.  As with Linux's default coredump_filter, anonymous and written
 * private memory is dumped whole, a read-only file mapping only by its
 * first page when it starts the file (the ELF header, for the build id).
 * Pages never touched are holes in the file.  The dump stops at
 * RLIMIT_CORE.  Only the thread that took the signal is described; the
 * other threads of the process are not stopped to read theirs.
 */
#include "kernel.h"
#include "task.h"
#include "mm.h"
#include "signal.h"
#include "abi/elf.h"
#include "vfs/vfs.h"

#define ET_CORE		4
#define PT_NOTE		4
#define NT_PRSTATUS	1
#define NT_PRFPREG	2
#define NT_PRPSINFO	3
#define NT_AUXV		6

/* struct elf_prstatus of x86-64 (336 bytes) */
struct core_prstatus {
	int32_t si_signo, si_code, si_errno;
	int16_t cursig;
	uint16_t pad0;
	uint64_t sigpend, sighold;
	int32_t pid, ppid, pgrp, sid;
	int64_t times[8];		/* utime, stime, cutime, cstime: sec, usec */
	uint64_t reg[27];		/* struct user_regs_struct */
	int32_t fpvalid;
	int32_t pad1;
};
_Static_assert(sizeof(struct core_prstatus) == 336, "elf_prstatus");

/* struct elf_prpsinfo of x86-64 (136 bytes) */
struct core_prpsinfo {
	char state, sname, zomb, nice;
	uint32_t pad0;
	uint64_t flag;
	uint32_t uid, gid;
	int32_t pid, ppid, pgrp, sid;
	char fname[16];
	char psargs[80];
};
_Static_assert(sizeof(struct core_prpsinfo) == 136, "elf_prpsinfo");

struct core_writer {
	struct file *f;
	u64 limit;		/* RLIMIT_CORE */
	u64 pos;
	bool hole_at_end;	/* the last bytes were skipped, not written */
	int err;
};

static void put(struct core_writer *w, const void *buf, size_t len)
{
	if (w->err)
		return;
	if (w->pos + len > w->limit) {
		w->err = -EFBIG;
		return;
	}
	long n = vfs_kernel_write(w->f, buf, len, (s64)w->pos);

	if (n != (long)len)
		w->err = n < 0 ? (int)n : -EIO;
	w->pos += len;
	w->hole_at_end = false;
}

static size_t note_size(size_t desc)
{
	return 12 + 8 + ALIGN_UP(desc, 4);	/* header, "CORE\0" padded */
}

static void put_note(struct core_writer *w, u32 type, const void *desc, size_t len)
{
	u32 hdr[3] = { 5, (u32)len, type };
	static const char name[8] = "CORE";
	static const u8 zero[4];

	put(w, hdr, sizeof(hdr));
	put(w, name, sizeof(name));
	put(w, desc, len);
	put(w, zero, ALIGN_UP(len, 4) - len);
}

/* How much of v goes into the core. */
static u64 vma_dump_size(const struct vma *v)
{
	if (!(v->prot & PROT_READ))
		return 0;
	if (!v->file || (v->prot & PROT_WRITE) || (v->flags & VMA_SHARED))
		return v->end - v->start;	/* anonymous, data, shared */
	return v->pgoff == 0 ? PAGE_SIZE : 0;	/* an ELF header */
}

/* The pages of [start, start+len): present frames are written, the rest
 * left as holes (a direct file mapping's page is read from the file). */
static void put_memory(struct core_writer *w, struct mm *mm, const struct vma *v, u64 len)
{
	u8 *page = NULL;

	for (u64 a = v->start; a < v->start + len && !w->err; a += PAGE_SIZE) {
		u64 *pte = pt_lookup(&mm->pt, a, false);

		if (pte && (*pte & PTE_PRESENT)) {
			put(w, frame_ptr(PTE_PFN(*pte)), PAGE_SIZE);
			continue;
		}
		if ((v->flags & VMA_HOSTFILE) && v->file) {
			if (!page && !(page = kzalloc(PAGE_SIZE))) {
				w->err = -ENOMEM;
				break;
			}
			memset(page, 0, PAGE_SIZE);
			vfs_kernel_read(v->file, page, PAGE_SIZE, (s64)(v->pgoff + (a - v->start)));
			put(w, page, PAGE_SIZE);
			continue;
		}
		if (w->pos + PAGE_SIZE > w->limit)
			w->err = -EFBIG;
		w->pos += PAGE_SIZE;	/* a hole */
		w->hole_at_end = true;
	}
	kfree(page);
}

static void fill_prstatus(struct core_prstatus *ps, struct task *t, int sig, int code)
{
	struct process *p = t->proc;
	const struct plat_regs *r = &t->regs;

	memset(ps, 0, sizeof(*ps));
	ps->si_signo = sig;
	ps->si_code = code;
	ps->cursig = (int16_t)sig;
	ps->sigpend = t->pending.set | p->shared_pending.set;
	ps->sighold = t->sigmask;
	ps->pid = t->tid;
	ps->ppid = p->parent ? p->parent->pid : 0;
	ps->pgrp = p->pgid;
	ps->sid = p->sid;
	/* user_regs_struct: the order of struct plat_regs */
	memcpy(ps->reg, r, sizeof(ps->reg));
	ps->fpvalid = 1;
}

static void fill_prpsinfo(struct core_prpsinfo *pi, struct task *t)
{
	struct process *p = t->proc;
	struct mm *mm = p->mm;
	size_t n = 0;

	memset(pi, 0, sizeof(*pi));
	pi->state = 0;
	pi->sname = 'R';
	pi->uid = p->cred.uid;
	pi->gid = p->cred.gid;
	pi->pid = p->pid;
	pi->ppid = p->parent ? p->parent->pid : 0;
	pi->pgrp = p->pgid;
	pi->sid = p->sid;
	memcpy(pi->fname, p->comm, MIN(sizeof(pi->fname), sizeof(p->comm)));
	pi->fname[sizeof(pi->fname) - 1] = 0;
	if (mm && mm->arg_end > mm->arg_start) {
		n = MIN(mm->arg_end - mm->arg_start, sizeof(pi->psargs) - 1);
		if (mm_copy_from(mm, pi->psargs, UPTR(mm->arg_start), n))
			n = 0;
		for (size_t i = 0; i + 1 < n; i++)
			if (!pi->psargs[i])
				pi->psargs[i] = ' ';	/* argv, as ps shows it */
	}
	pi->psargs[n] = 0;
}

static int write_core(struct core_writer *w, struct task *t, int sig, int code)
{
	struct mm *mm = t->proc->mm;
	struct core_prstatus ps;
	struct core_prpsinfo pi;
	size_t fplen = 0;
	void *fp = t->ctx ? plat_ctx_fpstate(t->ctx, &fplen) : NULL;
	size_t auxlen = mm->saved_auxv_n * sizeof(u64);
	int nvma = mm->vmas.n;
	size_t notes = note_size(sizeof(ps)) + note_size(sizeof(pi)) +
		       note_size(auxlen) + (fp ? note_size(512) : 0);
	u64 off = sizeof(struct elf64_ehdr) + (u64)(nvma + 1) * sizeof(struct elf64_phdr);
	u64 data = ALIGN_UP(off + notes, PAGE_SIZE);

	struct elf64_ehdr eh = {
		.e_ident = { 0x7f, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* LE */, 1 },
		.e_type = ET_CORE,
		.e_machine = 62,	/* EM_X86_64 */
		.e_version = 1,
		.e_phoff = sizeof(struct elf64_ehdr),
		.e_ehsize = sizeof(struct elf64_ehdr),
		.e_phentsize = sizeof(struct elf64_phdr),
		.e_phnum = (u16)(nvma + 1),
	};

	put(w, &eh, sizeof(eh));
	struct elf64_phdr ph = { .p_type = PT_NOTE, .p_offset = off, .p_filesz = notes };

	put(w, &ph, sizeof(ph));
	u64 at = data;

	for (int i = 0; i < nvma; i++) {
		const struct vma *v = &mm->vmas.v[i];
		u64 size = vma_dump_size(v);

		ph = (struct elf64_phdr){
			.p_type = PT_LOAD,
			.p_flags = ((v->prot & PROT_READ) ? 4 : 0) | ((v->prot & PROT_WRITE) ? 2 : 0) |
				   ((v->prot & PROT_EXEC) ? 1 : 0),
			.p_offset = at,
			.p_vaddr = v->start,
			.p_filesz = size,
			.p_memsz = v->end - v->start,
			.p_align = PAGE_SIZE,
		};
		put(w, &ph, sizeof(ph));
		at += size;
	}

	fill_prstatus(&ps, t, sig, code);
	put_note(w, NT_PRSTATUS, &ps, sizeof(ps));
	fill_prpsinfo(&pi, t);
	put_note(w, NT_PRPSINFO, &pi, sizeof(pi));
	put_note(w, NT_AUXV, mm->saved_auxv, auxlen);
	if (fp)
		put_note(w, NT_PRFPREG, fp, 512);	/* the fxsave part */
	w->pos = data;

	for (int i = 0; i < nvma && !w->err; i++)
		put_memory(w, mm, &mm->vmas.v[i], vma_dump_size(&mm->vmas.v[i]));
	/* A file that ends in a hole still has its full length. */
	if (!w->err && w->hole_at_end) {
		static const u8 zero;

		w->pos--;
		put(w, &zero, 1);
	}
	return w->err;
}

bool do_coredump(struct task *t, int sig, int code)
{
	struct process *p = t->proc;
	u64 limit = p->rlim[RLIMIT_CORE].rlim_cur;
	struct core_writer w = { .limit = limit };
	int ret;

	if (!p->dumpable || !p->mm || limit < PAGE_SIZE)
		return false;
	/* core_pattern "core": a new file in the working directory */
	vfs_unlink(t, AT_FDCWD, "core");
	ret = vfs_open(t, AT_FDCWD, "core", O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, 0600, &w.f);
	if (ret) {
		klog(LOG_INFO, "pid %d: no core dump: %s", p->pid, errno_name(-ret));
		return false;
	}
	ret = write_core(&w, t, sig, code);
	file_put(w.f);
	if (ret && ret != -EFBIG) {
		klog(LOG_INFO, "pid %d: core dump failed: %s", p->pid, errno_name(-ret));
		return false;
	}
	return true;
}
