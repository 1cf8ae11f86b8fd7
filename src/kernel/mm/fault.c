// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Page faults and demand paging.
 *
 * A guest page gets its frame on first touch: by the guest (a host SIGSEGV
 * in the stub, PLAT_EV_FAULT) or by the kernel (uaccess.c).  Anonymous pages
 * are fresh frames, which read as zero; file pages are read from the file.
 * Around each fault a window of FAULT_AROUND_PAGES is brought in at once,
 * with frames that are contiguous in the memfd where possible, so that one
 * host mmap maps them all and the next accesses do not trap.  In private
 * anonymous memory the window grows while the pages just below it are
 * present (a heap or an arena filled upwards): twice the run below it, up
 * to FAULT_GROW_PAGES.  A fault costs tens of microseconds here, a page
 * brought in with others well under one.
 */
#include "kernel.h"
#include "mm_internal.h"
#include "vfs/vfs.h"

/*
 * A write to copy-on-write pages: each page of [start, end) that is still
 * copy-on-write gets its own frame (a copy), or keeps its frame once no
 * one else holds it.  Pages the stub maps are mapped again at once (a
 * MAP_FIXED map replaces the old one), also when map is false: the guest
 * must never see a frame it no longer owns.  Copying the whole window, not
 * only the faulting page, saves the faults its neighbours would take.
 */
static int break_cow(struct mm *mm, struct vma *v, u64 start, u64 end)
{
	for (u64 a = start; a < end; a += PAGE_SIZE) {
		u64 *pte = pt_lookup(&mm->pt, a, false);

		if (!pte || !(*pte & PTE_COW))
			continue;
		pfn_t old = PTE_PFN(*pte), pfn = old;
		bool host = *pte & PTE_HOST;

		if (frame_count(old) > 1) {
			if (!frame_alloc(1, &pfn))
				return -ENOMEM;
			memcpy(frame_ptr(pfn), frame_ptr(old), PAGE_SIZE);
			frame_put(old);
		}
		*pte = PTE_MAKE(pfn, PTE_PRESENT);
		if (host) {
			int ret = plat_as_map(mm->as, a, PAGE_SIZE, host_prot(v, *pte),
					      pfn << PAGE_SHIFT);

			if (ret)
				return ret;
			*pte |= PTE_HOST;
		}
	}
	return 0;
}

/* Fill fresh frames [pfn, pfn+n) from v's file, for pages from va on.
 * Bytes past the end of the file stay zero. */
static void fill_from_file(struct vma *v, u64 va, pfn_t pfn, unsigned n)
{
	u64 off = v->pgoff + (va - v->start);
	long got = vfs_kernel_read(v->file, frame_ptr(pfn), (size_t)n << PAGE_SHIFT, off);

	if (got < 0)
		pr_once(LOG_WARN, "reading a mapped file failed: %s", errno_name(-got));
}

/* Whether the page at va has a frame (sampled to size a growing window). */
static bool page_present(struct mm *mm, u64 va)
{
	u64 *pte = pt_lookup(&mm->pt, va, false);

	return pte && (*pte & PTE_PRESENT);
}

int mm_fault_in(struct mm *mm, struct vma *v, u64 va, bool write, bool map)
{
	u64 win = (u64)FAULT_AROUND_PAGES << PAGE_SHIFT;
	u64 start = MAX(v->start, ALIGN_DOWN(va, win));
	u64 end = MIN(v->end, ALIGN_DOWN(va, win) + win);
	bool from_file = v->file != NULL;
	u64 file_end = 0;
	int ret = 0;

	if (!from_file && !(v->flags & VMA_SHARED) && map) {
		u64 base = ALIGN_DOWN(va, win);
		unsigned pages = FAULT_AROUND_PAGES;

		while (pages < FAULT_GROW_PAGES && base >= v->start + ((u64)pages << PAGE_SHIFT) &&
		       page_present(mm, base - PAGE_SIZE) &&
		       page_present(mm, base - ((u64)pages << PAGE_SHIFT)))
			pages *= 2;
		end = MIN(v->end, base + ((u64)pages << PAGE_SHIFT));
	}

	va = ALIGN_DOWN(va, PAGE_SIZE);
	if (v->flags & VMA_HOSTFILE)
		map = false;	/* the stub maps the host file: copies are umk's */
	if (from_file) {
		struct linux_stat st;

		ret = vfs_fstat(v->file, &st);
		if (ret)
			return ret;
		/* Pages wholly past the end of the file cannot be touched. */
		u64 eof_page = PAGE_ALIGN((u64)st.st_size);

		file_end = eof_page > v->pgoff ? v->start + (eof_page - v->pgoff) : v->start;
		if (va >= file_end)
			return -EIO;
		end = MIN(end, MAX(file_end, va + PAGE_SIZE));
	}

	/* A page-cached file (tmpfs): map its frames, shared or COW. */
	if (from_file && v->file->fop && v->file->fop->get_page) {
		for (u64 a = start; a < end; a += PAGE_SIZE) {
			u64 *pte = pt_lookup(&mm->pt, a, true);
			pfn_t pfn;

			if (!pte)
				return -ENOMEM;
			if (*pte & PTE_PRESENT)
				continue;
			ret = v->file->fop->get_page(v->file, (v->pgoff + (a - v->start)) >> PAGE_SHIFT,
						      write, &pfn);
			if (ret == -EIO && a != va)
				break;	/* past the end of the file */
			if (ret)
				return ret;
			*pte = PTE_MAKE(pfn, PTE_PRESENT | ((v->flags & VMA_SHARED) ? 0 : PTE_COW));
			mm->pt.npages++;
		}
		goto present;
	}

	/* Bring in every missing page of the window, in runs. */
	for (u64 a = start; a < end;) {
		u64 *pte = pt_lookup(&mm->pt, a, true);

		if (!pte)
			return -ENOMEM;
		if (*pte & PTE_PRESENT) {
			a += PAGE_SIZE;
			continue;
		}
		unsigned want = 1;

		while (a + ((u64)want << PAGE_SHIFT) < end) {
			u64 *next = pt_lookup(&mm->pt, a + ((u64)want << PAGE_SHIFT), false);

			if (next && (*next & PTE_PRESENT))
				break;
			want++;
		}
		pfn_t pfn;
		unsigned got = frame_alloc(want, &pfn);

		if (!got) {
			if (a <= va && va < a + ((u64)want << PAGE_SHIFT))
				return -ENOMEM;
			break;	/* the faulting page itself may still be there */
		}
		if (from_file)
			fill_from_file(v, a, pfn, got);
		for (unsigned i = 0; i < got; i++) {
			u64 *p = pt_lookup(&mm->pt, a + ((u64)i << PAGE_SHIFT), true);

			if (!p) {
				for (unsigned j = i; j < got; j++)
					frame_put(pfn + j);
				return -ENOMEM;
			}
			*p = PTE_MAKE(pfn + i, PTE_PRESENT);
			mm->pt.npages++;
		}
		a += (u64)got << PAGE_SHIFT;
	}

present:;
	u64 *pte = pt_lookup(&mm->pt, va, false);

	if (!pte || !(*pte & PTE_PRESENT))
		return -ENOMEM;
	if (write && (*pte & PTE_COW)) {
		ret = break_cow(mm, v, start, end);
		if (ret)
			return ret;
	}
	if (!map)
		return 0;	/* remaps of copied pages go at the next flush */

	/* Map what is present and not yet mapped; the platform merges
	 * neighbours that are contiguous in the memfd. */
	for (u64 a = start; a < end; a += PAGE_SIZE) {
		u64 *p = pt_lookup(&mm->pt, a, false);

		if (!p || (*p & (PTE_PRESENT | PTE_HOST)) != PTE_PRESENT)
			continue;
		ret = plat_as_map(mm->as, a, PAGE_SIZE, host_prot(v, *p),
				  PTE_PFN(*p) << PAGE_SHIFT);
		if (ret)
			return ret;
		*p |= PTE_HOST;
	}
	return 0;	/* flushed before guest code runs (plat_ctx_run) */
}

int mm_fault(struct mm *mm, u64 addr, u64 err)
{
	struct vma *v = vma_find(&mm->vmas, addr);
	bool write = err & PLAT_FAULT_WRITE;
	bool exec = err & PLAT_FAULT_EXEC;

	if (!v || addr >= TASK_SIZE)
		return -EFAULT;
	if ((write && !(v->prot & PROT_WRITE)) || (exec && !(v->prot & PROT_EXEC)) ||
	    !(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EACCES;

	if (v->flags & VMA_HOSTFILE) {
		/* The host serves these pages; a fault it passed on with the
		 * access allowed means the mapping is gone: map it again. */
		return map_hostfile(mm, v, v->start, v->end);
	}

	u64 *pte = pt_lookup(&mm->pt, addr, false);

	if (pte && (*pte & PTE_HOST) && !(write && (*pte & PTE_COW))) {
		/*
		 * Mapped with the right rights, yet it faulted: the host
		 * mapping was lost (the guest cannot unmap, but a failed map
		 * command can leave a hole).  Map it again.
		 */
		*pte &= ~PTE_HOST;
	}
	return mm_fault_in(mm, v, addr, write, true);
}

int mm_populate(struct mm *mm, u64 start, u64 end, bool map)
{
	u64 step = (u64)FAULT_AROUND_PAGES << PAGE_SHIFT;

	for (u64 a = ALIGN_DOWN(start, PAGE_SIZE); a < end;) {
		struct vma *v = vma_find(&mm->vmas, a);

		if (!v)
			return -ENOMEM;
		if (!(v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) ||
		    ((v->flags & VMA_HOSTFILE) && map)) {
			a = v->end;	/* nothing to touch, or the host's */
			continue;
		}
		int ret = mm_fault_in(mm, v, a, false, map);

		if (ret == -EIO) {	/* past the end of the file: done */
			a = v->end;
			continue;
		}
		if (ret)
			return ret;
		a = MIN(ALIGN_DOWN(a, step) + step, v->end);
	}
	return 0;
}
