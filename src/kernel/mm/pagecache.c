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

void pagecache_free(struct pagecache *pc)
{
	pagecache_truncate(pc, 0);
	kfree(pc->pages);
	pc->pages = NULL;
	pc->npages = 0;
}
