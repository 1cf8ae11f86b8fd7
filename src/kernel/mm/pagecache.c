// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A page cache: a file's data as frames of guest physical memory, indexed
 * by page number (tmpfs keeps its files so).  The cache holds one
 * reference on each frame; a mapping of the file holds another: MAP_SHARED
 * mappings write the cache's frames themselves, MAP_PRIVATE ones share
 * them copy-on-write (fault.c).  A hole reads as zeros and takes a frame
 * only when written or mapped.  The data counts against --mem, as the
 * guest's memory.
 */
#include "kernel.h"
#include "mm.h"

static u64 cached_frames;	/* in all page caches: /proc/meminfo's Shmem */

u64 pagecache_frames(void)
{
	return cached_frames;
}

static int grow(struct pagecache *pc, u64 index)
{
	u64 n = pc->npages ? pc->npages : 16;

	while (n <= index)
		n *= 2;
	pfn_t *p = host_realloc(pc->pages, n * sizeof(*p));

	if (!p)
		return -ENOMEM;
	memset(p + pc->npages, 0, (n - pc->npages) * sizeof(*p));
	pc->pages = p;
	pc->npages = n;
	return 0;
}

int pagecache_get(struct pagecache *pc, u64 index, bool create, pfn_t *out)
{
	pfn_t pfn = index < pc->npages ? pc->pages[index] : 0;

	if (!pfn) {
		if (!create)
			return -ENOENT;
		if (index >= pc->npages && grow(pc, index))
			return -ENOMEM;
		if (!frame_alloc(1, &pfn))
			return -ENOMEM;
		pc->pages[index] = pfn;
		pc->nframes++;
		cached_frames++;
	}
	frame_get(pfn);
	*out = pfn;
	return 0;
}

long pagecache_read(struct pagecache *pc, struct uio *u, s64 pos, s64 size)
{
	size_t done = 0, want;

	if (pos >= size)
		return 0;
	want = MIN(u->len, (u64)(size - pos));
	while (done < want) {
		u64 index = (pos + done) >> PAGE_SHIFT, off = (pos + done) & (PAGE_SIZE - 1);
		size_t n = MIN(want - done, PAGE_SIZE - off);
		pfn_t pfn = index < pc->npages ? pc->pages[index] : 0;

		if (pfn)
			uio_copy_out(u, done, (u8 *)frame_ptr(pfn) + off, n);
		else
			uio_zero(u, done, n);
		done += n;
	}
	return done;
}

long pagecache_write(struct pagecache *pc, struct uio *u, s64 pos)
{
	size_t done = 0;

	while (done < u->len) {
		u64 index = (pos + done) >> PAGE_SHIFT, off = (pos + done) & (PAGE_SIZE - 1);
		size_t n = MIN(u->len - done, PAGE_SIZE - off);
		pfn_t pfn;

		if (pagecache_get(pc, index, true, &pfn))
			return done ? (long)done : -ENOSPC;
		uio_copy_in(u, done, (u8 *)frame_ptr(pfn) + off, n);
		frame_put(pfn);
		done += n;
	}
	return done;
}

void pagecache_truncate(struct pagecache *pc, s64 size)
{
	u64 keep = PAGE_ALIGN((u64)size) >> PAGE_SHIFT;

	for (u64 i = keep; i < pc->npages; i++) {
		if (pc->pages[i]) {
			frame_put(pc->pages[i]);
			pc->pages[i] = 0;
			pc->nframes--;
			cached_frames--;
		}
	}
	/* what lies past the end in the last page reads as zero again */
	if ((size & (PAGE_SIZE - 1)) && keep && keep - 1 < pc->npages && pc->pages[keep - 1])
		memset((u8 *)frame_ptr(pc->pages[keep - 1]) + (size & (PAGE_SIZE - 1)), 0,
		       PAGE_SIZE - (size & (PAGE_SIZE - 1)));
	frame_put_flush();
}

int pagecache_alloc(struct pagecache *pc, s64 off, s64 len)
{
	u64 first = (u64)off >> PAGE_SHIFT;
	u64 last = ((u64)off + len - 1) >> PAGE_SHIFT;
	u64 missing = 0;
	pfn_t pfn;

	/* What memory cannot hold fails at once, leaving nothing behind:
	 * count the pages without a frame (all of those past the cache's
	 * end, without looking at them one by one). */
	if (last >= pc->npages)
		missing = last + 1 - MAX(first, pc->npages);
	for (u64 i = first; i <= last && i < pc->npages; i++)
		if (!pc->pages[i])
			missing++;
	if (missing > phys_free_frames())
		return -ENOSPC;
	for (u64 i = first; i <= last; i++) {
		if (pagecache_get(pc, i, true, &pfn))
			return -ENOSPC;
		frame_put(pfn);
	}
	return 0;
}

/* Zero [off, off + n) of page index, if it has a frame. */
static void zero_part(struct pagecache *pc, u64 index, size_t off, size_t n)
{
	if (index < pc->npages && pc->pages[index])
		memset((u8 *)frame_ptr(pc->pages[index]) + off, 0, n);
}

void pagecache_punch(struct pagecache *pc, s64 off, s64 len)
{
	u64 start = off, end = (u64)off + len;

	/* no frames past the cache's last page */
	end = MIN(end, (u64)pc->npages << PAGE_SHIFT);
	while (start < end) {
		u64 index = start >> PAGE_SHIFT;
		size_t po = start & (PAGE_SIZE - 1);
		size_t n = MIN(end - start, PAGE_SIZE - po);
		pfn_t pfn = index < pc->npages ? pc->pages[index] : 0;

		/* A whole page goes, unless a mapping shares its frame: then
		 * it is zeroed in place, so the mapping sees the hole too. */
		if (n == PAGE_SIZE && pfn && frame_count(pfn) == 1) {
			frame_put(pfn);
			pc->pages[index] = 0;
			pc->nframes--;
		} else {
			zero_part(pc, index, po, n);
		}
		start += n;
	}
	frame_put_flush();
}

void pagecache_free(struct pagecache *pc)
{
	pagecache_truncate(pc, 0);
	kfree(pc->pages);
	pc->pages = NULL;
	pc->npages = 0;
}
