// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The memory-map operations behind mmap, munmap, mprotect, mremap, brk and
 * madvise.  They change umk's VMAs and page tables first; host mappings
 * follow (dropped here, made again on the next fault).
 */
#include "kernel.h"
#include "mm_internal.h"
#include "vfs/vfs.h"

#define MMAP_MIN_ADDR	0x10000UL

static bool range_ok(u64 addr, u64 len)
{
	return addr >= MMAP_MIN_ADDR && len <= TASK_SIZE && addr <= TASK_SIZE - len;
}

static bool range_free(struct mm *mm, u64 addr, u64 len)
{
	int i = vma_index(&mm->vmas, addr);

	return i == mm->vmas.n || mm->vmas.v[i].start >= addr + len;
}

/* The stub's direct file mappings in [start, end) go (queued). */
static int unmap_hostfile(struct mm *mm, u64 start, u64 end)
{
	for (int i = vma_index(&mm->vmas, start);
	     i < mm->vmas.n && mm->vmas.v[i].start < end; i++) {
		struct vma *v = &mm->vmas.v[i];

		if (v->flags & VMA_HOSTFILE) {
			int ret = plat_as_unmap(mm->as, MAX(v->start, start),
						MIN(v->end, end) - MAX(v->start, start));

			if (ret)
				return ret;
		}
	}
	return 0;
}

/* The pages go; the VMAs go (file references dropped by vma_remove).
 * Direct file mappings hold no frames: their unmapping may wait in the
 * queue for the next flush (mm_zap's, or plat_ctx_run's at the latest),
 * so that a MAP_FIXED map over one costs one batch, not two. */
static int unmap_range(struct mm *mm, u64 start, u64 end)
{
	int ret = unmap_hostfile(mm, start, end);

	if (!ret)
		ret = mm_zap(mm, start, end);
	if (ret)
		return ret;
	u64 before = 0;

	for (int i = vma_index(&mm->vmas, start);
	     i < mm->vmas.n && mm->vmas.v[i].start < end; i++)
		before += MIN(mm->vmas.v[i].end, end) - MAX(mm->vmas.v[i].start, start);
	ret = vma_remove(&mm->vmas, start, end, NULL, NULL);
	if (!ret)
		mm->total_vm -= before >> PAGE_SHIFT;
	return ret;
}

long mm_mmap(struct mm *mm, u64 addr, u64 len, unsigned prot, unsigned flags,
	     struct file *file, u64 off)
{
	int ret;

	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (!range_ok(addr, len))
			return -ENOMEM;
		if (!range_free(mm, addr, len)) {
			if (!(flags & MAP_FIXED))
				return -EEXIST;
			ret = unmap_range(mm, addr, addr + len);
			if (ret)
				return ret;
		}
	} else {
		addr = PAGE_ALIGN(addr);
		if (!addr || !range_ok(addr, len) || !range_free(mm, addr, len)) {
			if (flags & MAP_32BIT)
				addr = vma_find_gap(&mm->vmas, len, 0x40000000UL, 0x80000000UL);
			else
				addr = vma_find_gap(&mm->vmas, len, MMAP_MIN_ADDR,
						    mm->mmap_base);
			if (!addr)
				return -ENOMEM;
		}
	}

	struct vma v = {
		.start = addr,
		.end = addr + len,
		.prot = prot & (PROT_READ | PROT_WRITE | PROT_EXEC),
		.flags = (flags & MAP_TYPE) == MAP_SHARED ? VMA_SHARED : 0,
		.file = file ? file_get(file) : NULL,
		.pgoff = file ? off : 0,
	};

	if (flags & MAP_GROWSDOWN)
		v.flags |= VMA_GROWSDOWN;
	/* Read-only file mappings (program and library text): the stub maps
	 * the host file itself, so the host's page cache serves them and
	 * their faults never reach umk.  Otherwise pages are copied in. */
	if (file && !(v.prot & PROT_WRITE) && !map_hostfile(mm, &v, v.start, v.end))
		v.flags |= VMA_HOSTFILE;
	ret = vma_insert(&mm->vmas, &v);
	if (ret) {
		if (file)
			file_put(file);
		return ret;
	}
	mm->total_vm += len >> PAGE_SHIFT;
	vma_merge_all(&mm->vmas);
	if (flags & MAP_POPULATE) {
		ret = mm_populate(mm, addr, addr + len, true);
		if (ret == -ENOMEM) {
			unmap_range(mm, addr, addr + len);
			return ret;
		}
	} else if (!(v.flags & (VMA_SHARED | VMA_HOSTFILE)) && (v.prot & PROT_WRITE) &&
		   !(flags & MAP_NORESERVE)) {
		/*
		 * Private writable memory is written soon where it starts (a
		 * malloc chunk's header, a library's relocations) or, for a
		 * stack, where it ends: bring in that window now, in this
		 * call, rather than in a fault (7 of 10 faults of a build).
		 * Frames only; nothing is lost if they run out.  MAP_NORESERVE
		 * says the mapping is sparse: no.
		 */
		u64 win = MIN(len, (u64)FAULT_AROUND_PAGES << PAGE_SHIFT);

		if (flags & (MAP_STACK | MAP_GROWSDOWN))
			mm_populate(mm, addr + len - win, addr + len, true);
		else
			mm_populate(mm, addr, addr + win, true);
	}
	return addr;
}

int mm_munmap(struct mm *mm, u64 addr, u64 len)
{
	if ((addr & ~PAGE_MASK) || !len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (len > TASK_SIZE || addr > TASK_SIZE - len)
		return -EINVAL;
	return unmap_range(mm, addr, addr + len);
}

/* Every byte of [start, end) is in some VMA. */
static bool fully_mapped(struct mm *mm, u64 start, u64 end)
{
	u64 a = start;

	for (int i = vma_index(&mm->vmas, start); i < mm->vmas.n && a < end; i++) {
		if (mm->vmas.v[i].start > a)
			return false;
		a = mm->vmas.v[i].end;
	}
	return a >= end;
}

struct reprotect {
	struct mm *mm;
	struct vma *v;
	u64 run_start, run_end;
	int run_prot;
	int err;
};

static void reprotect_flush(struct reprotect *r)
{
	if (r->run_end > r->run_start && !r->err)
		r->err = plat_as_protect(r->mm->as, r->run_start,
					 r->run_end - r->run_start, r->run_prot);
	r->run_start = r->run_end = 0;
}

/* Host-mapped pages get their new rights, in runs of equal rights. */
static void reprotect_page(u64 va, u64 *pte, void *arg)
{
	struct reprotect *r = arg;

	if (!(*pte & PTE_HOST))
		return;
	int prot = host_prot(r->v, *pte);

	if (r->run_end != va || prot != r->run_prot) {
		reprotect_flush(r);
		r->run_start = va;
		r->run_prot = prot;
	}
	r->run_end = va + PAGE_SIZE;
}

int mm_mprotect(struct mm *mm, u64 addr, u64 len, unsigned prot)
{
	int ret;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (len > TASK_SIZE || addr > TASK_SIZE - len || !fully_mapped(mm, addr, addr + len))
		return -ENOMEM;
	prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
	/* A shared file mapping may become writable only if the file was
	 * opened for writing, its pages are umk's (a page cache) and it is
	 * not sealed against writing (memfd seals). */
	for (int i = vma_index(&mm->vmas, addr);
	     i < mm->vmas.n && mm->vmas.v[i].start < addr + len; i++) {
		struct file *f = mm->vmas.v[i].file;

		if ((prot & PROT_WRITE) && (mm->vmas.v[i].flags & VMA_SHARED) && f &&
		    (!f->fop->get_page || (f->flags & O_ACCMODE) != O_RDWR ||
		     (f->inode->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))))
			return -EACCES;
	}
	ret = vma_split_at(&mm->vmas, addr);
	if (!ret)
		ret = vma_split_at(&mm->vmas, addr + len);
	if (ret)
		return ret;

	struct reprotect r = { .mm = mm };

	for (int i = vma_index(&mm->vmas, addr);
	     i < mm->vmas.n && mm->vmas.v[i].start < addr + len; i++) {
		struct vma *v = &mm->vmas.v[i];

		v->prot = prot;
		if (v->flags & VMA_HOSTFILE) {
			/* Writable: from now on, copies in the memfd. */
			if (prot & PROT_WRITE) {
				v->flags &= ~VMA_HOSTFILE;
				if (!r.err)
					r.err = plat_as_unmap(mm->as, v->start, v->end - v->start);
			} else if (!r.err) {
				r.err = plat_as_protect(mm->as, v->start, v->end - v->start, prot);
			}
			continue;
		}
		r.v = v;
		pt_walk(&mm->pt, v->start, v->end, reprotect_page, &r);
		reprotect_flush(&r);
	}
	vma_merge_all(&mm->vmas);
	/* The host's rights change with the syscall's answer (nothing is
	 * freed here): the platform runs what is queued before the thread
	 * goes on. */
	return r.err;
}

struct move {
	struct mm *mm;
	s64 delta;
	int err;
};

static void move_page(u64 va, u64 *pte, void *arg)
{
	struct move *m = arg;
	u64 *dst = pt_lookup(&m->mm->pt, va + m->delta, true);

	if (!dst) {
		m->err = -ENOMEM;
		return;
	}
	*dst = *pte & ~PTE_HOST;
	*pte = 0;
}

long mm_mremap(struct mm *mm, u64 old, u64 old_len, u64 new_len,
	       unsigned flags, u64 new_addr)
{
	int ret;

	if ((old & ~PAGE_MASK) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len || !old_len)
		return -EINVAL;	/* old_len 0 duplicates shared mappings only */

	struct vma *v = vma_find(&mm->vmas, old);

	if (!v || old + old_len > v->end || old + old_len < old)
		return -EFAULT;
	if (!(flags & MREMAP_FIXED)) {
		if (new_len <= old_len) {
			if (new_len < old_len) {
				ret = unmap_range(mm, old + new_len, old + old_len);
				if (ret)
					return ret;
			}
			return old;
		}
		/* Grow in place when the VMA ends here and room follows. */
		if (old + old_len == v->end && range_ok(old, new_len) &&
		    range_free(mm, v->end, new_len - old_len)) {
			if ((v->flags & VMA_HOSTFILE) &&
			    map_hostfile(mm, v, v->end, old + new_len))
				return -ENOMEM;
			v->end = old + new_len;
			mm->total_vm += (new_len - old_len) >> PAGE_SHIFT;
			return old;
		}
		if (!(flags & MREMAP_MAYMOVE))
			return -ENOMEM;
		new_addr = vma_find_gap(&mm->vmas, new_len, MMAP_MIN_ADDR, mm->mmap_base);
		if (!new_addr)
			return -ENOMEM;
	} else {
		if ((new_addr & ~PAGE_MASK) || !range_ok(new_addr, new_len))
			return -EINVAL;
		if (new_addr < old + old_len && old < new_addr + new_len)
			return -EINVAL;
		ret = unmap_range(mm, new_addr, new_addr + new_len);
		if (ret)
			return ret;
		v = vma_find(&mm->vmas, old);
	}

	/* Move: the new VMA takes the old one's place and pages. */
	struct vma nv = *v;
	u64 keep = MIN(old_len, new_len);

	nv.start = new_addr;
	nv.end = new_addr + new_len;
	if (nv.file) {
		nv.pgoff += old - v->start;
		file_get(nv.file);
	}
	ret = mm_unmap_host(mm, old, old + old_len);
	if (ret)
		goto out_file;
	struct move m = { mm, (s64)(new_addr - old), 0 };

	pt_walk(&mm->pt, old, old + keep, move_page, &m);
	if (m.err) {
		ret = m.err;
		goto out_file;
	}
	ret = unmap_range(mm, old, old + old_len);
	if (ret)
		goto out_file;
	if ((nv.flags & VMA_HOSTFILE) && map_hostfile(mm, &nv, nv.start, nv.end))
		nv.flags &= ~VMA_HOSTFILE;	/* its pages will be copied in */
	ret = vma_insert(&mm->vmas, &nv);
	if (ret)
		goto out_file;
	mm->total_vm += new_len >> PAGE_SHIFT;
	vma_merge_all(&mm->vmas);
	return new_addr;
out_file:
	if (nv.file)
		file_put(nv.file);
	return ret;
}

long mm_brk(struct mm *mm, u64 brk)
{
	u64 old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(brk);

	if (brk < mm->start_brk || brk >= mm->mmap_base)
		return mm->brk;
	if (new_end < old_end) {
		if (unmap_range(mm, new_end, old_end))
			return mm->brk;
	} else if (new_end > old_end) {
		if (!range_free(mm, old_end, new_end - old_end))
			return mm->brk;
		struct vma v = {
			.start = old_end, .end = new_end,
			.prot = PROT_READ | PROT_WRITE, .flags = VMA_HEAP,
		};

		if (vma_insert(&mm->vmas, &v))
			return mm->brk;
		mm->total_vm += (new_end - old_end) >> PAGE_SHIFT;
		vma_merge_all(&mm->vmas);
		/* malloc writes the new top at once: no fault for it */
		mm_populate(mm, old_end,
			    MIN(new_end, old_end + (BRK_POPULATE_PAGES << PAGE_SHIFT)), true);
	}
	mm->brk = brk;
	return brk;
}

int mm_madvise(struct mm *mm, u64 addr, u64 len, int advice)
{
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (len > TASK_SIZE || addr > TASK_SIZE - len)
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_FREE:
		if (!fully_mapped(mm, addr, addr + len))
			return -ENOMEM;
		/* Private pages are gone: zero or the file's again on the
		 * next touch.  Shared anonymous pages would lose data. */
		for (int i = vma_index(&mm->vmas, addr);
		     i < mm->vmas.n && mm->vmas.v[i].start < addr + len; i++) {
			struct vma *v = &mm->vmas.v[i];

			if (v->flags & VMA_SHARED)
				continue;
			int ret = mm_zap(mm, MAX(v->start, addr), MIN(v->end, addr + len));

			if (ret)
				return ret;
		}
		return 0;
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL:
	case MADV_WILLNEED: case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_COLD: case MADV_PAGEOUT: case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
		return fully_mapped(mm, addr, addr + len) ? 0 : -ENOMEM;
	default:
		return -EINVAL;
	}
}
