// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fork's memory: a copy-on-write copy of an address space.
 *
 * The child gets its own stub and a copy of the VMAs and page tables,
 * with every present frame shared (one more reference each).  Private
 * pages become copy-on-write on both sides: the parent's host mappings of
 * them lose their write right (in runs, flushed before fork returns), the
 * child maps them read-only as it faults.  A write fault then gives the
 * writer its own copy (fault.c), or the frame itself when no one else
 * holds it any more.  MAP_SHARED pages stay shared; direct file mappings
 * are mapped again from their file in the child.
 */
#include "kernel.h"
#include "mm_internal.h"
#include "vfs/vfs.h"

struct fork_walk {
	struct mm *parent, *child;
	const struct vma *v;
	u64 run_start, run_end;		/* parent pages to write-protect */
	u64 map_next_va, map_next_pfn;	/* where the child's run would go on */
	int map_runs;			/* runs the child maps at once */
	int err;
};

/* The child maps at once, read-only where copy-on-write, the pages its
 * parent had mapped (it touched them, so the child likely will): a read
 * fault each would cost more than the batch.  Up to this many runs of
 * contiguous frames; the rest come on demand. */
#define FORK_PREMAP_RUNS 256

static void protect_flush(struct fork_walk *w)
{
	if (w->run_end > w->run_start && !w->err)
		w->err = plat_as_protect(w->parent->as, w->run_start,
					 w->run_end - w->run_start,
					 w->v->prot & ~PROT_WRITE);
	w->run_start = w->run_end = 0;
}

static void copy_pte(u64 va, u64 *pte, void *arg)
{
	struct fork_walk *w = arg;
	u64 *cpte = pt_lookup(&w->child->pt, va, true);
	bool private = !(w->v->flags & VMA_SHARED);

	if (!cpte) {
		w->err = -ENOMEM;
		return;
	}
	frame_get(PTE_PFN(*pte));
	*cpte = PTE_MAKE(PTE_PFN(*pte), PTE_PRESENT | (private ? PTE_COW : 0));
	w->child->pt.npages++;
	if ((*pte & PTE_HOST) && !w->err) {
		bool same_run = va == w->map_next_va && PTE_PFN(*pte) == w->map_next_pfn;

		if (same_run || w->map_runs < FORK_PREMAP_RUNS) {
			w->map_runs += !same_run;
			w->err = plat_as_map(w->child->as, va, PAGE_SIZE, host_prot(w->v, *cpte),
					     PTE_PFN(*pte) << PAGE_SHIFT);
			*cpte |= PTE_HOST;
			w->map_next_va = va + PAGE_SIZE;
			w->map_next_pfn = PTE_PFN(*pte) + 1;
		}
	}
	if (!private || (*pte & PTE_COW))
		return;
	*pte |= PTE_COW;
	if ((*pte & PTE_HOST) && (w->v->prot & PROT_WRITE)) {
		if (w->run_end != va) {
			protect_flush(w);
			w->run_start = va;
		}
		w->run_end = va + PAGE_SIZE;
	}
}

/*
 * A child forked to exec or to exit soon (a shell's fork, a subshell)
 * leaves its parent with every private page copy-on-write, and each
 * window of them would cost the parent a fault to make writable again
 * (tens of microseconds here, where Linux pays one).  So when an address
 * space ends, its parent (if still there) takes back write access at
 * once to each copy-on-write page whose frame it alone holds now: the
 * protections change in runs, queued, done before the parent runs again.
 */
struct unshare_walk {
	struct mm *mm;
	const struct vma *v;
	u64 run_start, run_end;
};

static void unshare_flush(struct unshare_walk *w)
{
	if (w->run_end > w->run_start)
		plat_as_protect(w->mm->as, w->run_start, w->run_end - w->run_start,
				w->v->prot);
	w->run_start = w->run_end = 0;
}

static void unshare_pte(u64 va, u64 *pte, void *arg)
{
	struct unshare_walk *w = arg;

	if (!(*pte & PTE_COW) || frame_count(PTE_PFN(*pte)) != 1)
		return;
	*pte &= ~PTE_COW;
	if (!(*pte & PTE_HOST))
		return;
	if (w->run_end != va) {
		unshare_flush(w);
		w->run_start = va;
	}
	w->run_end = va + PAGE_SIZE;
}

static void take_back_writes(struct mm *mm)
{
	struct unshare_walk w = { .mm = mm };

	for (int i = 0; i < mm->vmas.n; i++) {
		const struct vma *v = &mm->vmas.v[i];

		if ((v->flags & VMA_SHARED) || !(v->prot & PROT_WRITE))
			continue;
		w.v = v;
		pt_walk(&mm->pt, v->start, v->end, unshare_pte, &w);
		unshare_flush(&w);
	}
}

void mm_cow_unlink(struct mm *mm)
{
	struct mm *parent = mm->cow_parent;

	for (struct mm *c = mm->cow_children; c; c = c->cow_sibling)
		c->cow_parent = NULL;
	mm->cow_children = NULL;
	if (!parent)
		return;
	for (struct mm **pp = &parent->cow_children; *pp; pp = &(*pp)->cow_sibling) {
		if (*pp == mm) {
			*pp = mm->cow_sibling;
			break;
		}
	}
	mm->cow_parent = NULL;
	take_back_writes(parent);
}

/* The child's direct file mappings, all in one batch; a mapping that
 * cannot be made that way becomes an ordinary one (copied pages). */
static int map_hostfiles(struct mm *mm)
{
	struct plat_file_map *maps;
	int n = 0, ret;

	for (int i = 0; i < mm->vmas.n; i++)
		n += !!(mm->vmas.v[i].flags & VMA_HOSTFILE);
	if (!n)
		return 0;
	maps = kmalloc(n * sizeof(*maps));
	if (!maps)
		return -ENOMEM;
	n = 0;
	for (int i = 0; i < mm->vmas.n; i++) {
		struct vma *v = &mm->vmas.v[i];
		int fd;

		if (!(v->flags & VMA_HOSTFILE))
			continue;
		fd = file_host_fd(v->file);
		if (fd < 0) {
			v->flags &= ~VMA_HOSTFILE;
			continue;
		}
		maps[n++] = (struct plat_file_map){ v->start, v->end - v->start, v->prot, fd,
						    v->pgoff, 0, v->file->serial };
	}
	ret = plat_as_map_files(mm->as, maps, n);
	for (int i = 0, k = 0; i < mm->vmas.n && ret; i++) {
		struct vma *v = &mm->vmas.v[i];

		if ((v->flags & VMA_HOSTFILE) && maps[k++].err)
			v->flags &= ~VMA_HOSTFILE;
	}
	kfree(maps);
	return ret == -ESRCH ? ret : 0;
}

int mm_fork(struct mm *parent, struct mm **out)
{
	struct mm *mm;
	struct fork_walk w = { .parent = parent };
	int ret;

	ret = mm_new(&mm);
	if (ret)
		return ret;
	mm->mmap_base = parent->mmap_base;
	mm->start_brk = parent->start_brk;
	mm->brk = parent->brk;
	mm->start_stack = parent->start_stack;
	mm->arg_start = parent->arg_start;
	mm->arg_end = parent->arg_end;
	mm->env_start = parent->env_start;
	mm->env_end = parent->env_end;
	mm->start_code = parent->start_code;
	mm->end_code = parent->end_code;
	mm->total_vm = parent->total_vm;
	memcpy(mm->saved_auxv, parent->saved_auxv, sizeof(mm->saved_auxv));
	mm->saved_auxv_n = parent->saved_auxv_n;
	w.child = mm;

	for (int i = 0; i < parent->vmas.n && !w.err; i++) {
		struct vma v = parent->vmas.v[i];

		if (v.file)
			file_get(v.file);
		ret = vma_insert(&mm->vmas, &v);
		if (ret) {
			if (v.file)
				file_put(v.file);
			w.err = ret;
			break;
		}
		w.v = &parent->vmas.v[i];
		pt_walk(&parent->pt, v.start, v.end, copy_pte, &w);
		protect_flush(&w);
	}
	if (!w.err)
		w.err = map_hostfiles(mm);
	/* The parent must not write a shared frame once it runs again. */
	ret = plat_as_flush(parent->as);
	if (!w.err)
		w.err = ret;
	if (w.err) {
		mm_put(mm);
		return w.err;
	}
	mm->cow_parent = parent;
	mm->cow_sibling = parent->cow_children;
	parent->cow_children = mm;
	*out = mm;
	return 0;
}
