// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Address spaces: creation, sharing, destruction, and dropping pages.
 * Each struct mm owns one platform address space (a stub process).
 */
#include "kernel.h"
#include "mm_internal.h"
#include "vfs/vfs.h"

int mm_new(struct mm **out)
{
	struct mm *mm = kzalloc(sizeof(*mm));
	int ret;

	if (!mm)
		return -ENOMEM;
	ret = pt_init(&mm->pt);
	if (ret)
		goto out_free;
	ret = plat_as_new(&mm->as);
	if (ret)
		goto out_pt;
	mm->refs = 1;
	mm->mmap_base = STACK_TOP - (256UL << 20);
	*out = mm;
	return 0;
out_pt:
	pt_free(&mm->pt);
out_free:
	kfree(mm);
	return ret;
}

void mm_get(struct mm *mm)
{
	mm->refs++;
}

static void put_page(u64 va, u64 *pte, void *arg)
{
	struct mm *mm = arg;

	frame_put(PTE_PFN(*pte));
	*pte = 0;
	mm->pt.npages--;
}

/* The last reference: every context of mm must be gone already, so no
 * guest code runs in the stub and its frames can be freed once it is told
 * to die. */
void mm_put(struct mm *mm)
{
	if (--mm->refs)
		return;
	plat_as_destroy(mm->as);
	pt_walk(&mm->pt, 0, TASK_SIZE, put_page, mm);
	frame_put_flush();
	mm_cow_unlink(mm);
	pt_free(&mm->pt);
	vma_list_free(&mm->vmas);
	kfree(mm);
}

struct zap {
	struct mm *mm;
	bool host;
};

static void clear_host(u64 va, u64 *pte, void *arg)
{
	struct zap *z = arg;

	if (*pte & PTE_HOST) {
		z->host = true;
		*pte &= ~PTE_HOST;
	}
}

int mm_unmap_host(struct mm *mm, u64 start, u64 end)
{
	struct zap z = { mm, false };
	int ret = 0;

	pt_walk(&mm->pt, start, end, clear_host, &z);
	if (z.host) {
		ret = plat_as_unmap(mm->as, start, end - start);
		if (!ret)
			ret = plat_as_flush(mm->as);
	}
	return ret;
}

int mm_zap(struct mm *mm, u64 start, u64 end)
{
	/* The stub must let go before the frames can be reused. */
	int ret = mm_unmap_host(mm, start, end);

	if (ret)
		return ret;
	pt_walk(&mm->pt, start, end, put_page, mm);
	frame_put_flush();
	return 0;
}

int file_host_fd(struct file *f)
{
	if (!f || !f->fop || !f->fop->host_fd)
		return -ENODEV;
	return f->fop->host_fd(f);
}

int map_hostfile(struct mm *mm, const struct vma *v, u64 start, u64 end)
{
	int fd = file_host_fd(v->file);

	if (fd < 0)
		return fd;
	struct plat_file_map m = { start, end - start, v->prot, fd,
				   v->pgoff + (start - v->start), 0, v->file->serial };

	/* Queued when it cannot fail (exec's image, a file the host surely
	 * maps): the syscall's answer waits for it anyway, and a batch costs
	 * a round trip to the stub.  Otherwise tried now: a failure means
	 * pages copied in instead. */
	if (mm->building || (v->file->fop->host_map_sure &&
			     v->file->fop->host_map_sure(v->file, v->prot)))
		return plat_as_queue_files(mm->as, &m, 1);
	return plat_as_map_files(mm->as, &m, 1);
}
