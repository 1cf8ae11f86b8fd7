// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Physical memory: the frames of the platform's memfd, with reference counts.
 *
 * A frame whose count drops to zero is not free at once: it waits in a
 * discard batch until frame_put_flush() gives its memory back to the host
 * (a hole punched in the memfd), and only then is it free.  So every free
 * frame reads as zero, and anonymous memory never needs clearing.
 *
 * Allocation is next-fit over a bitmap of free frames and hands out runs,
 * so that pages faulted in together are contiguous in the memfd and the
 * host can map them with one mmap.
 */
#include "kernel.h"
#include "mm.h"

#define DISCARD_MAX 64

static u64 nframes;
static u64 nfree;
static u32 *refcount;
static u64 *freemap;		/* bit set: frame is free */
static u64 hint;
static struct {
	pfn_t start;
	u64 len;
} discard[DISCARD_MAX];
static int ndiscard;

static inline bool is_free(pfn_t f)
{
	return freemap[f / 64] & (1ULL << (f % 64));
}

static inline void set_free(pfn_t f, bool free)
{
	if (free)
		freemap[f / 64] |= 1ULL << (f % 64);
	else
		freemap[f / 64] &= ~(1ULL << (f % 64));
}

int phys_init(void)
{
	nframes = plat_phys_size() >> PAGE_SHIFT;
	refcount = kzalloc(nframes * sizeof(*refcount));
	freemap = kzalloc((nframes + 63) / 64 * sizeof(*freemap));
	if (!refcount || !freemap)
		return -ENOMEM;
	/* Frame 0 stays reserved, so that a zero pfn is never a real one. */
	for (pfn_t f = 1; f < nframes; f++)
		set_free(f, true);
	nfree = nframes - 1;
	hint = 1;
	return 0;
}

u64 phys_total_frames(void)
{
	return nframes;
}

u64 phys_free_frames(void)
{
	return nfree;
}

/* The first free frame at or after from (wrapping), or 0 if none. */
static pfn_t find_free(pfn_t from)
{
	u64 nwords = (nframes + 63) / 64;
	u64 w = from / 64;

	for (u64 i = 0; i <= nwords; i++, w = (w + 1) % nwords) {
		u64 bits = freemap[w];

		if (i == 0)
			bits &= ~0ULL << (from % 64);
		if (bits)
			return w * 64 + __builtin_ctzll(bits);
	}
	return 0;
}

unsigned frame_alloc(unsigned want, pfn_t *pfn)
{
	if (!nfree)
		frame_put_flush();
	if (!nfree || !want)
		return 0;
	pfn_t f = find_free(hint);

	if (!f)
		return 0;
	unsigned n = 0;

	while (n < want && f + n < nframes && is_free(f + n)) {
		set_free(f + n, false);
		refcount[f + n] = 1;
		n++;
	}
	nfree -= n;
	hint = f + n < nframes ? f + n : 1;
	*pfn = f;
	return n;
}

void frame_get(pfn_t f)
{
	BUG_ON(f == 0 || f >= nframes || refcount[f] == 0);
	refcount[f]++;
}

unsigned frame_count(pfn_t f)
{
	return f < nframes ? refcount[f] : 0;
}

void frame_put_flush(void)
{
	for (int i = 0; i < ndiscard; i++) {
		plat_phys_discard(discard[i].start << PAGE_SHIFT,
				  discard[i].len << PAGE_SHIFT);
		for (u64 j = 0; j < discard[i].len; j++)
			set_free(discard[i].start + j, true);
		nfree += discard[i].len;
	}
	ndiscard = 0;
}

void frame_put(pfn_t f)
{
	BUG_ON(f == 0 || f >= nframes || refcount[f] == 0);
	if (--refcount[f])
		return;
	if (ndiscard && discard[ndiscard - 1].start + discard[ndiscard - 1].len == f) {
		discard[ndiscard - 1].len++;
		return;
	}
	if (ndiscard == DISCARD_MAX)
		frame_put_flush();
	discard[ndiscard].start = f;
	discard[ndiscard].len = 1;
	ndiscard++;
}
