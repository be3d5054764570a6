// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pal_diag.h"
#include "pal_util.h"

void pal_diag_init(struct pal_diag *d, FILE *err, int strict)
{
	memset(d, 0, sizeof(*d));
	d->err = err;
	d->strict = strict;
}

void pal_diag_fini(struct pal_diag *d)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		free(d->files[i]);
	for (i = 0; i < d->nnoted; i++)
		free(d->noted[i]);
	for (i = 0; i < d->nsrcs; i++)
		free(d->srcs[i].text);
	free(d->files);
	free(d->noted);
	free(d->srcs);
	memset(d, 0, sizeof(*d));
}

const char *pal_diag_intern(struct pal_diag *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		if (!strcmp(d->files[i], name))
			return d->files[i];
	PAL_GROW(d->files, d->files_cap, d->nfiles + 1);
	d->files[d->nfiles] = pal_xstrdup(name);
	return d->files[d->nfiles++];
}

void pal_diag_source(struct pal_diag *d, const char *file, const char *text,
		     size_t len)
{
	size_t i;

	if (!d->show_source)
		return;
	file = pal_diag_intern(d, file);
	for (i = 0; i < d->nsrcs; i++)
		if (d->srcs[i].file == file)
			return;
	PAL_GROW(d->srcs, d->srcs_cap, d->nsrcs + 1);
	d->srcs[d->nsrcs].file = file;
	d->srcs[d->nsrcs].text = pal_xmalloc(len + 1);
	memcpy(d->srcs[d->nsrcs].text, text, len);
	d->srcs[d->nsrcs].text[len] = 0;
	d->srcs[d->nsrcs].len = len;
	d->nsrcs++;
}

/* The line of @loc and a caret under its column, tabs kept for alignment. */
static void pal_quote(struct pal_diag *d, const struct pal_loc *loc)
{
	const char *s = NULL, *end, *p;
	size_t i, len = 0;
	unsigned int line = 1, col;

	for (i = 0; i < d->nsrcs; i++)
		if (!strcmp(d->srcs[i].file, loc->file)) {
			s = d->srcs[i].text;
			len = d->srcs[i].len;
		}
	if (!s)
		return;
	end = s + len;
	for (p = s; p < end && line < loc->line; p++)
		if (*p == '\n')
			line++;
	if (line != loc->line || p >= end)
		return;
	s = p;
	while (p < end && *p != '\n')
		p++;
	fprintf(d->err, "  %.*s\n  ", (int)(p - s), s);
	for (col = 1; col < loc->col && s + col - 1 < p; col++)
		fputc(s[col - 1] == '\t' ? '\t' : ' ', d->err);
	fputs("^\n", d->err);
}

static void pal_vreport(struct pal_diag *d, const struct pal_loc *loc,
			const char *sev, const char *fmt, va_list ap)
{
	if (!d->err)
		return;
	if (loc && loc->file && loc->line)
		fprintf(d->err, "%s:%u:%u: %s: ", loc->file, loc->line,
			loc->col, sev);
	else if (loc && loc->file)
		fprintf(d->err, "%s: %s: ", loc->file, sev);
	else
		fprintf(d->err, "palisade_parser: %s: ", sev);
	vfprintf(d->err, fmt, ap);
	fputc('\n', d->err);
	if (d->show_source && loc && loc->file && loc->line)
		pal_quote(d, loc);
}

void pal_error(struct pal_diag *d, const struct pal_loc *loc,
	       const char *fmt, ...)
{
	va_list ap;

	d->nerrors++;
	va_start(ap, fmt);
	pal_vreport(d, loc, "error", fmt, ap);
	va_end(ap);
}

void pal_warn(struct pal_diag *d, const struct pal_loc *loc,
	      const char *fmt, ...)
{
	va_list ap;

	d->nwarnings++;
	if (d->quiet)
		return;
	va_start(ap, fmt);
	pal_vreport(d, loc, "warning", fmt, ap);
	va_end(ap);
}

void pal_note(struct pal_diag *d, const struct pal_loc *loc,
	      const char *fmt, ...)
{
	va_list ap;

	if (d->quiet)
		return;
	va_start(ap, fmt);
	pal_vreport(d, loc, "note", fmt, ap);
	va_end(ap);
}

int pal_diag_unenforced(struct pal_diag *d, const struct pal_loc *loc,
			const char *what)
{
	size_t i;

	if (d->strict) {
		pal_error(d, loc, "%s are parsed, not enforced (--strict)", what);
		return -1;
	}
	for (i = 0; i < d->nnoted; i++)
		if (!strcmp(d->noted[i], what))
			return 0;
	PAL_GROW(d->noted, d->noted_cap, d->nnoted + 1);
	d->noted[d->nnoted++] = pal_xstrdup(what);
	pal_note(d, loc, "%s are parsed, not enforced", what);
	return 0;
}
