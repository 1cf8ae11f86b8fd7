// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF64 headers, checked before anything is loaded: only x86-64 executables
 * (ET_EXEC) and position-independent ones (ET_DYN: PIE, static-PIE, ld.so),
 * with sane program headers.  A pure function of the bytes read.
 */
#include "kernel.h"
#include "elf.h"
#include "mm.h"

int elf_check_header(const void *buf, size_t len, struct elf_image *img)
{
	const struct elf64_ehdr *eh = buf;

	if (len < sizeof(*eh))
		return -ENOEXEC;
	if (memcmp(eh->e_ident, "\177ELF", 4) || eh->e_ident[4] != ELFCLASS64 ||
	    eh->e_ident[5] != ELFDATA2LSB || eh->e_ident[6] != EV_CURRENT)
		return -ENOEXEC;
	if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_machine != EM_X86_64 || eh->e_version != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_MAX_PHDRS)
		return -ENOEXEC;
	if (eh->e_phoff > (1ULL << 40))
		return -ENOEXEC;
	img->eh = *eh;
	return 0;
}

int elf_parse_phdrs(struct elf_image *img, const void *buf, size_t len)
{
	size_t need = (size_t)img->eh.e_phnum * sizeof(struct elf64_phdr);
	bool any_load = false;

	if (len < need)
		return -ENOEXEC;
	memcpy(img->ph, buf, need);
	img->nph = img->eh.e_phnum;
	img->interp = -1;
	img->exec_stack = false;
	img->lo = ~0ULL;
	img->hi = 0;

	for (int i = 0; i < img->nph; i++) {
		const struct elf64_phdr *p = &img->ph[i];

		switch (p->p_type) {
		case PT_LOAD:
			if (p->p_filesz > p->p_memsz)
				return -EINVAL;
			if ((p->p_vaddr - p->p_offset) & (PAGE_SIZE - 1))
				return -EINVAL;
			if (p->p_memsz > TASK_SIZE || p->p_vaddr > TASK_SIZE - p->p_memsz ||
			    p->p_offset + p->p_filesz < p->p_offset)
				return -EINVAL;
			if (!p->p_memsz)
				break;
			any_load = true;
			img->lo = MIN(img->lo, ALIGN_DOWN(p->p_vaddr, PAGE_SIZE));
			img->hi = MAX(img->hi, PAGE_ALIGN(p->p_vaddr + p->p_memsz));
			break;
		case PT_INTERP:
			if (img->interp >= 0)
				return -EINVAL;
			if (p->p_filesz < 2 || p->p_filesz > PATH_MAX ||
			    p->p_offset + p->p_filesz < p->p_offset)
				return -ENOEXEC;
			img->interp = i;
			break;
		case PT_GNU_STACK:
			img->exec_stack = p->p_flags & PF_X;
			break;
		}
	}
	if (!any_load)
		return -ENOEXEC;
	if (img->eh.e_type == ET_EXEC && img->lo < 0x10000)
		return -EINVAL;
	return 0;
}

int elf_bias(const struct elf_image *img, u64 base, u64 *bias)
{
	*bias = img->eh.e_type == ET_DYN ? base - img->lo : 0;
	if (img->hi + *bias > TASK_SIZE || img->hi + *bias < img->hi - img->lo)
		return -EINVAL;
	return 0;
}

static unsigned seg_prot(u32 flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

int elf_segment(const struct elf_image *img, int i, u64 bias, struct elf_seg *s)
{
	const struct elf64_phdr *p = &img->ph[i];

	if (p->p_type != PT_LOAD || !p->p_memsz)
		return 1;

	u64 start = p->p_vaddr + bias;
	u64 file_end = start + p->p_filesz;
	u64 mem_end = start + p->p_memsz;

	s->prot = seg_prot(p->p_flags);
	s->map = ALIGN_DOWN(start, PAGE_SIZE);
	s->map_len = p->p_filesz ? PAGE_ALIGN(file_end) - s->map : 0;
	s->off = ALIGN_DOWN(p->p_offset, PAGE_SIZE);
	/* .bss: the rest of the last file page reads as zero */
	s->zero = file_end;
	s->zero_len = p->p_memsz > p->p_filesz && p->p_filesz && (s->prot & PROT_WRITE) ?
			      PAGE_ALIGN(file_end) - file_end : 0;
	s->anon = p->p_filesz ? PAGE_ALIGN(file_end) : s->map;
	s->anon_len = p->p_memsz > p->p_filesz && PAGE_ALIGN(mem_end) > s->anon ?
			      PAGE_ALIGN(mem_end) - s->anon : 0;
	s->mem_end = mem_end;
	return 0;
}
